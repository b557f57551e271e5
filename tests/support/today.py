"""A frozen Wednesday and synthetic sessions around it, for today's plan: the home screen's tests
and snapshots. Sessions go through the real writer, journal events through `record_event`."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta, timezone

from backtimer.domain.journal import JournalEvent, NextDayRating
from backtimer.storage.history import HistoryStore, PainCheck, SessionRecord, SetRecord
from backtimer.storage.journal import record_event
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import Plan, save_plan

TZ = timezone(timedelta(hours=1))
WEDNESDAY = date(2026, 3, 4)
NOW = datetime.combine(WEDNESDAY, time(12, 0), tzinfo=TZ)
"""The frozen moment: noon on Wednesday 4 March 2026, UTC+1."""

EXERCISES = {
    "a1-mobility": ("Mobility", "arch-and-slump", "Seated arch and slump", "movement", "standard"),
    "a2-static-holds": ("Static holds", "static-hold", "Static hold", "hold", "pad-high"),
}


def session(
    routine_id: str,
    day: date,
    hour: int,
    *,
    held: float = 30.0,
    target: float = 30.0,
    pain_after: int = 0,
    red_flag: bool = False,
) -> SessionRecord:
    """One completed session of a shipped routine with a single set."""
    routine_name, exercise_id, exercise_name, kind, variant = EXERCISES[routine_id]
    started = datetime.combine(day, time(hour, 0), tzinfo=TZ)
    done = started + timedelta(minutes=3)
    item = SetRecord(
        exercise_id=exercise_id,
        exercise_name=exercise_name,
        kind=kind,  # type: ignore[arg-type]
        variant_id=variant,
        side="both",
        set_number=1,
        target=target,
        target_unit="s",
        ended_at=done,
        actual_s=held,
    )
    return SessionRecord(
        id=uuid.uuid4().hex,
        routine_id=routine_id,
        routine_name=routine_name,
        routine_fingerprint="test",
        started=started,
        status="completed",
        ended=done,
        sets=(item,),
        pains=(PainCheck("after", pain_after, done),),
        red_flag=red_flag,
    )


def write(dirs: Dirs, *sessions: SessionRecord) -> None:
    store = HistoryStore(dirs.data)
    for record in sessions:
        assert store.open_session(record, fsync=False).close().ok


def note(dirs: Dirs, *events: JournalEvent) -> None:
    for event in events:
        record_event(dirs.data, event, fsync=False)


def days_before(days: int, hour: int = 12) -> datetime:
    return datetime.combine(WEDNESDAY - timedelta(days=days), time(hour, 0), tzinfo=TZ)


def a_good_week(dirs: Dirs) -> None:
    """Mobility three times on Monday and Tuesday and once today; static holds reached 30 s
    8 and 5 days ago and on Monday and Tuesday with pain 0–1 (rated 1 the next day): 4 good
    sessions over 7 days, so a raise to 33 s (10 %) is due."""
    save_plan(dirs.data, Plan(("a1-mobility", "a2-static-holds")))
    for offset in (8, 5):
        write(dirs, session("a2-static-holds", WEDNESDAY - timedelta(days=offset), 19))
    for offset in (2, 1):
        day = WEDNESDAY - timedelta(days=offset)
        write(dirs, *(session("a1-mobility", day, hour) for hour in (7, 12, 17)))
        write(dirs, session("a2-static-holds", day, 19, pain_after=offset - 1))
    write(dirs, session("a1-mobility", WEDNESDAY, 8))
    for offset, value in ((2, 0), (1, 1)):
        trained = WEDNESDAY - timedelta(days=offset)
        rated = days_before(offset - 1, 9)
        note(dirs, NextDayRating(rated, rated.date(), trained, value))
