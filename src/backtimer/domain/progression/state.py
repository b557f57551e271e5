"""The current state of each exercise (the routine's own, accepted changes, then the reductions
chosen in a session) and the moves along its ladder at the program's pace."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

from backtimer.domain.days import local_day
from backtimer.domain.journal import JournalEvent, TargetChange, target_changes
from backtimer.domain.pain import shortened
from backtimer.domain.progression.model import (
    PACE_WINDOW_DAYS,
    WEEKLY_RISE,
    BreakRow,
    ExerciseState,
)
from backtimer.domain.records import SessionRecord
from backtimer.domain.routine import Dose, Exercise, Kind, Routine, Variant
from backtimer.domain.training import counts_as_pain_evidence


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
    """Each exercise's current variant and target: the routine's own, accepted changes, then
    the reductions chosen during a session.

    Accepted `TargetChange` events of this routine apply in time order; an event naming an
    exercise or variant the routine no longer has is ignored, and a target outside the variant's
    range is brought inside it. Then every real-time session of the routine since an exercise's
    last accepted change where pain went over the limit and the user chose to shorten the
    exercise or switch to its easier variant lowers the dose to what they chose
    (`pain_reduction`): the next session starts from there. `today` is accepted for symmetry
    with `suggest`.
    """
    del today
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
    chosen = sorted(
        (
            s
            for s in sessions
            if s.pain_choices and s.routine_id == routine.id and counts_as_pain_evidence(s)
        ),
        key=lambda s: s.started,
    )
    for exercise in routine.exercises:
        for session in chosen:
            state = states[exercise.id]
            if state.changed_at is not None and session.started <= state.changed_at:
                continue
            reduced = pain_reduction(exercise, state, session)
            if reduced is not None:
                states[exercise.id] = reduced
    return states


def pain_reduction(
    exercise: Exercise, state: ExerciseState, session: SessionRecord
) -> ExerciseState | None:
    """The dose `session` left this exercise at, when pain made the user shorten it or switch to
    its easier variant; None when the session recorded no such choice.

    The dose is the one the choice recorded (`new_target`, `new_variant_id`); for older records
    without it, the sets done after the choice, else the session's own rule (`shortened`, or
    the easier variant at no longer a target). Never harder than before.
    """
    reducing = [c for c in session.pain_choices if c.exercise_id == exercise.id and c.reduced]
    if not reducing:
        return None
    choice = reducing[-1]
    later = [
        item
        for item in session.training_sets
        if item.exercise_id == exercise.id and item.ended_at >= choice.at
    ]
    index = variant_index(exercise, state.variant_id)
    to: tuple[str, float] | None = None
    if choice.choice == "regress" and index > 0:
        easier = variant_of(exercise, choice.new_variant_id or "")
        if easier is None or variant_index(exercise, easier.id) >= index:
            easier = exercise.variants[index - 1]
        done = [i.target for i in later if i.variant_id == easier.id]
        if choice.new_target is not None and choice.new_variant_id == easier.id:
            target = choice.new_target
        else:
            target = min(done) if done else min(state.target, easier.dose.max)
        to = (easier.id, _within(easier.dose, target))
    if to is None:
        current = _variant_or_current(exercise, state)
        done = [i.target for i in later if i.variant_id == current.id and i.target < state.target]
        if choice.choice == "shorten" and choice.new_target is not None:
            target = choice.new_target
        elif done:
            target = min(done)
        else:
            target = shortened(state.target) or current.dose.min
        target = min(target, state.target)
        if target < current.dose.min - 1e-9 and state.target <= current.dose.min + 1e-9:
            # Shorter than this variant goes: its easier variant at no longer a target. At the
            # easiest dose there is nothing lower; the pain rules say what to do (rule 3).
            easier = exercise.variants[index - 1] if index > 0 else current
            to = (easier.id, _within(easier.dose, target))
        else:
            to = (current.id, _within(current.dose, target))
    if to == (state.variant_id, state.target):
        return None
    return ExerciseState(
        exercise.id,
        to[0],
        to[1],
        changed_at=session.started,
        last_change="step_back",
        reduced_by=session.id,
    )


def _within(dose: Dose, value: float) -> float:
    return float(min(max(value, dose.min), dose.max))


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


def _variant_or_current(exercise: Exercise, state: ExerciseState) -> Variant:
    return variant_of(exercise, state.variant_id) or exercise.variant


def at_top(exercise: Exercise, state: ExerciseState) -> bool:
    """Whether the exercise is on its last variant, at the top of its range."""
    last = variant_index(exercise, state.variant_id) == len(exercise.variants) - 1
    if exercise.kind is Kind.REPS_TO_FAILURE:
        return last
    return last and state.target >= _variant_or_current(exercise, state).dose.max - 1e-9


# --- the program's pace ------------------------------------------------------------------------


def lower_by(target: float, share: float) -> float:
    """`target` less `share` of it, in whole seconds or reps, and at least 1 lower."""
    return float(min(math.floor(target * (1 - share) + 1e-9), math.ceil(target) - 1))


def rise_allowed(target: float) -> float:
    """The most a target may rise in 7 days: 10 % of it, in whole units, and at least 1."""
    return float(max(1, math.floor(target * WEEKLY_RISE + 1e-9)))


def pace_base(
    exercise: Exercise,
    state: ExerciseState,
    changes: Iterable[TargetChange],
    today: date,
) -> float:
    """The lowest target of the current variant in the last 7 days (today included).

    A raise may not lift the target more than 10 % above this, so earlier raises accepted in
    the window count against the next one.
    """
    start = today - timedelta(days=PACE_WINDOW_DAYS - 1)
    lowest = state.target
    in_effect: TargetChange | None = None
    for change in changes:
        if change.exercise_id != exercise.id or not change.accepted:
            continue
        if change.change == "advance_step":
            continue
        day = local_day(change.at)
        if day < start:
            in_effect = change
        elif change.variant_id == state.variant_id:
            lowest = min(lowest, change.target)
            if change.from_variant_id == state.variant_id and change.from_target is not None:
                lowest = min(lowest, change.from_target)
    if in_effect is not None and in_effect.variant_id == state.variant_id:
        lowest = min(lowest, in_effect.target)
    elif in_effect is None and exercise.variant.id == state.variant_id:
        lowest = min(lowest, exercise.dose.target)
    return lowest


def next_raise(exercise: Exercise, state: ExerciseState, base: float) -> tuple[str, float] | None:
    """The next target on this variant at the program's pace, or None at its top or while the
    last 7 days' rises already reach 10 %.

    One raise is the routine's `step` or 10 % of the target, whichever is smaller, in whole
    units and at least 1; never above the range, nor more than 10 % (at least 1) above `base`.
    """
    dose = _variant_or_current(exercise, state).dose
    if state.target >= dose.max - 1e-9:
        return None
    step = max(1.0, math.floor(min(dose.step, rise_allowed(state.target)) + 1e-9))
    to = min(math.floor(state.target + 1e-9) + step, dose.max, base + rise_allowed(base))
    if to <= state.target + 1e-9:
        return None
    return state.variant_id, float(to)


def cut_back(exercise: Exercise, state: ExerciseState, share: float) -> tuple[str, float] | None:
    """`share` off the target; below the variant's range, its bottom first, then the easier
    variant at the same or a lower target (its bottom at the least). None at the easiest dose.

    Never harder and never longer: crossing back does not go to the top of the easier variant.
    """
    current = _variant_or_current(exercise, state)
    lowered = lower_by(state.target, share)
    if lowered >= current.dose.min - 1e-9:
        return state.variant_id, lowered
    if state.target > current.dose.min + 1e-9:
        return state.variant_id, float(current.dose.min)
    index = variant_index(exercise, state.variant_id)
    if index == 0:
        return None
    easier = exercise.variants[index - 1]
    if exercise.kind is Kind.REPS_TO_FAILURE:
        return easier.id, float(easier.dose.target)
    return easier.id, _within(easier.dose, lowered)


def ease_after_break(
    exercise: Exercise, state: ExerciseState, row: BreakRow
) -> tuple[str, float] | None:
    """Where a break of `row`'s length puts the exercise; None when it stays where it is."""
    first = exercise.variants[0]
    if row.to_start:
        to = (first.id, float(first.dose.min))
    elif row.variants_back:
        index = variant_index(exercise, state.variant_id)
        if index < row.variants_back:
            to = (first.id, float(first.dose.min))
        else:
            back = exercise.variants[index - row.variants_back]
            if exercise.kind is Kind.REPS_TO_FAILURE:
                to = (back.id, float(back.dose.target))
            else:
                to = (back.id, _within(back.dose, lower_by(back.dose.max, row.cut)))
    elif exercise.kind is Kind.REPS_TO_FAILURE:
        return None  # the band sets the level afresh on the same rung
    else:
        found = cut_back(exercise, state, row.cut)
        if found is None:
            return None
        to = found
    if exercise.kind is Kind.REPS_TO_FAILURE and to[0] == state.variant_id:
        return None
    if to == (state.variant_id, state.target):
        return None
    return to
