"""SVG snapshots of the key screens at the smallest, an ordinary and a very large terminal.

Regenerate after an intended change with `pytest tests/test_snapshots_sizes.py --snapshot-update`,
then look at the SVGs under `tests/__snapshots__/`.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import cast

import pytest
from textual.pilot import Pilot

from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.run import RunScreen
from tests.support.clock import FakeClock
from tests.support.engine import with_lead_in, without_warmup
from tests.support.screens import on_run_screen
from tests.support.stats_history import app_for as stats_app_for
from tests.support.stats_history import generated
from tests.support.today import NOW, a_good_week
from tests.support.waiting import settle

Compare = Callable[..., bool]
SIZES = [(40, 15), (80, 24), (200, 60)]


def size_id(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated(tmp_path_factory.mktemp("year") / "data", years=1, seed=11)


def step_2(dirs: Dirs, clock: FakeClock) -> BacktimerApp:
    assert remember_notice(dirs) is None
    routine = load_library(dirs).get("a2-static-holds")
    assert routine is not None
    run = with_lead_in(without_warmup(routine), 5)
    return BacktimerApp(dirs=dirs, run=run, clock=clock, cue=lambda cue: None, fsync=False)


def then(clock: FakeClock, *moves: str | float) -> Callable[[Pilot[int]], Awaitable[None]]:
    async def play(pilot: Pilot[int]) -> None:
        await on_run_screen(pilot)
        for move in moves:
            if isinstance(move, str):
                await pilot.press(move)
            else:
                clock.now += move
                cast(RunScreen, pilot.app.screen).tick()
            await pilot.pause()
        await settle(pilot)

    return play


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_today(snap_compare: Compare, dirs: Dirs, size: tuple[int, int]) -> None:
    a_good_week(dirs)
    assert remember_notice(dirs) is None
    app = BacktimerApp(dirs=dirs, now=lambda: NOW, cue=lambda cue: None, fsync=False)
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_hold(snap_compare: Compare, dirs: Dirs, size: tuple[int, int]) -> None:
    clock = FakeClock(start=500.0)
    app = step_2(dirs, clock)
    assert snap_compare(app, terminal_size=size, run_before=then(clock, "0", 5.0, 12.0))


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_check_in(snap_compare: Compare, dirs: Dirs, size: tuple[int, int]) -> None:
    clock = FakeClock(start=500.0)
    app = step_2(dirs, clock)
    assert snap_compare(app, terminal_size=size, run_before=then(clock))


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_stats(snap_compare: Compare, dirs: Dirs, year: Path, size: tuple[int, int]) -> None:
    shutil.copytree(year, dirs.data)
    assert remember_notice(dirs) is None

    async def open_stats(pilot: Pilot[int]) -> None:
        await settle(pilot)
        cast(BacktimerApp, pilot.app).action_stats()
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)

    assert snap_compare(stats_app_for(dirs), terminal_size=size, run_before=open_stats)
