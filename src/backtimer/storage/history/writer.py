"""Saving a running session: atomic rewrites, exclusive creation, and a disk that says no.

Every save writes the whole file to a temporary file in the same folder, flushes and fsyncs it,
and renames it over the old version (`os.replace`), then fsyncs the folder. A crash at any
instant leaves the previous version or the new one, never a mix.

When the disk refuses (read-only, full, a file where a folder should be), `SessionWriter` keeps
the latest record in memory and says so in a `SaveResult`; the caller can `retry()` or
`relocate()` to another folder. Nothing is dropped silently.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from backtimer.domain.records import SessionRecord
from backtimer.storage.history import live
from backtimer.storage.history.toml_io import dumps
from backtimer.storage.paths import (
    LINK_REASON,
    NOFOLLOW,
    ensure_private_dir,
    leads_inside,
    refuse_link,
)

SESSIONS_DIR: Final = "sessions"
FILE_MODE: Final = 0o600

_REASONS: Final = {
    errno.EROFS: "the folder is on a read-only file system",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EIO: "the disk reported an input/output error",
    errno.ELOOP: LINK_REASON,
}


@dataclass(frozen=True)
class SaveResult:
    """What happened to the latest save: `ok`, where the file is (or was meant to go), and why not."""

    ok: bool
    path: Path | None
    message: str = ""


class HistoryWriteError(Exception):
    """A folder or file could not be written; `message` names the path and the reason."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def session_folder(data_dir: Path, started: datetime) -> Path:
    """`<data dir>/sessions/YYYY/MM`, by the session's own local start date."""
    return data_dir / SESSIONS_DIR / f"{started.year:04d}" / f"{started.month:02d}"


def file_stem(record: SessionRecord) -> str:
    """`2026-11-22T0715-1a2b3c4d`: sortable by start, short id to tell same-minute runs apart."""
    return f"{record.started:%Y-%m-%dT%H%M}-{record.id[:8]}"


def os_reason(error: OSError) -> str:
    """A short plain-words reason for an OS error."""
    if isinstance(error, FileExistsError | NotADirectoryError):
        return "a file is in the way where a folder should be"
    reason = _REASONS.get(error.errno or 0)
    if reason is None:
        reason = (error.strerror or str(error)).lower()
    return reason


def make_private_dirs(data_dir: Path, folder: Path) -> None:
    """Create `folder` below `data_dir`, each new level owner-only (0700), or raise
    `HistoryWriteError`.

    Existing folders are used as they are: their mode is never changed. A level that is a link
    is followed only when it leads inside the data folder (`leads_inside`, the rule the reader
    follows too); a link leading elsewhere is refused, and so is a file in a folder's place.
    `Path.mkdir(parents=True)` would give the in-between levels default permissions, so every
    level is made on its own.
    """
    levels = [folder]
    while levels[-1] != data_dir and levels[-1].parent != levels[-1]:
        levels.append(levels[-1].parent)
    for level in reversed(levels):
        if level != data_dir and level.is_symlink() and not leads_inside(data_dir, level):
            raise HistoryWriteError(
                level,
                f"{level} is a link that does not lead to a folder inside the data folder "
                f"{data_dir}, so nothing is saved through it",
            )
        try:
            ensure_private_dir(level)
        except OSError as error:
            blocker = _first_non_folder(level)
            if blocker is not None:
                raise HistoryWriteError(
                    blocker, f"{blocker} is a file, not a folder, so sessions cannot be saved there"
                ) from None
            raise HistoryWriteError(
                level, f"cannot create the folder {level}: {os_reason(error)}"
            ) from None


def _first_non_folder(path: Path) -> Path | None:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return None if candidate.is_dir() else candidate
    return None


TEMP_NAME: Final = re.compile(r"\..+\.[0-9a-f]{8}\.tmp")
"""The name of a temporary file a save writes before renaming it into place."""


def _write_temp(folder: Path, name: str, data: bytes, fsync: bool) -> Path:
    temp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | getattr(os, "O_BINARY", 0)
    fd = os.open(temp, flags, FILE_MODE)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if fsync:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        _unlink_quietly(temp)
        raise
    os.close(fd)
    return temp


def _unlink_quietly(path: Path) -> None:
    # A temporary file we could not remove is harmless: readers never look at it.
    with contextlib.suppress(OSError):
        path.unlink()


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable. Folders cannot be opened this way on Windows.
    if not hasattr(os, "O_DIRECTORY"):
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, fsync: bool = True) -> None:
    """Replace `path` with `data` so a crash leaves either the old or the new file (mode 0600).

    A link at `path` is refused (`LinkRefused`, an `OSError`): it is neither replaced nor
    written through.
    """
    refuse_link(path)
    temp = _write_temp(path.parent, path.name, data, fsync)
    try:
        temp.replace(path)  # os.replace: atomic on POSIX and Windows
    except BaseException:
        _unlink_quietly(temp)
        raise
    if fsync:
        _fsync_folder(path.parent)


