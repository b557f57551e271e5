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
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from backtimer.history.records import PainCheck, PainChoice, SessionRecord, SetRecord
from backtimer.history.toml_io import HistoryFileError, parse_session, read_file_bytes

INDEX_NAME: Final = "index.sqlite3"
INDEX_VERSION: Final = "1"
"""Bump whenever the tables or what goes in them change: an older index is rebuilt."""

_SCHEMA: Final = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    fid INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    problem TEXT
);
CREATE TABLE sessions (
    fid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    routine_id TEXT NOT NULL,
    routine_name TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    started TEXT NOT NULL,
    started_ts REAL NOT NULL,
    started_date TEXT NOT NULL,
    ended TEXT,
    status TEXT NOT NULL,
    speed REAL NOT NULL,
    red_flag INTEGER,
    notes TEXT NOT NULL,
    set_count INTEGER NOT NULL,
    last_activity TEXT NOT NULL,
    pains TEXT NOT NULL,
    pain_choices TEXT NOT NULL
);
CREATE INDEX sessions_by_start ON sessions (started_ts);
CREATE TABLE sets (
    fid INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    exercise_id TEXT NOT NULL,
    exercise_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    variant_id TEXT NOT NULL,
    side TEXT NOT NULL,
    set_number INTEGER NOT NULL,
    target REAL NOT NULL,
    target_unit TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    actual_s REAL,
    reps INTEGER,
    overtime INTEGER NOT NULL,
    stop_reason TEXT,
    pain INTEGER,
    notes TEXT NOT NULL,
    PRIMARY KEY (fid, seq)
) WITHOUT ROWID;
"""

_SESSION_COLUMNS: Final = (
    "s.id, s.routine_id, s.routine_name, s.fingerprint, s.started, s.status, s.ended, s.speed, "
    "s.red_flag, s.notes, s.set_count, s.last_activity, s.pains, s.pain_choices, f.path, s.fid"
)


class IndexUnusable(Exception):
    """The index file cannot be used and should be rebuilt."""


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A session file, relative to the sessions folder, and why it was not used."""

    relpath: str
    message: str


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


@dataclass(frozen=True, slots=True)
class _Seen:
    relpath: str
    path: str
    size: int
    mtime_ns: int
    ino: int


def walk_sessions(sessions_dir: Path) -> tuple[list[_Seen], list[FileProblem]]:
    """Every `*.toml` below `sessions_dir` (hidden names skipped), and what could not be listed."""
    found: list[_Seen] = []
    problems: list[FileProblem] = []
    root = os.fspath(sessions_dir)
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            problems.append(
                FileProblem(prefix.rstrip("/") or ".", f"folder cannot be listed: {error.strerror}")
            )
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            relpath = prefix + name
            try:
                if name.endswith(".toml"):
                    if entry.is_dir():
                        problems.append(FileProblem(relpath, "is a folder, not a session file"))
                    elif not entry.is_file():
                        problems.append(FileProblem(relpath, "is not a regular file"))
                    else:
                        st = entry.stat()
                        found.append(
                            _Seen(relpath, entry.path, st.st_size, st.st_mtime_ns, st.st_ino)
                        )
                elif entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, relpath + "/"))
            except OSError as error:
                problems.append(FileProblem(relpath, f"cannot be read: {error.strerror}"))
    return found, problems


def _ts(value: datetime) -> float:
    return value.timestamp()


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _session_row(fid: int, record: SessionRecord) -> tuple[Any, ...]:
    pains = json.dumps([[p.when, p.value, p.at.isoformat(), p.exercise_id] for p in record.pains])
    choices = json.dumps(
        [[c.exercise_id, c.choice, c.at.isoformat(), c.value] for c in record.pain_choices]
    )
    red = None if record.red_flag is None else int(record.red_flag)
    return (
        fid,
        record.id,
        record.routine_id,
        record.routine_name,
        record.routine_fingerprint,
        record.started.isoformat(),
        _ts(record.started),
        record.started.date().isoformat(),
        _iso(record.ended),
        record.status,
        record.speed,
        red,
        record.notes,
        len(record.sets),
        record.last_activity.isoformat(),
        pains,
        choices,
    )


def _set_rows(fid: int, record: SessionRecord) -> Iterator[tuple[Any, ...]]:
    for seq, s in enumerate(record.sets):
        yield (
            fid,
            seq,
            s.exercise_id,
            s.exercise_name,
            s.kind,
            s.variant_id,
            s.side,
            s.set_number,
            s.target,
            s.target_unit,
            s.ended_at.isoformat(),
            s.actual_s,
            s.reps,
            int(s.overtime),
            s.stop_reason,
            s.pain,
            s.notes,
        )


