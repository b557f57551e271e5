"""One problem with one file, and the one way a message shows the value it found.

Every file backtimer reads (routines, config, plan, journal and session files) reports what is
wrong the same way: the file, the line, the key, then "expected <what>, found <value>", the value
shown by `describe`: "found the number 5", "found the text 'R1'", "found nothing (the key is
missing)".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Final

from backtimer.domain.formatting import format_count
from backtimer.domain.text import visible


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: where (file, line, key) and what."""

    file: str
    message: str
    line: int | None = None
    key: str = ""
    """The key path as a user writes it, `exercise[1].dose.target`; empty for the whole file."""

    def __str__(self) -> str:
        # A file name is anyone's text: a control character in it is shown, not sent.
        where = f"{visible(self.file)}:{self.line}" if self.line else visible(self.file)
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"

    @property
    def without_file(self) -> str:
        """`line 12, key set[0].kind: expected ...`, for a caller that names the file itself."""
        parts = ([f"line {self.line}"] if self.line else []) + (
            [f"key {self.key}"] if self.key else []
        )
        return f"{', '.join(parts)}: {self.message}" if parts else self.message


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING: Any = _Missing()
"""Stands for a key that is not in its table (None is a value some checks accept)."""


NOT_SHOWN: Final = "not shown, as the file does not look like one of backtimer's"
"""Why a message about a file that is not recognisably backtimer's leaves out what it holds."""


def looks_ours(
    data: Any, marks: Mapping[str, type | tuple[type, ...]], *, every: bool = True
) -> bool:
    """Whether parsed TOML `data` has every one of `marks` (with `every=False`: any one), the
    top-level keys every file of its kind holds, each with a value of its type (a session
    file's `schema` number, `id` text and `started` date-time).

    Messages about a file without them quote no text from it: a link or a copy can put any
    file where backtimer looks, a file of secrets included.
    """
    if not isinstance(data, dict):
        return False
    found = (mark in data and isinstance(data[mark], kind) for mark, kind in marks.items())
    return all(found) if every else any(found)


def describe(value: Any, *, echo: bool = True) -> str:
    """How a found value is shown in a message: what it is, and a short rendering of it.

    With `echo=False` (a file that is not recognisably backtimer's) text is not quoted.
    """
    if isinstance(value, str) and not echo:
        return f"text of {format_count(len(value), 'character')} ({NOT_SHOWN})"
    if value is MISSING:
        return "nothing (the key is missing)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, float):
        return f"the number {value:g}"
    if isinstance(value, int):
        try:
            digits = str(value)
        except ValueError:  # past Python's 4,300 digits (a hexadecimal of 3,600 reaches it)
            return "a number of thousands of digits"
        return f"a number of {len(digits)} digits" if len(digits) > 20 else f"the number {digits}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return f"the date-time {value.isoformat()} without a UTC offset"
        return f"the date-time {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, time):
        return f"the time {value.isoformat()}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return f"a list of {format_count(len(value), 'item')}"
    return f"a {type(value).__name__}"


def unknown_key(key: str, hint: str, *, echo: bool = True) -> str:
    """The message for a key a file should not have, with a `hint` (a likely key, or all)."""
    return f"unknown key {key!r}{hint}" if echo else f"unknown key ({NOT_SHOWN})"


def expected_found(expected: str, found: Any, *, echo: bool = True) -> str:
    """The message for a value of the wrong type or out of range: `expected X, found Y`."""
    return f"expected {expected}, found {describe(found, echo=echo)}"
