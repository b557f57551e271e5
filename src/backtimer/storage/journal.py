"""The journal files: the user's decisions and ratings, kept as history beside the session files.

Each event (see `backtimer.domain.journal`) is one small TOML file under
`<data dir>/journal/YYYY/`, created exclusively and atomically and never rewritten. Reading them
back keeps a cache of the events already parsed (`journal-cache.json`).
"""

from __future__ import annotations

import json
import math
import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import tomli_w

from backtimer.domain.journal import (
    CHANGE_KINDS,
    ClinicianCleared,
    JournalEvent,
    NextDayRating,
    TargetChange,
)
from backtimer.domain.vocabulary import is_id
from backtimer.storage.history.writer import create_new, make_private_dirs, write_atomic
from backtimer.storage.toml import ReadFailure, line_of, locate_keys, read_toml

JOURNAL_DIR: Final = "journal"
MAX_JOURNAL_FILES: Final = 100_000
"""More events than years of daily use produce; past this the folder is probably not ours."""


@dataclass(frozen=True)
class JournalProblem:
    """A journal file that could not be used; it is skipped and left untouched."""

    file: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message} (skipped; the file is left as it is)"


def journal_dir(data_dir: Path) -> Path:
    """`<data dir>/journal`."""
    return data_dir / JOURNAL_DIR


# --- writing -----------------------------------------------------------------------------------


def _event_type(event: JournalEvent) -> str:
    if isinstance(event, NextDayRating):
        return "next_day"
    if isinstance(event, TargetChange):
        return "target"
    return "clinician_cleared"


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else float(value)


def event_to_table(event: JournalEvent) -> dict[str, Any]:
    """The TOML table for one event."""
    table: dict[str, Any] = {"event": _event_type(event), "at": event.at}
    if isinstance(event, NextDayRating):
        table |= {
            "rated_on": event.rated_on,
            "training_date": event.training_date,
            "value": event.value,
        }
    elif isinstance(event, TargetChange):
        table |= {
            "routine_id": event.routine_id,
            "exercise_id": event.exercise_id,
            "variant_id": event.variant_id,
            "target": _number(event.target),
            "change": event.change,
            "accepted": event.accepted,
            "reason": event.reason,
        }
        if event.from_variant_id is not None:
            table["from_variant_id"] = event.from_variant_id
        if event.from_target is not None:
            table["from_target"] = _number(event.from_target)
        if event.next_routine is not None:
            table["next_routine"] = event.next_routine
        if event.evidence:
            table["evidence"] = list(event.evidence)
    else:
        table["cleared_on"] = event.cleared_on
    return table


def _check_event(event: JournalEvent) -> None:
    if event.at.tzinfo is None:
        raise ValueError("a journal event needs a timezone-aware time")
    if isinstance(event, NextDayRating) and not 0 <= event.value <= 10:
        raise ValueError(f"a next-day rating is 0–10, not {event.value}")
    if isinstance(event, TargetChange):
        if event.change not in CHANGE_KINDS:
            raise ValueError(f"unknown kind of change {event.change!r}")
        if not math.isfinite(event.target) or event.target < 0:
            raise ValueError(f"a target must be a number of 0 or more, not {event.target}")


def record_event(data_dir: Path, event: JournalEvent, *, fsync: bool = True) -> Path:
    """Save `event` as a new file under `<data dir>/journal/YYYY/` and return its path.

    Folders are owner-only (0700), the file 0600; it is written to a temporary file, fsynced and
    linked into place, so it is complete or absent. Raises `ValueError` for an invalid event and
    `backtimer.storage.history.writer.HistoryWriteError` or `OSError` when the disk refuses.
    """
    _check_event(event)
    folder = journal_dir(data_dir) / f"{event.at.year:04d}"
    make_private_dirs(data_dir, folder)
    stem = f"{event.at:%Y-%m-%dT%H%M%S}-{_event_type(event)}-{secrets.token_hex(3)}"
    data = tomli_w.dumps(event_to_table(event)).encode("utf-8")
    return create_new(folder, stem.replace("_", "-"), data, fsync=fsync)


# --- reading -----------------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def _get(table: dict[str, Any], key: str, check: Callable[[Any], bool], expected: str) -> Any:
    if key not in table:
        raise _Bad(key, f"key {key}: is missing (it is required)")
    value = table[key]
    if not check(value):
        raise _Bad(key, f"key {key}: expected {expected}, found {value!r}")
    return value


def _is_time(value: Any) -> bool:
    return isinstance(value, datetime) and value.tzinfo is not None


def _is_date(value: Any) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )


_KEYS: Final = {
    "next_day": frozenset(("event", "at", "rated_on", "training_date", "value")),
    "target": frozenset(
        (
            "event",
            "at",
            "routine_id",
            "exercise_id",
            "variant_id",
            "target",
            "change",
            "accepted",
            "reason",
            "from_variant_id",
            "from_target",
            "next_routine",
            "evidence",
        )
    ),
    "clinician_cleared": frozenset(("event", "at", "cleared_on")),
}


