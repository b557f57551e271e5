"""Adherence in the report and the stats: routines followed but not done, lapses, and the one
"a week" denominator (days over 7)."""

from __future__ import annotations

from datetime import timedelta

from backtimer.domain import stats as st
from backtimer.render.report import build, to_markdown
from backtimer.services.stats_loading import report_stats
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import Plan, save_plan
from tests.support.today import WEDNESDAY, session, write


def report(dirs: Dirs, days: int | None = None) -> tuple[str, st.Stats]:
    since = None if days is None else WEDNESDAY - timedelta(days=days - 1)
    stats, problems = report_stats(dirs, today=WEDNESDAY, since=since)
    assert not problems
    return to_markdown(build(stats, since=since, generated=WEDNESDAY)), stats


def test_a_followed_routine_never_done_shows_in_adherence_at_zero_percent(dirs: Dirs) -> None:
    save_plan(dirs.data, Plan(("a1-mobility", "a2-static-holds")))
    for days_ago in range(7):
        write(dirs, session("a1-mobility", WEDNESDAY - timedelta(days=days_ago), 8))
    text, stats = report(dirs)
    rows = {r.routine_id: r for r in stats.routines}
    never = rows["a2-static-holds"]
    assert (never.name, never.done, never.percent) == ("Static holds", 0, 0.0)
    assert "| Static holds | 0 | 0.0 | 14 | 0% |" in text
    # Mobility (21 a week) and static holds (14 a week), over the 7 days: 35 prescribed.
    assert "prescribe 35.0 a week" in text


def test_a_month_without_sessions_still_prescribes_what_the_plan_follows(dirs: Dirs) -> None:
    save_plan(dirs.data, Plan(("a1-mobility",)))
    for days_ago in range(40, 50):
        write(dirs, session("a1-mobility", WEDNESDAY - timedelta(days=days_ago), 8))
    text, stats = report(dirs, days=28)
    assert all(week.prescribed > 0 for week in stats.weeks)
    assert "prescribe 0.0 a week" not in text
    assert "Sessions done: 0 (0.0 a week; the routines followed prescribe 21.0 a week: 0%)" in text
    assert "| Mobility | 0 | 0.0 | 21 | 0% |" in text


def test_the_report_headline_and_its_table_divide_by_the_same_weeks(dirs: Dirs) -> None:
    """Two weeks of twice-a-day static holds, Thursday to Wednesday: three calendar weeks are
    touched, but it is 14 days, so 14.0 a week in the headline and in the table alike."""
    save_plan(dirs.data, Plan(("a2-static-holds",)))
    for days_ago in range(14):
        day = WEDNESDAY - timedelta(days=days_ago)
        write(dirs, session("a2-static-holds", day, 8), session("a2-static-holds", day, 18))
    text, _stats = report(dirs, days=14)
    assert "Sessions done: 28 (14.0 a week; the routines followed prescribe 14.0 a week" in text
    assert "| Static holds | 28 | 14.0 | 14 | 100% |" in text
    assert "per 7 days" in text


def test_a_followed_routine_never_done_counts_from_when_the_history_began(dirs: Dirs) -> None:
    """Three months on show, but training began 5 days ago: static holds, followed and never
    done, are owed 5 days of sessions, not 13 weeks of them."""
    save_plan(dirs.data, Plan(("a1-mobility", "a2-static-holds")))
    for days_ago in range(5):
        write(dirs, session("a1-mobility", WEDNESDAY - timedelta(days=days_ago), 8))
    _text, stats = report(dirs, days=91)
    never = {r.routine_id: r for r in stats.routines}["a2-static-holds"]
    assert round(never.weeks * 7, 6) == 5
    assert stats.prescribed_total == 25.0  # (21 + 14) × 5 / 7


def test_before_the_first_session_a_followed_routine_is_owed_today_only(dirs: Dirs) -> None:
    save_plan(dirs.data, Plan(("a1-mobility", "a2-static-holds")))
    _text, stats = report(dirs, days=91)
    assert {r.routine_id: r.done for r in stats.routines} == {
        "a1-mobility": 0,
        "a2-static-holds": 0,
    }
    assert stats.prescribed_total == 5.0  # (21 + 14) / 7: today only
