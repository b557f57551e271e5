"""Reading and checking TOML files: one reader, one key locator, one checker, one wording.

- `read`: the bytes of a file as a TOML table, or a plain reason why not (`read_toml`).
- `shape`: the guard every reader passes before `tomllib` (`shape_problem`): no key of thousands
  of parts, no absurd nesting, no number of thousands of digits.
- `keys`: which line each key sits on (`locate_keys`), and key paths as a user writes them.
- `problem`: `Problem` (file, line, key, message) and `describe`, the one way a found value is
  shown ("found the number 5"), never quoting a file that is not recognisably backtimer's
  (`looks_ours`).
- `checker`: `Checker`, which pulls typed values out of tables and records what is wrong; its
  text checks (`text_checks`) refuse control characters in files a person writes.
"""

from __future__ import annotations

from backtimer.storage.toml.checker import (
    MAX_PROBLEMS,
    MAX_TEXT,
    YEARS,
    Checker,
    CheckFailed,
)
from backtimer.storage.toml.keys import KeyPath, format_path, line_of, locate_keys
from backtimer.storage.toml.problem import (
    MISSING,
    NOT_SHOWN,
    Problem,
    describe,
    expected_found,
    looks_ours,
)
from backtimer.storage.toml.read import (
    MAX_BYTES,
    ReadFailure,
    decode_text,
    parse_text,
    read_toml,
)
from backtimer.storage.toml.text_checks import ID_WORDS

__all__ = [
    "ID_WORDS",
    "MAX_BYTES",
    "MAX_PROBLEMS",
    "MAX_TEXT",
    "MISSING",
    "NOT_SHOWN",
    "YEARS",
    "CheckFailed",
    "Checker",
    "KeyPath",
    "Problem",
    "ReadFailure",
    "decode_text",
    "describe",
    "expected_found",
    "format_path",
    "line_of",
    "locate_keys",
    "looks_ours",
    "parse_text",
    "read_toml",
]
