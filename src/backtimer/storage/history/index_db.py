"""The index's SQLite file: its tables, opening it (creating it when new) and deleting it.

An index that is not a database, has another schema version or is damaged raises
`IndexUnusable`, and the caller deletes and rebuilds it: the session files are the truth.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path
from typing import Final

from backtimer.storage.paths import NOFOLLOW, refuse_link

INDEX_NAME: Final = "index.sqlite3"
INDEX_VERSION: Final = "11"
"""Bump whenever the tables or what goes in them change: an older index is rebuilt."""

RED_FLAG_SKIPPED: Final = 2
"""`sessions.red_flag` for an unknown answer (`red_flag_skipped`); NULL, 0 and 1 are not
answered, no and yes. Read it back with `red_flag_of`."""


def red_flag_column(red_flag: bool | None, skipped: bool) -> int | None:
    """What `sessions.red_flag` holds for a session's answer."""
    if red_flag is not None:
        return int(red_flag)
    return RED_FLAG_SKIPPED if skipped else None


def red_flag_of(value: int | None) -> bool | None:
    """The answer (`SessionRecord.red_flag`) from `sessions.red_flag`: unknown is no answer."""
    return None if value is None or value == RED_FLAG_SKIPPED else bool(value)


# `sessions` holds what a listing shows; `details` the sets and pain records of each session as
# one compact JSON array (one row per session keeps a cold rebuild quick). Each set refers to a
# row of `shapes` for the strings every set repeats (exercise, kind, variant, side, unit), so
# loading shares one string object per value.
SCHEMA: Final = """
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
    last_activity TEXT NOT NULL
);
CREATE INDEX sessions_by_start ON sessions (started_ts);
CREATE TABLE details (fid INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE shapes (
    shape INTEGER PRIMARY KEY,
    exercise_id TEXT NOT NULL,
    exercise_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    variant_id TEXT NOT NULL,
    side TEXT NOT NULL,
    target_unit TEXT NOT NULL,
    UNIQUE (exercise_id, exercise_name, kind, variant_id, side, target_unit)
);
"""


JOURNAL_SUFFIXES: Final = ("", "-journal", "-wal", "-shm")
"""The index file and the files SQLite keeps beside it."""


def index_files(index_path: Path) -> list[Path]:
    """The index file and the journal files SQLite keeps beside it."""
    return [Path(f"{index_path}{suffix}") for suffix in JOURNAL_SUFFIXES]


class IndexUnusable(Exception):
    """The index file cannot be used and should be rebuilt."""


def open_disk(index_path: Path, lock_timeout: float) -> sqlite3.Connection:
    """Open the index file at `index_path` (0600), creating its tables when it is new.

    A link in the place of the index or of one of its journal files raises `LinkRefused`;
    anything but a regular file raises `OSError`. The mode of an existing file is left alone.
    """
    for path in index_files(index_path):
        refuse_link(path)
    try:
        fd = os.open(index_path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | NOFOLLOW, 0o600)
    except IsADirectoryError:
        raise OSError(f"{index_path} is a folder") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{index_path} is not a regular file")
    finally:
        os.close(fd)
    db = sqlite3.connect(index_path, timeout=lock_timeout, isolation_level=None)
    try:
        try:
            version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except sqlite3.OperationalError as error:
            if "locked" in str(error):
                raise
            create(db)  # empty file, or no such table: a new index
            version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
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


def create(db: sqlite3.Connection) -> None:
    """Create the tables of a new index, unless another opener (a thread or a process) got there
    first: the write lock makes the two take turns, and the second finds the first's tables."""
    db.execute("BEGIN IMMEDIATE")
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if not tables:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("INSERT INTO meta VALUES ('version', ?)", (INDEX_VERSION,))
        elif "meta" not in tables:
            raise IndexUnusable("unexpected tables")
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise


def delete_index(index_path: Path) -> None:
    """Remove the index and its journal files; the next listing rebuilds it from the files."""
    for path in index_files(index_path):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