class SessionIndex:
    """An open index (on disk, or in memory when the disk one is unusable)."""

    def __init__(self, connection: sqlite3.Connection, on_disk: bool) -> None:
        self._db = connection
        self.on_disk = on_disk
        """False when this run uses a private in-memory index (the disk one was locked)."""

    @classmethod
    def open(cls, index_path: Path | None, *, lock_timeout: float = 2.0) -> SessionIndex:
        """Open (creating or rebuilding as needed) the index at `index_path`.

        `None`, a locked index, or one that cannot be created gives an in-memory index, which
        works the same but starts cold.
        """
        if index_path is not None:
            for _attempt in range(2):
                try:
                    return cls(_open_disk(index_path, lock_timeout), on_disk=True)
                except IndexUnusable:
                    delete_index(index_path)
                except sqlite3.OperationalError:
                    break  # locked by another process, or the folder will not take it
                except OSError:
                    break
        db = sqlite3.connect(":memory:", isolation_level=None)
        db.executescript(_SCHEMA)
        return cls(db, on_disk=False)

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def refresh(self, sessions_dir: Path) -> list[FileProblem]:
        """Bring the index up to date with the files; returns problems found while walking.

        Raises `IndexUnusable` if the database turns out to be damaged part-way.
        """
        seen, walk_problems = walk_sessions(sessions_dir)
        try:
            self._apply(seen)
            return walk_problems
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise IndexUnusable(str(error)) from error

    def _apply(self, seen: list[_Seen]) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            known = {
                row[1]: row
                for row in db.execute("SELECT fid, path, size, mtime_ns, ino FROM files")
            }
            for item in seen:
                row = known.pop(item.relpath, None)
                if row is None:
                    self._add(item)
                elif (row[2], row[3], row[4]) != (item.size, item.mtime_ns, item.ino):
                    self._forget([row[0]])
                    self._add(item)
            self._forget([row[0] for row in known.values()])
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise

    def _forget(self, fids: list[int]) -> None:
        if not fids:
            return
        rows = [(fid,) for fid in fids]
        self._db.executemany("DELETE FROM sets WHERE fid = ?", rows)
        self._db.executemany("DELETE FROM sessions WHERE fid = ?", rows)
        self._db.executemany("DELETE FROM files WHERE fid = ?", rows)

    def _add(self, item: _Seen) -> None:
        path = Path(item.path)
        problem: str | None = None
        record: SessionRecord | None = None
        try:
            record = parse_session(read_file_bytes(path), path)
        except HistoryFileError as error:
            problem = error.message
        cursor = self._db.execute(
            "INSERT INTO files (path, size, mtime_ns, ino, problem) VALUES (?, ?, ?, ?, ?)",
            (item.relpath, item.size, item.mtime_ns, item.ino, problem),
        )
        if record is None:
            return
        fid = cursor.lastrowid
        assert fid is not None
        self._db.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _session_row(fid, record),
        )
        self._db.executemany(
            "INSERT INTO sets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _set_rows(fid, record),
        )

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
            "s.set_count, s.last_activity, f.path FROM sessions s JOIN files f USING (fid)"
            f"{where} ORDER BY s.started_ts, f.path",
            args,
        )
        parse = datetime.fromisoformat
        return [
            SummaryRow(
                r[0],
                r[1],
                r[2],
                parse(r[3]),
                r[4],
                None if r[5] is None else parse(r[5]),
                r[6],
                r[7],
                parse(r[8]),
                r[9],
            )
            for r in rows
        ]

    def records(
        self, since: datetime | None = None, since_date: str | None = None
    ) -> list[tuple[str, SessionRecord]]:
        """Every indexed session with its sets, as (relative path, record), oldest first."""
        where, args = self._where(since, since_date)
        parse = datetime.fromisoformat
        sets: dict[int, list[SetRecord]] = {}
        set_query = (
            "SELECT t.fid, t.exercise_id, t.exercise_name, t.kind, t.variant_id, t.side, "
            "t.set_number, t.target, t.target_unit, t.ended_at, t.actual_s, t.reps, t.overtime, "
            "t.stop_reason, t.pain, t.notes FROM sets t"
        )
        if where:
            set_query += f" JOIN sessions s USING (fid){where}"
        for r in self._db.execute(set_query + " ORDER BY t.fid, t.seq", args):
            item = SetRecord(
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                parse(r[9]),
                r[10],
                r[11],
                bool(r[12]),
                r[13],
                r[14],
                r[15],
            )
            bucket = sets.get(r[0])
            if bucket is None:
                sets[r[0]] = [item]
            else:
                bucket.append(item)
        result = []
        rows = self._db.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions s JOIN files f USING (fid)"
            f"{where} ORDER BY s.started_ts, f.path",
            args,
        )
        for r in rows:
            pains = tuple(
                PainCheck(when, value, parse(at), exercise)
                for when, value, at, exercise in json.loads(r[12])
            )
            choices = tuple(
                PainChoice(exercise, choice, parse(at), value)
                for exercise, choice, at, value in json.loads(r[13])
            )
            record = SessionRecord(
                id=r[0],
                routine_id=r[1],
                routine_name=r[2],
                routine_fingerprint=r[3],
                started=parse(r[4]),
                status=r[5],
                ended=None if r[6] is None else parse(r[6]),
                speed=r[7],
                sets=tuple(sets.get(r[15], ())),
                pains=pains,
                pain_choices=choices,
                red_flag=None if r[8] is None else bool(r[8]),
                notes=r[9],
            )
            result.append((r[14], record))
        return result


def _open_disk(index_path: Path, lock_timeout: float) -> sqlite3.Connection:
    try:
        fd = os.open(index_path, os.O_RDWR | os.O_CREAT, 0o600)
    except IsADirectoryError:
        raise OSError(f"{index_path} is a folder") from None
    try:
        if os.fstat(fd).st_mode & 0o077:
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    db = sqlite3.connect(index_path, timeout=lock_timeout, isolation_level=None)
    try:
        try:
            version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except sqlite3.OperationalError as error:
            if "locked" in str(error):
                raise
            version = None  # empty file, or no such table: a new index
            if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise IndexUnusable("unexpected tables") from error
            db.executescript(
                f"BEGIN IMMEDIATE; {_SCHEMA} "
                f"INSERT INTO meta VALUES ('version', '{INDEX_VERSION}'); COMMIT;"
            )
            return db
        if version is None or version[0] != INDEX_VERSION:
            raise IndexUnusable("index version differs")
    except sqlite3.DatabaseError as error:
        db.close()
        if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
            raise
        raise IndexUnusable(str(error)) from error
    except IndexUnusable:
        db.close()
        raise
    return db


def delete_index(index_path: Path) -> None:
    """Remove the index and its journal files; the next listing rebuilds it from the files."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{index_path}{suffix}").unlink()
