"""A derived SQLite index of the session files, so listing ten years of history stays fast.

The TOML files are the only source of truth. The index remembers, per file, its size, mtime and
inode, and what was read from it: the session and its sets, or the problem that made it
unusable. `refresh()` walks the sessions folder and re-reads only files that are new or
changed, and forgets files that are gone, all in one transaction.

The index is never trusted over the files: if it cannot be opened, is not a database, has
another schema version or is damaged, it is deleted and rebuilt. If another process holds it
locked, this run uses a private in-memory index instead.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from backtimer.domain.days import session_day
from backtimer.domain.records import PainCheck, PainChoice, PauseRecord, SessionRecord, SetRecord
from backtimer.storage.history.index_db import (
    RED_FLAG_SKIPPED,
    SCHEMA,
    IndexUnusable,
    delete_index,
    open_disk,
    red_flag_column,
    red_flag_of,
)
from backtimer.storage.history.toml_io import HistoryFileError, parse_session, read_file_bytes
from backtimer.storage.history.walk import FileProblem, SeenFile, walk_sessions

PROGRESS_EVERY: Final = 64
"""`refresh()` reports progress after this many files (and once at the end)."""

Progress = Callable[[int, int], None]
"""Called with (files checked so far, files found) while `refresh()` works through them."""

Shape = tuple[str, str, str, str, str, str]
"""exercise_id, exercise_name, kind, variant_id, side, target_unit."""


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One session as listed from the index: enough for a table, without its sets."""

    id: str
    routine_id: str
    routine_name: str
    started: datetime
    status: str
    ended: datetime | None
    speed: float
    set_count: int
    last_activity: datetime
    relpath: str
    red_flag: bool | None = None


def _ts(value: datetime) -> float:
    return value.timestamp()


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_decode = json.JSONDecoder().decode


def _session_row(fid: int, record: SessionRecord) -> tuple[Any, ...]:
    return (
        fid,
        record.id,
        record.routine_id,
        record.routine_name,
        record.routine_fingerprint,
        record.started.isoformat(),
        _ts(record.started),
        session_day(record).isoformat(),
        _iso(record.ended),
        record.status,
        record.speed,
        red_flag_column(record.red_flag, record.red_flag_skipped),
        record.notes,
        record.set_count,
        record.last_activity.isoformat(),
    )


@dataclass
class _Batch:
    """Rows to insert, gathered so each table gets one `executemany`."""

    files: list[tuple[Any, ...]]
    sessions: list[tuple[Any, ...]]
    details: list[tuple[int, str]]


