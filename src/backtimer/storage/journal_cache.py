"""A shortcut for reading the journal: events already read, remembered by file.

`<data dir>/journal-cache.json` is derived from the journal files and safe to delete.
"""

from __future__ import annotations

import json
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
from backtimer.storage.history.writer import write_atomic

FileKey = tuple[int, int]
"""A journal file's size and modification time (ns): when either changes it is read again."""


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
    if isinstance(event, DiagnosisConfirmed):
        return ["d", event.at.isoformat()]
    if isinstance(event, AffectedLegChosen):
        return ["l", event.at.isoformat(), event.leg]
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

    def get(self, rel: str, key: FileKey | None) -> JournalEvent | None:
        """The event remembered for the file at `rel`, if the file has not changed since."""
        entry = self._entries.get(rel)
        if entry is None or key is None or entry[0] != key:
            return None
        try:
            return _event_from_json(entry[1])
        except (ValueError, TypeError, IndexError):
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
        if not (self._changed or gone) or not data_dir.is_dir():
            return
        files = {rel: [key[0], key[1], item] for rel, (key, item) in self._entries.items()}
        data = json.dumps({"version": _CACHE_VERSION, "files": files}, ensure_ascii=False)
        try:
            write_atomic(data_dir / CACHE_NAME, data.encode("utf-8"), fsync=False)
        except OSError:
            # Only a shortcut: on a read-only or full disk the files are simply read each time.
            return
