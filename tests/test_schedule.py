"""Today's plan: due and done per frequency, the streak, the next-day question, what to start."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import pytest

from backtimer.domain.journal import ClinicianCleared, JournalEvent, NextDayRating
from backtimer.domain.progression import decide
from backtimer.domain.records import SessionRecord
from backtimer.domain.routine import Routine
from backtimer.domain.schedule import needs_next_day_rating, streak, today_plan
from tests.support.history_builder import HOLDS, SLOW_TOML, History, routine_from

TZ = timezone(timedelta(hours=1))
WEDNESDAY = date(2026, 3, 4)
NOW = datetime.combine(WEDNESDAY, time(12, 0), tzinfo=TZ)


def routine(frequency: str, routine_id: str | None = None, step: int = 3) -> Routine:
    text = SLOW_TOML.replace('"daily"', f'"{frequency}"').replace("step = 3", f"step = {step}")
    if routine_id:
        text = text.replace('id = "slow"', f'id = "{routine_id}"', 1)
    return routine_from(text)


def days_ago(history: History, *offsets: int, hour: int = 8, **kwargs: Any) -> None:
    for offset in offsets:
        history.train(WEDNESDAY - timedelta(days=offset), hour, **kwargs)


# (frequency, sessions as (days ago, hour), status text, due, due_on offset)
FREQUENCIES = [
    ("3-per-day", [], "0 of 3 today", True, 0),
    ("3-per-day", [(0, 7), (0, 11)], "2 of 3 today", True, 0),
    ("3-per-day", [(0, 7), (0, 11), (0, 12), (1, 8)], "done today", False, 1),
    ("2-per-day", [(0, 7), (1, 8), (1, 18)], "1 of 2 today", True, 0),
    ("daily", [(1, 8)], "due today", True, 0),
    ("daily", [(0, 8)], "done today", False, 1),
    ("every-other-day", [], "due today", True, 0),
    ("every-other-day", [(1, 8)], "due tomorrow", False, 1),
    ("every-other-day", [(2, 8)], "due today", True, 0),
    ("every-other-day", [(0, 8)], "done today", False, 2),
    # Wednesday: Monday counts in this ISO week, last Sunday does not.
    ("1-2-per-week", [(2, 8)], "1 of 1–2 this week", False, 5),
    ("1-2-per-week", [(3, 8), (10, 8)], "0 of 1–2 this week", True, 0),
    ("1-2-per-week", [(0, 8), (2, 8)], "2 of 1–2 this week", False, 5),
]


@pytest.mark.parametrize(("frequency", "done", "status", "due", "due_in"), FREQUENCIES)
def test_status_for_each_frequency(
    frequency: str, done: list[tuple[int, int]], status: str, due: bool, due_in: int
) -> None:
    history = History(routine(frequency))
    for offset, hour in done:
        days_ago(history, offset, hour=hour)
    plan = today_plan([history.routine], history.sessions, [], now=NOW)
    [row] = plan.routines
    assert (row.status, row.due, row.due_on) == (status, due, WEDNESDAY + timedelta(days=due_in))
    assert plan.next_due == (history.routine.id if due else None)


def test_demo_running_and_interrupted_sessions_are_not_done() -> None:
    history = History(routine("2-per-day"))
    days_ago(history, 0, speed=10.0)
    days_ago(history, 0, status="in_progress")
    days_ago(history, 0, status="interrupted")
    days_ago(history, 0, status="ended_early")
    [row] = today_plan([history.routine], history.sessions, [], now=NOW).routines
    assert row.status == "1 of 2 today"


def test_a_session_with_no_sets_is_not_done_and_keeps_no_streak() -> None:
    history = History(routine("2-per-day"))
    days_ago(history, 1)
    days_ago(history, 0, hour=7)
    days_ago(history, 0, hour=9, exercises=[])  # ended before its first set
    days_ago(history, 0, hour=10, exercises=[], status="ended_early")
    plan = today_plan([history.routine], history.sessions, [], now=NOW)
    [row] = plan.routines
    assert row.status == "1 of 2 today"
    assert plan.streak == 2
    assert plan.last_session is not None
    assert plan.last_session.started.hour == 7
    empty = History(routine("daily"))
    days_ago(empty, 0, 1, 2, exercises=[])
    plan = today_plan([empty.routine], empty.sessions, [], now=NOW)
    assert (plan.routines[0].status, plan.streak, plan.last_session) == ("due today", 0, None)
    assert plan.needs_rating is None


def test_a_session_keeps_the_day_it_was_done_on_whatever_the_zone_now() -> None:
    """One rule for days (`backtimer.domain.days`): the local date where the session was done."""
    history = History(routine("daily"))
    # 23:30 on Tuesday at UTC+1 was Tuesday where it was done, though it is Wednesday at UTC+3.
    history.train(WEDNESDAY - timedelta(days=1), 23)
    late = history.sessions[-1]
    assert late.started.hour == 23
    plus_three = NOW.astimezone(timezone(timedelta(hours=3)))
    [row] = today_plan([history.routine], history.sessions, [], now=plus_three).routines
    assert row.status == "due today"
    [row] = today_plan([history.routine], history.sessions, [], now=NOW).routines
    assert row.status == "due today"


@pytest.mark.parametrize(
    ("trained", "expected"),
    [
        ([], 0),
        ([1, 2, 3], 3),  # not yet today: the streak runs to yesterday
        ([0, 1, 2, 3], 4),
        ([0, 2, 3], 1),
        ([2, 3, 4], 0),
        ([0, 0, 1], 2),  # two sessions on one day are one training day
    ],
)
def test_streak(trained: list[int], expected: int) -> None:
    history = History(routine("daily"))
    for index, offset in enumerate(trained):
        days_ago(history, offset, hour=8 + index)
    days_ago(history, 5, 6, speed=2.0)  # demo runs are not training days
    assert streak(history.sessions, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("trained", "rated", "expected"),
    [
        ([], [], None),
        ([1], [], 1),
        ([1], [1], None),
        ([2], [], 2),
        ([3], [], None),  # too long ago to ask about "the next day"
        ([0], [], None),  # only today so far: ask tomorrow
        ([0, 1], [], 1),
        ([1, 3], [3], 1),
    ],
)
def test_next_day_rating_is_asked_once_after_a_training_day(
    trained: list[int], rated: list[int], expected: int | None
) -> None:
    history = History(routine("daily"))
    days_ago(history, *trained)
    journal: list[JournalEvent] = [
        NextDayRating(
            NOW,
            WEDNESDAY - timedelta(days=offset - 1),
            WEDNESDAY - timedelta(days=offset),
            1,
        )
        for offset in rated
    ]
    found = needs_next_day_rating(history.sessions, journal, WEDNESDAY)
    assert found == (None if expected is None else WEDNESDAY - timedelta(days=expected))
    plan = today_plan([history.routine], history.sessions, journal, now=NOW)
    assert plan.needs_rating == found


def test_the_whole_plan() -> None:
    mobility = routine("3-per-day", "a1-mobility", step=1)
    lowering = routine("every-other-day", "a4-concentric", step=4)
    holds = History(HOLDS)
    first = History(mobility)
    second = History(lowering)
    holds.train(WEDNESDAY - timedelta(days=8), 8, after=0)
    holds.train(WEDNESDAY - timedelta(days=4), 8, after=0)
    holds.train(WEDNESDAY - timedelta(days=1), 8, after=1)
    holds.train(WEDNESDAY - timedelta(days=1), 18, after=0)
    second.train(WEDNESDAY - timedelta(days=1), 19, after=2)
    first.train(WEDNESDAY, 7)
    sessions: list[SessionRecord] = holds.sessions + first.sessions + second.sessions
    journal: list[JournalEvent] = [NextDayRating(NOW, WEDNESDAY, WEDNESDAY - timedelta(days=1), 1)]
    plan = today_plan([mobility, HOLDS, lowering], sessions, journal, now=NOW)
    assert plan.today == WEDNESDAY
    assert [r.status for r in plan.routines] == ["1 of 3 today", "0 of 2 today", "due tomorrow"]
    assert plan.step == 4
    assert plan.streak == 2
    assert plan.next_due == "a1-mobility"
    assert plan.needs_rating is None
    assert plan.red_flag is None
    last = plan.last_session
    assert last is not None and last.routine_id == "a1-mobility" and last.pain_after == 0
    holds_row = plan.get("holds")
    assert holds_row is not None
    assert holds_row.last_session is not None
    assert (holds_row.last_session.pain_after, holds_row.last_session.next_day_pain) == (0, 1)
    [raise_] = holds_row.suggestions
    assert raise_.kind == "raise"
    assert holds_row.frequency_label == "twice a day"

    # Accepting the suggestion shows at once in the routine the start key would run.
    journal.append(decide(raise_, accepted=True, at=NOW))
    plan = today_plan([mobility, HOLDS, lowering], sessions, journal, now=NOW)
    holds_row = plan.get("holds")
    assert holds_row is not None
    assert holds_row.routine.exercises[0].dose.target == 33  # 10 % a week: 30 s → 33 s
    assert holds_row.suggestions == ()


def test_a_red_flag_keeps_the_start_key_away() -> None:
    history = History(routine("daily"))
    days_ago(history, 1, red_flag=True)
    plan = today_plan([history.routine], history.sessions, [], now=NOW)
    assert plan.red_flag is not None and "clinician" in plan.red_flag.reason
    assert plan.routines[0].due and plan.next_due is None
    cleared: list[JournalEvent] = [ClinicianCleared(NOW, WEDNESDAY)]
    plan = today_plan([history.routine], history.sessions, cleared, now=NOW)
    assert plan.red_flag is None and plan.next_due == history.routine.id


def test_nothing_followed_and_no_history() -> None:
    plan = today_plan([], [], [], now=NOW)
    assert plan.routines == () and plan.step is None and plan.last_session is None
    assert plan.streak == 0 and plan.next_due is None and plan.needs_rating is None


def test_now_must_know_its_zone() -> None:
    with pytest.raises(ValueError, match="timezone"):
        today_plan([], [], [], now=NOW.replace(tzinfo=None))
