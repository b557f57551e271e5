"""The next-day question: how has the back felt since the last training day? One key, 0–10."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from backtimer.domain.formatting import format_day
from backtimer.services.workout_text import Answer
from backtimer.tui.widgets.question import QuestionPanel

ANSWERS = [Answer(str(value), str(value), str(value)) for value in range(10)] + [
    Answer("10", "10", "t")
]
"""0–9 on their own keys; 10 on `t` (for ten), so every answer is one keystroke."""


def rating_question(day: date) -> str:
    """`How has your back felt since your session on Tue 3 Mar?`."""
    return f"How has your back felt since your session on {format_day(day)}?"


class RatingScreen(ModalScreen[int | None]):
    """Ask for the next-day rating; dismiss with 0–10, or None to be asked later."""

    BINDINGS = [
        Binding("0", "rate(0)", "Rate", key_display="0–9"),
        *(Binding(str(value), f"rate({value})", str(value), show=False) for value in range(1, 10)),
        Binding("t", "rate(10)", "10"),
        Binding("escape", "later", "Ask later"),
    ]

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day

    def compose(self) -> ComposeResult:
        with Vertical(id="rating", classes="dialog"):
            yield Static("Since your last session", id="rating-title")
            yield QuestionPanel(id="rating-question")
            yield Static(
                "0 is no pain, 10 the worst you can imagine. It counts for what comes next: "
                "over your limit (2 at most), targets hold or ease back.",
                id="rating-help",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(QuestionPanel).ask(rating_question(self.day), ANSWERS)

    @on(QuestionPanel.Answered)
    def _clicked(self, message: QuestionPanel.Answered) -> None:
        self.dismiss(int(message.value))

    def action_rate(self, value: int) -> None:
        """Answer with `value` (0–10)."""
        self.dismiss(value)

    def action_later(self) -> None:
        """Not now: ask again next time backtimer starts."""
        self.dismiss(None)