def event_from_table(table: dict[str, Any]) -> JournalEvent:
    """Build an event from a parsed journal file; raises `_Bad` naming the key at fault."""
    kind = _get(table, "event", lambda v: v in _KEYS, 'one of "next_day", "target", ...')
    unknown = sorted(table.keys() - _KEYS[kind])
    if unknown:
        raise _Bad(unknown[0], f"key {unknown[0]}: is not a known key for a {kind} event")
    at = _get(table, "at", _is_time, "a date-time with a UTC offset")
    if kind == "next_day":
        return NextDayRating(
            at=at,
            rated_on=_get(table, "rated_on", _is_date, "a date like 2026-03-02"),
            training_date=_get(table, "training_date", _is_date, "a date like 2026-03-01"),
            value=_get(
                table,
                "value",
                lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10,
                "a whole number from 0 to 10",
            ),
        )
    if kind == "clinician_cleared":
        return ClinicianCleared(at=at, cleared_on=_get(table, "cleared_on", _is_date, "a date"))
    from_variant = table.get("from_variant_id")
    from_target = table.get("from_target")
    next_routine = table.get("next_routine")
    if from_variant is not None:
        _get(table, "from_variant_id", is_id, "a variant id")
    if from_target is not None:
        _get(table, "from_target", _is_number, "a number of 0 or more")
    if next_routine is not None:
        _get(table, "next_routine", is_id, "a routine id")
    evidence = table.get("evidence", [])
    if not isinstance(evidence, list) or not all(isinstance(item, str) for item in evidence):
        raise _Bad("evidence", f"key evidence: expected a list of session ids, found {evidence!r}")
    return TargetChange(
        at=at,
        routine_id=_get(table, "routine_id", is_id, "a routine id"),
        exercise_id=_get(table, "exercise_id", is_id, "an exercise id"),
        variant_id=_get(table, "variant_id", is_id, "a variant id"),
        target=float(_get(table, "target", _is_number, "a number of 0 or more")),
        change=_get(
            table,
            "change",
            lambda v: v in CHANGE_KINDS,
            "one of " + ", ".join(sorted(CHANGE_KINDS)),
        ),
        accepted=_get(table, "accepted", lambda v: isinstance(v, bool), "true or false"),
        reason=table.get("reason", "") if _is_text(table.get("reason", "")) else "",
        from_variant_id=from_variant,
        from_target=None if from_target is None else float(from_target),
        next_routine=next_routine,
        evidence=tuple(evidence),
    )


def read_event_file(path: Path) -> JournalEvent | JournalProblem:
    """One journal file as an event, or a problem naming the file, the line and what is wrong."""
    result = read_toml(path)
    if isinstance(result, ReadFailure):
        return JournalProblem(str(path), result.message, result.line)
    data, text = result
    try:
        return event_from_table(data)
    except _Bad as bad:
        return JournalProblem(str(path), bad.message, line_of(locate_keys(text), (bad.key,)))


def _sort_key(event: JournalEvent) -> datetime:
    return event.at


def load_journal(data_dir: Path) -> tuple[list[JournalEvent], list[JournalProblem]]:
    """Every readable event, oldest first, and a problem for each file that had to be skipped.

    A missing journal folder is simply an empty journal. Files are only read, never changed.
    Events already read are remembered in `<data dir>/journal-cache.json` (see `_Cache`), so
    years of daily ratings do not mean thousands of TOML parses every time.
    """
    root = journal_dir(data_dir)
    try:
        listed = _list_files(root)
    except OSError as error:
        return [], [JournalProblem(str(root), f"cannot be listed: {error.strerror or error}")]
    problems: list[JournalProblem] = []
    if len(listed) > MAX_JOURNAL_FILES:
        problems.append(
            JournalProblem(
                str(root),
                f"holds {len(listed)} files; only the newest {MAX_JOURNAL_FILES} are read",
            )
        )
        listed = listed[-MAX_JOURNAL_FILES:]
    cache = _Cache.read(data_dir)
    events: list[JournalEvent] = []
    for rel, path, key in listed:
        cached = cache.get(rel, key)
        if cached is not None:
            events.append(cached)
            continue
        found = read_event_file(Path(path))
        if isinstance(found, JournalProblem):
            problems.append(found)
        else:
            events.append(found)
            if key is not None:
                cache.put(rel, key, found)
    cache.write(data_dir, keep={rel for rel, _path, _key in listed})
    events.sort(key=_sort_key)
    return events, problems


_FileKey = tuple[int, int]
"""A journal file's size and modification time (ns): when either changes it is read again."""


