"""Choose the routines to follow: every routine in the library, the followed ones ticked."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, SelectionList, Static
from textual.widgets.selection_list import Selection

from backtimer.domain.routine import Routine
from backtimer.storage.plan import Plan


def follow_label(routine: Routine) -> str:
    """`A 2 · Static holds · twice a day`."""
    where = routine.program if routine.step is None else f"{routine.program} {routine.step}"
    return f"{where} · {routine.name} · {routine.frequency.label}"


def chosen_plan(plan: Plan, routines: Sequence[Routine], selected: Sequence[str]) -> Plan:
    """The plan following `selected`: routines kept keep their place, new ones go at the end."""
    ticked = set(selected)
    follow = [routine_id for routine_id in plan.follow if routine_id in ticked]
    follow += [r.id for r in routines if r.id in ticked and r.id not in follow]
    return Plan(tuple(follow))


class FollowScreen(ModalScreen[Plan | None]):
    """Tick the routines to follow; `s` saves the choice, Escape leaves it as it was."""

    BINDINGS = [
        Binding("s", "save", "Save", id="save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, plan: Plan, routines: Sequence[Routine]) -> None:
        super().__init__()
        self.plan = plan
        self.routines = tuple(routines)

    def compose(self) -> ComposeResult:
        with Vertical(id="follow", classes="dialog"):
            yield Static("Routines you follow", id="follow-title")
            yield Static(
                "Space ticks or unticks the highlighted routine; s saves. The five-step program "
                "(A) is meant to be followed one step at a time.",
                classes="dialog-text",
            )
            yield SelectionList[str](
                *(
                    Selection(Content(follow_label(r)), r.id, r.id in self.plan.follow)
                    for r in self.routines
                ),
                id="follow-list",
            )
        yield Footer()

    def selected(self) -> list[str]:
        """The ticked routine ids."""
        return list(self.query_one("#follow-list", SelectionList).selected)

    def action_save(self) -> None:
        """Close with the new plan."""
        self.dismiss(chosen_plan(self.plan, self.routines, self.selected()))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
