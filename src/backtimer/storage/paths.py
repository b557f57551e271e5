"""Where backtimer keeps its files: config, data, and the shipped routines."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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
    """Pick the folders: command-line option, then environment variable, then platform default."""
    config = config_dir or os.environ.get(CONFIG_ENV) or platformdirs.user_config_dir(APP_NAME)
    data = data_dir or os.environ.get(DATA_ENV) or platformdirs.user_data_dir(APP_NAME)
    return Dirs(config=Path(config).expanduser(), data=Path(data).expanduser())


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


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) with owner-only permissions; tighten it if it already exists."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
    except OSError:
        pass  # not ours to change (e.g. a shared mount); writing will report real problems
    return path
