"""Program C's one-time question: a clinician diagnosed the leg symptoms; which leg is affected."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from backtimer.domain.journal import Leg
from backtimer.services.leg_symptoms import DIAGNOSIS_QUESTION, LEG_QUESTION


class LegScreen(ModalScreen[Leg | None]):
    """Confirm the diagnosis (when never confirmed) and choose the affected leg.

    `l` or `r` answers both at once: yes, diagnosed, and this leg. Escape (or `n`) answers no:
    nothing is recorded and the set is not followed or started.
    """

    BINDINGS = [
        Binding("l", "choose('left')", "Left leg", id="left"),
        Binding("r", "choose('right')", "Right leg", id="right"),
        Binding("n,escape", "choose('')", "Not diagnosed / cancel", id="cancel"),
    ]

    def __init__(self, *, confirm: bool, current: Leg | None = None) -> None:
        super().__init__()
        self._confirm = confirm
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="leg-dialog"):
            if self._confirm:
                yield Static(DIAGNOSIS_QUESTION, classes="dialog-text", id="leg-diagnosis")
                yield Static(
                    "If yes, " + LEG_QUESTION[0].lower() + LEG_QUESTION[1:],
                    classes="dialog-text",
                )
            else:
                now = f" Now: the {self._current} leg." if self._current else ""
                yield Static(LEG_QUESTION + now, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("l  Left leg", variant="primary", id="left")
                yield Button("r  Right leg", variant="primary", id="right")
                no = "n  Not diagnosed" if self._confirm else "Esc  Cancel"
                yield Button(no, id="cancel")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose("" if event.button.id == "cancel" else str(event.button.id))

    def action_choose(self, leg: str) -> None:
        """Close with the leg, or None for no."""
        self.dismiss("left" if leg == "left" else "right" if leg == "right" else None)
