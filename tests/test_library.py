"""The library: shipped routines plus the user's own, overrides, and broken files skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.storage.library import MAX_USER_FILES, load_files, load_library
from backtimer.storage.paths import Dirs, shipped_routines_dir


def routine_text(
    routine_id: str,
    *,
    name: str | None = None,
    program: str = "A",
    step: int | None = None,
    next_id: str | None = None,
    target: int = 30,
) -> str:
    """A small valid routine file."""
    lines = [
        f'id = "{routine_id}"',
        f'name = "{name or routine_id.title()}"',
        f'program = "{program}"',
        'frequency = "daily"',
    ]
    if step is not None:
        lines.append(f"step = {step}")
    if next_id is not None:
        lines.append(f'next = "{next_id}"')
    lines += [
        "",
        "[[exercise]]",
        'id = "hold"',
        'name = "Hold"',
        'kind = "hold"',
        f"dose = {{ target = {target} }}",
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A stand-in for the shipped folder: two routines of program A."""
    folder = tmp_path / "shipped"
    folder.mkdir()
    (folder / "a1.toml").write_text(routine_text("a1", step=1, next_id="a2"), encoding="utf-8")
    (folder / "a2.toml").write_text(routine_text("a2", step=2), encoding="utf-8")
    return folder


def _user(dirs: Dirs, name: str, text: str | bytes) -> Path:
    dirs.user_routines.mkdir(parents=True, exist_ok=True)
    path = dirs.user_routines / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_shipped_only(dirs: Dirs, shipped: Path) -> None:
    library = load_library(dirs, shipped=shipped)
    assert [r.id for r in library.routines] == ["a1", "a2"]
    assert {r.source for r in library.routines} == {"shipped"}
    assert library.problems == ()


def test_user_routines_are_listed_beside_shipped(dirs: Dirs, shipped: Path) -> None:
    _user(dirs, "mine.toml", routine_text("mine", program="mine"))
    library = load_library(dirs, shipped=shipped)
    assert [r.id for r in library.routines] == ["a1", "a2", "mine"]
    mine = library.get("mine")
    assert mine is not None and mine.source == "user" and not mine.overrides_shipped
    assert mine.path == str(dirs.user_routines / "mine.toml")


def test_user_routine_with_a_shipped_id_replaces_it(dirs: Dirs, shipped: Path) -> None:
    _user(dirs, "my-a2.toml", routine_text("a2", name="My A2", step=2, target=45))
    library = load_library(dirs, shipped=shipped)
    assert [r.id for r in library.routines] == ["a1", "a2"]
    a2 = library.get("a2")
    assert a2 is not None
    assert a2.name == "My A2" and a2.source == "user" and a2.overrides_shipped
    assert a2.exercises[0].dose.target == 45
    a1 = library.get("a1")
    assert a1 is not None and not a1.overrides_shipped


def test_broken_user_routine_is_reported_and_the_others_load(dirs: Dirs, shipped: Path) -> None:
    _user(dirs, "good.toml", routine_text("good", program="mine"))
    bad = _user(dirs, "bad.toml", routine_text("bad", program="mine").replace("30", "-30"))
    _user(dirs, "junk.toml", b"\x00\x01\x02garbage")
    _user(dirs, "empty.toml", "")
    library = load_library(dirs, shipped=shipped)
    assert [r.id for r in library.routines] == ["a1", "a2", "good"]
    files = {problem.file for problem in library.problems}
    assert files == {
        str(bad),
        str(dirs.user_routines / "junk.toml"),
        str(dirs.user_routines / "empty.toml"),
    }


def test_broken_override_leaves_the_shipped_routine(dirs: Dirs, shipped: Path) -> None:
    bad = _user(dirs, "a2.toml", routine_text("a2").replace('kind = "hold"', 'kind = "hodl"'))
    library = load_library(dirs, shipped=shipped)
    a2 = library.get("a2")
    assert a2 is not None and a2.source == "shipped"
    assert [p.file for p in library.problems] == [str(bad)]
    assert "did you mean 'hold'" in library.problems[0].message


