"""An unknown red-flag answer on disk, the question asked again at the next start, and demo runs
that ask nothing, through the files and the app.

Issue 11: "A skipped question is unknown, never no: such a session is not evidence for a raise,
and the next start asks again"; "Demo runs (`--speed` other than 1) ask no health questions. They
are saved as demos and stay out of stats, progression and the red flag."
"""

from __future__ import annotations

import dataclasses
from typing import Any

from backtimer.engine import Phase, Session
from backtimer.services.recorder import RunOptions
from backtimer.services.session_gate import check_start
from backtimer.storage.history import HistoryStore
from backtimer.storage.history.toml_io import dumps, read_session_file
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.run import RunScreen
from tests.support.clock import FakeClock
from tests.support.today import NOW, WEDNESDAY, session, write
from tests.support.waiting import settle

SIZE = (100, 34)


def phase_of(session: Session) -> Phase:
    """The phase now (a call, so each check reads it afresh)."""
    return session.phase


def skipped(hour: int, **changes: Any) -> Any:
    record = session("a2-static-holds", WEDNESDAY, hour)
    return dataclasses.replace(record, red_flag=None, red_flag_skipped=True, **changes)


def test_an_unknown_answer_is_written_and_read_back(dirs: Dirs) -> None:
    """docs/history-format.md: `red_flag_skipped = true`; older files (without it) read as before."""
    record = skipped(9)
    assert b"red_flag_skipped = true" in dumps(record)
    assert b"red_flag =" not in dumps(record)
    write(dirs, record)
    [path] = (dirs.data / "sessions").rglob("*.toml")
    again = read_session_file(path)
    assert again.red_flag is None and again.red_flag_skipped
    old = dataclasses.replace(record, red_flag=False, red_flag_skipped=False)
    assert b"red_flag_skipped" not in dumps(old)


def test_the_gate_asks_the_question_again_after_an_unknown_answer(dirs: Dirs) -> None:
    """The next real start asks first; a demo asks nothing; an answer since settles it."""
    write(dirs, session("a2-static-holds", WEDNESDAY, 7), skipped(9))
    assert check_start(dirs.data, speed=1.0, now=NOW).ask_red_flag
    assert not check_start(dirs.data, speed=10.0, now=NOW).ask_red_flag
    write(dirs, dataclasses.replace(session("a1-mobility", WEDNESDAY, 10), speed=10.0))
    assert check_start(dirs.data, speed=1.0, now=NOW).ask_red_flag  # a demo answers nothing
    write(dirs, session("a1-mobility", WEDNESDAY, 11))  # answered "no"
    assert not check_start(dirs.data, speed=1.0, now=NOW).ask_red_flag


async def test_home_start_after_an_unknown_answer_asks_before_the_pain_check_in(
    dirs: Dirs,
) -> None:
    assert remember_notice(dirs) is None
    write(dirs, skipped(9))
    app = BacktimerApp(dirs=dirs, now=lambda: NOW, fsync=False, clock=FakeClock(), cue=print)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert phase_of(screen.session) is Phase.RED_FLAG
        assert "without an answer" in (screen.session.view().question or "")
        await pilot.press("y")
        await settle(pilot)
        assert phase_of(screen.session) is Phase.SUMMARY and screen.session.records == []
    saved = HistoryStore(dirs.data).load().sessions
    assert [s.red_flag for s in saved if s.red_flag_skipped is False] == [True]
    assert not check_start(dirs.data, speed=1.0, now=NOW).allowed  # the flag is now open


async def test_a_demo_run_asks_nothing_and_is_saved_as_a_demo(dirs: Dirs) -> None:
    """Issue 11: demo runs ask no health questions and are saved as demos."""
    assert remember_notice(dirs) is None
    routine = load_library(dirs).get("a2-static-holds")
    assert routine is not None
    clock = FakeClock()
    app = BacktimerApp(
        dirs=dirs,
        now=lambda: NOW,
        fsync=False,
        clock=clock,
        cue=print,
        run=routine,
        run_options=RunOptions(speed=10.0),
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        session = screen.session
        assert phase_of(session) is Phase.LEAD_IN  # no pain check-in first
        for _ in range(6):  # every set, with no question in between
            session.skip()
        assert phase_of(session) is Phase.SUMMARY
        screen.handle([])
        await settle(pilot)
    [saved] = HistoryStore(dirs.data).load().sessions
    assert saved.is_demo and saved.speed == 10.0
    assert saved.pains == () and saved.red_flag is None and not saved.red_flag_skipped


def test_a_sessions_detail_tells_a_demo_answer_and_an_unknown_one_apart(dirs: Dirs) -> None:
    """Issue 11: a demo's "yes" is not a warning sign; a skipped answer is unknown, not "no"."""
    from pathlib import Path

    from backtimer.tui.screens.session_detail import record_text

    demo = dataclasses.replace(session("a2-static-holds", WEDNESDAY, 9, red_flag=True), speed=10.0)
    assert "not counted" in record_text(demo, Path("x.toml")).plain
    assert "see a clinician" not in record_text(demo, Path("x.toml")).plain
    text = record_text(skipped(9), Path("x.toml")).plain
    assert "unknown" in text and "No leg symptoms" not in text
