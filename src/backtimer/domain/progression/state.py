"""The current state of each exercise (the routine's own, then accepted changes) and its ladder."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from backtimer.domain.journal import JournalEvent, target_changes
from backtimer.domain.progression.model import ExerciseState
from backtimer.domain.records import SessionRecord
from backtimer.domain.routine import Exercise, Kind, Routine, Variant


def variant_of(exercise: Exercise, variant_id: str) -> Variant | None:
    """The exercise's variant with this id, or None."""
    for variant in exercise.variants:
        if variant.id == variant_id:
            return variant
    return None


def current_state(
    routine: Routine,
    sessions: Sequence[SessionRecord] = (),
    journal: Iterable[JournalEvent] = (),
    *,
    today: date | None = None,
) -> dict[str, ExerciseState]:
    """Each exercise's current variant and target: the routine's own, then accepted changes.

    Accepted `TargetChange` events of this routine apply in time order; an event naming an
    exercise or variant the routine no longer has is ignored, and a target outside the variant's
    range is brought inside it. `sessions` and `today` are accepted for symmetry with `suggest`;
    the state depends on the journal alone.
    """
    del sessions, today
    states = {
        exercise.id: ExerciseState(exercise.id, exercise.variant.id, exercise.dose.target)
        for exercise in routine.exercises
    }
    for change in target_changes(journal, routine.id):
        if not change.accepted or change.change == "advance_step":
            continue
        exercise = routine.exercise(change.exercise_id)
        variant = variant_of(exercise, change.variant_id) if exercise else None
        if exercise is None or variant is None:
            continue
        target = min(max(change.target, variant.dose.min), variant.dose.max)
        states[exercise.id] = ExerciseState(
            exercise.id, variant.id, target, changed_at=change.at, last_change=change.change
        )
    return states


def apply_state(routine: Routine, states: Mapping[str, ExerciseState]) -> Routine:
    """The routine with each exercise on its current variant at its current target."""
    exercises = []
    for exercise in routine.exercises:
        state = states.get(exercise.id)
        variant = variant_of(exercise, state.variant_id) if state else None
        if state is None or variant is None:
            exercises.append(exercise)
            continue
        dose = replace(variant.dose, target=state.target)
        variants = tuple(
            replace(v, dose=dose) if v.id == variant.id else v for v in exercise.variants
        )
        exercises.append(replace(exercise, variant_id=variant.id, variants=variants))
    return replace(routine, exercises=tuple(exercises))


# --- the ladder --------------------------------------------------------------------------------


def variant_index(exercise: Exercise, variant_id: str) -> int:
    """Where a variant comes in the exercise's list (0 when it is not there)."""
    for index, variant in enumerate(exercise.variants):
        if variant.id == variant_id:
            return index
    return 0


def step_up(exercise: Exercise, state: ExerciseState) -> tuple[str, float] | None:
    """The next target on this variant's ladder, or None at its top."""
    dose = _variant_or_current(exercise, state).dose
    higher = [v for v in dose.ladder() if v > state.target + 1e-9]
    return (state.variant_id, higher[0]) if higher else None


def step_down(exercise: Exercise, state: ExerciseState, *, cross: bool) -> tuple[str, float] | None:
    """One step down the ladder; with `cross`, from a variant's bottom to the one before's top."""
    dose = _variant_or_current(exercise, state).dose
    lower = [v for v in dose.ladder() if v < state.target - 1e-9]
    if lower:
        return state.variant_id, lower[-1]
    index = variant_index(exercise, state.variant_id)
    if cross and index > 0:
        previous = exercise.variants[index - 1]
        return previous.id, previous.dose.max
    return None


def _variant_or_current(exercise: Exercise, state: ExerciseState) -> Variant:
    return variant_of(exercise, state.variant_id) or exercise.variant


def at_top(exercise: Exercise, state: ExerciseState) -> bool:
    """Whether the exercise is on its last variant, at the top of its range."""
    last = variant_index(exercise, state.variant_id) == len(exercise.variants) - 1
    if exercise.kind is Kind.REPS_TO_FAILURE:
        return last
    return last and state.target >= _variant_or_current(exercise, state).dose.max - 1e-9
