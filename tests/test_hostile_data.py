"""Hostile data files: each is skipped with a message naming it, quickly, and left as it was.

A session file with a key of thousands of dotted parts, a number of thousands of digits, a date in
year 1, a set of 1e308 seconds; a journal cache nested thousands deep or replaced by a pipe; a pipe
where a lock file goes; a relative data folder. Each once crashed or hung a command or a screen.
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from backtimer.cli.main import main
from backtimer.domain.journal import NextDayRating
from backtimer.storage.config import load_config
from backtimer.storage.history import HistoryFileError, HistoryStore, read_session_file
from backtimer.storage.history import live as live_module
from backtimer.storage.history.toml_io import dumps
from backtimer.storage.journal import load_journal, record_event
from backtimer.storage.journal_cache import CACHE_NAME
from backtimer.storage.paths import Dirs, resolve_dirs
from backtimer.storage.plan import load_plan
from backtimer.storage.rotation import load_swaps
from backtimer.storage.routines import load_routine_file
from backtimer.storage.toml import parse_text
from tests.support.records import START, sample_session

GOOD = dumps(sample_session(2)).decode()
QUOTED_KEY = '"a\\"".' * 3_000 + "b = 1\n"
"""3,000 quoted parts with escapes: no simple pattern sees it, and tomllib takes seconds."""


def _edited(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


# --- keys, nesting and digits: refused before tomllib, by every reader -------------------------

SHAPES: dict[str, tuple[str, str]] = {
    "quoted dotted key with escapes": (GOOD + QUOTED_KEY, "dotted key"),
    "dotted key in an inline table": (GOOD + "x = { " + "a." * 5_000 + "a = 1 }\n", "dotted key"),
    "integer of 4,400 digits in backtimer's own layout": (
        _edited("set_number = 1", "set_number = 1" + "0" * 4_400),
        "too many digits",
    ),
    "integer of 4,400 digits in a hand-edited file": (
        "# by hand\n" + _edited("set_number = 1", "set_number = 1" + "0" * 4_400),
        "too many digits",
    ),
    "hexadecimal of 5,000 digits": (GOOD + "x = 0x" + "f" * 5_000 + "\n", "too many digits"),
    "inline tables nested 5,000 deep": (
        GOOD + "x = " + "{a=" * 5_000 + "1" + "}" * 5_000 + "\n",
        "nested too deeply",
    ),
}


@pytest.mark.timeout(10)
@pytest.mark.parametrize("name", list(SHAPES))
def test_a_session_file_too_big_in_shape_is_skipped_with_its_line(
    tmp_path: Path, name: str
) -> None:
    text, words = SHAPES[name]
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    started = time.monotonic()
    with pytest.raises(HistoryFileError) as caught:
        read_session_file(path)
    assert time.monotonic() - started < 2
    assert words in caught.value.message
    assert str(path) in str(caught.value)
    assert "line " in caught.value.message


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.mark.timeout(10)
def test_every_reader_refuses_a_key_of_thousands_of_quoted_parts(tmp_path: Path) -> None:
    """Config, plan, rotation, journal and routine files share the guard with session files."""
    data = tmp_path / "data"
    config = _write(tmp_path / "config.toml", QUOTED_KEY)
    _write(data / "plan.toml", QUOTED_KEY)
    _write(data / "rotation.toml", QUOTED_KEY)
    _write(data / "journal" / "2026" / "2026-11-22T071500-target-abcdef.toml", QUOTED_KEY)
    routine = _write(tmp_path / "routine.toml", QUOTED_KEY)
    started = time.monotonic()
    problems = [
        *load_config(config)[1],
        *load_plan(data)[1],
        *load_swaps(data, date(2026, 11, 22))[1],
        *load_journal(data)[1],
        *load_routine_file(routine, source="user")[1],
    ]
    assert time.monotonic() - started < 3
    assert len(problems) == 5
    for problem in problems:
        assert "dotted key of more than 32 parts" in str(problem)
        assert problem.line == 1


def test_the_guard_counts_nothing_inside_strings_or_comments() -> None:
    text = 'notes = "' + "a." * 100 + '"\n# ' + "[" * 100 + "\nx = '" + "9" * 500 + "'\n"
    parsed = parse_text(text)
    assert isinstance(parsed, dict) and parsed["x"] == "9" * 500


# --- values a session cannot hold --------------------------------------------------------------

VALUES: dict[str, tuple[str, str, str]] = {
    "a start in year 1": (
        "started = 2026-11-22 07:15:00+01:00",
        "started = 0001-01-01 00:00:00+05:00",
        "key started: expected a date from the years 1970 to 2200",
    ),
    "an end in year 9999": (
        "ended = 2026-11-22 07:19:00+01:00",
        "ended = 9999-12-31 23:59:59-05:00",
        "key ended: expected a date from the years 1970 to 2200",
    ),
    "a set ending in year 9999": (
        "ended_at = 2026-11-22 07:16:00+01:00",
        "ended_at = 9999-12-31 23:59:59-05:00",
        "key set[0].ended_at: expected a date from the years 1970 to 2200",
    ),
    "a pain check-in in year 1": (
        "at = 2026-11-22 07:15:00+01:00",
        "at = 0001-01-01 00:00:00+05:00",
        "key pain[0].at: expected a date from the years 1970 to 2200",
    ),
    "a set of 1e308 seconds": (
        "actual_s = 40.0",
        "actual_s = 1e308",
        "key set[0].actual_s: expected a number, at least 0 and at most 86400",
    ),
    "a target of 1e308 seconds": (
        'target = 45\ntarget_unit = "s"',
        'target = 1e308\ntarget_unit = "s"',
        "key set[0].target: expected a number, at least 0 and at most 86400",
    ),
    "a billion reps": (
        "overtime = true",
        "reps = 1000000000\novertime = true",
        "key set[0].reps: expected a whole number from 0 to 10000",
    ),
    "a set number of 91 digits": (
        "set_number = 1",
        "set_number = 1" + "0" * 90,
        "key set[0].set_number: expected a whole number from 1 to 10000",
    ),
    "a routine name of 300,000 characters": (
        'routine_name = "',
        'routine_name = "' + "Ab " * 100_000,
        "key routine_name: expected at most 4000 characters, found 300020",
    ),
    "an exercise name of 5,000 characters": (
        'exercise_name = "',
        'exercise_name = "' + "x" * 5_000,
        "key set[0].exercise_name: expected at most 4000 characters, found 5019",
    ),
    "a speed of 1e308": ("speed = 1.0", "speed = 1e308", "key speed: expected a number"),
    "a speed of 1e-308": ("speed = 1.0", "speed = 1e-308", "key speed: expected a number"),
}


@pytest.mark.parametrize("name", list(VALUES))
def test_a_session_with_a_value_out_of_bounds_is_skipped_naming_line_and_key(
    tmp_path: Path, name: str
) -> None:
    """No set lasts longer than a day or has more than 10,000 reps; dates fall in 1970-2200."""
    old, new, words = VALUES[name]
    text = _edited(old, new)
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(HistoryFileError) as caught:
        read_session_file(path)
    assert words in caught.value.message
    assert f"line {_line_of(text, new)}" in caught.value.message
    assert str(path) in str(caught.value)


def test_a_journal_file_dated_year_1_is_skipped(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "journal" / "2026" / "2026-11-22T071500-next-day-abcdef.toml",
        'event = "next_day"\nat = 0001-01-01 00:00:00+05:00\nrated_on = 2026-11-22\n'
        "training_date = 2026-11-21\nvalue = 1\n",
    )
    events, problems = load_journal(tmp_path)
    assert events == []
    [problem] = problems
    assert problem.file == str(path) and problem.line == 2
    assert "from the years 1970 to 2200" in str(problem)


# --- the commands a user runs --------------------------------------------------------------------


def _plant(dirs: Dirs, name: str, text: str) -> Path:
    store = HistoryStore(dirs.data)
    store.open_session(sample_session(2)).close()
    return _write(dirs.sessions / "2026" / "11" / name, text)


@pytest.mark.parametrize(
    "command",
    [["today"], ["history"], ["export", "--format", "csv"], ["report"]],
    ids=lambda words: words[0],
)
@pytest.mark.parametrize("name", ["a start in year 1", "a set ending in year 9999"])
def test_commands_skip_a_session_dated_out_of_range_and_name_it(
    dirs: Dirs, capsys: pytest.CaptureFixture[str], command: list[str], name: str
) -> None:
    old, new, _ = VALUES[name]
    bad = _plant(dirs, "dated.toml", _edited(old, new))
    before = bad.read_bytes()
    code = main(["--data-dir", str(dirs.data), "--config-dir", str(dirs.config), *command])
    err = capsys.readouterr().err
    assert code == 0
    assert str(bad) in err and "1970 to 2200" in err
    assert bad.read_bytes() == before


# --- the journal cache: any damage and it is ignored and rebuilt ---------------------------------

CACHES: dict[str, bytes] = {
    "nested 100,000 deep": b"[" * 100_000 + b"]" * 100_000,
    "nested inside an entry": b'{"version": 1, "files": {"x": [1, 2, '
    + b"[" * 100_000
    + b"]" * 100_000
    + b"]}}",
    "not JSON": b"\xff\xfe garbage",
    "an integer of 5,000 digits": b'{"version": 1, "files": {"x": [' + b"9" * 5000 + b"]}}",
}


@pytest.mark.parametrize("name", list(CACHES))
def test_a_damaged_journal_cache_is_ignored_and_rebuilt(tmp_path: Path, name: str) -> None:
    event = sample_rating()
    record_event(tmp_path, event)
    (tmp_path / CACHE_NAME).write_bytes(CACHES[name])
    events, problems = load_journal(tmp_path)
    assert (events, problems) == ([event], [])
    assert (tmp_path / CACHE_NAME).read_bytes().startswith(b'{"version": 1')


@pytest.mark.timeout(10)
def test_a_pipe_in_place_of_the_journal_cache_is_neither_waited_on_nor_replaced(
    tmp_path: Path,
) -> None:
    event = sample_rating()
    record_event(tmp_path, event)
    os.mkfifo(tmp_path / CACHE_NAME)
    assert load_journal(tmp_path) == ([event], [])
    assert (tmp_path / CACHE_NAME).is_fifo()


def sample_rating() -> NextDayRating:
    return NextDayRating(at=START, rated_on=START.date(), training_date=date(2026, 11, 21), value=2)


# --- lock files ----------------------------------------------------------------------------------


@pytest.mark.timeout(10)
@pytest.mark.parametrize("kind", ["pipe", "folder", "link to a device"])
def test_history_does_not_wait_on_a_lock_file_that_is_not_a_file(
    dirs: Dirs, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    store = HistoryStore(dirs.data)
    record = sample_session(2, status="in_progress")
    store.open_session(record).close()
    live_module._open_here.discard(record.id)  # as if another process had written it
    lock = dirs.data / live_module.LIVE_DIR / f"{record.id}.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    if kind == "pipe":
        os.mkfifo(lock)
    elif kind == "folder":
        lock.mkdir()
    else:
        lock.symlink_to(os.devnull)
    assert main(["--data-dir", str(dirs.data), "--config-dir", str(dirs.config), "history"]) == 0
    assert "interrupted" in capsys.readouterr().out
    assert lock.exists()


# --- folders given as relative paths -------------------------------------------------------------


def test_relative_folders_are_made_absolute_once_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    dirs = resolve_dirs("conf", "data")
    assert dirs == Dirs(config=tmp_path / "conf", data=tmp_path / "data")
    monkeypatch.setenv("BACKTIMER_DATA_DIR", "elsewhere")
    monkeypatch.chdir("/")  # a later change of folder changes nothing already resolved
    assert resolve_dirs().data == Path("/elsewhere")
    assert dirs.data == tmp_path / "data"


@pytest.mark.timeout(10)
def test_a_two_megabyte_session_file_is_skipped_unread(tmp_path: Path) -> None:
    """tomllib would take seconds over it; no session file backtimer writes comes near 1 MB."""
    sets = GOOD[GOOD.index("[[set]]") :]
    path = _write(tmp_path / "big.toml", "# by hand\n" + GOOD + sets * (2_000_000 // len(sets)))
    started = time.monotonic()
    with pytest.raises(HistoryFileError) as caught:
        read_session_file(path)
    assert time.monotonic() - started < 1
    assert "too large to be a session file" in caught.value.message
    assert "the limit is 1 MB" in caught.value.message
