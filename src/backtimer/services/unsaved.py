"""Sets the data folder would not take: what leaving would lose, and where else they can go.

A session whose file cannot be written is held in memory by the `Recorder`. Before anything
closes it (a key, the app quitting, the process being told to stop) the user is told how many
sets would be lost, and the record can be written to a file of its own instead: a path the user
types, or, when the process is ending and nobody can be asked, the first of the home folder and
the temporary folder that takes it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from backtimer.domain.formatting import format_count
from backtimer.domain.records import SessionRecord
from backtimer.storage.history.writer import HistoryWriteError, file_stem, save_copy

COPY_PREFIX = "backtimer-session-"
"""How a copy saved outside the data folder is named: `backtimer-session-<file stem>.toml`."""


@dataclass(frozen=True)
class Flushed:
    """Where a session ended up when the process had to stop: `path` is None when nothing could
    be written anywhere (`message` says why) or there was nothing to write."""

    path: Path | None
    elsewhere: bool
    """True when the data folder refused and the session went to a file of its own."""
    message: str = ""


def default_copy_path(record: SessionRecord) -> Path:
    """Where "save elsewhere" offers to put a session: a file in the home folder."""
    return Path.home() / f"{COPY_PREFIX}{file_stem(record)}.toml"


def fallback_folders() -> list[Path]:
    """Where a session goes when the process must stop and the data folder refuses, in order."""
    return [Path.home(), Path(tempfile.gettempdir())]


def copy_to(record: SessionRecord, path: Path, *, fsync: bool = True) -> Path:
    """Write `record` to `path` (a file, or a folder to put it in); raises `HistoryWriteError`."""
    return save_copy(record, path.expanduser(), fsync=fsync)


def write_fallback(
    record: SessionRecord, folders: list[Path] | None = None, *, fsync: bool = True
) -> Flushed:
    """Write `record` to the first folder of `folders` (default `fallback_folders()`) that takes it."""
    problems: list[str] = []
    for folder in folders if folders is not None else fallback_folders():
        try:
            path = save_copy(record, folder / f"{COPY_PREFIX}{file_stem(record)}.toml", fsync=fsync)
        except HistoryWriteError as error:
            problems.append(error.message)
            continue
        return Flushed(path, elsewhere=True)
    return Flushed(None, elsewhere=True, message="; ".join(problems))


def losing_text(sets: int) -> str:
    """What leaving anyway throws away, in words."""
    if sets == 0:
        return "the check-in answers not saved yet"
    return f"{format_count(sets, 'set')} not saved yet"


def exit_note(flushed: Flushed, data_dir: Path) -> str | None:
    """The line printed when the process ends, when the session did not go where it should."""
    if flushed.path is not None and not flushed.elsewhere:
        return None
    if flushed.path is not None:
        return (
            f"backtimer: the session could not be saved under {data_dir}; it was saved to "
            f"{flushed.path}. Move it into {data_dir}/sessions/ to keep it in your history."
        )
    if flushed.message:
        return f"backtimer: the session could not be saved anywhere: {flushed.message}"
    return None
