"""Read a TOML file safely: any bytes at all come back as data or as a plain reason."""

from __future__ import annotations

import errno
import re
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backtimer.storage.toml.shape import shape_problem

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
    text = decode_text(raw)
    if isinstance(text, ReadFailure):
        return text
    data = parse_text(text)
    if isinstance(data, ReadFailure):
        return data
    return data, text


def decode_text(raw: bytes) -> str | ReadFailure:
    """The bytes of a file as text, or why they are not TOML text (empty, binary, not UTF-8)."""
    if not raw or raw.isspace():
        return ReadFailure("is empty")
    for bom, encoding in _OTHER_BOMS:
        if raw.startswith(bom):
            return ReadFailure(f"is {encoding} text; save it as UTF-8")
    if b"\x00" in raw:
        return ReadFailure("is a binary file, not TOML text")
    try:
        # utf-8-sig: a byte-order mark (Windows editors add one) is harmless, so it is skipped.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return ReadFailure(
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be decoded)", line
        )


def parse_text(text: str) -> dict[str, Any] | ReadFailure:
    """The TOML document in `text`, or why it is not valid TOML (with the line when known).

    The shape guard runs first, so keys of thousands of parts, absurd nesting and numbers of
    thousands of digits are refused in linear time instead of reaching `tomllib`.
    """
    too_big = shape_problem(text)
    if too_big is not None:
        return ReadFailure(*too_big)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return _syntax_failure(error)
    except (RecursionError, ValueError, OverflowError) as error:
        # The guard leaves tomllib nothing to recurse on or refuse; should a way past it turn up,
        # it is still a reason, not a traceback.
        return ReadFailure(f"is not valid TOML ({type(error).__name__})")


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
