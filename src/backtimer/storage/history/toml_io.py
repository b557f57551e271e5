"""Session files: turn a `SessionRecord` into TOML text and read one back, checking every key.

Reading is strict and explains itself: any problem raises `HistoryFileError` naming the file, the
line and the key (when they can be placed) and saying what is wrong, worded as every other file
backtimer reads (`backtimer.storage.toml`). `session_check` does the checking. Reading never
changes a file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, Final

import tomli_w

from backtimer.domain.records import (
    MAX_RECORD_TEXT,
    SCHEMA_VERSION,
    PainChoice,
    SessionRecord,
    SetRecord,
)
from backtimer.storage.history.fast_toml import fast_loads
from backtimer.storage.history.session_check import (
    SESSION_MARKS,
    record_from_table,
    visible_record,
)
from backtimer.storage.toml import (
    MAX_BYTES,
    Checker,
    CheckFailed,
    Problem,
    ReadFailure,
    decode_text,
    looks_ours,
    parse_text,
)

MAX_FILE_BYTES: Final = MAX_BYTES
"""Larger files are refused unread, as by every other reader: a real session file is a few
kilobytes, and tomllib would take seconds over a few megabytes."""


class HistoryFileError(Exception):
    """A session file that cannot be used, and why, in words a user can act on.

    `message` says where in the file (line and key, when known) and what is wrong; `str()` adds
    the file in front, as every other file problem is shown.
    """

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, key: str = ""
    ) -> None:
        self.problem = Problem(str(path), message, line, key)
        super().__init__(str(self.problem))
        self.path = Path(path)
        self.message = self.problem.without_file

    @classmethod
    def from_problem(cls, problem: Problem) -> HistoryFileError:
        """The error for a problem the checker found."""
        return cls(problem.file, problem.message, problem.line, problem.key)


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
    if item.hold_s is not None:
        table["hold_s"] = round(float(item.hold_s), 1)
    if item.holds is not None:
        table["holds"] = item.holds
    table["overtime"] = item.overtime
    if item.stop_reason is not None:
        table["stop_reason"] = item.stop_reason
    if item.pain is not None:
        table["pain"] = item.pain
    if item.notes:
        table["notes"] = item.notes
    if item.warmup:
        table["warmup"] = True
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
    elif record.red_flag_skipped:
        table["red_flag_skipped"] = True
    if record.pain_after_skipped:
        table["pain_after_skipped"] = True
    table["notes"] = record.notes
    if record.pains:
        table["pain"] = [
            {"when": p.when, "value": p.value, "at": p.at}
            | ({"exercise_id": p.exercise_id} if p.exercise_id is not None else {})
            for p in record.pains
        ]
    if record.pain_choices:
        table["pain_choice"] = [_choice_table(c) for c in record.pain_choices]
    if record.pauses:
        table["pause"] = [
            {"at": p.at, "seconds": float(p.seconds), "reason": p.reason} for p in record.pauses
        ]
    if record.sets:
        table["set"] = [set_to_table(item) for item in record.sets]
    return table


def _choice_table(choice: PainChoice) -> dict[str, object]:
    table: dict[str, object] = {
        "exercise_id": choice.exercise_id,
        "choice": choice.choice,
        "at": choice.at,
    }
    optional = {
        "value": choice.value,
        "variant_id": choice.variant_id,
        "target": None if choice.target is None else _number(choice.target),
        "new_target": None if choice.new_target is None else _number(choice.new_target),
        "new_variant_id": choice.new_variant_id,
    }
    table.update({key: value for key, value in optional.items() if value is not None})
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
    text = decode_text(raw)
    if isinstance(text, ReadFailure):
        raise HistoryFileError(path, text.message, text.line)
    data = fast_loads(text)  # backtimer's own layout, read quickly; None for anything else
    if data is None:
        parsed = parse_text(text)
        if isinstance(parsed, ReadFailure):
            raise HistoryFileError(path, parsed.message, parsed.line)
        data = parsed
    try:
        echo = looks_ours(data, SESSION_MARKS)
        record = record_from_table(
            data, Checker(str(path), text, first_only=True, echo=echo, max_text=MAX_RECORD_TEXT)
        )
    except CheckFailed as failed:
        raise HistoryFileError.from_problem(failed.problem) from None
    return visible_record(record, text)


def read_session_file(path: Path) -> SessionRecord:
    """Read one session file as written on disk (status not adjusted for crashed writers).

    Raises `HistoryFileError` with a message naming the file and the problem.
    """
    return parse_session(read_file_bytes(path), path)
