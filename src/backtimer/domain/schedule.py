"""Today's plan: what is due, how much of today's dose is done, the streak, and what to start.

Pure functions over the followed routines, the session records and the journal; the home screen
and `backtimer today` both render a `TodayPlan`, so they cannot disagree. Today is the local date
of the `now` passed in; a session's day is the local date where it was done
(`backtimer.domain.days`), as in the statistics and the report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Final, Protocol

from backtimer.domain.journal import (
    JournalEvent,
    Leg,
    NextDayRating,
    affected_leg,
    latest_ratings,
)
from backtimer.domain.ladder import Rung, ladder_rung
from backtimer.domain.progression import (
    SESSIONS_NEEDED,
    ExerciseState,
    Suggestion,
    apply_state,
    current_state,
    red_flag_notice,
    session_day,
    suggest,
)
from backtimer.domain.records import SessionRecord
from backtimer.domain.rotation import DAILY_MOST, Rotation, Swap, lock_reason, rotation_today
from backtimer.domain.routine import Frequency, Routine
from backtimer.domain.training import Countable, training_done

RATING_WINDOW_DAYS: Final = 2
"""Ask for a next-day rating only when the last training day is at most this many days back."""

_PER_DAY: Final = {Frequency.THREE_PER_DAY: 3, Frequency.TWO_PER_DAY: 2, Frequency.DAILY: 1}


class Dated(Countable, Protocol):
    """What the streak needs of a session: a session record or a listing's summary."""

    @property
    def started(self) -> datetime: ...


@dataclass(frozen=True)
class LastSession:
    """The most recent session that counts as training, and how it felt."""

    session_id: str
    day: date
    started: datetime
    routine_id: str
    routine_name: str
    status: str
    pain_after: int | None
    """The "after" check-in, or None when it was not asked."""
    next_day_pain: int | None
    """The next-day rating for that day, once given."""


@dataclass(frozen=True)
class RoutineToday:
    """One followed routine on the home screen."""

    routine: Routine
    """The routine with the current variants and targets applied: ready to run."""
    frequency_label: str
    done: int
    """Sessions done in the routine's period (today, or this ISO week for 1–2 per week)."""
    goal: str
    """How many the period asks for: "3", "2", "1" or "1–2"."""
    status: str
    """"2 of 3 today", "due today", "due tomorrow", "done today", "1 of 1–2 this week"."""
    due: bool
    """Whether a session is due now."""
    due_on: date
    """The next day a session is due (today when `due`)."""
    last_session: LastSession | None
    states: Mapping[str, ExerciseState]
    suggestions: tuple[Suggestion, ...]
    rotating: bool = False
    """Its exercises take turns in the daily rotation (`backtimer.domain.rotation`)."""
    rotation: Rotation | None = field(default=None, repr=False)
    rung: Rung | None = None
    """Where the user stands when it is a ladder (program E)."""
    affected_leg: Leg | None = None
    """For diagnosed leg symptoms (program C): the leg its one-sided exercises work, if chosen."""

    @property
    def session(self) -> Routine:
        """What a session of it runs today: only today's picks when it rotates, only the
        current rung (after the one below as practice) when it is a ladder."""
        if self.rotating and self.rotation is not None:
            return self.rotation.cut(self.routine)
        if self.rung is not None:
            return self.rung.cut(self.routine)
        return self.routine


@dataclass(frozen=True)
class TodayPlan:
    """Everything the home screen and `backtimer today` show."""

    today: date
    routines: tuple[RoutineToday, ...]
    step: int | None
    """The step of program A the user is on: the highest followed A step."""
    streak: int
    """Consecutive training days up to today, or up to yesterday if not trained yet today."""
    last_session: LastSession | None
    next_due: str | None
    """The routine the one "start" key runs: the first followed routine that is due. None when
    nothing is due or a red flag is open."""
    red_flag: Suggestion | None
    """The "see a clinician" notice while a red flag is open."""
    needs_rating: date | None
    """The training day whose next-day rating should be asked for now, if any."""
    rotation: Rotation | None = None
    """Today's picks of the rotating routines (program B), when any is followed."""

    def get(self, routine_id: str) -> RoutineToday | None:
        """The row for `routine_id`, if followed."""
        for row in self.routines:
            if row.routine.id == routine_id:
                return row
        return None


def training_days(sessions: Iterable[Dated]) -> set[date]:
    """The local dates with at least one session that counts as training."""
    return {session_day(s) for s in training_done(sessions)}


def streak(sessions: Iterable[Dated], today: date) -> int:
    """Consecutive training days ending today, or ending yesterday when today has none yet."""
    days = training_days(sessions)
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def needs_next_day_rating(
    sessions: Iterable[SessionRecord],
    journal: Iterable[JournalEvent],
    today: date,
) -> date | None:
    """The training day to ask "how has your back felt since?" about, or None.

    That is the latest training day before today, if it was at most `RATING_WINDOW_DAYS` ago
    and has no next-day rating yet.
    """
    earlier = [day for day in training_days(sessions) if day < today]
    if not earlier:
        return None
    last = max(earlier)
    if (today - last).days > RATING_WINDOW_DAYS:
        return None
    rated = {e.training_date for e in journal if isinstance(e, NextDayRating)}
    return None if last in rated else last


def _last_session(
    sessions: Sequence[SessionRecord], ratings: Mapping[date, int]
) -> LastSession | None:
    done = training_done(sessions)
    if not done:
        return None
    latest = max(done, key=lambda s: s.started)
    after = [p for p in latest.pains if p.when == "after"]
    day = session_day(latest)
    return LastSession(
        session_id=latest.id,
        day=day,
        started=latest.started,
        routine_id=latest.routine_id,
        routine_name=latest.routine_name,
        status=latest.status,
        pain_after=max(after, key=lambda p: p.at).value if after else None,
        next_day_pain=ratings.get(day),
    )


