"""The one guard every TOML reader passes before `tomllib`: no absurd keys, nesting or numbers.

`tomllib` takes time and memory quadratic in the parts of one dotted key (20,000 parts, 40 KB,
take 10 s and 1.6 GB), recurses once per level of nesting, and lets `int()` refuse a number of
thousands of digits. No file backtimer reads needs more than a few of any of these, so the text is
scanned once, in linear time, and refused with the line of the first thing too big. The scan knows
strings and comments, so nothing inside them counts; it is not a parser, and `tomllib` still
decides what is valid TOML.
"""

from __future__ import annotations

import re
from typing import Final

MAX_KEY_PARTS: Final = 32
"""No real key has more than a few dotted parts; thousands make tomllib crawl."""
MAX_NESTING: Final = 32
"""Arrays and tables inside each other; backtimer's files nest three deep."""
MAX_DIGITS: Final = 4_000
"""The longest number (or bare word starting with a digit) taken: below the 4,300 digits `int()`
refuses, so a number too big for its key still reaches the checker, which names the key."""

_TOKEN: Final = re.compile(
    r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:"""|\Z)'  # multi-line basic string
    r"|'''[^']*(?:'(?!'')[^']*)*(?:'''|\Z)"  # multi-line literal string
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"?'  # basic string, escapes included
    r"|'[^'\n]*'?"  # literal string
    r"|#[^\n]*"  # comment
    r"|[A-Za-z_][A-Za-z0-9_-]*"  # a bare key or word (true, inf)
    r"|[+-]?[0-9][A-Za-z0-9_+-]*"  # a number, a date or a bare key starting with a digit
    r"|[\[\]{}=,.\n]",
    re.DOTALL,
)
_BREAKS: Final = frozenset("[]{}=,\n")
"""Tokens that end a key: dots counted before them belong to one key."""


def shape_problem(text: str) -> tuple[str, int] | None:
    """What is too big about `text` for `tomllib`, and its line; None when nothing is.

    Linear in the length of `text`, and never raises.
    """
    dots = 0
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                return f"has a dotted key of more than {MAX_KEY_PARTS} parts", _line(text, match)
        elif first in _BREAKS:
            dots = 0
            if first in "[{":
                depth += 1
                if depth > MAX_NESTING:
                    return (
                        f"is nested too deeply to read (more than {MAX_NESTING} arrays or "
                        "tables inside each other)",
                        _line(text, match),
                    )
            elif first in "]}":
                depth = max(0, depth - 1)
        elif first in "+-0123456789" and len(token) > MAX_DIGITS:
            return f"has a number with too many digits (more than {MAX_DIGITS})", _line(text, match)
    return None


def _line(text: str, match: re.Match[str]) -> int:
    return text.count("\n", 0, match.start()) + 1
