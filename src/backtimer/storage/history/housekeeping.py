"""Tidying the data folder after a session: what killed writers left behind.

A process killed mid-save leaves its temporary file (`.<name>.<8 hex>.tmp`, a whole copy of the
file it was saving) and its lock file in `live/`. Neither is ever read, but they pile up. They
are removed once a session has been saved and closed (a moment when this process is writing
anyway), the first time in each run (they come from killed processes, not from this one, and
the whole history is looked through), and only when their writer is surely gone: a lock file
nobody holds, a temporary file older than `STALE_TEMP_AFTER` (a save takes milliseconds). Links and anything but regular files
are left alone, and only folders backtimer writes to are looked in.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import Final

from backtimer.storage.history import live
from backtimer.storage.history.writer import SESSIONS_DIR, TEMP_NAME

STALE_TEMP_AFTER: Final = 15 * 60
"""Seconds after which a temporary file's save is over, one way or the other."""

_JOURNAL_DIR: Final = "journal"


_TIDIED: set[Path] = set()
"""Data folders tidied by this process."""


def tidy_once(data_dir: Path) -> int:
    """`tidy(data_dir)` the first time this process asks for that folder; 0 after that."""
    if data_dir in _TIDIED:
        return 0
    _TIDIED.add(data_dir)
    return tidy(data_dir)


def tidy(data_dir: Path, *, now: float | None = None) -> int:
    """Remove stale lock files and temporary files below `data_dir`; returns how many.

    `now` is the wall-clock time in seconds (tests pass one); never raises for a file that
    cannot be looked at or removed.
    """
    removed = live.remove_stale_locks(data_dir)
    before = (time.time() if now is None else now) - STALE_TEMP_AFTER
    # Each folder with how many levels below it are written to: `sessions/YYYY/MM`,
    # `journal/YYYY`, and the data folder's own files.
    folders = [(data_dir, 0), (data_dir / SESSIONS_DIR, 2), (data_dir / _JOURNAL_DIR, 1)]
    while folders:
        folder, levels = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(info.st_mode):
                    if levels:
                        folders.append((Path(entry.path), levels - 1))
                elif (
                    stat.S_ISREG(info.st_mode)
                    and TEMP_NAME.fullmatch(entry.name)
                    and info.st_mtime < before
                ):
                    Path(entry.path).unlink()
                    removed += 1
            except OSError:
                continue  # gone meanwhile, or not ours to remove
    return removed
