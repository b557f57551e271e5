"""Repeated holds (a Pallof press: 8 holds of 5 s on each side): the target is per hold, so the
summary, "last time", the file, the statistics, the report and progression all compare the time
of each hold with it, and count the holds, never the total time held."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

from backtimer.domain import stats as st
from backtimer.domain.progression.history import reached
from backtimer.domain.progression.model import ExerciseState
from backtimer.domain.records import SessionRecord, SetRecord
from backtimer.render.report import build, to_markdown
from backtimer.render.summary import last_time, summary_rows
from backtimer.services.stats_loading import report_stats
from backtimer.storage.history import HistoryStore
from backtimer.storage.history.stats_query import IndexReader, rows_from_records
from backtimer.storage.history.toml_io import dumps, parse_session
from backtimer.storage.paths import Dirs
from tests.support.clock import FakeClock
from tests.support.engine import one_exercise, run, started

PALLOF = """
id = "pallof-press"
name = "Pallof press"
kind = "repeated_hold"
sets = 1
rest_s = 30
side_gap_s = 10
sides = "each"
dose = { target = 5, min = 5, max = 5, step = 1 }
repeat = { count = 8, relax_s = 2 }
"""
TZ = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 20)


def pallof_set(day: date, side: str, *, holds_done: int = 8, old: bool = False) -> SetRecord:
    """One side of a Pallof press: `holds_done` of 8 holds of 5 s (as files before per-hold
    times were written, when `old`)."""
    return SetRecord(
        exercise_id="pallof-press",
        exercise_name="Pallof press",
        kind="repeated_hold",
        variant_id="standard",
        side=side,  # type: ignore[arg-type]
        set_number=1,
        target=5.0,
        target_unit="s",
        ended_at=datetime.combine(day, time(8, 5), tzinfo=TZ),
        actual_s=5.0 * holds_done,
        reps=holds_done,
        hold_s=None if old else 5.0,
        holds=None if old else 8,
    )


def pallof_session(day: date, *, holds_done: int = 8, old: bool = False) -> SessionRecord:
    started_at = datetime.combine(day, time(8, 0), tzinfo=TZ)
    return SessionRecord(
        id=f"{day:%Y%m%d}{'0' * 24}",
        routine_id="b-isometrics",
        routine_name="Still holds",
        routine_fingerprint="test",
        started=started_at,
        status="completed",
        ended=started_at + timedelta(minutes=5),
        sets=tuple(
            pallof_set(day, side, holds_done=holds_done, old=old) for side in ("left", "right")
        ),
        red_flag=False,
    )


def test_the_summary_shows_holds_of_5_s_against_a_target_of_5_s_per_hold() -> None:
    clock = FakeClock()
    routine = one_exercise(PALLOF)
    session = started(routine, clock)
    run(session, clock, 5 + (8 * 5 + 7 * 2) * 2 + 10 + 1)
    [row] = summary_rows(routine, session.records, [])
    assert row.target == "8 × 5 s"
    assert row.actual == "L 8 × 5 s · R 8 × 5 s"
    assert "40" not in row.actual


def test_a_repeated_hold_is_saved_with_the_time_of_each_hold_and_old_files_still_read() -> None:
    record = pallof_session(TODAY)
    text = dumps(record).decode()
    assert "hold_s = 5.0" in text and "holds = 8" in text
    assert parse_session(dumps(record), "x.toml") == record
    old = pallof_session(TODAY, old=True)
    back = parse_session(dumps(old), "old.toml")
    assert (back.sets[0].hold_s, back.sets[0].holds) == (None, None)
    assert back.sets[0].value == 5.0  # 40 s over 8 holds: 5 s each


def test_last_time_shows_the_holds_not_the_total() -> None:
    routine = one_exercise(PALLOF)
    assert last_time([pallof_session(TODAY)], routine) == {
        "pallof-press": f"L 8 × 5 s · R 8 × 5 s ({TODAY.day} Nov)"
    }


def test_stats_and_report_compare_each_hold_with_the_per_hold_target(dirs: Dirs) -> None:
    store = HistoryStore(dirs.data)
    days = [TODAY - timedelta(days=n) for n in range(20, -1, -1)]
    for day in days:
        assert store.open_session(pallof_session(day), fsync=False).close().ok
    stats, _problems = report_stats(dirs, today=TODAY, since=None)
    [pallof] = stats.exercises
    assert pallof.per_hold and pallof.title == "Pallof press"
    assert {p.value for points in pallof.sides.values() for p in points} == {5.0}
    assert pallof.bests["left"].value == 5.0
    text = to_markdown(build(stats, since=None, generated=TODAY))
    assert "| Pallof press | left | 5 s | 5 s | no change | 5 s | 5 s" in text
    assert "40 s" not in text
    with IndexReader.open(store) as reader:  # the index's personal bests agree
        bests = st.bests_from_top_sets(reader.top_sets())
    assert bests[("pallof-press", "left")].value == 5.0
    loaded = store.load()
    rows, details = rows_from_records(loaded.sessions, loaded.files)
    assert st.personal_bests(rows, details) == bests


def test_progression_needs_every_hold_not_forty_seconds_in_all() -> None:
    state = ExerciseState("pallof-press", "standard", 5.0)
    assert reached(pallof_session(TODAY), state)
    # Three holds of 5 s: 15 s in all, far over the 5 s target, but 5 of 8 holds missing.
    assert not reached(pallof_session(TODAY, holds_done=3), state)
    raised = replace(state, target=6.0)  # 8 holds of 5 s do not reach holds of 6 s
    assert not reached(pallof_session(TODAY), raised)
    assert not reached(pallof_session(TODAY, old=True), raised)
