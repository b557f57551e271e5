"""Breaks: the longer since the last session, the further back ("After a break, re-adapt
gradually from a lower dose: the longer the break, the further back"). The table is `BREAKS` in
`model.py`; `docs/progression.md` gives its reasons."""

from __future__ import annotations

from backtimer.domain.progression.context import Context, describe, notice, offer
from backtimer.domain.progression.history import day_words, session_day
from backtimer.domain.progression.model import (
    BREAK_DAYS,
    BREAKS,
    WEEKLY_BREAK_DAYS,
    BreakRow,
    ExerciseState,
    Suggestion,
)
from backtimer.domain.progression.state import ease_after_break
from backtimer.domain.records import SessionRecord
from backtimer.domain.routine import Exercise, Frequency, Kind, Routine


def break_row(routine_frequency: Frequency, gap: int) -> BreakRow | None:
    """The row of the break table for `gap` days since the last session, or None: no break.

    A routine done once or twice a week counts a week later (its rows start at 14 days).
    """
    weekly = routine_frequency is Frequency.ONE_TO_TWO_PER_WEEK
    days = gap - (WEEKLY_BREAK_DAYS - BREAK_DAYS) if weekly else gap
    found = None
    for row in BREAKS:
        if days >= row.days:
            found = row
    return found


def break_lead(context: Context, last: SessionRecord, gap: int) -> str:
    """How a break's reason starts: `No Static holds session for 14 days (the last was on 2 Mar)`.
    A routine of the daily rotation counts the rotation's last session (its turn may simply not
    have come), so it says so: `No session of the daily rotation for 9 days (...)`."""
    what = (
        "session of the daily rotation"
        if context.shared_last is not None
        else f"{context.routine.name} session"
    )
    return f"No {what} for {gap} days (the last was on {day_words(session_day(last))})"


def one_break_suggestion(context: Context, found: list[Suggestion]) -> list[Suggestion]:
    """On a break, one suggestion for the whole routine, not one per exercise: it eases back
    every exercise that can ease back (accepting or declining it answers them all), and names
    those already at their easiest dose."""
    last = context.last_trained()
    if last is None:
        return found
    gap = (context.today - session_day(last)).days
    row = break_row(context.routine.frequency, gap)
    if row is None:
        return found
    lead = break_lead(context, last, gap)
    ours = [s for s in found if s.exercise_id is not None and s.reason.startswith(f"{lead}:")]
    if len(ours) < 2:
        return found
    routine = context.routine
    changes = [s for s in ours if s.is_change]
    notices = [s for s in ours if not s.is_change]
    sentences: list[str] = []
    if changes:
        eased = ", ".join(_eased_words(routine, s) for s in changes)
        sentences.append(f"Ease back and build up again: {eased}.")
    easiest = [s for s in notices if _EASIEST in s.reason]
    if easiest:
        count = len(easiest)
        names = _names(routine, easiest) if count <= 3 else f"{count} exercises"
        sentences.append(f"Start {names} again gently at the easiest level.")
    for other in notices:
        if other not in easiest:
            sentences.append(f"{_name(routine, other)}: {other.reason[len(lead) + 2 :]}")
    if earlier := _earlier_step(context, row):
        sentences.append(earlier)
    merged = Suggestion(
        routine.id,
        None,
        "ease_back" if changes else "hold",
        f"{lead}. " + " ".join(sentences),
        evidence=(last.id,),
        parts=tuple(changes),
    )
    kept = [s for s in found if s not in ours]
    return [merged, *kept]


_EASIEST = "the easiest level, and build up again."
"""How `break_suggestion` ends the notice for an exercise at its easiest dose already."""


def _name(routine: Routine, suggestion: Suggestion) -> str:
    exercise = routine.exercise(suggestion.exercise_id or "")
    return exercise.name if exercise is not None else str(suggestion.exercise_id)


def _names(routine: Routine, suggestions: list[Suggestion]) -> str:
    names = [_name(routine, s) for s in suggestions]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _eased_words(routine: Routine, change: Suggestion) -> str:
    """`Plank to 20 s`, or `Dead bug to "One leg only" at 10 s`."""
    exercise = routine.exercise(change.exercise_id or "")
    if exercise is None or change.to_variant is None or change.to_target is None:
        return _name(routine, change)
    was = ExerciseState(exercise.id, change.from_variant or "", change.from_target or 0.0)
    return f"{exercise.name} to {describe(exercise, was, (change.to_variant, change.to_target))}"


def _earlier_step(context: Context, row: BreakRow) -> str:
    """After a long break on program A's later steps: go back a step for a while first."""
    routine = context.routine
    step = routine.step
    if row.to_start and routine.program == "A" and step is not None and step > 1:
        return f"After this long, go back to step {step - 1} of the program for a while first."
    return ""


def break_suggestion(
    context: Context,
    exercise: Exercise,
    state: ExerciseState,
    last: SessionRecord,
    gap: int,
    row: BreakRow,
) -> Suggestion | None:
    """Ease back as far as the break table says; at the easiest dose already, say so."""
    if state.changed_at is not None and state.changed_at > last.started:
        return None  # already adjusted since the break began
    lead = break_lead(context, last, gap)
    earlier_step = f" {words}" if (words := _earlier_step(context, row)) else ""
    to = ease_after_break(exercise, state, row)
    if to is None:
        if exercise.kind is Kind.REPS_TO_FAILURE:
            return notice(
                context,
                exercise,
                f"{lead}: stop the first rounds a little earlier than usual, and let the band "
                "set the level again.",
                [last],
            )
        return notice(
            context,
            exercise,
            f"{lead}: start again gently at {describe(exercise, state, (state.variant_id, state.target))}, "
            f"the easiest level, and build up again.{earlier_step}",
            [last],
        )
    reason = (
        f"{lead}: ease back to {describe(exercise, state, to)} and build up again.{earlier_step}"
    )
    return offer(context, exercise, state, "ease_back", to, reason, [last])
