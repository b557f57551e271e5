"""The daily rotation on the home screen: today's picks, the lock, starting, and a swap.

program.md: "B is 1–3 exercises a day, rotated, not all of them every day".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.widgets import OptionList, Static

from backtimer.storage.paths import Dirs
from backtimer.storage.plan import Plan, save_plan
from backtimer.storage.rotation import load_swaps
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.blocked import BlockedScreen
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.dialogs.swap import SwapScreen
from backtimer.tui.screens.home import HomeScreen
from backtimer.tui.screens.run import RunScreen
from tests.support.today import NOW, WEDNESDAY
from tests.support.waiting import settle

SIZE = (110, 36)
B_ALL = ("b-reconnect", "b-isometrics", "b-gradual-range", "b-decompression", "b-walk")


def app_for(dirs: Dirs, now: datetime = NOW, **kwargs: Any) -> BacktimerApp:
    assert remember_notice(dirs) is None
    save_plan(dirs.data, Plan(B_ALL))
    return BacktimerApp(dirs=dirs, now=lambda: now, fsync=False, **kwargs)


def text(app: BacktimerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def test_home_shows_todays_picks_and_the_lock(dirs: Dirs) -> None:
    app = app_for(dirs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        line = text(app, "#home-rotation")
        assert "Today's rotation: Cat-cow, Pelvic tilt, lying, Abdominal draw-in" in line
        assert "Gradual range locked: movement through range comes once the holds" in line
        assert text(app, "#routine-b-gradual-range .row-status") == "locked"
        assert text(app, "#routine-b-isometrics .row-status") == "not in today's rotation"
        targets = text(app, "#routine-b-reconnect .row-targets")
        assert "Cat-cow" in targets and "against a wall" not in targets


async def test_enter_runs_only_todays_picks(dirs: Dirs) -> None:
    """A session of a rotating routine runs today's picks, not the whole routine."""
    app = app_for(dirs, cue=lambda cue: None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert [e.id for e in screen.routine.exercises] == ["cat-cow", "pelvic-tilt", "draw-in"]


async def test_a_locked_routine_says_why_it_does_not_start(dirs: Dirs) -> None:
    app = app_for(dirs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.set_focus(home.query_one("#routine-b-gradual-range"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BlockedScreen)
        assert "Gradual range is locked" in text(app, "#blocked-reason")


async def test_w_swaps_a_pick_for_the_day(dirs: Dirs) -> None:
    app = app_for(dirs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, SwapScreen)
        options = app.screen.query_one(OptionList)
        assert options.option_count == 3
        await pilot.press("enter")  # the first pick: Cat-cow
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        line = text(app, "#home-rotation")
        assert "Cat-cow" not in line and "Pelvic tilt against a wall" in line
        swaps, problems = load_swaps(dirs.data, WEDNESDAY)
        assert not problems
        assert [(s.out, s.into) for s in swaps] == [
            ("b-reconnect/cat-cow", "b-reconnect/wall-pelvic-tilt")
        ]


async def test_a_ladder_shows_its_rung_and_enter_runs_only_that_rung(dirs: Dirs) -> None:
    """Program E: "not all seven at once"."""
    app = app_for(dirs, cue=lambda cue: None)
    save_plan(dirs.data, Plan(("e-gym-strength",)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Gym strength: rung 1 of 7, Torso lift" in text(app, "#home-rotation")
        assert "w swap" not in text(app, "#home-rotation")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert [e.id for e in screen.routine.exercises] == ["torso-lift"]


async def test_the_palette_offers_the_swap_only_with_a_rotation(dirs: Dirs) -> None:
    app = app_for(dirs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Swap one of today's exercises" in commands
        commands["Swap one of today's exercises"].callback()
        await settle(pilot)
        assert isinstance(app.screen, SwapScreen)
    save_plan(dirs.data, Plan(("a1-mobility",)))
    app = BacktimerApp(dirs=dirs, now=lambda: NOW, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Swap one of today's exercises" not in titles


async def test_every_way_in_runs_only_todays_picks(dirs: Dirs) -> None:
    """The library and `backtimer run` start through the same gate as home: a rotating routine
    runs today's picks, and one with none today does not start."""
    from backtimer.storage.library import load_library

    library = {r.id: r for r in load_library(dirs).routines}
    app = app_for(dirs, cue=lambda cue: None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.start_run(library["b-decompression"])
        await settle(pilot)
        assert isinstance(app.screen, BlockedScreen)
        assert "no exercise in today's rotation" in text(app, "#blocked-reason")
        await pilot.press("escape")
        await settle(pilot)
        app.start_run(library["b-reconnect"])
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert [e.id for e in screen.routine.exercises] == ["cat-cow", "pelvic-tilt", "draw-in"]


async def test_setting_a_target_by_hand_chooses_the_ladders_starting_rung(dirs: Dirs) -> None:
    """Program E: "Choose the starting point by the person's current strength"."""
    from textual.widgets import Select

    from backtimer.tui.dialogs.target import TargetScreen

    app = app_for(dirs)
    save_plan(dirs.data, Plan(("e-gym-strength",)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TargetScreen)
        screen.query_one("#target-exercise", Select).value = "e-gym-strength/hyperextension"
        await settle(pilot)
        assert "start from this rung" in text(app, "#target-now")
        await pilot.press("8", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        line = text(app, "#home-rotation")
        assert "rung 4 of 7, Hyperextension (after Bridge with ball roll as practice)" in line
