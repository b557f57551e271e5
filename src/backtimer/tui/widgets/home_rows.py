"""The rows of the home screen: a followed routine, and a suggestion under it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

# Annotations only: the home screen imports these rows before its first frame, long before a plan.
if TYPE_CHECKING:
    from backtimer.domain.progression import Suggestion
    from backtimer.domain.schedule import RoutineToday, TodayPlan


def suggestion_text(row: RoutineToday, suggestion: Suggestion) -> Content:
    """`Static hold: Reached 30 s in … try 40 s.` and, under it, the keys that answer it."""
    exercise = row.routine.exercise(suggestion.exercise_id or "")
    name = f"{exercise.name}: " if exercise is not None else ""
    if not suggestion.is_change:
        return Content(f"{name}{suggestion.reason}")
    return Content.assemble(f"{name}{suggestion.reason}\n", ("a accept · x decline", "dim"))


class RoutineRow(Vertical, can_focus=True):
    """One followed routine: name, how often, today's status, current targets."""

    def __init__(self, row: RoutineToday, *, is_next: bool) -> None:
        super().__init__(id=f"routine-{row.routine.id}", classes="home-row")
        self.row = row
        self.set_class(is_next, "-next")
        self.set_class(row.due, "-due")
        self.set_class(not row.due, "-done")

    def compose(self) -> ComposeResult:
        from backtimer.services.today import row_targets_text

        marker = "▶ " if self.has_class("-next") else "  "
        # Plain text, never markup: a routine called `Back [/] day` shows as written.
        with Horizontal(classes="row-top"):
            yield Static(marker + self.row.routine.name, classes="row-name", markup=False)
            yield Static(self.row.frequency_label, classes="row-often", markup=False)
            yield Static(self.row.status, classes="row-status", markup=False)
        yield Static(row_targets_text(self.row), classes="row-targets", markup=False)


class SuggestionRow(Static, can_focus=True):
    """A suggested change (accept with a, decline with x) or a notice, under its routine."""

    def __init__(self, row: RoutineToday, suggestion: Suggestion, index: int) -> None:
        super().__init__(
            suggestion_text(row, suggestion),
            id=f"suggestion-{row.routine.id}-{index}",
            classes="home-suggestion",
        )
        self.row = row
        self.suggestion = suggestion
        self.set_class(suggestion.is_change, "-change")
        self.set_class(not suggestion.is_change, "-notice")


class RotationLine(Static):
    """Today's picks of the daily rotation and what is still locked; hidden when nothing
    followed rotates."""

    def show(self, plan: TodayPlan) -> None:
        """Show `plan`'s rotation."""
        from backtimer.services.today import rotation_text

        text = rotation_text(plan)
        self.update(text + ("  ·  w swap" if plan.rotation else ""))
        self.display = bool(text)
