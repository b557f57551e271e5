"""Read a TOML file safely and find which line each key sits on.

`tomllib` gives no positions for keys, so error messages would say *what* is wrong but not *where*.
`locate_keys` scans the text once and maps each key path to its line. It is a forgiving scanner,
not a parser: when it cannot place a key, callers fall back to the nearest enclosing table.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KeyPath = tuple[str | int, ...]

MAX_BYTES = 1024 * 1024
"""Refuse files larger than this: no real routine or session file comes near it."""


@dataclass(frozen=True)
class ReadFailure:
    """Why a file could not be read as TOML, with the line when there is one."""

    message: str
    line: int | None = None


def read_toml(path: Path, max_bytes: int = MAX_BYTES) -> tuple[dict[str, Any], str] | ReadFailure:
    """Return the parsed table and the source text, or a `ReadFailure` saying plainly why not.

    Never raises for bad input: missing paths, folders, unreadable or huge files, binary garbage,
    non-UTF-8 text, syntax errors and absurd nesting all come back as a `ReadFailure`.
    """
    try:
        if path.is_dir():
            return ReadFailure("is a folder, not a file")
        if not path.exists():
            return ReadFailure("no such file")
        size = path.stat().st_size
        if size > max_bytes:
            return ReadFailure(
                f"is too large to be a backtimer file ({size / 1_000_000:.1f} MB; "
                f"the limit is {max_bytes // 1024} KiB)"
            )
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        return ReadFailure(f"cannot be read: {error.strerror or error}")
    if len(raw) > max_bytes:
        return ReadFailure("is too large to be a backtimer file")
    if not raw.strip():
        return ReadFailure("is empty")
    if b"\x00" in raw:
        return ReadFailure("is a binary file, not TOML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return ReadFailure(
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be decoded)", line
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return _syntax_failure(error)
    except RecursionError:
        return ReadFailure("is nested too deeply to read (arrays or tables inside each other)")
    return data, text


_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_END_OF_DOCUMENT = re.compile(r"\s*\(at end of document\)\s*$")


def _syntax_failure(error: tomllib.TOMLDecodeError) -> ReadFailure:
    message = str(error)
    match = _POSITION.search(message)
    if match:
        base = message[: match.start()]
        return ReadFailure(
            f"is not valid TOML: {base} (column {match.group(2)})", int(match.group(1))
        )
    base = _END_OF_DOCUMENT.sub("", message)
    return ReadFailure(f"is not valid TOML: {base} (at the end of the file)")


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*(\]\]?)\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_INLINE_KEY = re.compile(r"""[{,]\s*([A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*=""")


def _split_dotted(key: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", key)
    return [part.strip("\"'") for part in parts]


def locate_keys(text: str) -> dict[KeyPath, int]:
    """Map key paths to 1-based line numbers.

    Arrays of tables get integer indexes: the second `[[exercise]]` is `("exercise", 1)`, and a
    key under it `("exercise", 1, "dose")`. Keys inside one-line inline tables are placed on
    their line too.
    """
    lines: dict[KeyPath, int] = {}
    counts: dict[KeyPath, int] = {}
    base: KeyPath = ()
    in_multiline: str | None = None

    def resolve(names: list[str]) -> KeyPath:
        # Each prefix that names an array of tables stands for its latest element.
        path: KeyPath = ()
        for name in names:
            path = (*path, name)
            if path in counts:
                path = (*path, counts[path] - 1)
        return path

    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline is not None:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        header = _HEADER.match(line)
        if header and len(header.group(1)) == len(header.group(3)):
            names = _split_dotted(header.group(2))
            if header.group(1) == "[[":
                parent = resolve(names[:-1])
                array: KeyPath = (*parent, names[-1])
                index = counts.get(array, 0)
                counts[array] = index + 1
                lines.setdefault(array, number)
                base = (*array, index)
            else:
                base = resolve(names)
            lines[base] = number
            continue
        key = _KEY.match(line)
        if not key:
            continue
        path = (*base, *_split_dotted(key.group(1)))
        lines.setdefault(path, number)
        rest = line[key.end() :]
        for quote in ('"""', "'''"):
            if rest.count(quote) % 2 == 1:
                in_multiline = quote
        if rest.lstrip().startswith("{"):
            for inner in _INLINE_KEY.finditer(rest):
                lines.setdefault((*path, inner.group(1).strip("\"'")), number)
    return lines


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The line of `path`, or of its nearest enclosing key or table that the scanner placed."""
    for end in range(len(path), 0, -1):
        found = lines.get(path[:end])
        if found is not None:
            return found
    return None


def format_path(path: KeyPath) -> str:
    """`("exercise", 1, "dose", "target")` → `exercise[1].dose.target`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text
