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

    def compose(self) -> ComposeResult:
        yield Static(id="question-text")
        yield Horizontal(id="question-answers")

    def ask(self, question: str, answers: list[Answer]) -> None:
        """Show `question` with `answers`, replacing whatever was asked before."""
        # The question names the exercise: the user's text, never markup.
        self.query_one("#question-text", Static).update(Content(question))
        row = self.query_one("#question-answers", Horizontal)
        row.remove_children()
        row.mount_all(
            AnswerButton(
                # An answer may name a variant or the next exercise: the user's text.
                Content(
                    answer.label if answer.key == answer.label else f"{answer.key}  {answer.label}"
                ),
                name=answer.value,
                classes="answer",
                compact=True,
            )
            for answer in answers
        )

    @on(Button.Pressed, ".answer")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.name is not None:
            self.post_message(self.Answered(event.button.name))
