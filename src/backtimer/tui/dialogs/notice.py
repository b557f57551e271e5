"""The once-only notice that backtimer is not medical advice."""

from __future__ import annotations

import os

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from backtimer.storage.paths import NOFOLLOW, Dirs, ensure_private_dir

NOTICE = """\
backtimer times and records exercises for rebuilding the lower back.

It is not medical advice and does not diagnose or treat anything.

Keep pain at 0–2 out of 10 during and after an exercise. If pain shoots, \
tingles or goes numb down a leg, stop and see a clinician before going on. \
If your pain is new or acute, get it seen to first: this training is for \
chronic and recurring back pain."""

MARKER = "notice-seen"


def notice_seen(dirs: Dirs) -> bool:
    """Whether the notice was already shown on this data folder."""
    return (dirs.data / MARKER).exists()


def remember_notice(dirs: Dirs) -> str | None:
    """Record that the notice was shown; return a message if that could not be saved."""
    try:
        ensure_private_dir(dirs.data)
        os.close(
            os.open(dirs.data / MARKER, os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK | NOFOLLOW, 0o600)
        )
    except OSError as error:
        return (
            f"{dirs.data / MARKER}: {error.strerror or error}. "
            "The notice will show again next time."
        )
    return None


class NoticeScreen(ModalScreen[None]):
    """Shown on first run; any of Enter, Escape or the button closes it."""

    BINDINGS = [
        Binding("enter", "close", "I understand"),
        Binding("escape", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="notice"):
            yield Static("Before you start", id="notice-title")
            yield Static(NOTICE, id="notice-text")
            yield Button("I understand", variant="primary", id="notice-ok")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        """Close the notice."""
        self.dismiss(None)
