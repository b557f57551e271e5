"""Generated history for the stats screen's tests and snapshots, seen from a frozen day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from backtimer.storage.history import HistoryStore
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from tests.support.history import make_history

END = date(2026, 11, 1)
"""The day the generated history ends."""
NOW = datetime(2026, 11, 4, 12, 0, tzinfo=UTC)
"""Three days after the history ends: no next-day question comes over the screen."""
TODAY = NOW.date()


def generated(data: Path, years: float, seed: int) -> Path:
    """Write `years` of history ending on `END` into `data`, with its index built."""
    make_history(data, years=years, seed=seed, end=END)
    HistoryStore(data).summaries()
    return data


def app_for(dirs: Dirs) -> BacktimerApp:
    """The app on `dirs` at `NOW`: silent, and without fsync."""
    return BacktimerApp(dirs=dirs, now=lambda: NOW, cue=lambda cue: None, fsync=False)
