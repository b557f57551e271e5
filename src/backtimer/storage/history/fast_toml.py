"""A quick reader for session files in exactly the layout backtimer writes, else nothing.

`tomllib` is a careful pure-Python parser, and ten years of history is 11,000 files. The files
backtimer writes are regular: `key = value` lines, `[[set]]`-style headers, and arrays of one-line
inline tables. `fast_loads` reads only that layout, checking each value against the same rules
as `tomllib` (strings without escapes, decimal integers and floats, booleans, offset
date-times), and gives up — returns None — at the first thing it does not recognise. The caller
then uses `tomllib`, which also produces the error message for files that are not valid TOML.
So this can only ever agree with `tomllib`, or step aside; a test fuzzes that promise.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Final

_KEY_VALUE: Final = re.compile(r"([A-Za-z0-9_-]+) = (.+)")
_HEADER: Final = re.compile(r"\[\[([A-Za-z0-9_-]+)\]\]")
# A basic string with no escapes: any character but `"`, `\` and control characters (tab is
# allowed, as in TOML).
_STRING: Final = re.compile(r'"([^"\\\x00-\x08\x0a-\x1f\x7f]*)"')
_INTEGER: Final = re.compile(r"[+-]?(?:0|[1-9][0-9]*)")
_LONGEST_INTEGER: Final = 19
"""Digits of the longest integer taken here; backtimer writes none longer than a few."""
_LONGEST_FLOAT: Final = 32
_FLOAT: Final = re.compile(
    r"[+-]?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)"
)
# The offset date-time of tomllib's grammar, restricted to a `T` or space separator and to
# whole seconds or exactly six decimals (what Python's isoformat writes).
_DATETIME: Final = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])[T ]"
    r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{6})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
_INLINE_PAIR: Final = re.compile(
    r'([A-Za-z0-9_-]+) = ("[^"\\\x00-\x08\x0a-\x1f\x7f]*"|[0-9]{4}-[0-9]{2}-[0-9]{2} [^ ,{}]+'
    r'|[^ ,{}\[\]"]+)'
)


class _GiveUp(Exception):
    """Not the layout this reader knows; use tomllib."""


def _scalar(raw: str) -> Any:
    first = raw[0]
    if first == '"':
        match = _STRING.fullmatch(raw)
        if match is None:
            raise _GiveUp
        return match.group(1)
    if raw == "true":
        return True
    if raw == "false":
        return False
    if len(raw) >= 20 and raw[4] == "-" and _DATETIME.fullmatch(raw):
        try:
            return datetime.fromisoformat(raw)
        except ValueError:  # e.g. 31 February: tomllib rejects it too, and says so
            raise _GiveUp from None
    if _INTEGER.fullmatch(raw):
        if len(raw) > _LONGEST_INTEGER:
            raise _GiveUp  # the shape guard explains; int() would refuse past 4,300 digits
        return int(raw)
    if _FLOAT.fullmatch(raw):
        if len(raw) > _LONGEST_FLOAT:
            raise _GiveUp  # as above: a number no writer makes is for the guard to explain
        return float(raw)
    raise _GiveUp


def _inline_table(line: str) -> tuple[dict[str, Any], bool]:
    """Parse `    { k = v, k = v },`; returns the table and whether a comma followed it."""
    if not line.startswith("    { "):
        raise _GiveUp
    if line.endswith(" },"):
        body, comma = line[6:-3], True
    elif line.endswith(" }"):
        body, comma = line[6:-2], False
    else:
        raise _GiveUp
    table: dict[str, Any] = {}
    position = 0
    while True:
        match = _INLINE_PAIR.match(body, position)
        if match is None:
            raise _GiveUp
        key = match.group(1)
        if key in table:
            raise _GiveUp
        table[key] = _scalar(match.group(2))
        position = match.end()
        if position == len(body):
            return table, comma
        if not body.startswith(", ", position):
            raise _GiveUp
        position += 2


def fast_loads(text: str) -> dict[str, Any] | None:
    """The document as tomllib would return it, or None when it is not in backtimer's layout."""
    try:
        return _loads(text)
    except _GiveUp:
        return None


def _loads(text: str) -> dict[str, Any]:
    root: dict[str, Any] = {}
    table = root
    static: set[str] = set()  # top-level `key = [...]` arrays: TOML forbids a `[[key]]` after
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    count = len(lines)
    index = 0
    while index < count:
        line = lines[index]
        index += 1
        if not line:
            continue
        if line[0] == "[":
            header = _HEADER.fullmatch(line)
            if header is None:
                raise _GiveUp
            name = header.group(1)
            tables = root.get(name)
            if tables is None:
                tables = root[name] = []
            elif name in static or not isinstance(tables, list):
                raise _GiveUp
            table = {}
            tables.append(table)
            continue
        match = _KEY_VALUE.fullmatch(line)
        if match is None:
            raise _GiveUp
        key, raw = match.groups()
        if key in table:
            raise _GiveUp
        if raw != "[":
            table[key] = _scalar(raw)
            continue
        items = []
        comma = True
        while index < count and lines[index] != "]":
            if not comma:
                raise _GiveUp  # two items without a comma between them
            item, comma = _inline_table(lines[index])
            items.append(item)
            index += 1
        if index == count:
            raise _GiveUp
        index += 1
        table[key] = items
        if table is root:
            static.add(key)
    return root
