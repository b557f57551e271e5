"""The first plan after a red flag is cleared eases back, as after a short break.

The program: a red flag means "stop, and see a clinician before going on". Once the user confirms
they have, training resumes, but not where it stood: the flagged session and every session done
while the flag was open are not evidence (`red_flag.not_evidence`), and until a session of the
routine counts again each exercise is offered one ease-back step, the first row of the break
table (`BREAKS[0]`). A change that makes training harder never rests on a session whose red-flag
answer is unknown. `AfterRedFlags` applies all three to one routine's suggestions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backtimer.domain.journal import JournalEvent
from backtimer.domain.progression.context import Context, describe, notice, offer
from backtimer.domain.progression.history import day_words, session_day
from backtimer.domain.progression.model import BREAKS, PROGRESSIONS, ExerciseState, Suggestion
from backtimer.domain.progression.red_flag import (
    Clearance,
    fresh_clearance,
    no_raise_on,
    not_evidence,
)
from backtimer.domain.progression.state import ease_after_break
from backtimer.domain.records import SessionRecord
from backtimer.domain.routine import Exercise, Kind

EASE_AFTER_CLEARANCE = BREAKS[0]
"""How far the first plan after a clearance eases back: as far as the shortest break."""


def ease_after_clearance(
    context: Context, exercise: Exercise, state: ExerciseState, clearance: Clearance
) -> Suggestion | None:
    """Ease `exercise` back one step after a cleared red flag; None once adjusted since."""
    if state.changed_at is not None and state.changed_at > clearance.at:
        return None  # accepted, declined or set by hand since the clearance
    flagged = clearance.flagged
    lead = f"Welcome back after the leg symptoms you reported on {day_words(session_day(flagged))}"
    to = ease_after_break(exercise, state, EASE_AFTER_CLEARANCE)
    if to is None:
        here = describe(exercise, state, (state.variant_id, state.target))
        advice = (
            "stop the first rounds a little earlier than usual, and let the band set the level"
            if exercise.kind is Kind.REPS_TO_FAILURE
            else f"start again gently at {here}, the easiest level, and build up again"
        )
        return notice(context, exercise, f"{lead}: {advice}.", [flagged])
    reason = f"{lead}: ease back to {describe(exercise, state, to)} and build up again."
    return offer(context, exercise, state, "ease_back", to, reason, [flagged])


@dataclass(frozen=True)
class AfterRedFlags:
    """What red flags leave of one routine's history, and how they change its suggestions."""

    evidence: list[SessionRecord]
    """The routine's sessions, oldest first, less those flagged or done under an open flag."""
    clearance: Clearance | None
    unknown: set[str]
    """Sessions whose red-flag answer is unknown: no change that makes training harder rests on
    them."""

    @classmethod
    def of(
        cls, sessions: Sequence[SessionRecord], journal: Sequence[JournalEvent], routine_id: str
    ) -> AfterRedFlags:
        """Read them from every session and the journal."""
        skip = not_evidence(sessions, journal)
        mine = [s for s in sessions if s.routine_id == routine_id and s.id not in skip]
        mine.sort(key=lambda s: s.started)
        return cls(mine, fresh_clearance(sessions, journal, routine_id), no_raise_on(mine))

    def adjust(
        self,
        context: Context,
        exercise: Exercise,
        state: ExerciseState,
        suggestion: Suggestion | None,
    ) -> Suggestion | None:
        """`suggestion` as red flags leave it: eased back after a clearance, none on unknowns."""
        harder = suggestion is None or suggestion.kind in PROGRESSIONS
        if self.clearance is not None and harder:
            return ease_after_clearance(context, exercise, state, self.clearance)
        if suggestion is not None and harder and self.unknown & set(suggestion.evidence):
            return None
        return suggestion
