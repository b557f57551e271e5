"""Hostile data files, generated: whatever a file holds, a reader answers quickly, in words.

Property-based (Hypothesis), one test per family of `test_hostile_data.py`: keys, nesting and
numbers; values out of bounds; the journal cache; lock files; relative folders. Examples are few
and derandomized, so the suite stays fast and every run tries the same files.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer.domain.journal import NextDayRating
from backtimer.domain.records import MAX_SET_COUNT, MAX_SET_SECONDS, SessionRecord
from backtimer.domain.training import SPEEDS
from backtimer.storage.history import HistoryFileError, HistoryStore
from backtimer.storage.history import live as live_module
from backtimer.storage.history.export import export_text
from backtimer.storage.history.toml_io import dumps, parse_session
from backtimer.storage.journal import load_journal, record_event
from backtimer.storage.journal_cache import CACHE_NAME
from backtimer.storage.paths import resolve_dirs
from backtimer.storage.toml import YEARS, parse_text
from tests.support.records import START, sample_session

FEW = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example],
)
GOOD = dumps(sample_session(2)).decode()
SECONDS_PER_FILE = 2.0
"""The most one hostile file may cost a reader (a whole command must answer within 5 s)."""


def _read(text: str) -> SessionRecord | HistoryFileError:
    started = time.monotonic()
    try:
        record: SessionRecord | HistoryFileError = parse_session(text.encode(), "hostile.toml")
    except HistoryFileError as error:
        record = error
    assert time.monotonic() - started < SECONDS_PER_FILE
    return record


# --- keys, nesting and numbers -----------------------------------------------------------------

_PARTS = st.sampled_from(["a", "set", '"a\\"b"', "'lit'", '"x.y"', "1", "a-b"])
_SEPARATORS = st.sampled_from([".", " . ", "\t.", "."])


@st.composite
def _dotted_keys(draw: st.DrawFn) -> str:
    parts = draw(st.lists(_PARTS, min_size=1, max_size=3_000))
    key = parts[0] + "".join(draw(_SEPARATORS) + part for part in parts[1:])
    return draw(st.sampled_from([f"{key} = 1", f"[{key}]", f"[[{key}]]", f"x = {{ {key} = 1 }}"]))


@st.composite
def _nesting(draw: st.DrawFn) -> str:
    depth = draw(st.integers(1, 20_000))
    opener, closer, inner = draw(st.sampled_from([("[", "]", "1"), ("{a=", "}", "1")]))
    return f"x = {opener * depth}{inner}{closer * depth}"


@st.composite
def _numbers(draw: st.DrawFn) -> str:
    digits = draw(st.integers(1, 6_000))
    prefix = draw(st.sampled_from(["", "-", "+", "0x", "0o", "0b"]))
    digit = {"0x": "f", "0o": "7", "0b": "1"}.get(prefix, "9")
    number = prefix + "1" + digit * (digits - 1)
    key = draw(st.sampled_from(["set_number", "reps", "target", "actual_s", "schema", "x"]))
    return f"{key} = {number}"


@FEW
@given(
    fragment=st.one_of(_dotted_keys(), _nesting(), _numbers()),
    where=st.floats(0, 1),
    hand_edited=st.booleans(),
)
def test_any_key_nesting_or_number_is_read_or_refused_in_words(
    fragment: str, where: float, hand_edited: bool
) -> None:
    lines = GOOD.splitlines()
    at = int(where * len(lines))
    text = "\n".join([*lines[:at], fragment, *lines[at:]]) + "\n"
    _read(("# edited by hand\n" if hand_edited else "") + text)


_KEYS = st.text(st.sampled_from("ab_-1 ."), min_size=1, max_size=5)
_SCALARS = st.one_of(
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.datetimes(timezones=st.just(UTC)),
)
_DOCUMENTS = st.dictionaries(
    _KEYS,
    st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
        max_leaves=20,
    ),
    max_size=6,
)


@FEW
@given(document=_DOCUMENTS)
def test_the_guard_refuses_nothing_backtimer_could_write(document: dict[str, Any]) -> None:
    """Within the limits the guard reads exactly what tomllib reads."""
    text = tomli_w.dumps(document)
    assert parse_text(text) == tomllib.loads(text)


# --- values out of bounds ----------------------------------------------------------------------

_OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
_WHEN = st.datetimes(datetime(1, 1, 2), datetime(9999, 12, 30), timezones=_OFFSETS)
_AMOUNT = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**300), 10**300),
    st.sampled_from([1e308, -1e308, 5e-324, 86_400, 86_400.1, 10_000, 10_001]),
)


def _toml(value: object) -> str:
    return tomli_w.dumps({"v": value})[4:].strip()


@FEW
@given(
    key=st.sampled_from(["actual_s", "target", "reps", "set_number", "speed", "new_target"]),
    amount=_AMOUNT,
    when_key=st.sampled_from(["started", "ended", "ended_at", "at"]),
    when=_WHEN,
)
def test_a_session_is_read_within_bounds_or_refused(
    key: str, amount: float, when_key: str, when: datetime
) -> None:
    """No set longer than a day, no more than 10,000 reps, dates in 1970-2200."""
    text = GOOD.replace("\novertime = ", "\nreps = 10\novertime = ", 1)
    for name, value in ((key, _toml(amount)), (when_key, _toml(when))):
        start = text.index(f"\n{name} = ") + len(name) + 4
        end = text.index("\n", start)
        text = text[:start] + value + text[end:]
    record = _read(text)
    if isinstance(record, HistoryFileError):
        assert "hostile.toml" in str(record) and "line " in record.message
        return
    times = [record.started, record.ended, *(s.ended_at for s in record.sets)]
    times += [p.at for p in record.pains] + [c.at for c in record.pain_choices]
    for moment in times:
        assert moment is None or YEARS[0] <= moment.year <= YEARS[1]
        assert moment is None or moment.astimezone(UTC)  # no overflow in any time zone
    assert SPEEDS[0] <= record.speed <= SPEEDS[1]
    for item in record.sets:
        assert 0 <= item.target <= MAX_SET_SECONDS and 1 <= item.set_number <= MAX_SET_COUNT
        assert item.actual_s is None or 0 <= item.actual_s <= MAX_SET_SECONDS
        assert item.reps is None or 0 <= item.reps <= MAX_SET_COUNT
    export_text([record], "csv")
    export_text([record], "json")


# --- the journal cache -------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=30,
)
_RATING = NextDayRating(
    at=START, rated_on=START.date(), training_date=START.date() - timedelta(days=1), value=2
)


@st.composite
def _caches(draw: st.DrawFn) -> bytes:
    """A cache file: random JSON, random bytes, or a real-looking cache with a bad entry."""
    kind = draw(st.sampled_from(["json", "bytes", "entry", "deep"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "deep":
        depth = draw(st.integers(1, 200_000))
        return b"[" * depth + b"]" * draw(st.integers(0, depth))
    if kind == "json":
        return json.dumps(draw(_JSON)).encode()
    entry = [
        draw(st.sampled_from(["n", "t", "c", "d", "l", 7])),
        draw(st.one_of(st.just("0001-01-01T00:00:00+05:00"), st.text(max_size=30), _JSON)),
        *draw(st.lists(_JSON, max_size=12)),
    ]
    # The file's name, size and time go in by the test: the entry must match to be used.
    return json.dumps({"version": 1, "files": {"*": ["size", "time", entry]}}).encode()


@FEW
@given(cache=_caches())
def test_whatever_the_journal_cache_holds_the_journal_reads_the_same(cache: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        path = record_event(data, _RATING)
        info = path.stat()
        matching = (
            cache.replace(
                b'"*"', json.dumps(path.relative_to(data / "journal").as_posix()).encode()
            )
            .replace(b'"size"', str(info.st_size).encode())
            .replace(b'"time"', str(info.st_mtime_ns).encode())
        )
        (data / CACHE_NAME).write_bytes(matching)
        assert load_journal(data) == ([_RATING], [])


# --- lock files --------------------------------------------------------------------------------


@FEW
@given(
    kind=st.sampled_from(["pipe", "folder", "device", "dangling", "loop", "file"]),
    content=st.binary(max_size=64),
)
def test_any_lock_file_is_answered_without_waiting(kind: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        lock = data / live_module.LIVE_DIR / "feedface.lock"
        lock.parent.mkdir()
        if kind == "pipe":
            os.mkfifo(lock)
        elif kind == "folder":
            lock.mkdir()
        elif kind == "device":
            lock.symlink_to(os.devnull)
        elif kind == "dangling":
            lock.symlink_to(data / "nowhere")
        elif kind == "loop":
            lock.symlink_to(lock)
        else:
            lock.write_bytes(content)
        started = time.monotonic()
        live = live_module.is_live(data, "feedface", START, START)
        assert time.monotonic() - started < 1
        assert live is False  # nobody holds a lock on any of them
        assert HistoryStore(data).load().sessions == ()


# --- relative folders --------------------------------------------------------------------------


@FEW
@given(
    config=st.text(st.sampled_from("abc-_. 1"), min_size=1, max_size=12),
    data=st.text(st.sampled_from("abc-_. 1/"), min_size=1, max_size=12),
)
def test_relative_folders_become_absolute(config: str, data: str) -> None:
    dirs = resolve_dirs(config, data)
    assert dirs.config.is_absolute() and dirs.data.is_absolute()
    assert dirs.data == Path.cwd() / data or data.startswith("/")
