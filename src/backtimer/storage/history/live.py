"""Which in-progress sessions still have a running writer.

A session file says `status = "in_progress"` from its first set until it is finished. If the
process dies, nothing updates it, so readers decide: a session is live when it is open in this
process, or when another process holds the lock on `<data dir>/live/<id>.lock` (an advisory
`flock`, released by the kernel when that process dies however it dies). Otherwise an
in-progress file is reported as `interrupted`.

Where `fcntl` does not exist (Windows) a lock cannot be checked, so an in-progress session not
open in this process counts as live until `STALE_AFTER` has passed since its last activity.
"""

from __future__ import annotations

import contextlib
import os
import stat
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

from backtimer.storage.paths import NOFOLLOW, ensure_private_dir

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

LIVE_DIR: Final = "live"
STALE_AFTER: Final = timedelta(hours=12)

_open_here: set[str] = set()


class LiveMarker:
    """Held by a `SessionWriter` while its session runs; `release()` when it ends."""

    def __init__(self, session_id: str, lock_path: Path | None, fd: int | None) -> None:
        self._id = session_id
        self._lock_path = lock_path
        self._fd = fd

    def release(self) -> None:
        """Stop marking the session as running (idempotent)."""
        _open_here.discard(self._id)
        if self._fd is not None:
            if self._lock_path is not None:
                # A stale lock file is harmless: nobody holds its lock.
                with contextlib.suppress(OSError):
                    self._lock_path.unlink()
            os.close(self._fd)
            self._fd = None


def mark_live(data_dir: Path, session_id: str) -> LiveMarker:
    """Mark `session_id` as running in this process; lock its file when the disk allows.

    A data folder that cannot take the lock file (read-only, full) still gets the in-process
    mark; the writer reports the disk problem itself when it saves.
    """
    _open_here.add(session_id)
    if fcntl is None:
        return LiveMarker(session_id, None, None)
    folder = data_dir / LIVE_DIR
    lock_path = folder / f"{session_id}.lock"
    try:
        ensure_private_dir(data_dir)
        ensure_private_dir(folder)
        # Not through a link, and not blocking on a FIFO someone put in its place.
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | NOFOLLOW, 0o600)
    except OSError:
        return LiveMarker(session_id, None, None)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return LiveMarker(session_id, None, None)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return LiveMarker(session_id, None, None)
    return LiveMarker(session_id, lock_path, fd)


def is_live(data_dir: Path, session_id: str, last_activity: datetime, now: datetime) -> bool:
    """True when an in-progress session still has a writer (see the module docstring)."""
    if session_id in _open_here:
        return True
    if fcntl is None:
        return now - last_activity < STALE_AFTER
    # Without blocking, and not through a link: a named pipe in its place would otherwise
    # wait forever for a writer. Only a regular file can be backtimer's lock.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(data_dir / LIVE_DIR / f"{session_id}.lock", flags)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing drops our shared lock too
    return False


def remove_stale_locks(data_dir: Path) -> int:
    """Delete the lock files in `live/` whose writer is gone; returns how many.

    A lock file is stale when nobody holds its lock: its process died before it could remove
    it. Each one is locked before it is removed, so a running writer's file is never touched.
    Links and anything but regular files are left alone.
    """
    if fcntl is None:
        return 0
    try:
        entries = list(os.scandir(data_dir / LIVE_DIR))
    except OSError:
        return 0
    removed = 0
    for entry in entries:
        session_id = entry.name.removesuffix(".lock")
        if session_id == entry.name or session_id in _open_here:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            fd = os.open(entry.path, os.O_RDONLY | os.O_NONBLOCK | NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # Still the same file (not replaced meanwhile), and nobody holds it: remove it.
            if os.fstat(fd).st_ino == Path(entry.path).lstat().st_ino:
                Path(entry.path).unlink()
                removed += 1
        except OSError:
            pass  # held by a running writer, or gone already
        finally:
            os.close(fd)
    return removed
