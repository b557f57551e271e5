"""Light session and set rows for statistics, read straight from the SQLite index.

`HistoryStore.load()` builds a full `SessionRecord` (with parsed datetimes) for every set: on ten
years of history that takes over a second, while the stats screen has 300 ms to draw. The rows
here carry only what statistics need. Sessions come from the index's `sessions` table (cheap);
the sets and pain check-ins of a session (`Details`) are decoded only for the sessions asked
for, so a screen showing the last three months never decodes ten years.

The stats screen reads only what one range needs (`range_data`): the sessions of the range,
and for what reaches further back (the streak, since when each routine has been followed)
small aggregates computed by SQLite; personal bests come from `top_sets`. Ten years of history
never become Python objects.

Reading does not walk the sessions folder first: the caller shows what the index holds at once,
then calls `HistoryStore.update_index()` and compares `signature()` to learn whether anything
changed.

What a worker reads while the screen is being drawn comes in one statement returning one row
(SQLite packs the rows into JSON text): see `_RANGE_SQL` for why.

The index layout belongs to `index_db.py`. This module reads it only when the index carries the
version this module was written for (`INDEX_VERSION`); otherwise it returns None, and the caller
goes through `HistoryStore.load()` and `rows_from_records()`. A test checks the two paths agree.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from backtimer.domain.days import session_day
from backtimer.domain.records import SessionRecord
from backtimer.domain.stats.rows import Details, RoutineTotals, SessionRow, SetRow, TopSet
from backtimer.domain.training import DONE_STATUSES, MIN_SETS, REAL_TIME_SPEED
from backtimer.storage.history.index_db import INDEX_VERSION, red_flag_of
from backtimer.storage.history.store import HistoryStore

Signature = tuple[int, int]
"""(files, highest file id) in the index: changes when a file is added, changed or removed."""


def counted_sql(alias: str) -> str:
    """`backtimer.domain.training.counts_as_training` as an SQL condition on `sessions` rows.

    Built from the rule's own constants, so the index and the rest of the code count alike.
    """
    statuses = ", ".join(f"'{status}'" for status in DONE_STATUSES)
    return (
        f"{alias}.speed = {REAL_TIME_SPEED!r} AND {alias}.status IN ({statuses}) "
        f"AND {alias}.set_count >= {MIN_SETS:d}"
    )


_COUNTED = counted_sql("s")
_SESSION_COLUMNS = (
    "s.fid, s.id, s.routine_id, s.routine_name, s.started, s.started_date, s.status, s.speed, "
    "s.red_flag, s.set_count, f.path"
)
_EXTRA_CTE = (
    # The copies `sessions()` leaves out when one session id is in several files: all but the
    # one with the most sets (then the earliest by start and path).
    "extra(fid) AS MATERIALIZED (SELECT fid FROM (SELECT s.fid AS fid, row_number() OVER (PARTITION BY s.id "
    "ORDER BY s.set_count DESC, s.started_ts, f.path) AS rank FROM sessions s JOIN files f "
    "USING (fid) WHERE s.id IN (SELECT id FROM sessions GROUP BY id HAVING count(*) > 1)) "
    "WHERE rank > 1)"
)
_BODIES = "'[' || coalesce(group_concat('[' || d.fid || ',' || d.body || ']'), '') || ']'"
"""The details bodies (JSON already) joined into one JSON text: parsed in one go."""
_RANGE_SQL = f"""
WITH {_EXTRA_CTE},
counted AS MATERIALIZED (
    SELECT s.routine_id, s.started_date FROM sessions s WHERE {_COUNTED} AND s.fid NOT IN extra
),
chosen AS (SELECT started_date FROM counted WHERE ?1 IS NULL OR routine_id = ?1),
bounds(first) AS (SELECT coalesce(?2, (SELECT min(started_date) FROM chosen), ?3)),
inside AS MATERIALIZED (
    SELECT s.fid FROM sessions s, bounds
    WHERE s.started_date BETWEEN bounds.first AND ?3 AND (?1 IS NULL OR s.routine_id = ?1)
)
SELECT
    (SELECT count(*) FROM files),
    (SELECT coalesce(max(fid), 0) FROM files),
    (SELECT json_group_array(json_array(routine_id, name, n, first, last)) FROM (
        SELECT c.routine_id AS routine_id, count(*) AS n, min(c.started_date) AS first,
            max(c.started_date) AS last,
            -- the latest name, through the start-time index (a copy has the same name)
            (SELECT l.routine_name FROM sessions l WHERE l.routine_id = c.routine_id
             AND {counted_sql("l")} ORDER BY l.started_ts DESC LIMIT 1) AS name
        FROM counted c GROUP BY c.routine_id)),
    (SELECT group_concat(day) FROM (SELECT DISTINCT started_date AS day FROM chosen)),
    (SELECT first FROM bounds),
    (SELECT json_group_array(json_array({_SESSION_COLUMNS}, s.started_ts, s.last_activity))
     FROM sessions s JOIN files f USING (fid) WHERE s.fid IN inside),
    (SELECT {_BODIES} FROM details d WHERE d.fid IN inside)