def create_new(folder: Path, stem: str, data: bytes, *, fsync: bool = True) -> Path:
    """Write a new file `<stem>.toml` in `folder`, never replacing an existing one.

    On a name collision (another backtimer, or a synced copy) the next free `<stem>-N.toml` is
    used. The complete file is written first and then linked into place: the link fails if
    the name is taken, so creation is both exclusive and atomic. On file systems without hard
    links it falls back to `O_CREAT | O_EXCL` and writes in place.
    """
    temp = _write_temp(folder, stem, data, fsync)
    try:
        for attempt in range(1, 1000):
            target = folder / (f"{stem}.toml" if attempt == 1 else f"{stem}-{attempt}.toml")
            try:
                os.link(temp, target)
            except FileExistsError:
                continue
            except OSError as error:
                if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                if not _create_in_place(target, data, fsync):
                    continue
            if fsync:
                _fsync_folder(folder)
            return target
        raise FileExistsError(errno.EEXIST, "no free file name", str(folder / stem))
    finally:
        _unlink_quietly(temp)


def _create_in_place(target: Path, data: bytes, fsync: bool) -> bool:
    try:
        fd = os.open(
            target,
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | getattr(os, "O_BINARY", 0),
            FILE_MODE,
        )
    except FileExistsError:
        return False
    try:
        os.write(fd, data)
        if fsync:
            os.fsync(fd)
    finally:
        os.close(fd)
    return True


class SessionWriter:
    """Keeps one running session saved, and holds on to it when the disk will not take it.

    Create it with `HistoryStore.open_session`. Call `save(record)` after every set with the
    whole updated record; check the returned `SaveResult` (or `pending`). On failure the record
    stays in memory: `retry()` tries the same place again, `relocate(folder)` saves to another
    data folder instead. `close()` saves anything pending and marks the session as no longer
    running.
    """

    def __init__(self, data_dir: Path, record: SessionRecord, *, fsync: bool = True) -> None:
        self._data_dir = data_dir
        self._record = record
        self._fsync = fsync
        self._path: Path | None = None
        self._pending = True
        self._saved_sets = 0
        self._marker = live.mark_live(data_dir, record.id)
        self._last = self._write()

    @property
    def record(self) -> SessionRecord:
        """The latest record handed to `save`, saved or not."""
        return self._record

    @property
    def path(self) -> Path | None:
        """The session file, once it has been created."""
        return self._path

    @property
    def data_dir(self) -> Path:
        """The data folder being written to (changed by `relocate`)."""
        return self._data_dir

    @property
    def pending(self) -> bool:
        """True while the latest record is only in memory."""
        return self._pending

    @property
    def last_result(self) -> SaveResult:
        """The outcome of the most recent write attempt (also made on opening)."""
        return self._last

    @property
    def saved_sets(self) -> int:
        """How many sets the file on disk holds (the last version that was written)."""
        return self._saved_sets

    def save(self, record: SessionRecord) -> SaveResult:
        """Write `record` (the whole session so far) over the previous version."""
        if record.id != self._record.id:
            raise ValueError(f"this writer saves session {self._record.id}, not {record.id}")
        self._record = record
        self._pending = True
        self._last = self._write()
        return self._last

    def retry(self) -> SaveResult:
        """Try again to write the record held in memory, in the same place."""
        if self._pending:
            self._last = self._write()
        return self._last

    def relocate(self, data_dir: Path) -> SaveResult:
        """Save to another data folder from now on (as `<data_dir>/sessions/YYYY/MM/...`)."""
        self._marker.release()
        self._data_dir = data_dir
        self._path = None
        self._saved_sets = 0
        self._pending = True
        self._marker = live.mark_live(data_dir, self._record.id)
        self._last = self._write()
        return self._last

    def close(self) -> SaveResult:
        """Write anything pending and stop marking the session as running.

        If the write fails the record is still held and `retry`/`relocate` still work. Once it
        is saved, stale lock and temporary files are removed (`housekeeping.tidy_once`: the
        first time in a run).
        """
        result = self.retry()
        self._marker.release()
        if result.ok:
            # A moment when this process writes anyway: clear what killed writers left.
            from backtimer.storage.history.housekeeping import tidy_once

            tidy_once(self._data_dir)
        return result

    def _write(self) -> SaveResult:
        record = self._record
        folder = session_folder(self._data_dir, record.started)
        try:
            data = dumps(record)
            if self._path is None:
                make_private_dirs(self._data_dir, folder)
                self._path = create_new(folder, file_stem(record), data, fsync=self._fsync)
            else:
                write_atomic(self._path, data, fsync=self._fsync)
        except HistoryWriteError as error:
            return SaveResult(False, self._path, _kept(error.message))
        except OSError as error:
            where = self._path or folder
            message = f"could not save the session to {where}: {os_reason(error)}"
            return SaveResult(False, self._path, _kept(message))
        self._pending = False
        self._saved_sets = len(record.sets)
        return SaveResult(True, self._path)


def save_copy(record: SessionRecord, path: Path, *, fsync: bool = True) -> Path:
    """Write `record` as one session file at `path`, atomically and readable by the owner only.

    For a session the data folder would not take. `path` may be an existing folder (the file
    gets the name it would have had in the history), and missing folders are created (0700).
    Raises `HistoryWriteError` naming the path and the reason.
    """
    target = path / f"{file_stem(record)}.toml" if path.is_dir() else path
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(target, dumps(record), fsync=fsync)
    except OSError as error:
        raise HistoryWriteError(target, f"could not write {target}: {os_reason(error)}") from None
    return target


def _kept(message: str) -> str:
    return (
        f"{message[:1].upper()}{message[1:]}. The session is kept in memory: "
        "retry, or save it to another folder."
    )
