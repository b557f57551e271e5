"""What the rules share while judging one routine: its history, the journal, and how a change
is offered (with its reason and evidence) unless the user already answered it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from backtimer.domain.journal import TargetChange
from backtimer.domain.progression.history import amount_words
from backtimer.domain.progression.model import ExerciseState, Suggestion, SuggestionKind
from backtimer.domain.progression.state import at_top, current_state, variant_of
from backtimer.domain.records import SessionRecord
from backtimer.domain.routine import Exercise, Routine


@dataclass(frozen=True)
class Context:
    """One routine's history as the rules read it."""

    routine: Routine
    history: list[SessionRecord]
    """This routine's sessions that count as training, oldest first."""
    evidence: list[SessionRecord]
    """This routine's sessions that are pain evidence (`counts_as_pain_evidence`), oldest first."""
    changes: list[TargetChange]
    ratings: dict[date, int]
    today: date
    needed: int
    shared_last: SessionRecord | None = None
    """The newest training session of another routine of the same daily rotation: the rotation
    trains on, so a routine whose turn has not come is not on a break."""

    def last_trained(self) -> SessionRecord | None:
        """The session a break is counted from: this routine's newest, or its rotation's."""
        own = self.history[-1] if self.history else None
        shared = self.shared_last
        if own is None or (shared is not None and shared.started > own.started):
            return shared
        return own


def answered(candidate: Suggestion, context: Context, evidence: Sequence[SessionRecord]) -> bool:
    """Whether the user already accepted or declined this very change after its evidence began.

    A decision made after the oldest evidence session settles it until all of the evidence is
    newer than the decision. An accepted move to the next step settles it for good.
    """
    if not evidence:
        return False
    oldest = min(s.started for s in evidence)
    for change in context.changes:
        if candidate.kind == "advance_step" and change.change == "advance_step" and change.accepted:
            return True  # moved on already; staying on this routine as well is the user's choice
        if (
            change.exercise_id == candidate.exercise_id
            and change.change == candidate.kind
            and change.variant_id == candidate.to_variant
            and (candidate.to_target is None or abs(change.target - candidate.to_target) < 1e-6)
            and change.next_routine == candidate.next_routine
            and change.at > oldest
        ):
            return True
    return False


def offer(
    context: Context,
    exercise: Exercise,
    state: ExerciseState,
    kind: SuggestionKind,
    to: tuple[str, float],
    reason: str,
    evidence: Sequence[SessionRecord],
    next_routine: str | None = None,
) -> Suggestion | None:
    """The change as a suggestion, or None when the user already answered it."""
    candidate = Suggestion(
        routine_id=context.routine.id,
        exercise_id=exercise.id,
        kind=kind,
        reason=reason,
        from_variant=state.variant_id,
        from_target=state.target,
        to_variant=to[0],
        to_target=to[1],
        next_routine=next_routine,
        evidence=tuple(s.id for s in evidence),
    )
    return None if answered(candidate, context, evidence) else candidate


def notice(
    context: Context,
    exercise: Exercise,
    reason: str,
    evidence: Sequence[SessionRecord] = (),
) -> Suggestion:
    """A `hold` notice: stay where you are, for the reason given; nothing to accept."""
    return Suggestion(
        context.routine.id, exercise.id, "hold", reason, evidence=tuple(s.id for s in evidence)
    )


def describe(exercise: Exercise, state: ExerciseState, to: tuple[str, float]) -> str:
    """Where a change leads, in words: `50 s`, or `"Pad high" at 30 s` on another variant."""
    amount = amount_words(exercise, to[1])
    if to[0] == state.variant_id:
        return amount
    variant = variant_of(exercise, to[0])
    name = variant.name if variant else to[0]
    return f'"{name}" at {amount}'


def step_suggestion(
    context: Context,
    exercise: Exercise,
    state: ExerciseState,
    evidence: Sequence[SessionRecord],
    lead: str,
) -> Suggestion | None:
    """The routine's `next` step, once every exercise is at the top of its last variant."""
    routine = context.routine
    if routine.next is None:
        return None
    states = current_state(routine, (), context.changes)
    if not all(at_top(e, states[e.id]) for e in routine.exercises):
        return None
    reason = f"{lead}: {routine.name} is mastered. Move on to the next step ({routine.next})."
    to = (state.variant_id, state.target)
    return offer(context, exercise, state, "advance_step", to, reason, evidence, routine.next)
