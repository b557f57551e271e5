"""The red flag holds on every way in.

Program, safety rules: "Pain that shoots, tingles or goes numb down a leg is a red flag: stop, and
see a clinician before going on" and "the red flag can only be lifted by the person confirming
they have seen a clinician; until then nothing loads the back, whatever screen or command starts
it." Each test below tries one way of starting a session with a flag open (home Enter and `n`,
the library's Start, the command palette, `backtimer run`), and the gate they all call.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from textual.command import CommandList
from textual.widgets import OptionList, Static

from backtimer.cli.main import main
from backtimer.domain.journal import ClinicianCleared
from backtimer.domain.progression.red_flag import may_start
from backtimer.services.session_gate import check_start
from backtimer.storage.journal import load_journal
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.blocked import BlockedScreen
from backtimer.tui.dialogs.follow import FollowScreen
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.home import HomeScreen
from backtimer.tui.screens.routines import RoutinesScreen
from backtimer.tui.screens.run import RunScreen
from tests.support.today import NOW, WEDNESDAY, a_good_week, note, session, write
from tests.support.waiting import settle, wait_for

SIZE = (100, 34)


@pytest.fixture
def flagged(dirs: Dirs) -> Dirs:
    """A good week of training, then leg symptoms reported this morning (not cleared)."""
    assert remember_notice(dirs) is None
    a_good_week(dirs)
    write(dirs, session("a2-static-holds", WEDNESDAY, 9, red_flag=True))
    return dirs


def app_for(dirs: Dirs, **kwargs: Any) -> BacktimerApp:
    return BacktimerApp(dirs=dirs, now=lambda: NOW, fsync=False, **kwargs)


def blocked_reason(app: BacktimerApp) -> str:
    screen = app.screen
    assert isinstance(screen, BlockedScreen), screen
    return str(screen.query_one("#blocked-reason", Static).content)


def clear(dirs: Dirs) -> None:
    note(dirs, ClinicianCleared(at=NOW, cleared_on=WEDNESDAY))


# --- the rule and the gate -----------------------------------------------------------------------


def test_the_gate_refuses_real_and_demo_sessions_while_a_flag_is_open(flagged: Dirs) -> None:
    """Safety rule: until a clinician is seen, nothing loads the back, a demo run included."""
    for speed in (1.0, 10.0):
        check = check_start(flagged.data, speed=speed, now=NOW)
        assert not check.allowed
        assert "4 Mar" in check.reason and "clinician" in check.reason
        assert "Seen a clinician" in check.reason and "clear-red-flag" in check.reason
    clear(flagged)
    assert check_start(flagged.data, speed=1.0, now=NOW).allowed


def test_a_demo_runs_yes_never_blocks_real_training(dirs: Dirs) -> None:
    """Issue 11: demo runs stay out of the red flag (an old demo file may hold a "yes")."""
    demo = dataclasses.replace(session("a2-static-holds", WEDNESDAY, 9, red_flag=True), speed=10.0)
    write(dirs, demo)
    assert check_start(dirs.data, speed=1.0, now=NOW).allowed


@pytest.mark.parametrize(
    ("flag_speed", "cleared", "allowed"),
    [
        (1.0, False, False),  # a real "yes", not cleared: blocked
        (1.0, True, True),  # cleared after it: starts
        (10.0, False, True),  # a demo's "yes" never counts
    ],
)
def test_may_start_table(flag_speed: float, cleared: bool, allowed: bool) -> None:
    """Safety rule: the red flag is lifted only by confirming a clinician has seen it."""
    flag = dataclasses.replace(
        session("a2-static-holds", WEDNESDAY, 9, red_flag=True), speed=flag_speed
    )
    journal = [ClinicianCleared(at=NOW, cleared_on=WEDNESDAY)] if cleared else []
    assert may_start([flag], journal, speed=1.0).allowed is allowed


# --- backtimer run -------------------------------------------------------------------------------


def test_backtimer_run_exits_3_and_says_why_and_how_to_clear(
    flagged: Dirs, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Safety rule: `backtimer run` starts nothing under a red flag, at any speed."""
    started: list[object] = []

    def run_app(*args: object, **kwargs: object) -> int:
        started.append(kwargs)
        return 0

    monkeypatch.setattr("backtimer.cli.main.run_app", run_app)
    where = ["--data-dir", str(flagged.data), "--config-dir", str(flagged.config)]
    for extra in ([], ["--speed", "10"]):
        assert main([*where, "run", "a2-static-holds", *extra]) == 3
        err = capsys.readouterr().err
        assert "no session started" in err and "down a leg" in err
        assert "Seen a clinician" in err and "backtimer clear-red-flag" in err
    assert started == []
    # Clearing from the command line asks first; only "yes" lifts the flag.
    monkeypatch.setattr("builtins.input", lambda _prompt: "no")
    assert main([*where, "clear-red-flag"]) == 2
    assert main([*where, "run", "a2-static-holds"]) == 3
    monkeypatch.setattr("builtins.input", lambda _prompt: "yes")
    assert main([*where, "clear-red-flag"]) == 0
    events, _ = load_journal(flagged.data)
    assert sum(isinstance(e, ClinicianCleared) for e in events) == 1
    assert main([*where, "run", "a2-static-holds"]) == 0
    assert len(started) == 1


