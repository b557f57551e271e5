"""A laptop closed mid-session: the session clock counts the sleep, the session pauses as of the
moment the computer fell asleep, and the pause is logged in the session file."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from backtimer.domain.records import PauseRecord
from backtimer.engine import Phase
from backtimer.services.recorder import run_clock
from backtimer.services.session_clock import SessionClock, SleepAware
from backtimer.storage.history import HistoryFileError, HistoryStore
from backtimer.storage.history.toml_io import dumps, parse_session
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.run import RunScreen
from tests.support.clock import FakeClock
from tests.support.engine import logged, one_exercise, run, started, with_lead_in, without_warmup
from tests.support.records import START, sample_session
from tests.support.screens import on_run_screen


def phase_of(screen: RunScreen) -> Phase:
    """The engine's phase (a call, so each read is fresh to the type checker too)."""
    return screen.session.phase


class Clocks:
    """A boot clock and a monotonic one, moved by hand: awake both run, asleep only boot does."""

    def __init__(self) -> None:
        self.boot = 5000.0
        self.mono = 100.0

    def awake(self, seconds: float) -> None:
        self.boot += seconds
        self.mono += seconds

    def asleep(self, seconds: float) -> None:
        self.boot += seconds


def _clock(clocks: Clocks, speed: float = 1.0) -> SessionClock:
    return SessionClock(speed, boot=lambda: clocks.boot, awake=lambda: clocks.mono)


def test_the_session_clock_counts_the_time_the_computer_slept() -> None:
    """On monotonic time a 10-minute sleep vanished, stretching a hold by 10 minutes."""
    clocks = Clocks()
    clock = _clock(clocks)
    start = clock()
    clocks.awake(20)
    assert clock.slept() == 0.0
    clocks.asleep(600)
    clocks.awake(1)
    assert clock() - start == pytest.approx(621)
    assert clock.slept() == pytest.approx(600)
    assert clock.slept() == 0.0  # reported once


def test_clock_jitter_is_not_a_sleep_and_demo_runs_scale_it() -> None:
    clocks = Clocks()
    clock = _clock(clocks, speed=10)
    clocks.asleep(0.5)
    assert clock.slept() == 0.0
    clocks.asleep(60)
    assert clock.slept() == pytest.approx(605)  # 60.5 s asleep, ten times faster


def test_a_real_session_runs_on_a_clock_that_notices_sleep() -> None:
    assert isinstance(run_clock(1.0), SleepAware)
    assert isinstance(run_clock(10.0), SleepAware)


HOLD = """
id = "hold"
name = "Hold"
kind = "hold"
sets = 1
dose = { target = 30, min = 30, max = 60, step = 10 }
"""


def test_a_sleep_mid_hold_pauses_the_hold_where_it_was() -> None:
    clock = FakeClock()
    session = started(one_exercise(HOLD), clock)
    run(session, clock, 5 + 10)  # the lead-in, then 10 s of the hold
    assert session.phase is Phase.WORK
    clock.sleep(600)
    session.suspended(clock.slept())
    assert session.paused and session.phase is Phase.WORK
    assert session.view().remaining == pytest.approx(20, abs=0.2)
    [(moment, seconds)] = session.sleeps
    assert moment == pytest.approx(clock.now - 600, abs=0.2)
    assert seconds == pytest.approx(600, abs=0.2)
    session.toggle_pause()
    events = run(session, clock, 21)
    [held] = logged(events)
    assert held.record.actual_s == pytest.approx(30, abs=0.2)


def test_a_sleep_longer_than_the_hold_does_not_run_the_session_on_unseen() -> None:
    clock = FakeClock()
    session = started(one_exercise(HOLD), clock)
    run(session, clock, 5 + 1)
    clock.sleep(3600)
    assert logged(session.suspended(clock.slept())) == []
    assert session.phase is Phase.WORK and session.paused


def test_pauses_are_saved_and_read_back_from_the_file_and_the_index(tmp_path: Path) -> None:
    pause = PauseRecord(START + timedelta(minutes=3), 612.5)
    record = replace(sample_session(2), pauses=(pause,))
    text = dumps(record).decode()
    assert "pause = [" in text and 'reason = "suspend"' in text
    assert parse_session(text.encode(), "x.toml") == record
    store = HistoryStore(tmp_path)
    store.open_session(record).close()
    for _ in range(2):  # the first load reads the file, the second the index
        assert store.load().sessions == (record,)


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ('seconds = -1.0\nreason = "suspend"', "pause[0].seconds"),
        ('seconds = 1.0\nreason = "nap"', "pause[0].reason"),
        ("seconds = 1.0", "pause[0].reason"),
    ],
)
def test_a_bad_pause_is_reported_by_key(table: str, key: str) -> None:
    text = dumps(sample_session(1)).decode()
    text = text.replace(
        "[[set]]", f"[[pause]]\nat = 2026-11-02T07:20:00+01:00\n{table}\n\n[[set]]", 1
    )
    with pytest.raises(HistoryFileError, match=key.replace("[", r"\[").replace("]", r"\]")):
        parse_session(text.encode(), "x.toml")


async def test_closing_the_lid_mid_hold_pauses_and_logs_the_sleep(dirs: Dirs) -> None:
    assert remember_notice(dirs) is None
    found = load_library(dirs).get("a2-static-holds")
    assert found is not None
    routine = with_lead_in(without_warmup(found), 5)
    clock = FakeClock()
    app = BacktimerApp(dirs=dirs, run=routine, clock=clock, fsync=False)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        screen = await on_run_screen(pilot)
        assert isinstance(screen, RunScreen)
        await pilot.press("1")
        clock.now += 5 + 10
        screen.tick()
        await pilot.pause()
        assert screen.session.phase is Phase.WORK
        clock.sleep(20 * 60)
        screen.tick()
        await pilot.pause()
        assert screen.session.paused and phase_of(screen) is Phase.WORK
        toasts = [str(t.render()) for t in app.screen.query("Toast").results(Static)]
        assert any("slept for 20 min" in t for t in toasts)
        await pilot.press("space")
        for _ in range(25):
            clock.now += 1
            screen.tick()
        await pilot.pause()
        assert phase_of(screen) is Phase.PAIN_EXERCISE
        assert screen.recorder.wait_saved()
    [path] = (dirs.data / "sessions").rglob("*.toml")
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    [pause] = saved["pause"]
    assert pause["seconds"] == pytest.approx(1200, abs=0.5) and pause["reason"] == "suspend"
    assert saved["set"][0]["actual_s"] == pytest.approx(30, abs=0.2)