def _row_status(
    routine: Routine, done: Sequence[SessionRecord], today: date
) -> tuple[int, str, str, bool, date]:
    """(done, goal, status, due, due_on) for one routine."""
    days = [session_day(s) for s in done]
    done_today = sum(1 for day in days if day == today)
    tomorrow = today + timedelta(days=1)
    frequency = routine.frequency
    if frequency in _PER_DAY:
        goal = _PER_DAY[frequency]
        if done_today >= goal:
            return done_today, str(goal), "done today", False, tomorrow
        if goal == 1:
            return done_today, "1", "due today", True, today
        return done_today, str(goal), f"{done_today} of {goal} today", True, today
    if frequency is Frequency.EVERY_OTHER_DAY:
        last = max(days, default=None)
        if last == today:
            return done_today, "1", "done today", False, today + timedelta(days=2)
        if last is None or (today - last).days >= 2:
            return done_today, "1", "due today", True, today
        return done_today, "1", "due tomorrow", False, tomorrow
    week = today.isocalendar()[:2]
    this_week = sum(1 for day in days if day.isocalendar()[:2] == week)
    next_monday = today + timedelta(days=7 - today.weekday())
    due = this_week == 0
    return this_week, "1–2", f"{this_week} of 1–2 this week", due, today if due else next_monday


def today_plan(
    routines_followed: Sequence[Routine],
    sessions: Sequence[SessionRecord],
    journal: Iterable[JournalEvent],
    *,
    now: datetime,
    sessions_needed: int = SESSIONS_NEEDED,
    earlier: Iterable[Dated] = (),
    library: Mapping[str, Routine] | None = None,
    swaps: Sequence[Swap] = (),
    daily_exercises: int = DAILY_MOST,
) -> TodayPlan:
    """Build today's plan from the followed routines (in plan order), history and journal.

    `now` must be timezone-aware: its zone decides what "today" is; each session's day is where
    it was done (`backtimer.domain.days`). `sessions` may be the whole
    history, or only what the plan looks at (`HistoryWindow` in `backtimer.services.today_data` works that
    out); then `earlier` lists the older sessions, of which only the dates count (the streak).
    `library` (every routine by id) lets a locked routine name what it waits for; `swaps` are
    today's swaps in the daily rotation (`backtimer.domain.rotation`), which picks
    `daily_exercises` a day.
    """
    if now.tzinfo is None:
        raise ValueError("today_plan needs a timezone-aware `now`")
    today = now.date()
    journal = list(journal)
    ratings = latest_ratings(journal)
    rotation = _rotation(
        routines_followed, sessions, journal, today, library, swaps, daily_exercises
    )
    rows: list[RoutineToday] = []
    for routine in routines_followed:
        mine = [s for s in sessions if s.routine_id == routine.id]
        done = training_done(mine)
        count, goal, status, due, due_on = _row_status(routine, done, today)
        if rotation is not None and routine.id in rotation.routine_ids:
            status, due, due_on = _rotation_status(rotation, routine.id, status, due, due_on)
        states = current_state(routine, sessions, journal, today=today)
        suggestions = suggest(
            routine,
            sessions,
            journal,
            today=today,
            sessions_needed=sessions_needed,
            rotation=rotation.routine_ids if rotation and routine.rotation else (),
        )
        rows.append(
            RoutineToday(
                routine=apply_state(routine, states),
                frequency_label=routine.frequency.label,
                done=count,
                goal=goal,
                status=status,
                due=due,
                due_on=due_on,
                last_session=_last_session(mine, ratings),
                states=states,
                suggestions=tuple(suggestions),
                rotating=rotation is not None and routine.id in rotation.routine_ids,
                rotation=rotation,
                rung=ladder_rung(routine, sessions, journal, today=today),
                affected_leg=affected_leg(journal) if routine.diagnosed_leg_symptoms else None,
            )
        )
    red_flag = red_flag_notice(sessions, journal)
    steps = [r.step for r in routines_followed if r.program == "A" and r.step is not None]
    next_due = None
    if red_flag is None:
        next_due = next((row.routine.id for row in rows if row.due), None)
    return TodayPlan(
        today=today,
        routines=tuple(rows),
        step=max(steps, default=None),
        streak=streak([*sessions, *earlier], today),
        last_session=_last_session(sessions, ratings),
        next_due=next_due,
        red_flag=red_flag,
        needs_rating=needs_next_day_rating(sessions, journal, today),
        rotation=rotation,
    )


def _rotation(
    routines: Sequence[Routine],
    sessions: Sequence[SessionRecord],
    journal: Sequence[JournalEvent],
    today: date,
    library: Mapping[str, Routine] | None,
    swaps: Sequence[Swap],
    most: int,
) -> Rotation | None:
    if not any(r.rotation for r in routines):
        return None
    known = {r.id: r for r in routines} | dict(library or {})
    locks: dict[str, str] = {}
    for routine in routines:
        if routine.rotation:
            reason = lock_reason(routine, known, sessions, journal, today=today)
            if reason is not None:
                locks[routine.id] = reason
    return rotation_today(routines, sessions, today=today, locks=locks, swaps=swaps, most=most)


def _rotation_status(
    rotation: Rotation, routine_id: str, status: str, due: bool, due_on: date
) -> tuple[str, bool, date]:
    """A rotating routine is due only on a day the rotation picks from it."""
    tomorrow = rotation.day + timedelta(days=1)
    locked = rotation.lock(routine_id)
    if locked is not None:
        return "locked", False, tomorrow
    if not rotation.picks_in(routine_id):
        return "not in today's rotation", False, tomorrow
    return status, due, due_on
