"""Set a target by hand: pick an exercise (and a level), type the new target, Enter."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Select, Static

from backtimer.domain.formatting import format_amount
from backtimer.domain.journal import TargetChange
from backtimer.domain.progression import manual_change
from backtimer.domain.routine import Exercise
from backtimer.domain.schedule import RoutineToday

_CLOCK = re.compile(r"(\d+):([0-5]\d)")
_WITH_UNIT = re.compile(r"(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|reps?)?")


def parse_amount(text: str, unit: str) -> float:
    """A typed target: `45`, `45 s`, `1:30`, `2 min` for seconds; `12` for reps.

    Raises `ValueError` with a message for the user.
    """
    typed = text.strip().lower()
    if unit == "s":
        clock = _CLOCK.fullmatch(typed)
        if clock:
            return int(clock[1]) * 60 + int(clock[2])
    found = _WITH_UNIT.fullmatch(typed)
    if found:
        value, word = float(found[1]), found[2] or ""
        if unit == "reps" and (word in ("", "rep", "reps")) and value.is_integer():
            return value
        if unit == "s" and not word.startswith("r"):
            return value * 60 if word.startswith("m") else value
    example = "a whole number of reps, like 12" if unit == "reps" else "seconds, like 45 or 1:30"
    raise ValueError(f"Type {example}.")


def _key(row: RoutineToday, exercise: Exercise) -> str:
    return f"{row.routine.id}/{exercise.id}"


class TargetScreen(ModalScreen[TargetChange | None]):
    """Dismisses with a checked `TargetChange` (set by hand), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        rows: Sequence[RoutineToday],
        now: Callable[[], datetime],
        *,
        routine_id: str | None = None,
    ) -> None:
        super().__init__()
        self.rows = tuple(rows)
        self.now = now
        self._choices = {
            _key(row, exercise): (row, exercise)
            for row in self.rows
            for exercise in row.routine.exercises
        }
        first = next((row for row in self.rows if row.routine.id == routine_id), None)
        start = first or (self.rows[0] if self.rows else None)
        self._start = _key(start, start.routine.exercises[0]) if start else None

    def compose(self) -> ComposeResult:
        with Vertical(id="target", classes="dialog"):
            yield Static("Set a target by hand", id="target-title")
            yield Select(
                [
                    (Text(f"{row.routine.name} · {exercise.name}"), key)
                    for key, (row, exercise) in self._choices.items()
                ],
                value=self._start if self._start is not None else Select.NULL,
                allow_blank=self._start is None,
                id="target-exercise",
            )
            start = self._choices.get(self._start) if self._start is not None else None
            yield Select[str](
                [(Text(v.name), v.id) for v in start[1].variants] if start else [],
                value=start[1].variant_id if start else Select.NULL,
                allow_blank=start is None,
                id="target-variant",
            )
            # Plain text, never markup: names and messages are the user's text.
            yield Static(id="target-now", markup=False)
            yield Input(id="target-value")
            yield Static(id="target-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._show_exercise()
        self.query_one("#target-value", Input).focus()

    def chosen(self) -> tuple[RoutineToday, Exercise] | None:
        """The routine row and exercise picked."""
        value = self.query_one("#target-exercise", Select).value
        return self._choices.get(value) if isinstance(value, str) else None

    @on(Select.Changed, "#target-exercise")
    def _exercise_changed(self) -> None:
        self._show_exercise()

    @on(Select.Changed, "#target-variant")
    def _variant_changed(self) -> None:
        self._show_range()

    def _show_exercise(self) -> None:
        chosen = self.chosen()
        variants = self.query_one("#target-variant", Select)
        if chosen is None:
            variants.display = False
            return
        _, exercise = chosen
        variants.set_options((Text(variant.name), variant.id) for variant in exercise.variants)
        variants.value = exercise.variant_id
        variants.display = len(exercise.variants) > 1
        self._show_range()

    def _variant_id(self) -> str | None:
        value = self.query_one("#target-variant", Select).value
        return value if isinstance(value, str) else None

    def _show_range(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        row, exercise = chosen
        unit = exercise.kind.unit
        variant = next((v for v in exercise.variants if v.id == self._variant_id()), None)
        dose = (variant or exercise.variant).dose
        now_text = f"Now: {format_amount(exercise.dose.target, unit)}"
        if len(exercise.variants) > 1:
            now_text += f" ({exercise.variant.name})"
        span = f"{format_amount(dose.min, unit)} to {format_amount(dose.max, unit)}"
        ladder = " Sessions of this ladder then start from this rung." if row.rung else ""
        self.query_one("#target-now", Static).update(
            f"{now_text}. This level takes {span}. Type the new target, then Enter.{ladder}"
        )
        hint = "reps" if unit == "reps" else "seconds, or m:ss"
        self.query_one("#target-value", Input).placeholder = f"new target ({hint})"
        self._error("")

    def _error(self, message: str) -> None:
        error = self.query_one("#target-error", Static)
        error.update(message)
        error.display = bool(message)

    @on(Input.Submitted, "#target-value")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        chosen = self.chosen()
        if chosen is None:
            self._error("Pick an exercise first.")
            return
        row, exercise = chosen
        try:
            target = parse_amount(event.value, exercise.kind.unit)
            change = manual_change(
                row.routine,
                row.states,
                exercise.id,
                variant_id=self._variant_id(),
                target=target,
                at=self.now(),
            )
        except ValueError as error:
            self._error(str(error))
            return
        self.dismiss(change)

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
