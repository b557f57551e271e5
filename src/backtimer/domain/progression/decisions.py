"""Turning a suggestion the user answered, or a target set by hand, into a journal event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final

from backtimer.domain.journal import ChangeKind, TargetChange
from backtimer.domain.progression.history import amount_words
from backtimer.domain.progression.model import ExerciseState, Suggestion
from backtimer.domain.progression.state import variant_of
from backtimer.domain.routine import Routine

_CHANGE_OF: Final[dict[str, ChangeKind]] = {
    "raise": "raise",
    "variant": "variant",
    "advance_step": "advance_step",
    "step_back": "step_back",
    "ease_back": "ease_back",
    "regress_band": "regress_band",
    "advance_band": "advance_band",
}


def answer(suggestion: Suggestion, *, accepted: bool, at: datetime) -> tuple[TargetChange, ...]:
    """The journal events recording that the user accepted or declined `suggestion`: one, or
    one per exercise when it stands for several changes (`Suggestion.parts`)."""
    parts = suggestion.parts or (suggestion,)
    return tuple(decide(part, accepted=accepted, at=at) for part in parts)


def decide(suggestion: Suggestion, *, accepted: bool, at: datetime) -> TargetChange:
    """The journal event recording that the user accepted or declined `suggestion`, a change
    to one exercise."""
    kind = _CHANGE_OF.get(suggestion.kind)
    if (
        kind is None
        or suggestion.exercise_id is None
        or suggestion.to_variant is None
        or suggestion.to_target is None
    ):
        raise ValueError(f"a {suggestion.kind} notice changes nothing and cannot be accepted")
    return TargetChange(
        at=at,
        routine_id=suggestion.routine_id,
        exercise_id=suggestion.exercise_id,
        variant_id=suggestion.to_variant,
        target=suggestion.to_target,
        change=kind,
        accepted=accepted,
        reason=suggestion.reason,
        from_variant_id=suggestion.from_variant,
        from_target=suggestion.from_target,
        next_routine=suggestion.next_routine,
        evidence=suggestion.evidence,
    )


def manual_change(
    routine: Routine,
    states: Mapping[str, ExerciseState],
    exercise_id: str,
    *,
    variant_id: str | None = None,
    target: float | None = None,
    at: datetime,
    reason: str = "Set by hand.",
) -> TargetChange:
    """A target (and/or variant) set by hand, checked against the routine; raises `ValueError`.

    Leaving `variant_id` out keeps the current variant; leaving `target` out starts the variant
    at the bottom of its range (or keeps the target when the variant does not change).
    """
    exercise = routine.exercise(exercise_id)
    if exercise is None:
        known = ", ".join(e.id for e in routine.exercises)
        raise ValueError(f"{routine.id} has no exercise {exercise_id!r} (it has: {known})")
    state = states.get(exercise_id) or ExerciseState(
        exercise.id, exercise.variant.id, exercise.dose.target
    )
    chosen = variant_id or state.variant_id
    variant = variant_of(exercise, chosen)
    if variant is None:
        known = ", ".join(v.id for v in exercise.variants)
        raise ValueError(f"{exercise.name} has no variant {chosen!r} (it has: {known})")
    if target is None:
        target = state.target if chosen == state.variant_id else variant.dose.min
    dose = variant.dose
    if not dose.min - 1e-9 <= target <= dose.max + 1e-9:
        raise ValueError(
            f"{exercise.name} ({variant.name}) takes a target from {amount_words(exercise, dose.min)} "
            f"to {amount_words(exercise, dose.max)}, not {amount_words(exercise, target)}"
        )
    return TargetChange(
        at=at,
        routine_id=routine.id,
        exercise_id=exercise.id,
        variant_id=variant.id,
        target=float(target),
        change="manual",
        accepted=True,
        reason=reason,
        from_variant_id=state.variant_id,
        from_target=state.target,
    )
