"""The home screen's banner says what Enter starts, and Enter starts exactly that; the cursor stays
where the user left it, and goes back to what is due after a session."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from backtimer.domain.journal import TargetChange
from backtimer.storage.journal import load_journal
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import Plan, save_plan
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.home import HomeScreen
from backtimer.tui.screens.run import RunScreen
from backtimer.tui.widgets.home_rows import SuggestionRow
from tests.support.clock import FakeClock
from tests.support.history import make_history
from tests.support.today import NOW, TZ, WEDNESDAY, a_good_week, session, write
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
        for seconds in (15.0, 31.0):  # the lead-in, then the movement runs out by itself
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


async def test_after_a_break_each_routine_has_one_suggestion_and_one_key_answers_it(
    ready: Dirs,
) -> None:
    """After a break, re-adapt gradually from a lower dose: one suggestion per routine, not one
    per exercise, and `a` accepts all of its changes."""
    now = datetime(2026, 12, 2, 12, 0, tzinfo=TZ)
    make_history(ready.data, 1, 1, now.date() - timedelta(days=35))
    app = BacktimerApp(dirs=ready, now=lambda: now, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The list is longer than the screen: the arrow keys still move the cursor, row by row.
        await pilot.press("down", "down")
        assert focused_id(app) == "routine-a2-static-holds"
        assert "⏎ Enter  start Static holds" in banner(app)
        rows = list(app.screen.query(SuggestionRow))
        per_routine = Counter(row.row.routine.id for row in rows)
        assert per_routine["b-isometrics"] == 1
        assert set(per_routine.values()) == {1}
        [still] = [row for row in rows if row.row.routine.id == "b-isometrics"]
        assert "No Still holds session for" in str(still.content)
        assert len(still.suggestion.parts) >= 5
        before = len(load_journal(ready.data)[0])
        still.focus()
        await pilot.pause()
        await pilot.press("a")
        await settle(pilot)
        events, _ = load_journal(ready.data)
        added = [e for e in events[before:] if isinstance(e, TargetChange)]
        assert len(added) == len(still.suggestion.parts)
        assert all(e.accepted and e.change == "ease_back" for e in added)
        # What is left is the notice for the exercises at their easiest level: nothing to answer.
        left = [r for r in app.screen.query(SuggestionRow) if r.row.routine.id == "b-isometrics"]
        assert [r.suggestion.is_change for r in left] == [False]
        assert "again gently at the easiest level" in str(left[0].content)
        assert focused_id(app) == left[0].id