async def test_the_app_asked_to_run_under_a_flag_says_why_and_exits_3(flagged: Dirs) -> None:
    """The same gate inside the app, for a session asked for on the command line."""
    from backtimer.storage.library import load_library

    routine = load_library(flagged).get("a2-static-holds")
    assert routine is not None
    app = app_for(flagged, run=routine)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "clinician" in blocked_reason(app)
        await pilot.press("enter")
        await settle(pilot)
    assert app.return_code == 3


# --- the home screen -----------------------------------------------------------------------------


async def test_home_enter_and_n_are_refused_then_start_once_cleared(flagged: Dirs) -> None:
    """Safety rule: the home screen starts nothing until a clinician has been seen."""
    app = app_for(flagged)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("enter", "n"):
            await pilot.press(key)
            await settle(pilot)
            assert "until you have seen a clinician" in blocked_reason(app)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        await pilot.press("c", "y")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)


async def test_following_a_routine_under_a_flag_says_none_can_start(flagged: Dirs) -> None:
    """Issue 11: following a new routine says why it is blocked instead of doing nothing."""
    app = app_for(flagged)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen: list[str] = []
        original = app.notify

        def notify(message: str, *args: Any, **kwargs: Any) -> None:
            seen.append(message)
            original(message, *args, **kwargs)

        app.notify = notify  # type: ignore[method-assign]
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowScreen)
        from backtimer.storage.plan import Plan

        screen.dismiss(Plan(("a1-mobility", "a2-static-holds", "b1-daily-floor")))
        await settle(pilot)
        assert any("None of them can start yet" in m and "clinician" in m for m in seen), seen


# --- the library ---------------------------------------------------------------------------------


async def test_library_start_is_refused_while_a_flag_is_open(flagged: Dirs) -> None:
    """Safety rule: the library's Start goes through the same gate."""
    app = app_for(flagged)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, RoutinesScreen)
        routine_list = app.screen.query_one("#routine-list", OptionList)
        routine_list.highlighted = next(
            i for i, o in enumerate(routine_list.options) if o.id == "d-reverse-hyper"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert "down a leg" in blocked_reason(app)
        assert not any(isinstance(s, RunScreen) for s in app.screen_stack)


# --- the command palette -------------------------------------------------------------------------


async def test_palette_start_is_refused_while_a_flag_is_open(flagged: Dirs) -> None:
    """Safety rule: the command palette's "Start next due session" goes through the gate."""
    app = app_for(flagged)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert "Start next due session" in names
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"start next")
        await wait_for(
            pilot,
            lambda: any(list.option_count for list in app.screen.query(CommandList)),
            "the palette lists the start command",
        )
        await pilot.press("enter")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, BlockedScreen), "the refusal")
        assert "clinician" in blocked_reason(app)
        assert not any(isinstance(s, RunScreen) for s in app.screen_stack)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("l")  # elsewhere than today's plan, the palette starts nothing
        await settle(pilot)
        assert "Start next due session" not in [
            c.title for c in app.get_system_commands(app.screen)
        ]


# --- the report ----------------------------------------------------------------------------------


def test_report_lists_real_red_flags_with_dates_and_never_demo_ones(
    dirs: Dirs, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 11: `report` shows real red flags as warning signs; a demo's answer is no sign."""
    real = session("a2-static-holds", WEDNESDAY - timedelta(days=2), 9, red_flag=True)
    demo = dataclasses.replace(
        session("a1-mobility", WEDNESDAY - timedelta(days=1), 9, red_flag=True), speed=10.0
    )
    write(dirs, real, demo)
    since = (WEDNESDAY - timedelta(days=10)).isoformat()
    assert main(["--data-dir", str(dirs.data), "report", "--since", since]) == 0
    out = capsys.readouterr().out
    assert "reported in 1 session." in out
    warnings = out[out.index("## Warning signs") :]
    assert "leg symptoms reported" in warnings
    assert "2 Mar 2026" in warnings or "2026-03-02" in warnings
    assert "3 Mar 2026" not in warnings and "2026-03-03" not in warnings
