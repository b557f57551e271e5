"""backtimer: a hands-free terminal workout timer for rebuilding the lower back."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Looked up on first use: reading the installed metadata costs every command ~40 ms.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("backtimer")
        except PackageNotFoundError:  # running from a source tree without an install
            return "0.0.0"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
