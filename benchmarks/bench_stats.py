"""Time the stats screen on ten years of synthetic history: index warm and index cold.

    python benchmarks/bench_stats.py [--data-dir DIR] [--runs 5]

"Drawn" is from pushing the screen until the first statistics have been painted (the screen's
`drawn` callback after refresh). The baseline, measured in the same run, is pushing a minimal
screen (Header, Static, Footer), so the ratio says what the stats screen costs beyond any screen.
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

from backtimer.history import HistoryStore
from backtimer.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.notice import remember_notice
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


async def _push(app: BacktimerApp, screen: Screen[None], stats: bool) -> float:
    began = time.perf_counter()
    drawn = asyncio.Event()
    if stats:
        assert isinstance(screen, StatsScreen)
        screen.on_first_draw = drawn.set
    else:
        screen.call_after_refresh(drawn.set)
    app.push_screen(screen)
    await drawn.wait()
    return time.perf_counter() - began


async def measure(dirs: Dirs, runs: int, cold: bool) -> tuple[list[float], list[float]]:
    app = BacktimerApp(dirs=dirs, now=lambda: NOW, cue=lambda cue: None, fsync=False)
    stats_times: list[float] = []
    base_times: list[float] = []
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(runs):
            await app.workers.wait_for_complete()
            await pilot.pause()
            base_times.append(await _push(app, Minimal(), False))
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
            if cold:
                HistoryStore(dirs.data).index_path.unlink(missing_ok=True)
            stats_times.append(await _push(app, StatsScreen(), True))
            await app.workers.wait_for_complete()
            await pilot.pause()
            app.pop_screen()
    return stats_times, base_times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data_dir
        if data is None:
            data = Path(tmp) / "data"
            make_history(data, years=10, seed=1, end=END)
        dirs = Dirs(config=Path(tmp) / "config", data=data)
        remember_notice(dirs)
        HistoryStore(data).summaries()  # warm the index
        warm, base = asyncio.run(measure(dirs, args.runs, cold=False))
        cold, cold_base = asyncio.run(measure(dirs, args.cold_runs, cold=True))
    for label, times, baseline in (("warm", warm, base), ("cold", cold, cold_base)):
        med, ref = statistics.median(times), statistics.median(baseline)
        print(
            f"stats screen, index {label}: median {med * 1000:.0f} ms over {len(times)} runs "
            f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}); minimal screen "
            f"{ref * 1000:.0f} ms; ratio {med / ref:.1f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
