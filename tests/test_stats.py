"""Statistics over synthetic and hand-made history: what counts, bests, sides, pain, adherence."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backtimer.domain import stats as st
from backtimer.domain.journal import NextDayRating
from backtimer.domain.routine import Frequency
from backtimer.domain.stats.rows import Details, SessionRow, SetRow
from backtimer.domain.training import counts_as_training
from backtimer.storage.history import (
    HistoryStore,
    PainCheck,
    SessionRecord,
    SetRecord,
    live,
    read_session_file,
)
from backtimer.storage.history.stats_query import (
    IndexReader,
    IndexUnreadable,
    rows_from_records,
)
from tests.support.history import make_history

TODAY = date(2026, 11, 1)


def _set(value: float, *, side: str = "both", target: float = 30, pain: int | None = None,
         exercise: str = "hold", variant: str = "standard", stop: str | None = None) -> SetRow:  # fmt: skip
    return SetRow(exercise, exercise.title(), "hold", variant, side, "s", target, value, pain, stop)


def _session(key: int, day: date, sets: tuple[SetRow, ...], *, status: str = "completed",
             speed: float = 1.0, routine: str = "a2-static-holds", red_flag: bool | None = False,
             pains: tuple[tuple[str, int], ...] = ()) -> tuple[SessionRow, Details]:  # fmt: skip
    started = datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC)
    row = SessionRow(key, f"id{key}", routine, routine.title(), started, day, status, speed,
                     red_flag, len(sets), f"/x/{key}.toml")  # fmt: skip
    return row, Details(sets, pains)


def _history(*items: tuple[SessionRow, Details]) -> tuple[list[SessionRow], dict[int, Details]]:
    return [row for row, _ in items], {row.key: details for row, details in items}


def test_demo_in_progress_and_interrupted_sessions_are_left_out() -> None:
    day = TODAY - timedelta(days=1)
    rows, details = _history(
        _session(1, day, (_set(30),)),
        _session(2, day, (_set(99),), speed=10.0),
        _session(3, day, (_set(98),), status="in_progress"),
        _session(4, day, (_set(97),), status="interrupted"),
    )
    stats = st.compute(rows, details, today=TODAY, range_key="4w")
    hold = stats.exercise("hold")
    assert hold is not None
    assert [p.value for p in hold.sides["both"]] == [30]
    assert hold.bests["both"].value == 30
    assert stats.counted == 1
    assert stats.calendar == {day: 1}
    assert len(stats.sessions) == 4  # the list shows every session, marked


def test_a_session_with_no_sets_counts_nowhere_in_the_stats() -> None:
    monday = date(2026, 10, 19)
    rows, details = _history(
        _session(1, monday, (_set(30),)),
        _session(2, monday + timedelta(days=1), ()),
        _session(3, monday + timedelta(days=2), (), status="ended_early"),
    )
    stats = st.compute(rows, details, today=monday + timedelta(days=2), range_key="4w",
                       prescribed={"a2-static-holds": 7.0})  # fmt: skip
    assert stats.counted == 1
    assert stats.calendar == {monday: 1}
    assert (stats.streak, stats.longest_streak) == (0, 1)
    week = next(w for w in stats.weeks if w.start == monday)
    assert week.done == 1
    (routine,) = stats.routines
    assert routine.done == 1
    assert [c.sessions for c in st.routine_choices(rows)] == [1]
    assert len(stats.sessions) == 3  # still listed, as demo runs are


def test_daily_best_target_and_personal_best_over_the_whole_history() -> None:
    old = TODAY - timedelta(days=200)
    rows, details = _history(
        _session(1, old, (_set(80, target=60),)),
        _session(2, TODAY - timedelta(days=3), (_set(40, target=45), _set(44, target=45))),
        _session(3, TODAY - timedelta(days=3), (_set(42, target=45),)),
    )
    stats = st.compute(rows, details, today=TODAY, range_key="4w")
    hold = stats.exercise("hold")
    assert hold is not None
    assert hold.sides["both"] == (st.Point(TODAY - timedelta(days=3), 44, 45),)
    assert hold.bests["both"] == st.Best(80, old)  # outside the range, still the best
    assert stats.bests_complete


def test_left_and_right_apart_with_the_gap() -> None:
    items = []
    for offset in range(12):
        day = TODAY - timedelta(days=offset)
        sets = (_set(20, side="left", exercise="plank"), _set(25, side="right", exercise="plank"))
        items.append(_session(offset, day, sets))
    rows, details = _history(*reversed(items))
    plank = st.compute(rows, details, today=TODAY, range_key="4w").exercise("plank")
    assert plank is not None and plank.per_side
    assert set(plank.sides) == {"left", "right"}
    gap = plank.gap
    assert gap is not None
    assert (gap.left, gap.right, gap.gap, gap.weaker, gap.days) == (20, 25, 5, "left", st.GAP_DAYS)
    assert gap.percent == pytest.approx(20.0)


def test_variants_are_separate_series() -> None:
    rows, details = _history(
        _session(1, TODAY, (_set(100, variant="bilateral"), _set(30, variant="single-leg"))),
    )
    stats = st.compute(rows, details, today=TODAY, range_key="4w")
    assert {e.key for e in stats.exercises} == {"hold:bilateral", "hold:single-leg"}
    single = stats.exercise("hold:single-leg")
    assert single is not None and single.title == "Hold (single leg)"


def test_pain_by_when_including_next_day_and_set_ratings() -> None:
    day = TODAY - timedelta(days=2)
    rows, details = _history(
        _session(1, day, (_set(30, pain=3), _set(30, pain=1)),
                 pains=(("before", 2), ("exercise", 6), ("after", 1))),
    )  # fmt: skip
    rating = NextDayRating(datetime(2026, 10, 31, 9, tzinfo=UTC), day + timedelta(1), day, 4)
    stats = st.compute(rows, details, today=TODAY, range_key="4w", ratings=[rating])
    by_when = {p.when: p for p in stats.pain}
    assert by_when["before"].days == (st.PainDay(day, 2, 2, 1),)
    assert by_when["exercise"].high == 6
    assert by_when["exercise"].over_limit_days == 1
    assert by_when["after"].mean == 1
    assert by_when["next-day"].days == (st.PainDay(day, 4, 4, 1),)
    assert [w.what for w in stats.warnings] == ["pain 6/10 (during)"]


def test_streaks_count_back_from_today_or_yesterday() -> None:
    days = [TODAY - timedelta(days=n) for n in (1, 2, 3, 6, 7)]
    assert st.streaks(days, TODAY) == (3, 3)
    assert st.streaks([*days, TODAY], TODAY) == (4, 4)
    assert st.streaks([TODAY - timedelta(days=5)], TODAY) == (0, 1)


def test_sessions_per_week_against_prescribed() -> None:
    monday = date(2026, 10, 19)
    items = [_session(n, monday + timedelta(days=n), (_set(30),)) for n in range(7)]
    rows, details = _history(*items)
    stats = st.compute(rows, details, today=date(2026, 10, 25), range_key="4w",
                       prescribed={"a2-static-holds": 14.0})  # fmt: skip
    week = next(w for w in stats.weeks if w.start == monday)
    assert (week.done, week.prescribed) == (7, 14.0)
    (routine,) = stats.routines
    assert routine.per_week == pytest.approx(7.0)
    assert routine.percent == pytest.approx(50.0)
    assert st.PER_WEEK[Frequency.EVERY_OTHER_DAY] == 3.5


def test_ranges_and_routine_filter() -> None:
    rows, details = _history(
        _session(1, TODAY - timedelta(days=100), (_set(30),)),
        _session(2, TODAY - timedelta(days=40), (_set(31),), routine="a3-eccentric"),
        _session(3, TODAY - timedelta(days=5), (_set(32),)),
    )
    assert st.compute(rows, details, today=TODAY, range_key="4w").counted == 1
    assert st.compute(rows, details, today=TODAY, range_key="3m").counted == 2
    every = st.compute(rows, details, today=TODAY, range_key="all")
    assert every.counted == 3 and every.start == TODAY - timedelta(days=100)
    mine = st.compute(rows, details, today=TODAY, range_key="all", routine_id="a3-eccentric")
    assert [s.id for s in mine.sessions] == ["id2"]
    assert [c.routine_id for c in st.routine_choices(rows)] == ["a2-static-holds", "a3-eccentric"]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("history")
    make_history(data, years=0.25, seed=3, end=TODAY)
    return data


def test_the_index_path_agrees_with_loading_every_record(synthetic: Path) -> None:
    store = HistoryStore(synthetic)
    loaded = store.load()  # also builds the index
    slow_rows, slow_details = rows_from_records(loaded.sessions, loaded.files)
    with IndexReader.open(store) as reader:
        fast = reader.sessions()
        fast_details = reader.details([s.key for s in fast.sessions])
    assert [s.id for s in fast.sessions] == [s.id for s in slow_rows]
    assert [s.file for s in fast.sessions] == [s.file for s in slow_rows]
    assert [fast_details[s.key] for s in fast.sessions] == [slow_details[s.key] for s in slow_rows]
    for range_key in st.RANGES:
        a = st.compute(fast.sessions, fast_details, today=TODAY, range_key=range_key)
        b = st.compute(slow_rows, slow_details, today=TODAY, range_key=range_key)
        assert a.exercises == b.exercises
        assert a.pain == b.pain
        assert (a.calendar, a.weeks, a.streak) == (b.calendar, b.weeks, b.streak)


def test_the_index_aggregates_give_the_stats_of_the_whole_history(synthetic: Path) -> None:
    store = HistoryStore(synthetic)
    loaded = store.load()
    rows, details = rows_from_records(loaded.sessions, loaded.files)
    with IndexReader.open(store) as reader:
        bests = st.bests_from_top_sets(reader.top_sets())
        assert bests == st.personal_bests(rows, details)
        signature = reader.signature()
        choices = st.choices_from_index(reader.range_data(None, TODAY, None).totals)
        assert choices == st.routine_choices(rows) and len(choices) > 1
        for routine_id in (None, choices[1].routine_id):
            for range_key in st.RANGES:
                start = None if range_key == "all" else st.range_start(range_key, TODAY)
                found = reader.range_data(start, TODAY, routine_id)
                assert found.signature == signature
                history = st.overview_from_index(found.days, found.totals, routine_id)
                assert history == st.overview(rows, routine_id)
                fast = st.compute(
                    found.sessions, found.details, today=TODAY, range_key=range_key,
                    routine_id=routine_id, history=history, start=found.start,
                )  # fmt: skip
                slow = st.compute(
                    rows, details, today=TODAY, range_key=range_key, routine_id=routine_id
                )
                assert [s.id for s in fast.sessions] == [s.id for s in slow.sessions]
                assert (fast.start, fast.calendar, fast.weeks, fast.routines) == (
                    slow.start, slow.calendar, slow.weeks, slow.routines,
                )  # fmt: skip
                assert (fast.streak, fast.longest_streak) == (slow.streak, slow.longest_streak)
                assert (fast.pain, fast.warnings) == (slow.pain, slow.warnings)
                # Bests from the range alone: complete only when the range holds everything.
                assert fast.bests_complete == (fast.start <= history.days[0])
                with_bests = st.compute(
                    found.sessions, found.details, today=TODAY, range_key=range_key,
                    routine_id=routine_id, history=history, start=found.start, bests=bests,
                )  # fmt: skip
                assert with_bests.exercises == slow.exercises and with_bests.bests_complete


def test_a_session_in_two_files_counts_once_in_the_index_aggregates(
    synthetic: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(synthetic, data)
    store = HistoryStore(data)
    store.update_index()  # not left to another test that may run on another worker
    week = TODAY - timedelta(days=7)
    with IndexReader.open(store) as reader:
        before = reader.range_data(week, TODAY, None)
        top = reader.top_sets()
    newest = before.sessions[-1]
    copy = Path(newest.file).with_name(Path(newest.file).stem + " (conflicted copy).toml")
    shutil.copy(newest.file, copy)
    store.update_index()
    with IndexReader.open(store) as reader:
        after = reader.range_data(week, TODAY, None)
        assert after.signature != before.signature
        assert (after.totals, after.days, reader.top_sets()) == (before.totals, before.days, top)
        assert [s.id for s in after.sessions] == [s.id for s in before.sessions]


def test_an_in_progress_session_left_by_its_writer_reads_interrupted(
    synthetic: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(synthetic, data)
    now = datetime(2026, 11, 1, 20, tzinfo=UTC)
    store = HistoryStore(data, clock=lambda: now)
    store.update_index()  # its own index: not one an earlier test may have built in `synthetic`
    with IndexReader.open(store) as reader:
        newest = reader.range_data(TODAY - timedelta(days=3), TODAY, None).sessions[-1]
    crashed = replace(read_session_file(Path(newest.file)), id="c" * 32, status="in_progress")
    assert store.open_session(crashed, fsync=False).close().ok
    store.update_index()
    with IndexReader.open(store) as reader:
        raw = reader.range_data(TODAY - timedelta(days=3), TODAY, None)
        checked = reader.range_data(
            TODAY - timedelta(days=3), TODAY, None,
            lambda session_id, last: live.is_live(data, session_id, last, now),
        )  # fmt: skip
    assert [s.status for s in raw.sessions if s.id == crashed.id] == ["in_progress"]
    listed = {s.id: s.status for s in store.summaries(TODAY - timedelta(days=3)).sessions}
    assert {s.id: s.status for s in checked.sessions} == listed
    assert listed[crashed.id] == "interrupted"


def test_the_index_counts_what_the_training_rule_counts(synthetic: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = HistoryStore(data)
    base = HistoryStore(synthetic).load().sessions[-1]
    assert base.sets and counts_as_training(base)
    kinds: list[dict[str, Any]] = [
        {},
        {"sets": ()},
        {"speed": 10.0},
        {"status": "interrupted"},
        {"status": "in_progress"},
        {"status": "ended_early", "sets": base.sets[:1]},
    ]
    for n, change in enumerate(kinds):
        started = base.started - timedelta(days=len(kinds) - n)
        record = replace(base, id=f"{n:032x}", started=started, ended=None, **change)
        assert store.open_session(record, fsync=False).close().ok
    loaded = store.load()
    rows, _ = rows_from_records(loaded.sessions, loaded.files)
    counted = [s for s in loaded.sessions if counts_as_training(s)]
    assert [s.id for s in counted] == [f"{0:032x}", f"{5:032x}"]
    with IndexReader.open(store) as reader:
        found = reader.range_data(None, TODAY, None)
    assert found.days == st.overview(rows).days == tuple(s.started.date() for s in counted)
    assert [t.sessions for t in found.totals] == [2]


def test_no_index_is_reported_not_guessed(tmp_path: Path) -> None:
    with pytest.raises(IndexUnreadable):
        IndexReader.open(HistoryStore(tmp_path))
    (tmp_path / "index.sqlite3").write_bytes(b"not a database at all" * 10)
    with pytest.raises(IndexUnreadable):
        IndexReader.open(HistoryStore(tmp_path))


def test_records_become_rows() -> None:
    start = datetime(2026, 10, 1, 7, 0, tzinfo=UTC)
    record = SessionRecord(
        id="abc", routine_id="r", routine_name="R", routine_fingerprint="f", started=start,
        status="completed", sets=(
            SetRecord("e", "E", "reps", "standard", "left", 1, 10, "reps", start, 31.0, 9),
        ),
        pains=(PainCheck("before", 2, start),),
    )  # fmt: skip
    rows, details = rows_from_records([record], {"abc": "/f.toml"})
    assert rows[0].file == "/f.toml" and rows[0].day == date(2026, 10, 1)
    assert details[rows[0].key].sets[0].value == 9.0  # reps, not seconds, for a rep target
    assert details[rows[0].key].pains == (("before", 2),)
