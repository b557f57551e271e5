"""A check-in question with one button per answer; every answer also has a single key."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from backtimer.services.workout_text import Answer


class AnswerButton(Button, can_focus=False):
    """Clicked with the mouse, never focused: the keys belong to the workout screen."""


class QuestionPanel(Vertical):
    """Shows a question and its answers as buttons; posts `Answered` when one is clicked."""

    @dataclass
    class Answered(Message):
        """The user picked an answer with the mouse."""

        value: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._answers: list[Answer] = []
        self._rows: list[list[int]] = []
        """The answers (by index) on each row of buttons, as last laid out."""

    def compose(self) -> ComposeResult:
        yield Static(id="question-text")
        yield Vertical(id="question-answers")

    def ask(self, question: str, answers: list[Answer]) -> None:
        """Show `question` with `answers`, replacing whatever was asked before."""
        # The question names the exercise: the user's text, never markup.
        self.query_one("#question-text", Static).update(Content(question))
        self._answers = list(answers)
        self._rows = []
        self._lay_out()

    def on_resize(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        """Put the buttons in as few rows as the width allows: all eleven pain answers stay
        on screen at 40 columns, as two rows."""
        rows = answer_rows([button_width(label_of(a)) for a in self._answers], self.size.width)
        if rows == self._rows and self.query_one("#question-answers").children:
            return
        self._rows = rows
        box = self.query_one("#question-answers", Vertical)
        box.remove_children()
        box.mount_all(
            Horizontal(
                *(
                    AnswerButton(
                        # An answer may name a variant or the next exercise: the user's text.
                        Content(label_of(self._answers[index])),
                        name=self._answers[index].value,
                        classes="answer",
                        compact=True,
                    )
                    for index in row
                ),
                classes="answer-row",
            )
            for row in rows
        )

    @on(Button.Pressed, ".answer")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.name is not None:
            self.post_message(self.Answered(event.button.name))


def label_of(answer: Answer) -> str:
    """What an answer's button says: its key, and its words when they are more than the key."""
    return answer.label if answer.key == answer.label else f"{answer.key}  {answer.label}"


def button_width(label: str) -> int:
    """The cells a compact answer button takes, its right margin included."""
    return max(5, len(label) + 2) + 1


def answer_rows(widths: list[int], width: int) -> list[list[int]]:
    """Indexes of the answers on each row, filled in order while they fit `width`."""
    rows: list[list[int]] = []
    used = 0
    for index, cells in enumerate(widths):
        if rows and used + cells <= max(width, 1):
            rows[-1].append(index)
            used += cells
        else:
            rows.append([index])
            used = cells
    return rows
