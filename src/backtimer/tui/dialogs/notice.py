"""The once-only notice that backtimer is not medical advice."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from backtimer.storage.markers import NOTICE_SEEN, mark, marked
from backtimer.storage.paths import Dirs

NOTICE = """\
backtimer times and records exercises for rebuilding the lower back.

It is not medical advice and does not diagnose or treat anything.

Keep pain at 0–2 out of 10 during and after an exercise. If pain shoots, \
tingles or goes numb down a leg, stop and see a clinician before going on. \
If your pain is new or acute, get it seen to first: this training is for \
chronic and recurring back pain."""


def notice_seen(dirs: Dirs) -> bool:
    """Whether the notice was already shown on this data folder."""
    return marked(dirs.data, NOTICE_SEEN)


def remember_notice(dirs: Dirs) -> str | None:
    """Record that the notice was shown; return a message if that could not be saved."""
    problem = mark(dirs.data, NOTICE_SEEN)
    if problem is None:
        return None
    return f"{problem}. The notice will show again next time."


class NoticeScreen(ModalScreen[None]):
    """Shown on first run; any of Enter, Escape or the button closes it."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    """On a short terminal the text scrolls and the button stays in sight."""

    BINDINGS = [
        Binding("enter", "close", "I understand"),
        Binding("escape", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="notice"):
            yield Static("Before you start", id="notice-title")
            with VerticalScroll(id="notice-scroll"):
                yield Static(NOTICE, id="notice-text")
            yield Button("I understand", variant="primary", id="notice-ok")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        """Close the notice."""
        self.dismiss(None)
