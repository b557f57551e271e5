"""Time the stats screen on ten years of synthetic history: first visit, a later one, index cold.

    python benchmarks/bench_stats.py [--data-dir DIR] [--runs 7] [--cold-runs 1]

"Drawn" is from pushing the screen until its first statistics, read from the history, are on
the screen: the screen's `on_first_draw` callback runs after the refresh that painted them.
Each run starts a fresh app, lets the home screen load as a user would see it, then opens the
stats screen (the first visit: nothing kept from before) and, once that has settled, opens it
again (what the app keeps between visits helps). The baseline, measured in the same app just
before, is pushing a minimal screen (Header, Static, Footer), so the ratio says what the stats
screen costs beyond any screen. The cold run deletes the index first: the screen builds it in
a worker with a progress bar and is timed until its first statistics.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from backtimer.storage.history import HistoryStore
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.stats import StatsScreen

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_history import make_history

END = date(2026, 11, 1)
NOW = datetime(2026, 11, 4, 12, tzinfo=UTC)


class Minimal(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("baseline")
        yield Footer()


async def _push(app: BacktimerApp, screen: Screen[None]) -> float:
    began = time.perf_counter()
    drawn = asyncio.Event()
    if isinstance(screen, StatsScreen):
        screen.on_first_draw = drawn.set
    else:
        screen.call_after_refresh(drawn.set)
    app.push_screen(screen)
    await drawn.wait()
    return time.perf_counter() - began


async def _settle(app: BacktimerApp) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await asyncio.sleep(0.05)


async def one_run(dirs: Dirs, cold: bool) -> tuple[float, float, float]:
    """(minimal screen, first stats visit, second stats visit) in seconds, in a fresh app."""
    app = BacktimerApp(dirs=dirs, now=lambda: NOW, cue=lambda cue: None, fsync=False)
    async with app.run_test(size=(100, 32)):
        await _settle(app)  # the home screen has loaded
        base = await _push(app, Minimal())
        await _settle(app)
        app.pop_screen()
        await _settle(app)
        if cold:
            HistoryStore(dirs.data).index_path.unlink(missing_ok=True)
        first = await _push(app, StatsScreen())
        await _settle(app)
        app.pop_screen()
        await _settle(app)
        again = await _push(app, StatsScreen())
        await _settle(app)
        app.pop_screen()
    return base, first, again


def _line(label: str, times: list[float], base: list[float]) -> str:
    med, ref = statistics.median(times), statistics.median(base)
    return (
        f"{label}: median {med * 1000:.0f} ms over {len(times)} runs (min {min(times) * 1000:.0f}, "
        f"max {max(times) * 1000:.0f}); minimal screen {ref * 1000:.0f} ms; ratio {med / ref:.1f}x"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold-runs", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data_dir
        if data is None:
            data = Path(tmp) / "data"
            make_history(data, years=10, seed=1, end=END)
        dirs = Dirs(config=Path(tmp) / "config", data=data)
        remember_notice(dirs)
        HistoryStore(data).update_index()  # warm the index
        warm = [asyncio.run(one_run(dirs, cold=False)) for _ in range(args.runs)]
        cold = [asyncio.run(one_run(dirs, cold=True)) for _ in range(args.cold_runs)]
    base = [b for b, _, _ in warm]
    print(_line("stats screen, first visit, index warm", [f for _, f, _ in warm], base))
    print(_line("stats screen, next visit, index warm", [a for _, _, a in warm], base))
    if cold:
        print(_line("stats screen, index cold", [f for _, f, _ in cold], [b for b, _, _ in cold]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
