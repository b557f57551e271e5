"""Which sessions today's plan needs in full, so that years of history load in a moment.

`today_plan` looks at little of the past: this week's sessions for the counts, the last few
sessions of each exercise since its last accepted change for the suggestions, the last session of
each routine for breaks, the days trained in a row for the streak, and any red flag. So the
sessions of the last `RECENT_DAYS` are loaded whole, older ones only as summaries, plus the few
older records the rules still need (the last session of a routine not done lately, red-flagged
sessions). When the window cannot be shown to hold everything the suggestions would look at,
the whole history is loaded instead: the plan is the same either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Final

from backtimer.domain.days import session_day
from backtimer.domain.journal import JournalEvent
from backtimer.domain.progression import (
    BREAK_DAYS,
    FLARE_WINDOW,
    SESSIONS_NEEDED,
    WEEKLY_BREAK_DAYS,
    current_state,
)
from backtimer.domain.records import SessionRecord
from backtimer.domain.routine import Frequency, Routine
from backtimer.domain.training import counts_as_training
from backtimer.storage.history import HistoryFileError, HistoryStore, read_session_file
from backtimer.storage.history.store import Problem, SessionSummary

RECENT_DAYS: Final = 120
"""Sessions from this many days back are loaded whole. Far more than a week (the counts), a
break (7 or 14 days) or the handful of sessions a suggestion rests on for anything done weekly."""


@dataclass(frozen=True)
class HistoryWindow:
    """The sessions `today_plan` needs: `sessions` whole, `earlier` as summaries for the streak."""

    sessions: tuple[SessionRecord, ...]
    """Oldest first: every session from `since` on, and the older ones the rules need."""
    earlier: tuple[SessionSummary, ...]
    """Every session started before `since` (by its own local date), summarised."""
    problems: tuple[Problem, ...]
    since: date | None
    """The first day loaded whole, or None when the whole history was loaded."""


def load_window(
    store: HistoryStore,
    routines: Sequence[Routine],
    journal: Sequence[JournalEvent],
    *,
    today: date,
    sessions_needed: int = SESSIONS_NEEDED,
    days: int = RECENT_DAYS,
) -> HistoryWindow:
    """Load what today's plan for `routines` needs, from `today - days` on plus what it names."""
    since = today - timedelta(days=days)
    recent, listing = store.load_recent(since)
    problems = list(recent.problems)
    problems += [p for p in listing.problems if p not in problems]
    loaded = {s.id for s in recent.sessions}
    earlier = tuple(s for s in listing.sessions if s.id not in loaded and session_day(s) < since)
    extra: list[SessionRecord] = []
    for summary in _needed_from_before(routines, recent.sessions, earlier):
        try:
            record = read_session_file(summary.path)
        except (HistoryFileError, OSError):
            return _everything(store)  # changed under our feet: read it all the usual way
        extra.append(replace(record, status=summary.status))
    try:
        extra += _last_of_each_exercise(routines, [*recent.sessions, *extra], earlier)
    except (HistoryFileError, OSError):
        return _everything(store)
    sessions = tuple(sorted((*extra, *recent.sessions), key=lambda s: s.started))
    if not covers(
        routines, sessions, earlier, journal, since=since, today=today,
        sessions_needed=sessions_needed,
    ):  # fmt: skip
        return _everything(store)
    return HistoryWindow(sessions, earlier, tuple(problems), since)


def _everything(store: HistoryStore) -> HistoryWindow:
    result = store.load()
    return HistoryWindow(result.sessions, (), result.problems, None)


def _needed_from_before(
    routines: Sequence[Routine],
    recent: Sequence[SessionRecord],
    earlier: Sequence[SessionSummary],
) -> list[SessionSummary]:
    """The older sessions the plan reads whole: red flags, and the last of what is not recent.

    That is the last session that counts as training, overall and of each followed routine,
    where the window has none of its own.
    """
    wanted: dict[str, SessionSummary] = {s.id: s for s in earlier if s.red_flag}

    def latest(items: Iterable[SessionSummary]) -> None:
        found = max(items, key=lambda s: s.started, default=None)
        if found is not None:
            wanted[found.id] = found

    if not any(counts_as_training(s) for s in recent):
        latest(s for s in earlier if counts_as_training(s))
    for routine in routines:
        mine = [s for s in recent if s.routine_id == routine.id]
        if not any(counts_as_training(s) for s in mine):
            latest(s for s in earlier if s.routine_id == routine.id and counts_as_training(s))
    return sorted(wanted.values(), key=lambda s: s.started)


def _last_of_each_exercise(
    routines: Sequence[Routine],
    loaded: Sequence[SessionRecord],
    earlier: Sequence[SessionSummary],
) -> list[SessionRecord]:
    """For a routine of the daily rotation, which picks the exercises done least recently: its
    older sessions, newest first, until each of its exercises has been seen (or none are left)."""
    found: list[SessionRecord] = []
    have = {s.id for s in loaded}
    for routine in routines:
        if not routine.rotation:
            continue
        mine = [s for s in loaded if s.routine_id == routine.id and counts_as_training(s)]
        missing = {e.id for e in routine.exercises} - {i.exercise_id for s in mine for i in s.sets}
        older = [s for s in earlier if s.routine_id == routine.id and counts_as_training(s)]
        for summary in sorted(older, key=lambda s: s.started, reverse=True):
            if not missing:
                break
            if summary.id in have:
                continue
            record = replace(read_session_file(summary.path), status=summary.status)
            found.append(record)
            have.add(record.id)
            missing -= {item.exercise_id for item in record.sets}
    return found


def covers(
    routines: Sequence[Routine],
    sessions: Sequence[SessionRecord],
    earlier: Sequence[SessionSummary],
    journal: Sequence[JournalEvent],
    *,
    since: date,
    today: date,
    sessions_needed: int = SESSIONS_NEEDED,
) -> bool:
    """Whether the suggestions for `routines` see all they would see with the whole history.

    A routine on a break looks at its last session alone. Otherwise each exercise looks at its
    last `max(FLARE_WINDOW, sessions_needed)` sessions since its last accepted change: the window
    must hold that many, or every session since the change. The daily rotation picks the
    exercises done least recently, so for a rotating routine the window must hold the last
    session of each of its exercises.
    """
    enough = max(FLARE_WINDOW, sessions_needed)
    for routine in routines:
        older = [s.started for s in earlier if s.routine_id == routine.id and counts_as_training(s)]
        if not older:
            continue  # the whole history of this routine is loaded
        mine = [s for s in sessions if s.routine_id == routine.id and counts_as_training(s)]
        if not mine:
            return False
        if routine.rotation:
            seen = {item.exercise_id for s in mine for item in s.sets}
            if any(exercise.id not in seen for exercise in routine.exercises):
                return False  # one of them was last done before the window
        weekly = routine.frequency is Frequency.ONE_TO_TWO_PER_WEEK
        gap = (today - session_day(mine[-1])).days
        if gap >= (WEEKLY_BREAK_DAYS if weekly else BREAK_DAYS):
            continue  # a break: only the last session counts
        in_window = [s for s in mine if session_day(s) >= since]
        for exercise_id, state in current_state(routine, journal=journal).items():
            changed = state.changed_at
            if changed is not None and all(started <= changed for started in older):
                continue  # every session since the change is loaded
            after = [
                s
                for s in in_window
                if (changed is None or s.started > changed)
                and any(item.exercise_id == exercise_id for item in s.sets)
            ]
            if len(after) < enough:
                return False
    return True
