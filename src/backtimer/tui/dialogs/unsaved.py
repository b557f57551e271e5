"""Leaving a session that is not all on disk: retry, save it elsewhere, or lose it knowingly."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

UnsavedChoice = Literal["retry", "elsewhere", "leave"]
_CHOICES: dict[str, UnsavedChoice] = {"retry": "retry", "elsewhere": "elsewhere", "leave": "leave"}


class UnsavedScreen(ModalScreen[UnsavedChoice | None]):
    """Says what is not saved and why; `r` retries, `o` saves elsewhere, `l` leaves anyway.

    Escape (None) stays on the session. Nothing here loses a set without the user choosing so.
    """

    BINDINGS = [
        Binding("r", "choose('retry')", "Retry"),
        Binding("o", "choose('elsewhere')", "Save elsewhere"),
        Binding("l", "choose('leave')", "Leave anyway"),
        Binding("escape", "choose(None)", "Stay"),
    ]

    def __init__(self, problem: str, losing: str) -> None:
        super().__init__()
        self._problem = problem
        self._losing = losing

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -wide"):
            yield Static(
                f"NOT SAVED: {self._problem}\n\n"
                f"Leaving now would lose {self._losing}.\n"
                "r: try the same folder again   o: save this session to a file you choose\n"
                f"l: leave anyway, losing {self._losing}   Esc: stay",
                classes="dialog-text",
                id="unsaved-text",
                markup=False,  # the problem names a folder: the user's text
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("r  Retry", variant="primary", id="retry")
                yield Button("o  Save elsewhere", variant="primary", id="elsewhere")
                yield Button("l  Leave anyway", variant="error", id="leave")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(event.button.id)

    def action_choose(self, choice: str | None) -> None:
        """Close with the choice (None: stay)."""
        self.dismiss(_CHOICES.get(choice or ""))


class SaveCopyScreen(ModalScreen[str | None]):
    """Ask where to write the session as a file of its own; the suggestion is already typed in."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Back")]

    def __init__(self, suggestion: str) -> None:
        super().__init__()
        self._suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -wide"):
            yield Static(
                "Save this session to a file of its own (readable by you only). Edit the path "
                "or type a folder, then Enter; Escape goes back.",
                classes="dialog-text",
            )
            yield Input(value=self._suggestion, id="copy-path")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)
