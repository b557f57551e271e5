"""Light session and set rows for statistics, read straight from the SQLite index.

`HistoryStore.load()` builds a full `SessionRecord` (with parsed datetimes) for every set: on ten
years of history that takes over a second, while the stats screen has 300 ms to draw. The rows
here carry only what statistics need. Sessions come from the index's `sessions` table (cheap);
the sets and pain check-ins of a session (`Details`) are decoded only for the sessions asked
for, so a screen showing the last three months never decodes ten years.

Reading does not walk the sessions folder first: the caller shows what the index holds at once,
then calls `HistoryStore.summaries()` (which brings the index up to date) and compares
`index_signature()` to learn whether anything changed.

The index layout belongs to `index.py`. This module reads it only when the index carries the
version this module was written for (`INDEX_VERSION`); otherwise it returns None, and the caller
goes through `HistoryStore.load()` and `rows_from_records()`. A test checks the two paths agree.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from backtimer.history.index import INDEX_VERSION
from backtimer.history.records import SessionRecord
from backtimer.history.store import HistoryStore

Signature = tuple[int, int]
"""(files, highest file id) in the index: changes when a file is added, changed or removed."""


@dataclass(frozen=True, slots=True)
class SetRow:
    """One set on one side: what was aimed for and what was done."""

    exercise_id: str
    exercise_name: str
    kind: str
    variant_id: str
    side: str
    """"both", "left" or "right"."""
    unit: str
    """"s" or "reps"."""
    target: float
    value: float | None
    """Seconds held for a timed target, repetitions for a rep target; None when not recorded."""
    pain: int | None
    stop_reason: str | None


@dataclass(frozen=True, slots=True)
class Details:
    """A session's sets and pain check-ins."""

    sets: tuple[SetRow, ...]
    pains: tuple[tuple[str, int], ...]
    """(when, value) for every check-in: "before", "exercise" or "after"."""


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One session as statistics need it; its sets are looked up by `key` in a details map."""

    key: int
    id: str
    routine_id: str
    routine_name: str
    started: datetime
    day: date
    """The local date it started on, in the zone it was recorded in."""
    status: str
    """As written: a session whose writer crashed still reads "in_progress" here."""
    speed: float
    red_flag: bool | None
    set_count: int
    file: str

    @property
    def is_demo(self) -> bool:
        """A run at another speed than real time; left out of statistics."""
        return self.speed != 1.0


def _value(unit: str, actual_s: float | None, reps: int | None) -> float | None:
    if unit == "reps":
        return None if reps is None else float(reps)
    return actual_s


def rows_from_records(
    records: Iterable[SessionRecord], files: dict[str, str]
) -> tuple[list[SessionRow], dict[int, Details]]:
    """Rows and details built from loaded records (used when the index cannot be read)."""
    rows = []
    details = {}
    for key, record in enumerate(records):
        sets = tuple(
            SetRow(
                s.exercise_id, s.exercise_name, s.kind, s.variant_id, s.side, s.target_unit,
                s.target, _value(s.target_unit, s.actual_s, s.reps), s.pain, s.stop_reason,
            )
            for s in record.sets
        )  # fmt: skip
        details[key] = Details(sets, tuple((p.when, p.value) for p in record.pains))
        rows.append(
            SessionRow(
                key, record.id, record.routine_id, record.routine_name, record.started,
                record.started.date(), record.status, record.speed, record.red_flag,
                len(record.sets), files.get(record.id, ""),
            )
        )  # fmt: skip
    return rows, details


class IndexUnreadable(Exception):
    """The index is missing, of another layout, locked or damaged: use `HistoryStore` instead."""


@dataclass(frozen=True)
class IndexRows:
    """Every indexed session, oldest first (each id once), and the signature read with them."""

    sessions: tuple[SessionRow, ...]
    signature: Signature


class IndexReader:
    """A read-only view of the history index; open with `IndexReader.open(store)`."""

    def __init__(self, db: sqlite3.Connection, root: str) -> None:
        self._db = db
        self._root = root
        self._shapes: dict[int, tuple[str, str, str, str, str, str]] = {}

    @classmethod
    def open(cls, store: HistoryStore) -> IndexReader:
        """Open the store's index read-only; raises `IndexUnreadable` when it cannot be used."""
        db = _connect(store.index_path)
        return cls(db, f"{store.sessions_dir}{os.sep}")

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def __enter__(self) -> IndexReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def signature(self) -> Signature:
        """The index's current signature."""
        with _errors():
            count, top = self._db.execute(
                "SELECT count(*), coalesce(max(fid), 0) FROM files"
            ).fetchone()
        return int(count), int(top)

    def sessions(self) -> IndexRows:
        """Every session in the index as it stands (without its sets), oldest first.

        Of two files holding one session (a sync conflict), the one with more sets is kept, as
        `HistoryStore` does.
        """
        with _errors():
            db = self._db
            db.execute("BEGIN")  # the signature and the rows from one snapshot
            try:
                signature = self.signature()
                rows = db.execute(
                    "SELECT s.fid, s.id, s.routine_id, s.routine_name, s.started, "
                    "s.started_date, s.status, s.speed, s.red_flag, s.set_count, f.path "
                    "FROM sessions s JOIN files f USING (fid) ORDER BY s.started_ts, f.path"
                ).fetchall()
            finally:
                db.execute("COMMIT")
        parse = datetime.fromisoformat
        days: dict[str, date] = {}
        root = self._root
        kept: dict[str, SessionRow] = {}
        for r in rows:
            day = days.get(r[5])
            if day is None:
                day = days[r[5]] = date.fromisoformat(r[5])
            row = SessionRow(
                r[0], r[1], r[2], r[3], parse(r[4]), day, r[6], r[7],
                None if r[8] is None else bool(r[8]), r[9], root + r[10],
            )  # fmt: skip
            other = kept.get(row.id)
            if other is None or row.set_count > other.set_count:
                kept[row.id] = row
        return IndexRows(tuple(kept.values()), signature)

    def details(self, keys: Iterable[int]) -> dict[int, Details]:
        """The sets and pain check-ins of the sessions with these keys (missing keys are left out)."""
        with _errors():
            db = self._db
            if not self._shapes:
                self._shapes = {row[0]: row[1:] for row in db.execute("SELECT * FROM shapes")}
            found: dict[int, Details] = {}
            for chunk in _chunks(list(keys), 900):
                marks = ",".join("?" * len(chunk))
                for fid, body in db.execute(
                    f"SELECT fid, body FROM details WHERE fid IN ({marks})", chunk
                ):
                    found[fid] = self._decode(body)
        return found

    def _decode(self, text: str) -> Details:
        body = json.loads(text)
        shapes = self._shapes
        sets = []
        for t in body[0]:
            exercise_id, name, kind, variant, side, unit = shapes[t[0]]
            value = (None if t[5] is None else float(t[5])) if unit == "reps" else t[4]
            sets.append(
                SetRow(exercise_id, name, kind, variant, side, unit, t[2], value, t[8], t[7])
            )
        pains = tuple((p[0], p[1]) for p in body[1]) if len(body) > 1 else ()
        return Details(tuple(sets), pains)


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except (sqlite3.Error, ValueError, KeyError, IndexError, TypeError) as error:
        raise IndexUnreadable(str(error)) from error


def _connect(index_path: Path) -> sqlite3.Connection:
    if not index_path.is_file():
        raise IndexUnreadable("no index yet")
    try:
        db = sqlite3.connect(
            f"{index_path.as_uri()}?mode=ro", uri=True, timeout=0.5, isolation_level=None
        )
    except sqlite3.Error as error:
        raise IndexUnreadable(str(error)) from error
    try:
        version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.Error as error:
        db.close()
        raise IndexUnreadable(str(error)) from error
    if version is None or version[0] != INDEX_VERSION:
        db.close()
        raise IndexUnreadable("the index has another layout")
    return db
