"""Today's plan from a window of recent sessions is the plan from the whole history."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from backtimer.domain.journal import ClinicianCleared
from backtimer.domain.schedule import TodayPlan, today_plan
from backtimer.services.today import load_today
from backtimer.services.today_data import load_window
from backtimer.storage.history import HistoryStore
from backtimer.storage.journal import load_journal, record_event
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import Plan, followed_routines, load_plan, save_plan
from tests.support.history import make_history

END = date(2026, 11, 1)
TZ = timezone(timedelta(hours=1))


@pytest.fixture(scope="module")
def three_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("three") / "data"
    make_history(data, years=3, seed=1, end=END)  # ends on a 15-day streak
    return data


@pytest.fixture
def dirs(tmp_path: Path, three_years: Path) -> Dirs:
    data = tmp_path / "data"
    shutil.copytree(three_years, data)
    return Dirs(config=tmp_path / "config", data=data)


def full_plan(dirs: Dirs, now: datetime) -> TodayPlan:
    plan, _ = load_plan(dirs.data)
    routines, _ = followed_routines(plan, load_library(dirs))
    journal, _ = load_journal(dirs.data)
    return today_plan(routines, HistoryStore(dirs.data).load().sessions, journal, now=now)


def window_plan(dirs: Dirs, now: datetime, days: int) -> tuple[TodayPlan, date | None]:
    plan, _ = load_plan(dirs.data)
    routines, _ = followed_routines(plan, load_library(dirs))
    journal, _ = load_journal(dirs.data)
    window = load_window(HistoryStore(dirs.data), routines, journal, today=now.date(), days=days)
    today = today_plan(routines, window.sessions, journal, now=now, earlier=window.earlier)
    return today, window.since


NOWS = [
    datetime(2026, 11, 1, 9, 0, tzinfo=TZ),  # the morning after the history ends
    datetime(2026, 10, 31, 23, 30, tzinfo=TZ),  # the last day, late: sessions done today
    datetime(2026, 11, 9, 12, 0, tzinfo=TZ),  # a week off: some routines on a break
    datetime(2027, 3, 1, 12, 0, tzinfo=TZ),  # months later: everything before the window
]


@pytest.mark.parametrize("now", NOWS, ids=lambda now: now.strftime("%Y-%m-%d %H:%M"))
def test_load_today_gives_the_full_plan(dirs: Dirs, now: datetime) -> None:
    assert load_today(dirs, now=now).plan == full_plan(dirs, now)


@pytest.mark.parametrize("days", [2, 5, 20])
def test_short_windows_give_the_full_plan(dirs: Dirs, days: int) -> None:
    # Windows far shorter than a weekly routine's gap: the last session of a routine from before
    # the window is read on its own, and where the suggestions would need more than the window
    # holds, everything is loaded.
    before_window = 0
    for now in NOWS:
        windowed, since = window_plan(dirs, now, days)
        full = full_plan(dirs, now)
        assert windowed == full
        if since is not None:
            before_window += sum(
                1 for row in full.routines if row.last_session and row.last_session.day < since
            )
    assert before_window  # some routine was last done before the window, and it still shows


def test_a_streak_longer_than_the_window(dirs: Dirs) -> None:
    # The daily routines only: ten days hold enough of their sessions for every suggestion.
    save_plan(dirs.data, Plan(("a1-mobility", "a2-static-holds", "a3-eccentric", "b-isometrics")))
    now = NOWS[1]
    full = full_plan(dirs, now)
    windowed, since = window_plan(dirs, now, 10)
    assert since is not None and full.streak > (now.date() - since).days
    assert windowed == full


def test_an_old_red_flag_still_stops_everything(dirs: Dirs) -> None:
    store = HistoryStore(dirs.data)
    old = next(s for s in store.load().sessions if s.started.date() < END - timedelta(days=300))
    flagged = replace(old, id="f" * 32, red_flag=True)
    assert store.open_session(flagged, fsync=False).close().ok
    now = NOWS[0]
    plan = load_today(dirs, now=now).plan
    assert plan.red_flag is not None and plan.next_due is None
    assert plan == full_plan(dirs, now)
    record_event(dirs.data, ClinicianCleared(now - timedelta(hours=1), now.date()), fsync=False)
    cleared = load_today(dirs, now=now).plan
    assert cleared.red_flag is None and cleared == full_plan(dirs, now)
