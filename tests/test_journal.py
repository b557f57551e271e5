"""The journal: one file per decision or rating, written safely, read back tolerantly."""

from __future__ import annotations

import stat
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from backtimer.domain.journal import ClinicianCleared, JournalEvent, NextDayRating, TargetChange
from backtimer.storage.journal import journal_dir, load_journal, record_event

TZ = timezone(timedelta(hours=1))
AT = datetime(2026, 3, 3, 7, 30, tzinfo=TZ)

EVENTS: list[JournalEvent] = [
    NextDayRating(at=AT, rated_on=date(2026, 3, 3), training_date=date(2026, 3, 2), value=1),
    TargetChange(
        at=AT + timedelta(minutes=1),
        routine_id="a2-static-holds",
        exercise_id="static-hold",
        variant_id="pad-high",
        target=70,
        change="raise",
        accepted=True,
        reason="Reached 1 min in your last 2 sessions with pain 0–1: try 1 min 10 s.",
        from_variant_id="pad-high",
        from_target=60,
        evidence=("s1", "s2"),
    ),
    TargetChange(
        at=AT + timedelta(minutes=2),
        routine_id="a2-static-holds",
        exercise_id="static-hold",
        variant_id="pad-high",
        target=120,
        change="advance_step",
        accepted=False,
        next_routine="a3-eccentric",
    ),
    TargetChange(
        at=AT + timedelta(minutes=3),
        routine_id="a3-eccentric",
        exercise_id="slow-lowering",
        variant_id="hinge",
        target=12.5,
        change="manual",
        accepted=True,
    ),
    ClinicianCleared(at=AT + timedelta(minutes=4), cleared_on=date(2026, 3, 3)),
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: type(e).__name__)
def test_each_event_round_trips(tmp_path: Path, event: JournalEvent) -> None:
    path = record_event(tmp_path, event, fsync=False)
    assert path.parent == journal_dir(tmp_path) / "2026"
    events, problems = load_journal(tmp_path)
    assert problems == []
    assert events == [event]


def test_files_and_folders_are_private(tmp_path: Path) -> None:
    path = record_event(tmp_path, EVENTS[0])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (path.parent, journal_dir(tmp_path)):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_same_second_events_get_their_own_files_and_load_in_time_order(tmp_path: Path) -> None:
    for event in reversed(EVENTS):
        record_event(tmp_path, event, fsync=False)
    record_event(tmp_path, EVENTS[0], fsync=False)
    events, _ = load_journal(tmp_path)
    assert len(list(journal_dir(tmp_path).glob("*/*.toml"))) == len(EVENTS) + 1
    assert [e.at for e in events] == sorted(e.at for e in events)


def test_missing_journal_is_empty(tmp_path: Path) -> None:
    assert load_journal(tmp_path / "nothing-here") == ([], [])


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (NextDayRating(AT, date(2026, 3, 3), date(2026, 3, 2), 11), "0–10"),
        (ClinicianCleared(AT.replace(tzinfo=None), date(2026, 3, 3)), "timezone"),
        (
            TargetChange(AT, "r", "e", "v", -5, "raise", True),
            "0 or more",
        ),
    ],
)
def test_invalid_events_are_refused(tmp_path: Path, event: JournalEvent, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        record_event(tmp_path, event)
    assert not journal_dir(tmp_path).exists()


BAD_FILES = [
    ("syntax.toml", 'event = "next_day"\nat = 2026-03-03T07:30:00+01:00\nvalue = = 3\n', 3, "TOML"),
    (
        "value.toml",
        'event = "next_day"\nat = 2026-03-03T07:30:00+01:00\nrated_on = 2026-03-03\n'
        "training_date = 2026-03-02\nvalue = 12\n",
        5,
        "value",
    ),
    ("kind.toml", 'event = "mood"\nat = 2026-03-03T07:30:00+01:00\n', 1, "event"),
    (
        "naive.toml",
        'event = "clinician_cleared"\nat = 2026-03-03T07:30:00\ncleared_on = 2026-03-03\n',
        2,
        "UTC offset",
    ),
    (
        "extra.toml",
        'event = "clinician_cleared"\nat = 2026-03-03T07:30:00+01:00\ncleared_on = 2026-03-03\n'
        "mood = 3\n",
        4,
        "mood",
    ),
    ("empty.toml", "", None, "empty"),
]


@pytest.mark.parametrize(
    ("name", "text", "line", "words"), BAD_FILES, ids=[b[0] for b in BAD_FILES]
)
def test_bad_files_are_skipped_named_and_left_alone(
    tmp_path: Path, name: str, text: str, line: int | None, words: str
) -> None:
    good = record_event(tmp_path, EVENTS[0], fsync=False)
    bad = good.parent / name
    bad.write_text(text, encoding="utf-8")
    before = bad.read_bytes(), bad.stat().st_mtime_ns
    events, problems = load_journal(tmp_path)
    assert events == [EVENTS[0]]
    assert len(problems) == 1
    problem = problems[0]
    assert problem.file == str(bad)
    assert problem.line == line
    assert words in str(problem)
    assert str(bad) in str(problem) and "skipped" in str(problem)
    assert (bad.read_bytes(), bad.stat().st_mtime_ns) == before


def test_events_read_once_are_remembered_and_files_still_decide(tmp_path: Path) -> None:
    paths = [record_event(tmp_path, event, fsync=False) for event in EVENTS]
    assert load_journal(tmp_path) == (EVENTS, [])
    cache = tmp_path / "journal-cache.json"
    assert cache.is_file() and stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert load_journal(tmp_path) == (EVENTS, [])  # from the cache this time
    # A file changed by hand is read again; a deleted one is gone; a broken one is reported.
    paths[0].write_text(paths[0].read_text().replace("value = 1", "value = 4"))
    paths[1].unlink()
    paths[2].write_text("event = [")
    for _ in range(2):
        events, problems = load_journal(tmp_path)
        assert events[0] == NextDayRating(AT, date(2026, 3, 3), date(2026, 3, 2), 4)
        assert events[1:] == EVENTS[3:]
        assert [p.file for p in problems] == [str(paths[2])]
    cache.write_text("{not json")  # a damaged cache is ignored and rebuilt
    assert load_journal(tmp_path)[0] == events
    assert cache.read_text().startswith("{")
