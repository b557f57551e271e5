"""Make the SVG screenshots in `screenshots/` from the real app, on throwaway folders.

Run: `.venv/bin/python scripts/make_screenshots.py` (regenerate after changing the interface).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from backtimer.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.notice import remember_notice

OUT = Path(__file__).resolve().parent.parent / "screenshots"
SIZE = (100, 32)

Shot = Callable[[Pilot[int]], Awaitable[None]]


async def _shoot(name: str, dirs: Dirs, steps: Shot, size: tuple[int, int] = SIZE) -> Path:
    app = BacktimerApp(dirs=dirs)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await steps(pilot)
        await pilot.pause()
        path = Path(app.save_screenshot(filename=f"{name}.svg", path=str(OUT)))
    print(f"wrote {path.relative_to(OUT.parent)}")
    return path


async def routines(pilot: Pilot[int]) -> None:
    """The routine browser with step 2 highlighted."""
    await pilot.press("down")


async def main() -> int:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        dirs = Dirs(config=Path(tmp) / "config", data=Path(tmp) / "data")
        remember_notice(dirs)
        await _shoot("routines", dirs, routines)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
