"""Make the SVG screenshots in `screenshots/` from the real app, on throwaway folders.

Run: `.venv/bin/python scripts/make_screenshots.py` (regenerate after changing the interface).
The workout screens run on a hand-moved clock, so every picture is the same each time.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from backtimer.domain.routine import Routine
from backtimer.storage.history import HistoryStore
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.run import RunScreen
from backtimer.tui.screens.stats import StatsScreen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project folder, for the history generator in tests/support
from tests.support.history import make_history  # noqa: E402

OUT = ROOT / "screenshots"
SIZE = (100, 32)

Steps = Callable[[Pilot[int]], Awaitable[None]]


class HandClock:
    """A monotonic clock moved by the script, not by time."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def shoot(name: str, app: BacktimerApp, steps: Steps, size: tuple[int, int] = SIZE) -> Path:
    """Run `app`, play `steps`, and save what the screen shows as `screenshots/<name>.svg`."""
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await steps(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        path = Path(app.save_screenshot(filename=f"{name}.svg", path=str(OUT)))
    print(f"wrote {path.relative_to(OUT.parent)}")
    return path


def play(clock: HandClock, *moves: str | float) -> Steps:
    """Key presses (text) and clock moves (seconds), in order."""

    async def steps(pilot: Pilot[int]) -> None:
        for _ in range(400):  # the session opens once the red-flag gate has answered
            if isinstance(pilot.app.screen, RunScreen) and pilot.app.screen.is_mounted:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        for move in moves:
            if isinstance(move, str):
                await pilot.press(move)
            else:
                clock.now += move
                screen = pilot.app.screen
                assert isinstance(screen, RunScreen)
                screen.tick()
            await pilot.pause()

    return steps


def fresh_dirs(root: Path, name: str) -> Dirs:
    dirs = Dirs(config=root / name / "config", data=root / name / "data")
    remember_notice(dirs)
    return dirs


def routine(dirs: Dirs, routine_id: str) -> Routine:
    """A shipped routine without its warm-up, so the pictures show the routine's own work."""
    found = load_library(dirs).get(routine_id)
    if found is None:
        raise SystemExit(f"no shipped routine {routine_id!r}")
    return replace(found, warmup=None)


def runner(dirs: Dirs, run: Routine, clock: HandClock) -> BacktimerApp:
    return BacktimerApp(dirs=dirs, run=run, clock=clock, cue=lambda cue: None, fsync=False)


async def workout_screens(root: Path) -> None:
    """The hold, the rest, a check-in and the summary."""
    dirs = fresh_dirs(root, "hold")
    holds = routine(dirs, "a2-static-holds")
    lead_in = holds.exercises[0].lead_in
    one_leg = replace(holds, exercises=(replace(holds.exercises[0], variant_id="single-leg"),))
    lead_in = holds.exercises[0].lead_in  # the shipped lead-in, long enough for its words
    clock = HandClock()
    await shoot("run-hold", runner(dirs, one_leg, clock), play(clock, "1", lead_in, 6.2))

    dirs = fresh_dirs(root, "rest")
    clock = HandClock()
    ladder = routine(dirs, "d-reverse-hyper")
    moves: list[str | float] = ["0", ladder.exercises[0].lead_in, 3.0, *["plus"] * 18, "enter"]
    moves += [10.0, *["plus"] * 21, "enter", 31.0]
    await shoot("run-rest", runner(dirs, ladder, clock), play(clock, *moves))

    dirs = fresh_dirs(root, "check-in")
    clock = HandClock()
    await shoot("run-check-in", runner(dirs, holds, clock), play(clock, "1", lead_in, 30.0))

    dirs = fresh_dirs(root, "summary")
    clock = HandClock()
    moves = ["1", lead_in, 30.0, "1", "1", "n"]
    await shoot("run-summary", runner(dirs, holds, clock), play(clock, *moves))


async def library_screen(root: Path) -> None:
    """The routine library with step 2 highlighted."""
    dirs = fresh_dirs(root, "library")

    async def steps(pilot: Pilot[int]) -> None:
        if pilot.app.screen.query("#routine-list"):
            await pilot.press("down")
        else:  # opened on the home screen: the library is one key away
            await pilot.press("l")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("down")

    await shoot("routines", BacktimerApp(dirs=dirs), steps)


STATS_END = date(2026, 11, 1)
STATS_NOW = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)
"""The evening of the last generated day, so the streak and the charts run up to today."""


async def settled(pilot: Pilot[int]) -> None:
    """Let the stats screen finish reading (personal bests, the index check)."""
    for _ in range(50):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        if not isinstance(screen, StatsScreen) or screen.complete:
            return
    raise SystemExit("the stats screen never finished loading")


async def stats_screens(root: Path) -> None:
    """Each tab of the stats screen on ten years of generated history, as `backtimer stats`."""
    dirs = fresh_dirs(root, "stats")
    make_history(dirs.data, years=10, seed=1, end=STATS_END)
    HistoryStore(dirs.data).update_index()  # as after any earlier listing: no cold build

    def app() -> BacktimerApp:
        return BacktimerApp(
            dirs=dirs, now=lambda: STATS_NOW, cue=lambda cue: None, fsync=False,
            start_screen="stats",
        )  # fmt: skip

    def keys(*presses: str) -> Steps:
        async def steps(pilot: Pilot[int]) -> None:
            await settled(pilot)
            for key in presses:
                await pilot.press(key)
                await settled(pilot)

        return steps

    async def side_plank(pilot: Pilot[int]) -> None:
        """Down the exercise list to a side plank: left and right apart, the best starred."""
        await settled(pilot)
        exercises = pilot.app.screen.query_one("#stats-exercises", OptionList)
        for _ in range(exercises.option_count):
            option = exercises.highlighted_option
            if option is not None and str(option.prompt).startswith("Side plank"):
                return
            await pilot.press("down")
            await settled(pilot)
        raise SystemExit("no side plank in the generated history")

    await shoot("stats-progress", app(), side_plank)
    await shoot("stats-pain", app(), keys("2"))
    await shoot("stats-adherence", app(), keys("y", "3"))
    await shoot("stats-sessions", app(), keys("4"))


async def home_screen(root: Path) -> None:
    """Today's plan after three months of generated history: the next-day question, then the plan."""
    dirs = fresh_dirs(root, "home")
    make_history(dirs.data, years=0.25, seed=1, end=STATS_END)

    def app() -> BacktimerApp:
        return BacktimerApp(dirs=dirs, now=lambda: STATS_NOW, cue=lambda cue: None, fsync=False)

    def keys(*presses: str) -> Steps:
        async def steps(pilot: Pilot[int]) -> None:
            for key in ("", *presses):
                if key:
                    await pilot.press(key)
                for _ in range(5):
                    await pilot.app.workers.wait_for_complete()
                    await pilot.pause()

        return steps

    await shoot("home-rating", app(), keys())
    await shoot("home", app(), keys("1"))


async def main() -> int:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        await home_screen(root)
        await library_screen(root)
        await workout_screens(root)
        await stats_screens(root)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
