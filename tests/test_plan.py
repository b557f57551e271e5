"""plan.toml: which routines the user follows, with a safe default and tolerant loading."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import (
    DEFAULT_FOLLOW,
    Plan,
    followed_routines,
    load_plan,
    plan_path,
    save_plan,
)


def test_absent_file_follows_step_one(tmp_path: Path) -> None:
    plan, problems = load_plan(tmp_path)
    assert plan.follow == DEFAULT_FOLLOW == ("a1-mobility",)
    assert problems == []
    assert not plan_path(tmp_path).exists()


def test_save_and_load_round_trip_privately(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = save_plan(data, Plan(("a2-static-holds", "b-walk")))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert load_plan(data) == (Plan(("a2-static-holds", "b-walk")), [])
    save_plan(data, Plan(()))
    assert load_plan(data) == (Plan(()), [])
    assert [p.name for p in data.iterdir()] == ["plan.toml"]


def test_save_refuses_a_bad_id(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a routine id"):
        save_plan(tmp_path, Plan(("Bad Id",)))


BAD = [
    ('# mine\nfollow = ["a2-static-holds",,]\n', 2, "not valid TOML", DEFAULT_FOLLOW),
    ('follow = "a2-static-holds"\n', 1, "expected a list", DEFAULT_FOLLOW),
    ("# nothing\nother = 1\n", 2, "unknown key 'other'", DEFAULT_FOLLOW),
    (
        'follow = ["a2-static-holds", "Not An Id", "a2-static-holds"]\n',
        1,
        "found the text 'Not An Id'; it is left out",
        ("a2-static-holds",),
    ),
]


@pytest.mark.parametrize(("text", "line", "words", "follow"), BAD)
def test_broken_files_are_reported_and_left_alone(
    tmp_path: Path, text: str, line: int, words: str, follow: tuple[str, ...]
) -> None:
    path = plan_path(tmp_path)
    path.write_text(text, encoding="utf-8")
    plan, problems = load_plan(tmp_path)
    assert plan.follow == follow
    assert any(p.line == line and words in p.message for p in problems), problems
    assert all(p.file == str(path) for p in problems)
    assert path.read_text(encoding="utf-8") == text


def test_plan_edits() -> None:
    plan = Plan(("a1-mobility", "b-walk"))
    assert plan.advanced("a1-mobility", "a2-static-holds").follow == ("a2-static-holds", "b-walk")
    assert plan.advanced("x", "a2-static-holds").follow == (
        "a1-mobility",
        "b-walk",
        "a2-static-holds",
    )
    assert plan.with_followed("b-walk") == plan
    assert plan.without("b-walk").follow == ("a1-mobility",)


def test_followed_routines_in_plan_order_and_unknown_ids_named(tmp_path: Path) -> None:
    library = load_library(Dirs(config=tmp_path / "config", data=tmp_path / "data"))
    found, missing = followed_routines(Plan(("b-walk", "nope", "a1-mobility")), library)
    assert [r.id for r in found] == ["b-walk", "a1-mobility"]
    assert missing == ["nope"]
