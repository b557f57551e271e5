"""Walk the sessions folder: every session file with what tells a changed file apart.

Only names, sizes, modification times and inodes are read here; nothing is parsed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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
    """Every `*.toml` below `sessions_dir` (hidden names skipped), and what could not be listed."""
    found: list[SeenFile] = []
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
                            SeenFile(relpath, entry.path, st.st_size, st.st_mtime_ns, st.st_ino)
                        )
                elif entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, relpath + "/"))
            except OSError as error:
                problems.append(FileProblem(relpath, f"cannot be read: {error.strerror}"))
    return found, problems