class SessionIndex:
    """An open index (on disk, or in memory when the disk one is unusable)."""

    def __init__(self, connection: sqlite3.Connection, on_disk: bool) -> None:
        self._db = connection
        self.on_disk = on_disk
        """False when this run uses a private in-memory index."""
        self._shapes: dict[Shape, int] = {}
        self._fresh: dict[int, SessionRecord] = {}
        """Records parsed by the last refresh, by file id: loading them again is wasted work."""

    @classmethod
    def open(cls, index_path: Path | None, *, lock_timeout: float = 2.0) -> SessionIndex:
        """Open (creating or rebuilding as needed) the index at `index_path`.

        `None`, a locked index, or one that cannot be created gives an in-memory index, which
        works the same but starts cold.
        """
        if index_path is not None:
            for _attempt in range(2):
                try:
                    return cls(open_disk(index_path, lock_timeout), on_disk=True)
                except IndexUnusable:
                    delete_index(index_path)
                except (sqlite3.OperationalError, OSError):
                    break  # locked by another process, or the folder will not take it
        db = sqlite3.connect(":memory:", isolation_level=None)
        db.executescript(SCHEMA)
        return cls(db, on_disk=False)

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def refresh(self, sessions_dir: Path, progress: Progress | None = None) -> list[FileProblem]:
        """Bring the index up to date with the files; returns problems found while walking.

        `progress`, if given, is called from this thread every `PROGRESS_EVERY` files; it should
        return quickly (it runs inside the index's write transaction).
        Raises `IndexUnusable` if the database turns out to be damaged part-way, and
        `sqlite3.OperationalError` if it stays locked by another process.
        """
        seen, walk_problems = walk_sessions(sessions_dir)
        try:
            self._apply(seen, progress)
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise
            raise IndexUnusable(str(error)) from error
        return walk_problems

    def _apply(self, seen: list[SeenFile], progress: Progress | None = None) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            self._shapes = {row[1:]: row[0] for row in db.execute("SELECT * FROM shapes")}
            known = {
                row[1]: row
                for row in db.execute("SELECT fid, path, size, mtime_ns, ino FROM files")
            }
            next_fid = (db.execute("SELECT max(fid) FROM files").fetchone()[0] or 0) + 1
            self._fresh = {}
            batch = _Batch([], [], [])
            gone: list[int] = []
            for checked, item in enumerate(seen):
                if progress is not None and checked % PROGRESS_EVERY == 0:
                    progress(checked, len(seen))
                row = known.pop(item.relpath, None)
                if row is not None:
                    if (row[2], row[3], row[4]) == (item.size, item.mtime_ns, item.ino):
                        continue
                    gone.append(row[0])
                self._read(next_fid, item, batch)
                next_fid += 1
            gone.extend(row[0] for row in known.values())
            if gone:
                rows = [(fid,) for fid in gone]
                for table in ("details", "sessions", "files"):
                    db.executemany(f"DELETE FROM {table} WHERE fid = ?", rows)
            db.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)", batch.files)
            db.executemany(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                batch.sessions,
            )
            db.executemany("INSERT INTO details VALUES (?, ?)", batch.details)
            db.execute("COMMIT")
            if progress is not None:
                progress(len(seen), len(seen))
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            self._fresh = {}
            raise

    def _shape(self, item: SetRecord) -> int:
        key = (
            item.exercise_id,
            item.exercise_name,
            item.kind,
            item.variant_id,
            item.side,
            item.target_unit,
        )
        shape = self._shapes.get(key)
        if shape is None:
            cursor = self._db.execute("INSERT INTO shapes VALUES (NULL, ?, ?, ?, ?, ?, ?)", key)
            shape = self._shapes[key] = cursor.lastrowid or 0
        return shape

    def _read(self, fid: int, item: SeenFile, batch: _Batch) -> None:
        try:
            record = parse_session(read_file_bytes(item.path), item.path)
        except HistoryFileError as error:
            batch.files.append(
                (fid, item.relpath, item.size, item.mtime_ns, item.ino, error.message)
            )
            return
        self._fresh[fid] = record
        batch.files.append((fid, item.relpath, item.size, item.mtime_ns, item.ino, None))
        batch.sessions.append(_session_row(fid, record))
        shape = self._shape
        body: list[Any] = [
            [
                [
                    shape(s), s.set_number, s.target, s.ended_at.isoformat(), s.actual_s,
                    s.reps, s.overtime, s.stop_reason, s.pain, s.notes, s.warmup,
                    s.hold_s, s.holds, s.value,
                ]
                for s in record.sets
            ],
        ]  # fmt: skip
        if record.pains or record.pain_choices or record.pain_after_skipped or record.pauses:
            body.append([[p.when, p.value, p.at.isoformat(), p.exercise_id] for p in record.pains])
            body.append(
                [
                    [
                        c.exercise_id,
                        c.choice,
                        c.at.isoformat(),
                        c.value,
                        c.variant_id,
                        c.target,
                        c.new_target,
                        c.new_variant_id,
                    ]
                    for c in record.pain_choices
                ]
            )
        if record.pain_after_skipped or record.pauses:
            body.append(record.pain_after_skipped)
        if record.pauses:
            body.append([[p.at.isoformat(), p.seconds, p.reason] for p in record.pauses])
        batch.details.append((fid, _encode(body)))

    def problems(self) -> list[FileProblem]:
        """Files remembered as unusable, with their messages."""
        rows = self._db.execute(
            "SELECT path, problem FROM files WHERE problem IS NOT NULL ORDER BY path"
        )
        return [FileProblem(path, message) for path, message in rows]

    def _where(self, since: datetime | None, since_date: str | None) -> tuple[str, tuple[Any, ...]]:
        if since is not None:
            return " WHERE s.started_ts >= ?", (_ts(since),)
        if since_date is not None:
            return " WHERE s.started_date >= ?", (since_date,)
        return "", ()

    def summaries(
        self, since: datetime | None = None, since_date: str | None = None
    ) -> list[SummaryRow]:
        """Every indexed session (optionally from a time or a local date on), oldest first."""
        where, args = self._where(since, since_date)
        rows = self._db.execute(
            "SELECT s.id, s.routine_id, s.routine_name, s.started, s.status, s.ended, s.speed, "
            "s.set_count, s.last_activity, f.path, s.red_flag "
            f"FROM sessions s JOIN files f USING (fid){where} ORDER BY s.started_ts, f.path",
            args,
        )
        parse = datetime.fromisoformat
        return [
            SummaryRow(
                r[0], r[1], r[2], parse(r[3]), r[4], None if r[5] is None else parse(r[5]),
                r[6], r[7], parse(r[8]), r[9], red_flag_of(r[10]),
            )
            for r in rows
        ]  # fmt: skip

    def records(
        self, since: datetime | None = None, since_date: str | None = None
    ) -> list[tuple[str, SessionRecord]]:
        """Every indexed session with its sets, as (relative path, record), oldest first."""
        where, args = self._where(since, since_date)
        fresh = self._fresh
        shapes = {row[0]: row[1:] for row in self._db.execute("SELECT * FROM shapes")}
        rows = self._db.execute(
            "SELECT s.fid, f.path, s.id, s.routine_id, s.routine_name, s.fingerprint, s.started, "
            "s.status, s.ended, s.speed, s.red_flag, s.notes, d.body "
            "FROM sessions s JOIN files f USING (fid) JOIN details d USING (fid)"
            f"{where} ORDER BY s.started_ts, f.path",
            args,
        )
        parse = datetime.fromisoformat
        decode = _decode
        result = []
        for r in rows:
            record = fresh.get(r[0])
            if record is None:
                body = decode(r[12])
                start = parse(r[6])
                sets = tuple(
                    [
                        SetRecord(
                            e[0], e[1], e[2], e[3], e[4], t[1], t[2], e[5],
                            parse(t[3]),
                            t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12],
                        )
                        for t in body[0]
                        for e in (shapes[t[0]],)
                    ]
                )  # fmt: skip
                pains: tuple[PainCheck, ...] = ()
                choices: tuple[PainChoice, ...] = ()
                if len(body) > 1:
                    pains = tuple(PainCheck(w, v, parse(at), e) for w, v, at, e in body[1])
                    choices = tuple(
                        PainChoice(e, c, parse(at), *rest) for e, c, at, *rest in body[2]
                    )
                record = SessionRecord(
                    id=r[2],
                    routine_id=r[3],
                    routine_name=r[4],
                    routine_fingerprint=r[5],
                    started=start,
                    status=r[7],
                    ended=None if r[8] is None else parse(r[8]),
                    speed=r[9],
                    sets=sets,
                    pains=pains,
                    pain_choices=choices,
                    red_flag=red_flag_of(r[10]),
                    red_flag_skipped=r[10] == RED_FLAG_SKIPPED,
                    notes=r[11],
                    pain_after_skipped=len(body) > 3 and body[3] is True,
                    pauses=tuple(PauseRecord(parse(a), s, r) for a, s, r in body[4])
                    if len(body) > 4
                    else (),
                )
            result.append((r[1], record))
        return result
