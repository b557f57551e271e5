"""The quick session-file reader agrees with tomllib on everything it accepts, or steps aside."""

from __future__ import annotations

import random
import tomllib
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from backtimer.storage.history.fast_toml import fast_loads
from backtimer.storage.history.toml_io import dumps
from tests.support.records import sample_session, sample_set


def _same(a: Any, b: Any) -> bool:
    """Equal, and equal in type and UTC offset too (plain == lets 1 == 1.0 and instants match)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, datetime):
        return a == b and a.utcoffset() == b.utcoffset() and a.tzinfo is not None
    return bool(a == b)


STRANGE_NOTES = [
    'says "ouch"',
    "back\\slash",
    "tab\there",
    "comma, equals = brace } bracket ]",
    "ünïcödé ✓ 🙂",
    "line\nbreak",
    "",
    "# not a comment",
]


def _samples() -> list[str]:
    texts = []
    utc = UTC
    minus = timezone(-timedelta(hours=5, minutes=30))
    for index, note in enumerate(STRANGE_NOTES):
        record = sample_session(index % 4)
        record = replace(
            record,
            notes=note,
            routine_name=note or "x",
            sets=(*record.sets, replace(sample_set(9), notes=note, actual_s=0.05, reps=0)),
            started=record.started.astimezone(utc if index % 2 else minus),
        )
        if index == 3:
            record = replace(record, started=record.started.replace(microsecond=123456))
        texts.append(dumps(record).decode())
    return texts


def test_backtimer_files_take_the_quick_path_and_match() -> None:
    for text in _samples():
        fast = fast_loads(text)
        expected = tomllib.loads(text)
        if "\\" not in text:
            assert fast is not None, text
        if fast is not None:
            assert _same(fast, expected)


@pytest.mark.parametrize(
    "text",
    [
        "a = 1\na = 2\n",  # duplicate key
        "pain = [\n    { a = 1 },\n]\n[[pain]]\nb = 1\n",  # append to a static array
        "a = [\n    { x = 1 }\n    { x = 2 },\n]\n",  # missing comma
        "a = 2026-02-30 07:00:00+01:00\n",  # no such day
        "a = 2026-01-01 07:00:00\n",  # no offset: a local date-time
        "a = 007\n",
        "a = 1.\n",
        "a = inf\n",
        'a = "x" # comment\n',
        "a = [\n    { x = 1 },\n",  # unterminated
        "a = 'literal'\n",
        "a.b = 1\n",
        "[table]\nx = 1\n",
        "a = 1\r\nb = 2\r\n",
        'a = "x\\"y"\n',
    ],
)
def test_anything_unusual_goes_to_tomllib(text: str) -> None:
    assert fast_loads(text) is None


def test_fuzzed_files_never_disagree_with_tomllib() -> None:
    rng = random.Random(11)
    originals = _samples()
    alphabet = ' \t\n"\\=,{}[]#.:+-_0123456789TZeE' + "abcxyz" + "é"
    accepted = 0
    for _ in range(3000):
        chars = list(rng.choice(originals))
        for _ in range(rng.randint(1, 3)):
            where = rng.randrange(len(chars))
            action = rng.random()
            if action < 0.4:
                chars[where] = rng.choice(alphabet)
            elif action < 0.7:
                del chars[where]
            else:
                chars.insert(where, rng.choice(alphabet))
        text = "".join(chars)
        fast = fast_loads(text)
        if fast is None:
            continue
        accepted += 1
        try:
            expected = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            pytest.fail(f"accepted what tomllib rejects:\n{text}")
        assert _same(fast, expected), text
    assert accepted > 300  # the quick path was really exercised
