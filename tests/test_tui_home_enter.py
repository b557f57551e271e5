"""The home screen's banner says what Enter starts, and Enter starts exactly that; the cursor stays
where the user left it, and goes back to what is due after a session."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from backtimer.storage.paths import Dirs
from backtimer.storage.plan import Plan, save_plan
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.home import HomeScreen
from backtimer.tui.screens.run import RunScreen
from tests.support.clock import FakeClock
from tests.support.today import NOW, WEDNESDAY, a_good_week, session, write
from tests.support.waiting import settle

SIZE = (100, 32)


@pytest.fixture
def ready(dirs: Dirs) -> Dirs:
    """A data folder where the first-run notice has been seen."""
    assert remember_notice(dirs) is None
    return dirs


def banner(app: BacktimerApp) -> str:
    return str(app.screen.query_one("#home-next", Static).content)


def focused_id(app: BacktimerApp) -> str | None:
    focused = app.screen.focused
    return focused.id if focused is not None else None


async def enter_starts(app: BacktimerApp, pilot: Pilot[Any]) -> str:
    """Press Enter on the home screen; the id of the routine that started."""
    await pilot.press("enter")
    await settle(pilot)
    run = app.screen
    assert isinstance(run, RunScreen), run
    return run.routine.id


async def test_the_banner_names_the_highlighted_routine_and_enter_starts_it(ready: Dirs) -> None:
    save_plan(ready.data, Plan(("a1-mobility", "a2-static-holds")))
    write(ready, *(session("a2-static-holds", WEDNESDAY, hour) for hour in (8, 10)))
    app = BacktimerApp(dirs=ready, now=lambda: NOW, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "⏎ Enter  start Mobility" in banner(app)
        await pilot.press("down")
        await pilot.pause()
        # Static holds are done today: Enter now starts an extra session of them, and says so.
        assert "an extra session of Static holds" in banner(app)
        assert "n  start Mobility" in banner(app)
        assert await enter_starts(app, pilot) == "a2-static-holds"


async def test_when_nothing_is_due_the_banner_says_what_enter_does(ready: Dirs) -> None:
    save_plan(ready.data, Plan(("a2-static-holds",)))
    write(ready, *(session("a2-static-holds", WEDNESDAY, hour) for hour in (8, 10)))
    app = BacktimerApp(dirs=ready, now=lambda: NOW, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Nothing is due now. Next: Static holds" in banner(app)
        assert "⏎ Enter  an extra session of Static holds" in banner(app)
        assert await enter_starts(app, pilot) == "a2-static-holds"


async def test_after_a_session_the_cursor_is_back_on_what_is_due(ready: Dirs) -> None:
    # The run screen stamps the session with the real time, so today is the real today here.
    today = datetime.now().astimezone().date()
    save_plan(ready.data, Plan(("a2-static-holds", "a1-mobility")))
    write(ready, *(session("a2-static-holds", today, hour) for hour in (8, 10)))
    clock = FakeClock()
    app = BacktimerApp(dirs=ready, clock=clock, cue=lambda cue: None, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert focused_id(app) == "routine-a1-mobility"
        await pilot.press("up")  # the cursor on static holds, then "start next due"
        await pilot.press("n")
        await settle(pilot)
        run = app.screen
        assert isinstance(run, RunScreen) and run.routine.id == "a1-mobility"
        await pilot.press("0")  # pain before
        for seconds in (5.0, 31.0):
            clock.now += seconds
            run.tick()
            await pilot.pause()
        await pilot.press("0", "0", "n")
        assert run.recorder.wait_saved()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert focused_id(app) == "routine-a1-mobility"
        assert "⏎ Enter  start Mobility  ·  1 of 3 today" in banner(app)


async def test_answering_a_suggestion_keeps_the_cursor_where_it_was(ready: Dirs) -> None:
    a_good_week(ready)
    app = BacktimerApp(dirs=ready, now=lambda: NOW, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert focused_id(app) == "routine-a1-mobility"
        app.screen.query_one("#suggestion-a2-static-holds-0").focus()
        await pilot.pause()
        await pilot.press("x")
        await settle(pilot)
        # The answered suggestion is gone; the cursor stays by it, not back at the top.
        assert focused_id(app) == "routine-a2-static-holds"
