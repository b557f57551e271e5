"""Session records survive the trip to TOML and back, and the file reads as documented."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from backtimer.storage.history import HistoryStore, SessionRecord, read_session_file
from backtimer.storage.history.toml_io import dumps, parse_session
from tests.support.records import START, sample_session, sample_set


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    record = sample_session(5)
    assert parse_session(dumps(record), tmp_path / "x.toml") == record


def test_round_trip_of_a_sparse_in_progress_session(tmp_path: Path) -> None:
    bare = replace(
        sample_set(0),
        actual_s=None,
        reps=12,
        stop_reason=None,
        pain=None,
        notes="",
        kind="reps",
        target=12,
        target_unit="reps",
        side="both",
    )
    record = replace(
        sample_session(0),
        status="in_progress",
        ended=None,
        red_flag=None,
        sets=(bare,),
        pains=(),
        pain_choices=(),
        notes="",
        speed=4.0,
    )
    text = dumps(record).decode()
    for absent in ("ended =", "red_flag", "actual_s", "stop_reason", "[[pain", "pain ="):
        assert absent not in text
    back = parse_session(text.encode(), tmp_path / "x.toml")
    assert back == record
    assert back.is_demo


def test_file_has_the_documented_keys_and_types(tmp_path: Path) -> None:
    record = sample_session(2)
    data = tomllib.loads(dumps(record).decode())
    assert data["schema"] == 1
    assert data["id"] == record.id
    assert data["started"] == START and data["started"].utcoffset() == timedelta(hours=1)
    assert data["status"] == "completed"
    assert data["speed"] == 1.0
    assert data["set"][0]["exercise_id"] == "back-extension-hold"
    assert data["set"][0]["target"] == 45 and isinstance(data["set"][0]["target"], int)
    assert data["pain"][1] == {
        "when": "exercise",
        "value": 5,
        "at": START + timedelta(minutes=1),
        "exercise_id": "back-extension-hold",
    }
    assert data["pain_choice"][0] == {
        "exercise_id": "back-extension-hold",
        "choice": "shorten",
        "at": START,
        "value": 6,
        "variant_id": "pad-high",
        "target": 45,
        "new_target": 32,
    }
    assert data["pain_choice"][1]["new_variant_id"] == "pad-high"


def test_an_old_carry_on_choice_is_still_read(tmp_path: Path) -> None:
    """Files written before the pain rule dropped "carry on" still load, unchanged."""
    record = sample_session(1, pain_choices=())
    text = dumps(record).decode() + (
        '\n[[pain_choice]]\nexercise_id = "back-extension-hold"\nchoice = "continue"\n'
        "at = 2026-11-22T07:22:12+01:00\nvalue = 4\n"
    )
    loaded = parse_session(text.encode(), tmp_path / "old.toml")
    assert [(c.choice, c.value, c.new_target) for c in loaded.pain_choices] == [
        ("continue", 4, None)
    ]


def test_actual_seconds_are_rounded_to_a_tenth(tmp_path: Path) -> None:
    record = replace(sample_session(1), sets=(replace(sample_set(0), actual_s=41.26),))
    assert "actual_s = 41.3" in dumps(record).decode()


def test_saved_file_reads_back_equal(tmp_path: Path) -> None:
    record: SessionRecord = sample_session(4)
    writer = HistoryStore(tmp_path).open_session(record)
    assert writer.last_result.ok and writer.path is not None
    assert writer.path.parent == tmp_path / "sessions" / "2026" / "11"
    assert writer.path.name == f"2026-11-22T0715-{record.id[:8]}.toml"
    assert read_session_file(writer.path) == record
    writer.close()
