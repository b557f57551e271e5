"""Read a TOML file safely and find which line each key sits on.

`tomllib` gives no positions for keys, so error messages would say *what* is wrong but not *where*.
`locate_keys` scans the text once and maps each key path to its line. It is a forgiving scanner,
not a parser: when it cannot place a key, callers fall back to the nearest enclosing table.
"""

from __future__ import annotations

import errno
import re
import stat
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
        # stat() rather than exists()/is_dir(): those turn a symlink loop into "missing".
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return ReadFailure("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            # A pipe or a device could block forever or never end.
            return ReadFailure("is not a regular file (a pipe, socket or device?)")
        size = info.st_size
        if size > max_bytes:
            return ReadFailure(
                f"is too large to be a backtimer file ({size / 1_000_000:.1f} MB; "
                f"the limit is {max_bytes // 1024} KiB)"
            )
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        if error.errno == errno.ENOENT:
            return ReadFailure("no such file")
        if error.errno == errno.ELOOP:
            return ReadFailure("is a symbolic link that loops back on itself")
        return ReadFailure(f"cannot be read: {error.strerror or error}")
    if len(raw) > max_bytes:
        return ReadFailure("is too large to be a backtimer file")
    if not raw.strip():
        return ReadFailure("is empty")
    for bom, encoding in _OTHER_BOMS:
        if raw.startswith(bom):
            return ReadFailure(f"is {encoding} text; save it as UTF-8")
    if b"\x00" in raw:
        return ReadFailure("is a binary file, not TOML text")
    try:
        # utf-8-sig: a byte-order mark (Windows editors add one) is harmless, so it is skipped.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return ReadFailure(
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be decoded)", line
        )
    long_key = _LONG_DOTTED_KEY.search(text)
    if long_key:
        # tomllib takes time and memory quadratic in the parts of one dotted key.
        return ReadFailure(
            f"has a dotted key of more than {MAX_KEY_PARTS} parts",
            text.count("\n", 0, long_key.start()) + 1,
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return _syntax_failure(error)
    except RecursionError:
        return ReadFailure("is nested too deeply to read (arrays or tables inside each other)")
    except ValueError:
        # tomllib lets int() refuse a number of thousands of digits with a plain ValueError.
        digits = _LONG_NUMBER.search(text)
        at = text.count("\n", 0, digits.start()) + 1 if digits else None
        return ReadFailure("is not valid TOML: a number has far too many digits", at)
    return data, text


MAX_KEY_PARTS = 32
"""No real key has more than a few dotted parts; thousands make tomllib crawl."""

_LONG_DOTTED_KEY = re.compile(
    r"""(?<![A-Za-z0-9_"'-])(?:(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*\.[ \t]*)"""
    + f"{{{MAX_KEY_PARTS},}}"
)
_LONG_NUMBER = re.compile(r"[0-9_]{4000,}")
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


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


_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
# The name must be a key: a line such as `[1, 2]` inside a multi-line array is not a header.
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*(\]\]?)\s*(#.*)?$")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")
_INLINE_KEY = re.compile(r"""[{,]\s*([A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*=""")


def _split_dotted(key: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", key)
    return [part.strip("\"'") for part in parts]


# What decides where a value ends: comments, strings (whose brackets do not count) and brackets.
_TOKEN = re.compile(r"""#|\"\"\"|'''|"(?:[^"\\\n]|\\.)*"?|'[^'\n]*'?|[\[\]]""")


def _scan_value(fragment: str) -> tuple[int, str | None]:
    """How many `[` the fragment leaves open, and the multi-line string delimiter it leaves open."""
    depth = 0
    position = 0
    while match := _TOKEN.search(fragment, position):
        token = match.group()
        position = match.end()
        if token == "#":
            break
        if token in ('"""', "'''"):
            close = fragment.find(token, position)
            if close < 0:
                return depth, token
            position = close + 3
        elif token == "[":
            depth += 1
        elif token == "]":
            depth -= 1
    return depth, None


def locate_keys(text: str) -> dict[KeyPath, int]:
    """Map key paths to 1-based line numbers.

    Arrays of tables get integer indexes: the second `[[exercise]]` is `("exercise", 1)`, and a
    key under it `("exercise", 1, "dose")`. Keys inside one-line inline tables are placed on
    their line too. Lines inside multi-line strings and multi-line arrays are skipped.
    """
    lines: dict[KeyPath, int] = {}
    counts: dict[KeyPath, int] = {}
    base: KeyPath = ()
    in_multiline: str | None = None
    depth = 0  # the `[` a multi-line array value has left open

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
            close = line.find(in_multiline)
            if close < 0:
                continue
            # Up to two more quotes may end the string ("""a""""" is `a""`).
            rest = line[close + 3 :].lstrip(in_multiline[0])
            in_multiline = None
            if depth > 0:
                opened, in_multiline = _scan_value(rest)
                depth = max(0, depth + opened)
            continue
        if depth > 0:
            opened, in_multiline = _scan_value(line)
            depth = max(0, depth + opened)
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
        # `dose.target = 30` also places `dose`, so problems with the table point here.
        for end in range(len(base) + 1, len(path) + 1):
            lines.setdefault(path[:end], number)
        rest = line[key.end() :]
        opened, in_multiline = _scan_value(rest)
        depth = max(0, opened)
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
