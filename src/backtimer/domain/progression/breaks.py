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
from backtimer.domain.routine import Exercise, Frequency, Kind


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
    """How a break's reason starts: `No Static holds session for 14 days (the last was on 2 Mar)`."""
    return (
        f"No {context.routine.name} session for {gap} days (the last was on "
        f"{day_words(session_day(last, context.tz))})"
    )


def one_break_notice(context: Context, found: list[Suggestion]) -> list[Suggestion]:
    """On a break, one notice for every exercise already at its easiest dose, not one each."""
    last = context.last_trained()
    if last is None:
        return found
    gap = (context.today - session_day(last, context.tz)).days
    if break_row(context.routine.frequency, gap) is None:
        return found
    notices = [s for s in found if s.kind == "hold" and s.exercise_id is not None]
    if len(notices) < 2:
        return found
    merged = Suggestion(
        context.routine.id,
        None,
        "hold",
        f"{break_lead(context, last, gap)}: {len(notices)} exercises are at their easiest level "
        "already. Start them again gently there, and build up again.",
        evidence=(last.id,),
    )
    kept = [s for s in found if s not in notices]
    return [merged, *kept]


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
    routine = context.routine
    lead = break_lead(context, last, gap)
    step = routine.step
    earlier_step = (
        f" After this long, go back to step {step - 1} of the program for a while first."
        if row.to_start and routine.program == "A" and step is not None and step > 1
        else ""
    )
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
