"""The history store: list and load saved sessions, and open a writer for a new one.

`HistoryStore` is the one entry point callers need. Listing goes through the SQLite index
(`index.py`), falling back to reading every file when the index cannot be used; either way the
TOML files decide. Reading never changes a session file.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Final, Protocol, TypeVar

from backtimer.domain.records import SessionRecord
from backtimer.domain.training import is_demo_speed
from backtimer.domain.vocabulary import Status
from backtimer.storage.history import live
from backtimer.storage.history.index import Progress, SessionIndex
from backtimer.storage.history.index_db import (
    INDEX_NAME,
    IndexUnusable,
    delete_index,
    index_files,
)
from backtimer.storage.history.walk import FileProblem
from backtimer.storage.history.writer import SESSIONS_DIR, SessionWriter
from backtimer.storage.paths import LINK_REASON

_STATUS_RANK: Final = {"completed": 3, "ended_early": 2, "interrupted": 1, "in_progress": 0}


@dataclass(frozen=True, slots=True)
class Problem:
    """A file (or folder) that was skipped, and a message saying what is wrong with it."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One session as a listing shows it, without its sets (cheap to list by the thousand)."""

    id: str
    routine_id: str
    routine_name: str
    started: datetime
    ended: datetime | None
    status: Status
    """As read, except that an in-progress session with no running writer is `interrupted`."""
    speed: float
    set_count: int
    last_activity: datetime
    file: str
    """The session file's path, as text (listing thousands, `Path` objects add up)."""
    red_flag: bool | None = None
    """The answer to the red-flag question, as in `SessionRecord.red_flag`."""

    @property
    def path(self) -> Path:
        """The session file."""
        return Path(self.file)

    @property
    def is_demo(self) -> bool:
        """True for a run at another speed than real time; stats leave these out."""
        return is_demo_speed(self.speed)


@dataclass(frozen=True)
class LoadResult:
    """Sessions oldest first (each id once), the file each came from, and skipped files."""

    sessions: tuple[SessionRecord, ...]
    problems: tuple[Problem, ...]
    files: dict[str, str]
    """Session id → the path of the file it was read from."""

    def path_of(self, session_id: str) -> Path:
        """The file a loaded session was read from."""
        return Path(self.files[session_id])


@dataclass(frozen=True)
class SummaryResult:
    """Session summaries oldest first (each id once), and skipped files."""

    sessions: tuple[SessionSummary, ...]
    problems: tuple[Problem, ...]


