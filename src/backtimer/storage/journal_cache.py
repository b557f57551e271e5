"""A shortcut for reading the journal: events already read, remembered by file.

`<data dir>/journal-cache.json` is derived from the journal files and safe to delete.
"""

from __future__ import annotations

import json
import math
import os
import stat
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from backtimer.domain.journal import (
    CHANGE_KINDS,
    LEGS,
    AffectedLegChosen,
    ClinicianCleared,
    DiagnosisConfirmed,
    JournalEvent,
    NextDayRating,
    TargetChange,
)
from backtimer.domain.records import MAX_SET_SECONDS
from backtimer.storage.history.toml_io import HistoryFileError, read_file_bytes
from backtimer.storage.history.writer import write_atomic
from backtimer.storage.toml import YEARS

FileKey = tuple[int, int]
"""A journal file's size and modification time (ns): when either changes it is read again."""


CACHE_NAME: Final = "journal-cache.json"
_CACHE_VERSION: Final = 1
_MAX_CACHE_BYTES: Final = 4 * 1024 * 1024
"""Far more than years of journal need; a larger cache is not ours, and is rebuilt."""


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
    if isinstance(event, DiagnosisConfirmed):
        return ["d", event.at.isoformat()]
    if isinstance(event, AffectedLegChosen):
        return ["l", event.at.isoformat(), event.leg]
    return ["c", event.at.isoformat(), event.cleared_on.isoformat()]


def _day(text: Any) -> date:
    """A date the journal reader would accept; `ValueError` for anything else."""
    day = date.fromisoformat(text)
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValueError(text)
    return day


def _moment(text: Any) -> datetime:
    """A date-time the journal reader would accept: with an offset, in the years it takes."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(text)
    _day(moment.date().isoformat())
    return moment


def _amount(value: Any) -> float:
    """A target the journal reader would accept: a number from 0 to a day's seconds."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(value)
    if not (math.isfinite(value) and 0 <= value <= MAX_SET_SECONDS):
        raise ValueError(value)
    return float(value)


def _event_from_json(item: list[Any]) -> JournalEvent:
    """Raises `ValueError`, `TypeError` or `IndexError` for anything not written by the cache.

    The values are held to the journal reader's rules, so a hand-made cache cannot bring in what
    the journal files themselves could not.
    """
    at = _moment(item[1])
    if item[0] == "n":
        value = item[4]
        if type(value) is not int or not 0 <= value <= 10:
            raise ValueError(value)
        return NextDayRating(at, _day(item[2]), _day(item[3]), value)
    if item[0] == "t":
        if item[6] not in CHANGE_KINDS:
            raise ValueError(item[6])
        return TargetChange(
            at=at,
            routine_id=str(item[2]),
            exercise_id=str(item[3]),
            variant_id=str(item[4]),
            target=_amount(item[5]),
            change=item[6],
            accepted=bool(item[7]),
            reason=str(item[8]),
            from_variant_id=item[9],
            from_target=None if item[10] is None else _amount(item[10]),
            next_routine=item[11],
            evidence=tuple(str(e) for e in item[12]),
        )
    if item[0] == "c":
        return ClinicianCleared(at, _day(item[2]))
    if item[0] == "d":
        return DiagnosisConfirmed(at)
    if item[0] == "l" and item[2] in LEGS:
        return AffectedLegChosen(at, item[2])
    raise ValueError(item[0])


class JournalCache:
    """Events already read, by file: `<data dir>/journal-cache.json`.

    Derived from the journal files and safe to delete: a file whose size or modification time
    differs from what is remembered is read again, and one that cannot be read is never cached,
    so its problem is reported every time. A cache that cannot be read is ignored and rebuilt.
    """

    def __init__(self, entries: dict[str, tuple[FileKey, list[Any]]]) -> None:
        self._entries = entries
        self._changed = False

    @classmethod
    def read(cls, data_dir: Path) -> JournalCache:
        """The cache saved in `data_dir`, or an empty one when it is absent or damaged."""
        try:
            # Read as a session file is: a pipe or device is refused, never waited on.
            raw = json.loads(read_file_bytes(data_dir / CACHE_NAME, _MAX_CACHE_BYTES))
            if raw.get("version") != _CACHE_VERSION:
                return cls({})
            entries = {
                str(rel): ((int(size), int(mtime)), item)
                for rel, (size, mtime, item) in raw["files"].items()
            }
        except (
            HistoryFileError,
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
            RecursionError,  # nested thousands deep: json recurses once per level
        ):
            return cls({})  # absent or damaged: every file is read, and the cache rebuilt
        return cls(entries)

    def get(self, rel: str, key: FileKey | None) -> JournalEvent | None:
        """The event remembered for the file at `rel`, if the file has not changed since."""
        entry = self._entries.get(rel)
        if entry is None or key is None or entry[0] != key:
            return None
        try:
            return _event_from_json(entry[1])
        except (ValueError, TypeError, IndexError, AttributeError, RecursionError):
            del self._entries[rel]
            self._changed = True
            return None

    def put(self, rel: str, key: FileKey, event: JournalEvent) -> None:
        """Remember the event read from the file at `rel`."""
        self._entries[rel] = (key, _event_to_json(event))
        self._changed = True

    def write(self, data_dir: Path, keep: set[str]) -> None:
        """Save the cache (when it changed), forgetting files not in `keep`."""
        gone = self._entries.keys() - keep
        for rel in gone:
            del self._entries[rel]
        if not (self._changed or gone) or not data_dir.is_dir() or not _replaceable(data_dir):
            return
        files = {rel: [key[0], key[1], item] for rel, (key, item) in self._entries.items()}
        data = json.dumps({"version": _CACHE_VERSION, "files": files}, ensure_ascii=False)
        try:
            write_atomic(data_dir / CACHE_NAME, data.encode("utf-8"), fsync=False)
        except OSError:
            # Only a shortcut: on a read-only or full disk the files are simply read each time.
            return


def _replaceable(data_dir: Path) -> bool:
    """True when the cache may be written: absent, or a plain file (not a link, pipe or folder).

    Something else under the cache's name is not backtimer's, so it is left alone and the journal
    is read without the shortcut.
    """
    try:
        info = os.lstat(data_dir / CACHE_NAME)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode)