def _list_files(root: Path) -> list[tuple[str, str, _FileKey | None]]:
    """`*/*.toml` below `root` (hidden names skipped), sorted, with each file's key if it has one.

    Raises `OSError` when `root` exists but cannot be listed.
    """
    found: list[tuple[str, str, _FileKey | None]] = []
    try:
        folders = [entry for entry in os.scandir(root) if entry.is_dir()]
    except (FileNotFoundError, NotADirectoryError):
        return []  # no journal yet
    for folder in folders:
        try:
            entries = list(os.scandir(folder.path))
        except OSError:
            continue  # as glob does: an unreadable year folder contributes nothing
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.endswith(".toml"):
                continue
            key: _FileKey | None = None
            try:
                info = entry.stat()
                if stat.S_ISREG(info.st_mode):
                    key = (info.st_size, info.st_mtime_ns)
            except OSError:
                pass  # reading it will say what is wrong
            found.append((f"{folder.name}/{entry.name}", entry.path, key))
    found.sort(key=lambda item: item[0])
    return found


CACHE_NAME: Final = "journal-cache.json"
_CACHE_VERSION: Final = 1


def _event_to_json(event: JournalEvent) -> list[Any]:
    if isinstance(event, NextDayRating):
        return [
            "n",
            event.at.isoformat(),
            event.rated_on.isoformat(),
            event.training_date.isoformat(),
            event.value,
        ]
    if isinstance(event, TargetChange):
        return [
            "t",
            event.at.isoformat(),
            event.routine_id,
            event.exercise_id,
            event.variant_id,
            event.target,
            event.change,
            event.accepted,
            event.reason,
            event.from_variant_id,
            event.from_target,
            event.next_routine,
            list(event.evidence),
        ]
    return ["c", event.at.isoformat(), event.cleared_on.isoformat()]


def _event_from_json(item: list[Any]) -> JournalEvent:
    """Raises `ValueError`, `TypeError` or `IndexError` for anything not written by the cache."""
    at = datetime.fromisoformat(item[1])
    if item[0] == "n":
        return NextDayRating(
            at, date.fromisoformat(item[2]), date.fromisoformat(item[3]), int(item[4])
        )
    if item[0] == "t":
        if item[6] not in CHANGE_KINDS:
            raise ValueError(item[6])
        return TargetChange(
            at=at,
            routine_id=str(item[2]),
            exercise_id=str(item[3]),
            variant_id=str(item[4]),
            target=float(item[5]),
            change=item[6],
            accepted=bool(item[7]),
            reason=str(item[8]),
            from_variant_id=item[9],
            from_target=None if item[10] is None else float(item[10]),
            next_routine=item[11],
            evidence=tuple(str(e) for e in item[12]),
        )
    if item[0] == "c":
        return ClinicianCleared(at, date.fromisoformat(item[2]))
    raise ValueError(item[0])


class _Cache:
    """Events already read, by file: `<data dir>/journal-cache.json`.

    Derived from the journal files and safe to delete: a file whose size or modification time
    differs from what is remembered is read again, and one that cannot be read is never cached,
    so its problem is reported every time. A cache that cannot be read is ignored and rebuilt.
    """

    def __init__(self, entries: dict[str, tuple[_FileKey, list[Any]]]) -> None:
        self._entries = entries
        self._changed = False

    @classmethod
    def read(cls, data_dir: Path) -> _Cache:
        try:
            raw = json.loads((data_dir / CACHE_NAME).read_bytes())
            if raw.get("version") != _CACHE_VERSION:
                return cls({})
            entries = {
                str(rel): ((int(size), int(mtime)), item)
                for rel, (size, mtime, item) in raw["files"].items()
            }
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls({})  # absent or damaged: every file is read, and the cache rebuilt
        return cls(entries)

    def get(self, rel: str, key: _FileKey | None) -> JournalEvent | None:
        entry = self._entries.get(rel)
        if entry is None or key is None or entry[0] != key:
            return None
        try:
            return _event_from_json(entry[1])
        except (ValueError, TypeError, IndexError):
            del self._entries[rel]
            self._changed = True
            return None

    def put(self, rel: str, key: _FileKey, event: JournalEvent) -> None:
        self._entries[rel] = (key, _event_to_json(event))
        self._changed = True

    def write(self, data_dir: Path, keep: set[str]) -> None:
        gone = self._entries.keys() - keep
        for rel in gone:
            del self._entries[rel]
        if not (self._changed or gone) or not data_dir.is_dir():
            return
        files = {rel: [key[0], key[1], item] for rel, (key, item) in self._entries.items()}
        data = json.dumps({"version": _CACHE_VERSION, "files": files}, ensure_ascii=False)
        try:
            write_atomic(data_dir / CACHE_NAME, data.encode("utf-8"), fsync=False)
        except OSError:
            # Only a shortcut: on a read-only or full disk the files are simply read each time.
            return