class _Listed(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def last_activity(self) -> datetime: ...


_T = TypeVar("_T")
_Pair = tuple[str, SessionRecord]
"""A session file's path and the record read from it."""
_L = TypeVar("_L", bound=_Listed)


def _now() -> datetime:
    return datetime.now(UTC)


class HistoryStore:
    """Saved sessions below `<data_dir>/sessions`, indexed in `<data_dir>/index.sqlite3`."""

    def __init__(
        self,
        data_dir: Path,
        *,
        use_index: bool = True,
        lock_timeout: float = 2.0,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.data_dir = data_dir
        self._use_index = use_index
        self._lock_timeout = lock_timeout
        self._clock = clock

    @property
    def sessions_dir(self) -> Path:
        """Where the session files live."""
        return self.data_dir / SESSIONS_DIR

    @property
    def index_path(self) -> Path:
        """The derived index; safe to delete at any time."""
        return self.data_dir / INDEX_NAME

    def open_session(self, record: SessionRecord, *, fsync: bool = True) -> SessionWriter:
        """Create the file for a new session (never overwriting another) and return its writer.

        The first save is attempted at once; check `writer.last_result` (or `pending`) to learn
        whether it reached the disk. `fsync=False` is for generating test data only.
        """
        return SessionWriter(self.data_dir, record, fsync=fsync)

    def summaries(self, since: datetime | date | None = None) -> SummaryResult:
        """List sessions (from `since` on: an instant, or a date in each session's own zone)."""
        rows, problems = self._with_index(lambda index: self._summaries(index, since))
        return self._summary_result(rows, problems)

    def load(self, since: datetime | date | None = None) -> LoadResult:
        """Load whole sessions with their sets and pain check-ins, oldest first."""
        pairs, problems = self._with_index(lambda index: self._records(index, since))
        return self._load_result(pairs, problems)

    def load_recent(self, since: datetime | date) -> tuple[LoadResult, SummaryResult]:
        """Whole sessions from `since` on, and a summary of every session, from one index look.

        Cheaper than `load()` on a long history when only the recent sessions are needed whole:
        the files are checked against the index once, and older sessions stay summaries.
        """

        def query(index: SessionIndex) -> list[tuple[list[SessionSummary], list[_Pair]]]:
            return [(self._summaries(index, None), self._records(index, since))]

        found, problems = self._with_index(query)
        rows, pairs = found[0] if found else ([], [])
        # Both listings share the problems met on the way; each result names them once.
        return self._load_result(pairs, problems), self._summary_result(rows, problems)

    def _summaries(
        self, index: SessionIndex, since: datetime | date | None
    ) -> list[SessionSummary]:
        root = f"{self.sessions_dir}{os.sep}"
        return [
            SessionSummary(
                r.id, r.routine_id, r.routine_name, r.started, r.ended,
                r.status,  # type: ignore[arg-type]  # checked when the file was read
                r.speed, r.set_count, r.last_activity, root + r.relpath, r.red_flag,
            )
            for r in index.summaries(*_since(since))
        ]  # fmt: skip

    def _records(self, index: SessionIndex, since: datetime | date | None) -> list[_Pair]:
        root = f"{self.sessions_dir}{os.sep}"
        return [(root + rel, rec) for rel, rec in index.records(*_since(since))]

    def _summary_result(self, rows: list[SessionSummary], problems: list[Problem]) -> SummaryResult:
        kept, duplicates = _dedupe(rows, lambda s: s.file, lambda s: s.set_count)
        now = self._clock()
        sessions = tuple(
            replace(s, status="interrupted") if self._interrupted(s, now) else s for s in kept
        )
        return SummaryResult(sessions, tuple(problems + duplicates))

    def _load_result(self, pairs: list[_Pair], problems: list[Problem]) -> LoadResult:
        files = {id(record): path for path, record in pairs}
        kept, duplicates = _dedupe(
            [record for _, record in pairs], lambda r: files[id(r)], lambda r: len(r.sets)
        )
        now = self._clock()
        sessions = tuple(
            replace(r, status="interrupted") if self._interrupted(r, now) else r for r in kept
        )
        paths = {r.id: files[id(r)] for r in kept}
        return LoadResult(sessions, tuple(problems + duplicates), paths)

    def _interrupted(self, item: _Listed, now: datetime) -> bool:
        return item.status == "in_progress" and not live.is_live(
            self.data_dir, item.id, item.last_activity, now
        )

    def update_index(self, progress: Progress | None = None) -> tuple[Problem, ...]:
        """Bring the index up to date with the files (building it if need be), listing nothing.

        `progress` is called from this thread with (files checked, files found) every so often:
        building the index on a long history takes seconds. Returns the files skipped.
        """

        def nothing(index: SessionIndex) -> list[None]:
            return []

        _rows, problems = self._with_index(nothing, progress)
        return tuple(problems)

    def _with_index(
        self, query: Callable[[SessionIndex], list[_T]], progress: Progress | None = None
    ) -> tuple[list[_T], list[Problem]]:
        sessions_dir = self.sessions_dir
        if not sessions_dir.exists():
            if self.data_dir.exists() and not self.data_dir.is_dir():
                return [], [Problem(self.data_dir, "is a file, not a data folder")]
            return [], []  # nothing saved yet; reading creates nothing
        if not sessions_dir.is_dir():
            return [], [Problem(sessions_dir, "is a file, not the sessions folder")]
        index_path = self.index_path if self._use_index else None
        refused: list[Problem] = []
        if index_path is not None:
            links = [p for p in index_files(index_path) if p.is_symlink()]
            if links:
                index_path = None
                refused = [
                    Problem(p, f"{LINK_REASON}; history is read without its index") for p in links
                ]
        with _collector_paused():
            rows, problems = self._index_query(sessions_dir, index_path, query, progress)
        return rows, refused + problems

    def _index_query(
        self,
        sessions_dir: Path,
        index_path: Path | None,
        query: Callable[[SessionIndex], list[_T]],
        progress: Progress | None = None,
    ) -> tuple[list[_T], list[Problem]]:
        for _attempt in range(3):
            index = SessionIndex.open(index_path, lock_timeout=self._lock_timeout)
            try:
                walk_problems = index.refresh(sessions_dir, progress)
                rows = query(index)
                found = walk_problems + index.problems()
            except IndexUnusable:
                index.close()
                if index_path is not None:
                    delete_index(index_path)
                    if _attempt:  # rebuilt and still failing: read the files directly
                        index_path = None
                continue
            except sqlite3.Error:
                index.close()
                if index_path is None:
                    raise
                index_path = None  # locked or failing mid-way: read the files directly this time
                continue
            index.close()
            return rows, [Problem(sessions_dir / p.relpath, p.message) for p in _sorted(found)]
        raise RuntimeError("the history could not be read even without the index")


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    # Loading builds some 100,000 long-lived objects and no reference cycles; the cyclic
    # garbage collector would repeatedly walk all of them for nothing.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _sorted(problems: Iterable[FileProblem]) -> list[FileProblem]:
    return sorted(problems, key=lambda p: p.relpath)


def _since(since: datetime | date | None) -> tuple[datetime | None, str | None]:
    if isinstance(since, datetime):
        if since.tzinfo is None:
            raise ValueError("since must be timezone-aware")
        return since, None
    if isinstance(since, date):
        return None, since.isoformat()
    return None, None


def _dedupe(
    items: Sequence[_L], path_of: Callable[[_L], str], size_of: Callable[[_L], int]
) -> tuple[list[_L], list[Problem]]:
    """Keep one entry per session id; name every extra copy (e.g. a sync conflict) as a problem.

    The copy kept is the one with the most sets, then the most final status, then the shortest
    path.
    """
    by_id: dict[str, list[_L]] = {}
    for item in items:
        by_id.setdefault(item.id, []).append(item)
    if all(len(group) == 1 for group in by_id.values()):
        return list(items), []
    drop: set[int] = set()
    problems = []
    for session_id, group in by_id.items():
        if len(group) == 1:
            continue
        ranked = sorted(
            group,
            # Sync tools give their copies longer names, so the shorter name is the original.
            key=lambda x: (
                -size_of(x),
                -_STATUS_RANK.get(x.status, 0),
                len(path_of(x)),
                path_of(x),
            ),
        )
        kept = Path(path_of(ranked[0]))
        for extra in ranked[1:]:
            drop.add(id(extra))
            problems.append(
                Problem(
                    Path(path_of(extra)),
                    f"holds the same session (id {session_id}) as {kept}; "
                    f"counted once, from {kept.name}",
                )
            )
    return [item for item in items if id(item) not in drop], problems
