"""backtimer: a hands-free terminal workout timer for rebuilding the lower back."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("backtimer")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
