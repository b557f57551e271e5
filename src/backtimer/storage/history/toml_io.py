"""Session files: turn a `SessionRecord` into TOML text and read one back, checking every key.

Reading is strict and explains itself: any problem raises `HistoryFileError` naming the file and
saying what is wrong, with the line for syntax errors and the key path (and its line, when it can
be placed) for format errors. Reading never changes a file.
"""

from __future__ import annotations

import math
import os
import stat
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any, Final, NoReturn

import tomli_w

from backtimer.domain.records import (
    SCHEMA_VERSION,
    PainCheck,
    PainChoice,
    SessionRecord,
    SetRecord,
)
from backtimer.domain.vocabulary import (
    PAIN_CHOICES,
    PAIN_WHENS,
    RECORD_KINDS,
    SIDES,
    STATUSES,
    STOP_REASONS,
    UNITS,
)
from backtimer.storage.history.fast_toml import fast_loads
from backtimer.storage.toml.read import KeyPath, format_path, line_of, locate_keys

MAX_FILE_BYTES: Final = 5 * 1024 * 1024
"""Larger files are refused unread: a real session file is a few kilobytes."""


class HistoryFileError(Exception):
    """A session file that cannot be used, and why, in words a user can act on."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = Path(path)
        self.message = message


class _FormatError(Exception):
    """A key with the wrong type or value; turned into a `HistoryFileError` with its line."""

    def __init__(self, path: KeyPath, message: str) -> None:
        super().__init__(message)
        self.key_path = path
        self.message = message


# --- writing -----------------------------------------------------------------------------------


def _number(value: float) -> float | int:
    # Whole numbers are written without ".0" so hand-edited files stay tidy; reading accepts both.
    return int(value) if isinstance(value, int) or value.is_integer() else value


def set_to_table(item: SetRecord) -> dict[str, Any]:
    """The TOML table for one set; optional keys that are unset are left out."""
    table: dict[str, Any] = {
        "exercise_id": item.exercise_id,
        "exercise_name": item.exercise_name,
        "kind": item.kind,
        "variant_id": item.variant_id,
        "side": item.side,
        "set_number": item.set_number,
        "target": _number(item.target),
        "target_unit": item.target_unit,
    }
    if item.actual_s is not None:
        table["actual_s"] = round(float(item.actual_s), 1)
    if item.reps is not None:
        table["reps"] = item.reps
    table["overtime"] = item.overtime
    if item.stop_reason is not None:
        table["stop_reason"] = item.stop_reason
    if item.pain is not None:
        table["pain"] = item.pain
    if item.notes:
        table["notes"] = item.notes
    table["ended_at"] = item.ended_at
    return table


def record_to_table(record: SessionRecord) -> dict[str, Any]:
    """The whole file as a TOML-ready dict, keys in the documented order."""
    table: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "id": record.id,
        "routine_id": record.routine_id,
        "routine_name": record.routine_name,
        "routine_fingerprint": record.routine_fingerprint,
        "status": record.status,
        "speed": float(record.speed),
        "started": record.started,
    }
    if record.ended is not None:
        table["ended"] = record.ended
    if record.red_flag is not None:
        table["red_flag"] = record.red_flag
    table["notes"] = record.notes
    if record.pains:
        table["pain"] = [
            {"when": p.when, "value": p.value, "at": p.at}
            | ({"exercise_id": p.exercise_id} if p.exercise_id is not None else {})
            for p in record.pains
        ]
    if record.pain_choices:
        table["pain_choice"] = [
            {"exercise_id": c.exercise_id, "choice": c.choice, "at": c.at}
            | ({"value": c.value} if c.value is not None else {})
            for c in record.pain_choices
        ]
    if record.sets:
        table["set"] = [set_to_table(item) for item in record.sets]
    return table


def dumps(record: SessionRecord) -> bytes:
    """The exact bytes of the session file for `record` (UTF-8 TOML)."""
    return tomli_w.dumps(record_to_table(record)).encode("utf-8")


# --- reading -----------------------------------------------------------------------------------


def read_file_bytes(path: Path | str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The raw bytes of a session file, refusing folders, devices, pipes and huge files.

    Opens without blocking, so a named pipe called `*.toml` cannot hang the listing.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise HistoryFileError(path, "is a folder, not a session file") from None
    except OSError as error:
        raise HistoryFileError(path, f"cannot be read: {_os_reason(error)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise HistoryFileError(path, "is a folder, not a session file")
        if not stat.S_ISREG(info.st_mode):
            raise HistoryFileError(path, "is not a regular file")
        if info.st_size > max_bytes:
            raise HistoryFileError(
                path,
                f"is too large to be a session file ({info.st_size / 1e6:.1f} MB; "
                f"the limit is {max_bytes / 1e6:.0f} MB)",
            )
        # One read is enough unless the file grew since `fstat`.
        chunks = [os.read(fd, info.st_size + 1)]
        remaining = max_bytes + 1 - len(chunks[0])
        while remaining > 0 and len(chunks[0]) > info.st_size and chunks[-1]:
            chunks.append(os.read(fd, min(remaining, 1 << 20)))
            remaining -= len(chunks[-1])
    except OSError as error:
        raise HistoryFileError(path, f"cannot be read: {_os_reason(error)}") from None
    finally:
        os.close(fd)
    raw = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(raw) > max_bytes:
        raise HistoryFileError(path, "is too large to be a session file (it grew while reading)")
    return raw


def _os_reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def parse_session(raw: bytes, path: Path | str) -> SessionRecord:
    """Parse and check the bytes of a session file; raise `HistoryFileError` when unusable."""
    if not raw or raw.isspace():
        raise HistoryFileError(path, "is empty")
    if b"\x00" in raw:
        raise HistoryFileError(path, "is a binary file, not TOML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise HistoryFileError(
            path, f"line {line}: is not UTF-8 text (byte 0x{raw[error.start]:02x})"
        ) from None
    data = fast_loads(text)  # backtimer's own layout, read quickly; None for anything else
    try:
        if data is None:
            data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise HistoryFileError(path, f"is not valid TOML: {error}") from None
    except RecursionError:
        raise HistoryFileError(path, "is nested too deeply to read") from None
    try:
        return record_from_table(data)
    except _FormatError as error:
        where = format_path(error.key_path) or "(top level)"
        key_line = line_of(locate_keys(text), error.key_path) if error.key_path else None
        at = f"line {key_line}, " if key_line is not None else ""
        raise HistoryFileError(path, f"{at}key {where}: {error.message}") from None


def read_session_file(path: Path) -> SessionRecord:
    """Read one session file as written on disk (status not adjusted for crashed writers).

    Raises `HistoryFileError` with a message naming the file and the problem.
    """
    return parse_session(read_file_bytes(path), path)


# --- checking ----------------------------------------------------------------------------------


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f'a string ("{value[:40]}")'
    if isinstance(value, datetime):
        return "a date-time without a UTC offset" if value.tzinfo is None else "a date-time"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def _fail(path: KeyPath, message: str) -> NoReturn:
    raise _FormatError(path, message)


def _missing(path: KeyPath) -> NoReturn:
    _fail(path, "is missing (it is required)")


def _unknown_keys(table: dict[str, Any], allowed: frozenset[str], base: KeyPath) -> None:
    extra = table.keys() - allowed
    if extra:
        key = sorted(extra)[0]
        _fail((*base, key), f"is not a known key here (known: {', '.join(sorted(allowed))})")


def _str(table: dict[str, Any], key: str, base: KeyPath, *, required: bool = True) -> str:
    value = table.get(key)
    if value is None:
        if required:
            _missing((*base, key))
        return ""
    if not isinstance(value, str):
        _fail((*base, key), f"expected a string, found {_type_name(value)}")
    return value


def _choice(table: dict[str, Any], key: str, base: KeyPath, allowed: tuple[str, ...]) -> Any:
    value = table.get(key)
    if value is None:
        _missing((*base, key))
    if not isinstance(value, str) or value not in allowed:
        options = ", ".join(f'"{a}"' for a in sorted(allowed))
        _fail((*base, key), f"expected one of {options}, found {_type_name(value)}")
    return value


def _int(
    table: dict[str, Any], key: str, base: KeyPath, low: int, high: int | None = None
) -> int | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        _fail((*base, key), f"expected a whole number, found {_type_name(value)}")
    if value < low or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"of at least {low}"
        _fail((*base, key), f"expected a whole number {span}, found {value}")
    return value


def _float(
    table: dict[str, Any], key: str, base: KeyPath, *, positive: bool = False
) -> float | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        _fail((*base, key), f"expected a number, found {_type_name(value)}")
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        limit = "above 0" if positive else "0 or more"
        _fail((*base, key), f"expected a finite number {limit}, found {value}")
    return float(value)


def _bool(table: dict[str, Any], key: str, base: KeyPath) -> bool | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        _fail((*base, key), f"expected true or false, found {_type_name(value)}")
    return value


def _time(table: dict[str, Any], key: str, base: KeyPath) -> datetime:
    value = table.get(key)
    if value is None:
        _missing((*base, key))
    if not isinstance(value, datetime) or value.tzinfo is None:
        _fail(
            (*base, key),
            "expected a date-time with a UTC offset, like 2026-11-22T07:15:00+01:00, "
            f"found {_type_name(value)}",
        )
    return value


def _tables(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        _fail(
            (key,), f"expected an array of tables ([[{key}]] sections), found {_type_name(value)}"
        )
    return value


_TOP_KEYS: Final = frozenset(
    (
        "schema",
        "id",
        "routine_id",
        "routine_name",
        "routine_fingerprint",
        "status",
        "speed",
        "started",
        "ended",
        "red_flag",
        "notes",
        "pain",
        "pain_choice",
        "set",
    )
)
_SET_KEYS: Final = frozenset(
    (
        "exercise_id",
        "exercise_name",
        "kind",
        "variant_id",
        "side",
        "set_number",
        "target",
        "target_unit",
        "actual_s",
        "reps",
        "overtime",
        "stop_reason",
        "pain",
        "notes",
        "ended_at",
    )
)
_PAIN_KEYS: Final = frozenset(("when", "value", "at", "exercise_id"))
_CHOICE_KEYS: Final = frozenset(("exercise_id", "choice", "at", "value"))


_INF: Final = math.inf


def _quick_set(t: dict[str, Any]) -> SetRecord | None:
    """The set when every key is plainly right, else None (then `_set_from_table` explains).

    Ten years hold some 66,000 sets, so the common case is checked inline, without the
    per-key helpers that build error messages.
    """
    g = t.get
    exercise_id, name, kind, variant = (
        g("exercise_id"),
        g("exercise_name"),
        g("kind"),
        g("variant_id"),
    )
    side, number, target, unit = g("side"), g("set_number"), g("target"), g("target_unit")
    ended_at, actual, reps, overtime = g("ended_at"), g("actual_s"), g("reps"), g("overtime", False)
    stop, pain, notes = g("stop_reason"), g("pain"), g("notes", "")
    if (
        t.keys() <= _SET_KEYS
        and type(exercise_id) is str
        and type(name) is str
        and type(kind) is str
        and kind in RECORD_KINDS
        and type(variant) is str
        and type(side) is str
        and side in SIDES
        and type(number) is int
        and number >= 1
        and (type(target) is float or type(target) is int)
        and 0 <= target < _INF
        and type(unit) is str
        and unit in UNITS
        and type(ended_at) is datetime
        and ended_at.tzinfo is not None
        and (
            actual is None
            or ((type(actual) is float or type(actual) is int) and 0 <= actual < _INF)
        )
        and (reps is None or (type(reps) is int and reps >= 0))
        and type(overtime) is bool
        and (stop is None or (type(stop) is str and stop in STOP_REASONS))
        and (pain is None or (type(pain) is int and 0 <= pain <= 10))
        and type(notes) is str
    ):
        # The membership tests above narrow these strings to their Literal types.
        return SetRecord(
            exercise_id, name, kind, variant, side, number, float(target), unit, ended_at,
            None if actual is None else float(actual), reps, overtime, stop, pain, notes,
        )  # fmt: skip
    return None


def _set_from_table(table: dict[str, Any], base: KeyPath) -> SetRecord:
    quick = _quick_set(table)
    if quick is not None:
        return quick
    _unknown_keys(table, _SET_KEYS, base)
    set_number = _int(table, "set_number", base, 1)
    if set_number is None:
        _missing((*base, "set_number"))
    target = _float(table, "target", base)
    if target is None:
        _missing((*base, "target"))
    stop = table.get("stop_reason")
    return SetRecord(
        exercise_id=_str(table, "exercise_id", base),
        exercise_name=_str(table, "exercise_name", base),
        kind=_choice(table, "kind", base, RECORD_KINDS),
        variant_id=_str(table, "variant_id", base),
        side=_choice(table, "side", base, SIDES),
        set_number=set_number,
        target=target,
        target_unit=_choice(table, "target_unit", base, UNITS),
        ended_at=_time(table, "ended_at", base),
        actual_s=_float(table, "actual_s", base),
        reps=_int(table, "reps", base, 0),
        overtime=_bool(table, "overtime", base) or False,
        stop_reason=None if stop is None else _choice(table, "stop_reason", base, STOP_REASONS),
        pain=_int(table, "pain", base, 0, 10),
        notes=_str(table, "notes", base, required=False),
    )


def record_from_table(data: dict[str, Any]) -> SessionRecord:
    """Build a `SessionRecord` from a parsed session file, checking every key.

    Raises `_FormatError` (caught by `parse_session`) with the key path of the first problem.
    """
    schema = data.get("schema")
    if schema is None:
        _missing(("schema",))
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        _fail(("schema",), f"expected a whole number of at least 1, found {_type_name(schema)}")
    if schema > SCHEMA_VERSION:
        _fail(
            ("schema",),
            f"the file uses format version {schema}, written by a newer backtimer; "
            f"this version reads up to {SCHEMA_VERSION}. Upgrade backtimer to read it",
        )
    _unknown_keys(data, _TOP_KEYS, ())
    session_id = _str(data, "id", ())
    if not session_id.strip():
        _fail(("id",), "must not be empty")
    speed = _float(data, "speed", (), positive=True)
    if speed is None:
        _missing(("speed",))
    pains = []
    for index, table in enumerate(_tables(data, "pain")):
        base: KeyPath = ("pain", index)
        _unknown_keys(table, _PAIN_KEYS, base)
        value = _int(table, "value", base, 0, 10)
        if value is None:
            _missing((*base, "value"))
        when = _choice(table, "when", base, PAIN_WHENS)
        exercise = table.get("exercise_id")
        if exercise is not None:
            exercise = _str(table, "exercise_id", base)
        elif when == "exercise":
            _fail((*base, "exercise_id"), 'is required when when = "exercise"')
        pains.append(PainCheck(when, value, _time(table, "at", base), exercise))
    choices = []
    for index, table in enumerate(_tables(data, "pain_choice")):
        base = ("pain_choice", index)
        _unknown_keys(table, _CHOICE_KEYS, base)
        choices.append(
            PainChoice(
                exercise_id=_str(table, "exercise_id", base),
                choice=_choice(table, "choice", base, PAIN_CHOICES),
                at=_time(table, "at", base),
                value=_int(table, "value", base, 0, 10),
            )
        )
    sets = tuple(
        _set_from_table(table, ("set", index)) for index, table in enumerate(_tables(data, "set"))
    )
    ended = data.get("ended")
    return SessionRecord(
        id=session_id,
        routine_id=_str(data, "routine_id", ()),
        routine_name=_str(data, "routine_name", ()),
        routine_fingerprint=_str(data, "routine_fingerprint", ()),
        started=_time(data, "started", ()),
        status=_choice(data, "status", (), STATUSES),
        ended=None if ended is None else _time(data, "ended", ()),
        speed=speed,
        sets=sets,
        pains=tuple(pains),
        pain_choices=tuple(choices),
        red_flag=_bool(data, "red_flag", ()),
        notes=_str(data, "notes", (), required=False),
    )
