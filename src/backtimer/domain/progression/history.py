"""Reading the history for progression: the pain that bears on an exercise, whether a session
reached its target, and the words the reasons are made of. The red-flag rules are in `red_flag`
(`red_flag_session` and `red_flag_notice` are importable from here too)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from backtimer.domain.days import session_day as session_day
from backtimer.domain.formatting import format_amount, format_short_day
from backtimer.domain.progression.model import REACH_SLACK_S, SEVERE_OVER, ExerciseState
from backtimer.domain.progression.red_flag import red_flag_notice as red_flag_notice
from backtimer.domain.progression.red_flag import red_flag_session as red_flag_session
from backtimer.domain.records import SessionRecord, SetRecord
from backtimer.domain.routine import Exercise


def sets_of(session: SessionRecord, exercise_id: str) -> list[SetRecord]:
    """The sets of one exercise in a session."""
    return [item for item in session.training_sets if item.exercise_id == exercise_id]


@dataclass(frozen=True)
class Pain:
    """The pain that bears on one exercise in one session."""

    values: tuple[int, ...]
    day: date
    own_over: bool
    """Over the limit during this exercise or after this session."""
    next_day_over: bool
    """Over the limit the day after (shared by every session of that day)."""
    severe: bool
    settled: bool
    """False while the next-day rating could still come (the session was today)."""

    @property
    def over(self) -> bool:
        return self.own_over or self.next_day_over

    @property
    def worst(self) -> int | None:
        return max(self.values) if self.values else None


def pain_of(
    session: SessionRecord,
    exercise: Exercise,
    ratings: dict[date, int],
    today: date,
) -> Pain:
    """The pain that bears on `exercise` in `session`, with that day's next-day rating."""
    limit = exercise.pain_limit
    values = [
        p.value
        for p in session.pains
        if (p.when == "exercise" and p.exercise_id == exercise.id) or p.when == "after"
    ]
    values += [s.pain for s in sets_of(session, exercise.id) if s.pain is not None]
    choices = [c for c in session.pain_choices if c.exercise_id == exercise.id]
    values += [c.value for c in choices if c.value is not None]
    # Being asked what to do about pain means it went over the limit, rated or not.
    own_over = max(values, default=0) > limit or bool(choices)
    day = session_day(session)
    next_day = ratings.get(day)
    if next_day is not None:
        values.append(next_day)
    return Pain(
        values=tuple(values),
        day=day,
        own_over=own_over,
        next_day_over=next_day is not None and next_day > limit,
        severe=max(values, default=0) >= limit + SEVERE_OVER,
        settled=next_day is not None or day < today,
    )


def count_flares(pains: Sequence[Pain], sessions: Sequence[SessionRecord]) -> int:
    """How many times pain went over the limit: once per session, and once per bad next day."""
    found: set[object] = set()
    for session, pain in zip(sessions, pains, strict=True):
        if pain.own_over:
            found.add(session.id)
        if pain.next_day_over:
            found.add(pain.day)
    return len(found)


def _set_reached(item: SetRecord, state: ExerciseState) -> bool:
    if item.variant_id != state.variant_id:
        return False
    if item.target_unit == "reps":
        return item.reps is not None and item.reps >= state.target
    if item.kind == "repeated_hold":
        # Like with like: each hold against the per-hold target, and every hold planned done.
        each = item.value
        done = item.holds is None or (item.reps or 0) >= item.holds
        return done and each is not None and each >= state.target - REACH_SLACK_S
    if item.actual_s is not None:
        return item.actual_s >= state.target - REACH_SLACK_S
    # An activity ticked off without the timer: done as planned unless it ended early.
    return item.kind == "activity" and item.stop_reason is None and item.target >= state.target


def reached(session: SessionRecord, state: ExerciseState) -> bool:
    """Every set on every side of this exercise reached the current variant's current target.

    Seconds count as reached at `target - 0.5` or more; reps at `target` or more; a repeated
    hold when each hold did and every hold planned was done. A session without sets of the
    exercise did not reach it.
    """
    items = sets_of(session, state.exercise_id)
    return bool(items) and all(_set_reached(item, state) for item in items)


def amount_words(exercise: Exercise, value: float) -> str:
    """A target or result of this exercise in words (`1 min 10 s`, `12 reps`)."""
    return format_amount(value, exercise.kind.unit)


def pain_range_words(pains: Sequence[Pain]) -> str:
    """The pain in these sessions as a reason says it (`pain 0–1`, `no pain reported`)."""
    values = [v for p in pains for v in p.values]
    if not values:
        return "no pain reported"
    low, high = min(values), max(values)
    return f"pain {low}" if low == high else f"pain {low}–{high}"


def sessions_words(count: int) -> str:
    """`your last session` or `your last N sessions`."""
    return "your last session" if count == 1 else f"your last {count} sessions"


def day_words(day: date) -> str:
    """A day as a reason names it (`2 Mar`)."""
    return format_short_day(day)
