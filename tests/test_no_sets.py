"""A session with no sets of the routine (ended before its first set, or after the warm-up only)
is no training, on every path that counts days: today's dose, the streak, the statistics and
their index, and the report (`domain/training.py`: "has at least one set of the routine")."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from backtimer.services.stats_loading import report_stats
from backtimer.services.today import load_today
from backtimer.storage.history import HistoryStore
from backtimer.storage.history.stats_query import IndexReader
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import Plan, save_plan
from tests.support.today import NOW, WEDNESDAY, session, write


def test_sessions_without_sets_add_nothing_to_today_or_the_streak(dirs: Dirs) -> None:
    save_plan(dirs.data, Plan(("a2-static-holds",)))
    write(dirs, session("a2-static-holds", WEDNESDAY - timedelta(days=1), 8))
    empty = replace(session("a2-static-holds", WEDNESDAY, 8), sets=())
    warm_up = session("a2-static-holds", WEDNESDAY, 9)
    warm_up = replace(
        warm_up,
        status="ended_early",
        sets=tuple(replace(s, exercise_id="warm-up", warmup=True) for s in warm_up.sets),
    )
    write(dirs, empty, warm_up)
    plan = load_today(dirs, now=NOW).plan
    [row] = plan.routines
    assert (row.done, row.status) == (0, "0 of 2 today")
    assert plan.streak == 1
    assert plan.last_session is not None and plan.last_session.day < WEDNESDAY
    stats, _problems = report_stats(dirs, today=WEDNESDAY, since=None)
    assert (stats.streak, stats.counted, sorted(stats.calendar)) == (
        1,
        1,
        [WEDNESDAY - timedelta(days=1)],
    )
    store = HistoryStore(dirs.data)
    store.update_index()
    with IndexReader.open(store) as reader:
        found = reader.range_data(None, WEDNESDAY, None, lambda *_: False)
    assert found.days == (WEDNESDAY - timedelta(days=1),)