"""
"""Everything for one range in one statement. Rows fetched one by one hand the interpreter
lock back and forth once a row; with the event loop busy drawing, each hand-off waits out
Python's switch interval, and 3,000 training days took seconds instead of milliseconds."""


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
                s.target, s.value, s.pain, s.stop_reason,
            )
            for s in record.training_sets
        )  # fmt: skip
        details[key] = Details(sets, tuple((p.when, p.value) for p in record.pains))
        rows.append(
            SessionRow(
                key, record.id, record.routine_id, record.routine_name, record.started,
                session_day(record), record.status, record.speed, record.red_flag,
                record.set_count, files.get(record.id, ""),
            )
        )  # fmt: skip
    return rows, details


@dataclass(frozen=True)
class RangeData:
    """What `IndexReader.range_data` reads for one range."""

    signature: Signature
    start: date
    """The range's first day (for "all", the first day with a counted session, or the end)."""
    sessions: tuple[SessionRow, ...]
    """Every session in the range (of the routine filtered on), oldest first."""
    details: dict[int, Details]
    """The sets and check-ins of those sessions, by key."""
    days: tuple[date, ...]
    """Every day with a counted session (of the routine filtered on), over the whole history."""
    totals: tuple[RoutineTotals, ...]
    """Every routine with a counted session, over the whole history."""


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
                    f"SELECT {_SESSION_COLUMNS} FROM sessions s JOIN files f USING (fid) "
                    "ORDER BY s.started_ts, f.path"
                ).fetchall()
            finally:
                db.execute("COMMIT")
        return IndexRows(self._rows(rows), signature)

    def _rows(self, rows: Iterable[tuple[Any, ...]]) -> tuple[SessionRow, ...]:
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
                red_flag_of(r[8]), r[9], root + r[10],
            )  # fmt: skip
            other = kept.get(row.id)
            if other is None or row.set_count > other.set_count:
                kept[row.id] = row
        return tuple(kept.values())

    def _one(self, sql: str, args: Sequence[object] = ()) -> Any:
        """The first row a query returns (None for no row)."""
        with _errors():
            return self._db.execute(sql, args).fetchone()

    def range_data(
        self,
        start: date | None,
        end: date,
        routine_id: str | None,
        is_live: Callable[[str, datetime], bool] | None = None,
    ) -> RangeData:
        """Everything one range's statistics need, read in one query (one snapshot).

        `start` None means from the first day with a counted session (of the routine, if
        given). The range's sessions are those of the routine (or all); the training days (of
        the routine) and the routine totals reach over the whole history. With `is_live`
        (session id, last activity → a writer still runs it), an in-progress session whose
        writer is gone reads "interrupted", as `HistoryStore` reports it.
        """
        row = self._one(_RANGE_SQL, (routine_id, None if start is None else start.isoformat(),
                                     end.isoformat()))  # fmt: skip
        with _errors():
            count, top, totals, days, first, sessions, details = row
            rows = json.loads(sessions)
            rows.sort(key=lambda r: (r[11], r[10]))  # by start, then path, as `sessions()`
            if is_live is not None:
                for r in rows:
                    if r[6] == "in_progress" and not is_live(r[1], datetime.fromisoformat(r[12])):
                        r[6] = "interrupted"
            return RangeData(
                signature=(int(count), int(top)),
                start=date.fromisoformat(first),
                sessions=self._rows(rows),
                details=self._details(details),
                days=tuple(sorted(date.fromisoformat(d) for d in days.split(","))) if days else (),
                totals=tuple(
                    RoutineTotals(
                        r[0], r[1], r[2], date.fromisoformat(r[3]), date.fromisoformat(r[4])
                    )
                    for r in sorted(json.loads(totals))
                ),
            )

    def top_sets(self) -> tuple[TopSet, ...]:
        """The best set of every exercise, variant and side among counted sessions.

        Aggregated inside SQLite (which lets other threads run meanwhile): on ten years of
        history this reads every set once, about a third of a second.
        """
        value = "t.value ->> 13"  # the set's value, as `set_value` worked it out
        with _errors():
            rows = self._db.execute(
                f"WITH {_EXTRA_CTE} "
                "SELECT json_group_array(json_array(shape, value, started_ts, day)) FROM ("
                " SELECT shape, value, started_ts, day, row_number() OVER ("
                "  PARTITION BY shape ORDER BY value DESC, started_ts, path) AS rank FROM ("
                f"  SELECT sh.shape AS shape, {value} AS value, s.started_ts AS started_ts,"
                "   s.started_date AS day, f.path AS path"
                "   FROM sessions s JOIN files f USING (fid) JOIN details d USING (fid),"
                "   json_each(d.body, '$[0]') t JOIN shapes sh ON sh.shape = t.value ->> 0"
                f"   WHERE {_COUNTED} AND s.fid NOT IN extra AND NOT t.value ->> 10)"
                " WHERE value IS NOT NULL)"
                " WHERE rank = 1"
            ).fetchone()[0]
            shapes = self._shape_table()
            return tuple(
                TopSet(
                    shapes[shape][0], shapes[shape][3], shapes[shape][4], float(value),
                    started_ts, date.fromisoformat(day),
                )
                for shape, value, started_ts, day in json.loads(rows)
            )  # fmt: skip

    def _shape_table(self) -> dict[int, tuple[str, str, str, str, str, str]]:
        if not self._shapes:
            text = self._one(
                "SELECT json_group_array(json_array(shape, exercise_id, exercise_name, kind, "
                "variant_id, side, target_unit)) FROM shapes"
            )[0]
            self._shapes = {row[0]: tuple(row[1:]) for row in json.loads(text)}
        return self._shapes

    def details(self, keys: Iterable[int]) -> dict[int, Details]:
        """The sets and pain check-ins of the sessions with these keys (missing keys are left out)."""
        found: dict[int, Details] = {}
        for chunk in _chunks(list(keys), 900):
            marks = ",".join("?" * len(chunk))
            text = self._one(f"SELECT {_BODIES} FROM details d WHERE d.fid IN ({marks})", chunk)
            with _errors():
                found.update(self._details(text[0]))
        return found

    def _details(self, text: str) -> dict[int, Details]:
        shapes = self._shape_table()
        return {fid: self._decode(body, shapes) for fid, body in json.loads(text)}

    @staticmethod
    def _decode(body: list[Any], shapes: dict[int, tuple[str, str, str, str, str, str]]) -> Details:
        sets = []
        for t in body[0]:
            if t[10]:
                continue  # a warm-up set is not a set of the routine
            exercise_id, name, kind, variant, side, unit = shapes[t[0]]
            value = None if t[13] is None else float(t[13])
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