def test_no_user_folder_is_fine(dirs: Dirs, shipped: Path) -> None:
    assert not dirs.user_routines.exists()
    assert load_library(dirs, shipped=shipped).problems == ()


def test_user_routines_path_that_is_a_file(dirs: Dirs, shipped: Path) -> None:
    dirs.config.mkdir(parents=True)
    dirs.user_routines.write_text("not a folder", encoding="utf-8")
    library = load_library(dirs, shipped=shipped)
    assert [r.id for r in library.routines] == ["a1", "a2"]


def test_only_toml_files_are_read(dirs: Dirs, shipped: Path) -> None:
    _user(dirs, "notes.txt", "hello")
    _user(dirs, "mine.toml.bak", "junk")
    _user(dirs, "mine.toml", routine_text("mine"))
    assert [r.id for r in load_library(dirs, shipped=shipped).routines] == ["a1", "a2", "mine"]


def test_hidden_files_are_skipped(dirs: Dirs, shipped: Path) -> None:
    # Editors leave lock files such as `.#mine.toml` (often a dangling symlink) beside the real one.
    _user(dirs, "mine.toml", routine_text("mine", program="mine"))
    (dirs.user_routines / ".#mine.toml").symlink_to("user@host.1234:1700000000")
    _user(dirs, ".mine.toml.swp.toml", "junk")
    library = load_library(dirs, shipped=shipped)
    assert library.problems == ()
    assert library.get("mine") is not None


def test_folder_named_like_a_routine_is_reported(dirs: Dirs, shipped: Path) -> None:
    (dirs.user_routines / "old.toml").mkdir(parents=True)
    library = load_library(dirs, shipped=shipped)
    (problem,) = library.problems
    assert problem.file == str(dirs.user_routines / "old.toml")
    assert "folder" in problem.message


def test_two_user_files_with_one_id(dirs: Dirs, shipped: Path) -> None:
    _user(dirs, "one.toml", routine_text("same", program="mine"))
    second = _user(dirs, "two.toml", "# the same again\n" + routine_text("same", program="mine"))
    library = load_library(dirs, shipped=shipped)
    assert [r.path for r in library.routines if r.id == "same"] == [
        str(dirs.user_routines / "one.toml")
    ]
    (problem,) = library.problems
    assert problem.file == str(second)
    assert problem.line == 2
    assert problem.key == "id"
    assert "duplicate routine id 'same'" in problem.message
    assert "one.toml" in problem.message


def test_user_next_may_name_a_shipped_or_user_routine(dirs: Dirs, shipped: Path) -> None:
    _user(dirs, "u1.toml", routine_text("u1", program="mine", next_id="u2"))
    _user(dirs, "u2.toml", routine_text("u2", program="mine", next_id="a1"))
    library = load_library(dirs, shipped=shipped)
    assert library.problems == ()
    assert {"u1", "u2"} <= {r.id for r in library.routines}


def test_next_naming_nothing_is_reported_with_a_suggestion(dirs: Dirs, shipped: Path) -> None:
    path = _user(dirs, "u.toml", routine_text("u", program="mine", next_id="a22"))
    library = load_library(dirs, shipped=shipped)
    assert library.get("u") is None
    (problem,) = library.problems
    assert problem.file == str(path)
    assert problem.key == "next"
    assert problem.line == 5
    assert "no routine has the id 'a22'; did you mean 'a2'?" in problem.message


