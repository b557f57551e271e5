"""Walk the sessions folder: every session file with what tells a changed file apart.

Only names, sizes, modification times and inodes are read here; nothing is parsed.
Links that lead inside the data folder are followed, with loops listed once; links that lead
elsewhere are reported and not followed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from backtimer.storage.paths import LINK_NOT_FOLLOWED, leads_inside


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A session file, relative to the sessions folder, and why it was not used."""

    relpath: str
    message: str


@dataclass(frozen=True, slots=True)
class SeenFile:
    """A session file as the walk found it: where it is, and its size, mtime and inode."""

    relpath: str
    path: str
    size: int
    mtime_ns: int
    ino: int


def walk_sessions(sessions_dir: Path) -> tuple[list[SeenFile], list[FileProblem]]:
    """Every `*.toml` below `sessions_dir` (hidden names skipped), and what could not be listed.

    Links are followed when they lead inside the data folder (the parent of `sessions_dir`),
    the rule the writer applies too (`storage.paths.leads_inside`); a link leading elsewhere is
    reported and not followed. A folder reached twice (a loop of links) is listed once.
    """
    found: list[SeenFile] = []
    problems: list[FileProblem] = []
    data_dir = sessions_dir.parent
    if sessions_dir.is_symlink() and not leads_inside(data_dir, sessions_dir):
        return [], [FileProblem(".", LINK_NOT_FOLLOWED)]
    root = os.fspath(sessions_dir)
    stack = [(root, "")]
    seen_folders: set[tuple[int, int]] = set()
    while stack:
        folder, prefix = stack.pop()
        try:
            here = Path(folder).stat()
            if (here.st_dev, here.st_ino) in seen_folders:
                continue
            seen_folders.add((here.st_dev, here.st_ino))
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
                is_toml = name.endswith(".toml")
                if not is_toml and not entry.is_dir():
                    continue
                if entry.is_symlink() and not leads_inside(data_dir, Path(entry.path)):
                    problems.append(FileProblem(relpath, LINK_NOT_FOLLOWED))
                elif not is_toml:
                    stack.append((entry.path, relpath + "/"))
                elif entry.is_dir():
                    problems.append(FileProblem(relpath, "is a folder, not a session file"))
                elif not entry.is_file():
                    problems.append(FileProblem(relpath, "is not a regular file"))
                else:
                    st = entry.stat()
                    found.append(
                        SeenFile(relpath, entry.path, st.st_size, st.st_mtime_ns, st.st_ino)
                    )
            except OSError as error:
                problems.append(FileProblem(relpath, f"cannot be read: {error.strerror}"))
    return found, problems
