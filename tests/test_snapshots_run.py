"""SVG snapshots of the workout screen's key moments, on a frozen clock and empty history.

Regenerate after an intended change with `pytest tests/test_snapshots_run.py --snapshot-update`,
then look at the SVGs under `tests/__snapshots__/`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest
from textual.pilot import Pilot

from backtimer.domain.routine import Routine
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.run import RunScreen
from tests.support.clock import FakeClock
from tests.support.engine import with_lead_in, without_warmup
from tests.support.screens import on_run_screen

SIZE = (100, 32)
Compare = Callable[..., bool]


def shipped(dirs: Dirs, routine_id: str) -> Routine:
    """A shipped routine without its warm-up: the pictures are of its own exercises."""
    routine = load_library(dirs).get(routine_id)
    assert routine is not None
    return with_lead_in(without_warmup(routine), 5)


def app_for(dirs: Dirs, routine: Routine, clock: FakeClock) -> BacktimerApp:
    assert remember_notice(dirs) is None
    return BacktimerApp(dirs=dirs, run=routine, clock=clock, cue=lambda cue: None, fsync=False)


def steps(clock: FakeClock, *moves: str | float) -> Callable[[Pilot[int]], Awaitable[None]]:
    """Key presses (str) and clock moves (seconds), played in order before the picture."""

    async def play(pilot: Pilot[int]) -> None:
        await on_run_screen(pilot)
        for move in moves:
            if isinstance(move, str):
                await pilot.press(move)
            else:
                clock.now += move
                screen = pilot.app.screen
                assert isinstance(screen, RunScreen)
                screen.tick()
            await pilot.pause()

    return play


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=500.0)


def test_hold_one_leg_left_side(snap_compare: Compare, dirs: Dirs, clock: FakeClock) -> None:
    routine = shipped(dirs, "a2-static-holds")
    one_leg = replace(routine, exercises=(replace(routine.exercises[0], variant_id="single-leg"),))
    app = app_for(dirs, one_leg, clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(clock, "1", 5.0, 6.2))


def test_rest_between_rounds(snap_compare: Compare, dirs: Dirs, clock: FakeClock) -> None:
    app = app_for(dirs, shipped(dirs, "d-reverse-hyper"), clock)
    moves: list[str | float] = ["0", 10.0, 3.0]
    moves += ["plus"] * 18
    moves += ["enter", 10.0]
    moves += ["plus"] * 21
    moves += ["enter", 31.0]
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(clock, *moves))


def test_pain_check_in(snap_compare: Compare, dirs: Dirs, clock: FakeClock) -> None:
    app = app_for(dirs, shipped(dirs, "a2-static-holds"), clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(clock, "1", 5.0, 30.0))


def test_summary(snap_compare: Compare, dirs: Dirs, clock: FakeClock) -> None:
    app = app_for(dirs, shipped(dirs, "a2-static-holds"), clock)
    moves: list[str | float] = ["1", 5.0, 30.0, "1", "1", "n"]
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(clock, *moves))


def test_hold_at_80_by_24(snap_compare: Compare, dirs: Dirs, clock: FakeClock) -> None:
    app = app_for(dirs, shipped(dirs, "a2-static-holds"), clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=steps(clock, "0", 5.0, 12.0))
