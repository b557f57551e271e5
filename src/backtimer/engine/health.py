"""The health questions a session asks, and when it asks none.

- A demo run (`Settings.health_questions` False) asks no pain check-ins and no red-flag question:
  every such phase is passed over as if skipped, and the session ends without an answer.
- `Settings.red_flag_first`: the last real session's red-flag answer is unknown, so this session
  asks it before the pain check-in and before anything loads the back. "Yes" ends the session at
  once with the red flag recorded; "no" goes on; skipping goes on with the answer still unknown.
- A red-flag question skipped, or a session ended at it (or before it, with sets done), leaves the
  answer unknown (`red_flag_skipped`), which is never "no". Likewise the pain after the session:
  skipped, or never reached in a session with sets done, it is recorded as skipped
  (`pain_after_skipped`), not left out without a word.
"""

from __future__ import annotations

from typing import Final

from backtimer.engine.events import Phase
from backtimer.engine.pain_flow import PainFlow

HEALTH_PHASES: Final = frozenset(
    (Phase.PAIN_BEFORE, Phase.PAIN_EXERCISE, Phase.PAIN_AFTER, Phase.RED_FLAG)
)
"""The check-ins a demo run passes over."""

RED_FLAG_FIRST_QUESTION: Final = (
    "Your last session ended without an answer to this. Since then, any pain, tingling or "
    "numbness going down a leg?"
)
RED_FLAG_FIRST_NEW_QUESTION: Final = (
    "Your last session ended without an answer to this. Since then, any new or worse pain, "
    "tingling or numbness down a leg?"
)
"""The same for a routine for diagnosed leg symptoms (program C): what is new or worse."""


class HealthQuestions(PainFlow):
    """Which health questions are asked; the public actions are on `Session`."""

    red_flag_skipped: bool = False
    """The red-flag question went unanswered: the answer is unknown, never "no"."""
    pain_after_skipped: bool = False
    """The pain question after the session went unanswered."""
    asking_first: bool = False
    """The red-flag question is showing before the session's first exercise."""
    _asked_first: bool = False

    def _enter(self, phase: Phase, at: float, duration: float | None = None) -> None:
        if not self.settings.health_questions and phase in HEALTH_PHASES:
            self._pass_over(phase, at)
            return
        if phase is Phase.PAIN_BEFORE and self.settings.red_flag_first and not self._asked_first:
            self._asked_first = self.asking_first = True
            phase = Phase.RED_FLAG
        super()._enter(phase, at, duration)

    def _pass_over(self, phase: Phase, at: float) -> None:
        """A demo run: go on as if the question had been skipped, without recording anything."""
        if phase is Phase.PAIN_BEFORE:
            self._start_exercise(0, at)
        elif phase is Phase.PAIN_EXERCISE and self._resume_at is not None:
            self._resume_sets(at)  # the pain key mid-exercise: carry on with the sets
        elif phase is Phase.PAIN_EXERCISE:
            self._next_exercise(at)
        else:
            self._finish(at)

    def _first_answer(self, yes: bool | None, at: float) -> None:
        """The red-flag question asked at the start: `yes`, no (False) or skipped (None)."""
        self.asking_first = False
        if yes:
            self.red_flag = True
            self._ending_early = True
            self._finish(at)
            return
        if yes is None:
            self.red_flag_skipped = True
        else:
            self.red_flag = False
        self._enter(Phase.PAIN_BEFORE, at)

    def _left_unanswered(self) -> None:
        """The session ends without the closing answers: unknown, if anything was done."""
        if self.settings.health_questions and self._records and not self.asking_first:
            self.red_flag = None
            self.red_flag_skipped = True
            if not any(entry.when == "after" for entry in self.pains):
                self.pain_after_skipped = True

    def _skip_pain_after(self) -> None:
        """The pain question after the session was skipped."""
        if self.settings.health_questions:
            self.pain_after_skipped = True
