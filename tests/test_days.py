"""Which day a session belongs to: the local date where it was done, in its own recorded offset,
on the home screen, in `backtimer today`, the statistics and the report alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

from backtimer.domain.records import SessionRecord
from backtimer.services.stats_loading import report_stats
from backtimer.services.today import load_today
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import Plan, save_plan
from tests.support.today import session, write

SUMMER = timezone(timedelta(hours=2))  # Central European Summer Time
WINTER = timezone(timedelta(hours=1))  # after the clocks went back, Sunday 25 October 2026
SUNDAY = date(2026, 10, 25)


def just_after_midnight(day: date) -> SessionRecord:
    """Mobility at 00:30 summer time: 23:30 the evening before in winter time."""
    record = session("a1-mobility", day, 0)
    started = datetime.combine(day, time(0, 30), tzinfo=SUMMER)
    sets = tuple(replace(item, ended_at=started + timedelta(minutes=3)) for item in record.sets)
    return replace(record, started=started, ended=started + timedelta(minutes=3), sets=sets)


def test_across_the_clocks_going_back_home_and_report_count_the_same_days(dirs: Dirs) -> None:
    save_plan(dirs.data, Plan(("a1-mobility",)))
    for days_back in (2, 1, 0):  # Friday, Saturday and Sunday, each at 00:30 summer time
        write(dirs, just_after_midnight(SUNDAY - timedelta(days=days_back)))
    monday = datetime.combine(SUNDAY + timedelta(days=1), time(9, 0), tzinfo=WINTER)
    home = load_today(dirs, now=monday).plan
    stats, _problems = report_stats(dirs, today=monday.date(), since=None)
    assert home.streak == stats.streak == 3
    assert home.last_session is not None and home.last_session.day == SUNDAY
    assert sorted(stats.calendar) == [SUNDAY - timedelta(days=n) for n in (2, 1, 0)]


def test_a_session_after_midnight_summer_time_is_done_today_after_the_change(dirs: Dirs) -> None:
    save_plan(dirs.data, Plan(("a1-mobility",)))
    write(dirs, just_after_midnight(SUNDAY))
    noon = datetime.combine(SUNDAY, time(12, 0), tzinfo=WINTER)
    [row] = load_today(dirs, now=noon).plan.routines
    assert (row.done, row.status) == (1, "1 of 3 today")
    assert load_today(dirs, now=noon).plan.streak == 1
