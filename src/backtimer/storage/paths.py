"""Where backtimer keeps its files: config, data, and the shipped routines."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import platformdirs

APP_NAME = "backtimer"
CONFIG_ENV = "BACKTIMER_CONFIG_DIR"
DATA_ENV = "BACKTIMER_DATA_DIR"


@dataclass(frozen=True)
class Dirs:
    """The two folders a run of backtimer uses. Injected everywhere, so tests use tmp paths."""

    config: Path
    data: Path

    @property
    def user_routines(self) -> Path:
        """User routine files: `<config>/routines/*.toml`."""
        return self.config / "routines"

    @property
    def config_file(self) -> Path:
        """The settings file, `<config>/config.toml`."""
        return self.config / "config.toml"

    @property
    def sessions(self) -> Path:
        """Session history files live below here."""
        return self.data / "sessions"


def resolve_dirs(config_dir: str | None = None, data_dir: str | None = None) -> Dirs:
    """Pick the folders: command-line option, then environment variable, then platform default.

    Both are made absolute here, once, against the folder backtimer started in: a relative
    `--data-dir` then means the same folder everywhere, and can be written as a `file:` URI.
    """
    config = config_dir or os.environ.get(CONFIG_ENV) or platformdirs.user_config_dir(APP_NAME)
    data = data_dir or os.environ.get(DATA_ENV) or platformdirs.user_data_dir(APP_NAME)
    return Dirs(config=_absolute(config), data=_absolute(data))


def _absolute(folder: str) -> Path:
    # Without following links (no resolve()): messages name the folder as the user gave it.
    return Path(folder).expanduser().absolute()


def shipped_routines_dir() -> Path:
    """The routine files that ship with the package.

    In a wheel they sit inside the package; in a source checkout (editable install) they are the
    top-level `routines/` folder.
    """
    package = Path(__file__).resolve().parent.parent
    packaged = package / "shipped_routines"
    if packaged.is_dir():
        return packaged
    return package.parent.parent / "routines"


NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)
"""Added to every `os.open` that creates or changes a file: a link in its place is refused."""

PRIVATE_DIR: Final = 0o700


LINK_REASON: Final = "it is a symbolic link, and backtimer does not write through links"


class LinkRefused(OSError):
    """A file backtimer would create or change is a symbolic link; it is left as it is."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.ELOOP, LINK_REASON, str(path))


def refuse_link(path: Path) -> None:
    """Raise `LinkRefused` when `path` is a symbolic link (a missing path is fine)."""
    if path.is_symlink():
        raise LinkRefused(path)


LINK_NOT_FOLLOWED: Final = (
    "is a link that does not lead inside the data folder, so it is not followed"
)


def leads_inside(root: Path, link: Path) -> bool:
    """Whether the folder link `link` (below `root`) leads to a place inside `root`.

    This is the one rule for links below the data folder, for reading and writing alike: a
    link that stays inside the data folder is followed, one that leads elsewhere is not.
    """
    try:
        top = os.path.realpath(root, strict=True)
        target = os.path.realpath(link, strict=True)
    except (OSError, RuntimeError):
        return False  # dangling, or a loop of links
    return target == top or target.startswith(top.rstrip(os.sep) + os.sep)


def ensure_private_dir(path: Path) -> Path:
    """Create `path` owner-only (0700) if it is missing; an existing folder is left as it is.

    The mode of a folder backtimer did not create is never changed (a shared `/tmp` keeps its
    sticky bit). Missing parents are created with the default mode, as `mkdir -p` does.
    """
    if path.is_dir():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=PRIVATE_DIR)
    except FileExistsError:
        if path.is_dir():
            return path  # made by another process meanwhile; not ours to change
        raise
    # mkdir's mode passes through the umask; this folder is new, so it is ours to set. Opened
    # without following links, so nothing swapped in meanwhile gets changed instead.
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | NOFOLLOW)
        try:
            if stat.S_IMODE(os.fstat(fd).st_mode) != PRIVATE_DIR:
                os.fchmod(fd, PRIVATE_DIR)
        finally:
            os.close(fd)
    return path


def exposed_data_dir(data: Path) -> str | None:
    """A warning when the data folder exists and others may read it, or None.

    backtimer never changes the mode of a folder it did not create, so it only says so.
    """
    try:
        st_mode = data.stat().st_mode
    except OSError:
        return None
    mode = stat.S_IMODE(st_mode)
    if not stat.S_ISDIR(st_mode) or not mode & 0o077:
        return None
    return (
        f"the data folder {data} can be read by other users (mode {mode:o}); "
        f"`chmod 700 {data}` keeps your history private"
    )