def test_load_files_checks_next_against_known(tmp_path: Path, dirs: Dirs, shipped: Path) -> None:
    known = load_library(dirs, shipped=shipped).routines
    one = tmp_path / "one.toml"
    one.write_text(routine_text("one", next_id="a2"), encoding="utf-8")
    two = tmp_path / "two.toml"
    two.write_text(routine_text("two", next_id="nowhere"), encoding="utf-8")
    routines, problems = load_files([one, two], source="user", known=known)
    assert [r.id for r in routines] == ["one"]
    assert [(p.file, p.key) for p in problems] == [(str(two), "next")]
    assert "no routine has the id 'nowhere'" in problems[0].message


def test_load_files_next_naming_itself(tmp_path: Path) -> None:
    path = tmp_path / "loop.toml"
    path.write_text(routine_text("loop", next_id="loop"), encoding="utf-8")
    routines, problems = load_files([path], source="user")
    assert routines == []
    (problem,) = problems
    assert problem.key == "next" and "itself" in problem.message and problem.line == 5


def test_load_files_with_missing_and_garbage_paths(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.toml"
    garbage.write_bytes(bytes(range(256)))
    paths = [tmp_path / "missing.toml", tmp_path, garbage]
    routines, problems = load_files(paths, source="user")
    assert routines == []
    assert [p.file for p in problems] == [str(p) for p in paths]


def test_a_shipped_routine_whose_next_is_missing_is_reported(dirs: Dirs, shipped: Path) -> None:
    (shipped / "a2.toml").unlink()
    library = load_library(dirs, shipped=shipped)
    assert library.get("a1") is None
    assert [p.key for p in library.problems] == ["next"]


def test_listing_order_is_program_then_step_then_name(dirs: Dirs, shipped: Path) -> None:
    _user(dirs, "z.toml", routine_text("z", program="A", step=1, name="Zed"))
    _user(dirs, "b.toml", routine_text("b", program="B", name="Bee"))
    _user(dirs, "free.toml", routine_text("free", program="A", name="Free"))
    ids = [r.id for r in load_library(dirs, shipped=shipped).routines]
    assert ids == ["a1", "z", "a2", "free", "b"]


def test_too_many_user_files_are_cut_off_and_said_so(dirs: Dirs, shipped: Path) -> None:
    dirs.user_routines.mkdir(parents=True)
    for number in range(MAX_USER_FILES + 3):
        (dirs.user_routines / f"r{number:04}.toml").write_text(
            routine_text(f"r{number:04}", program="mine"), encoding="utf-8"
        )
    library = load_library(dirs, shipped=shipped)
    assert len(library.routines) == 2 + MAX_USER_FILES
    (problem,) = library.problems
    assert problem.file == str(dirs.user_routines)
    assert str(MAX_USER_FILES) in problem.message


def test_suggest_and_get(dirs: Dirs, shipped: Path) -> None:
    library = load_library(dirs, shipped=shipped)
    assert library.get("a1") is not None
    assert library.get("nope") is None
    assert library.suggest("a22") == "a2"
    assert library.suggest("completely-different") is None


def test_real_shipped_a2_loads() -> None:
    # Only a2 is relied on here (its `next` may not be shipped yet); the rest have their own tests.
    path = shipped_routines_dir() / "a2-static-holds.toml"
    _, problems = load_files([path], source="shipped")
    assert [p for p in problems if p.key != "next"] == []


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("", 2), ("pain_limit = 1\n", 1), ("pain_limit = 0\n", 0), ("pain_limit = 7\n", 2)],
)
def test_the_one_pain_limit_reaches_every_routine_and_exercise(
    tmp_path: Path, setting: str, expected: int
) -> None:
    """Pain rule: at most 1–2/10. A lower limit in config.toml is the limit progression and the
    session read from every exercise; a higher one is refused and 2 applies."""
    dirs = Dirs(config=tmp_path / "config", data=tmp_path / "data")
    dirs.config.mkdir()
    (dirs.config / "config.toml").write_text(setting, encoding="utf-8")
    library = load_library(dirs)
    assert library.routines
    assert {r.pain_limit for r in library.routines} == {expected}
    assert {e.pain_limit for r in library.routines for e in r.exercises} == {expected}
