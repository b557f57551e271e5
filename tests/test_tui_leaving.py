"""Every way out of a session keeps what was done: Ctrl+Q, Ctrl+C and the palette's quit ask first,
a disk that refuses a save is never left silently, and a stop signal writes the session down."""

from __future__ import annotations

import errno
import signal
import stat
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Input, Static

from backtimer.domain.routine import Routine
from backtimer.engine import Phase
from backtimer.storage.history import writer as history_writer
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.confirm import ConfirmScreen
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.dialogs.unsaved import SaveCopyScreen, UnsavedScreen
from backtimer.tui.leaving import stop_for_signal
from backtimer.tui.screens.run import RunScreen
from tests.support.clock import FakeClock
from tests.support.engine import with_lead_in, without_warmup
from tests.support.screens import on_run_screen
from tests.support.waiting import wait_for

SIZE = (100, 32)


@pytest.fixture
def ready_dirs(dirs: Dirs) -> Dirs:
    assert remember_notice(dirs) is None
    return dirs


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The home folder, where a session goes when the data folder refuses."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


class FullDisk:
    """Replaces the history writer's file writes: once `full`, every write fails with ENOSPC."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = False
        real_write, real_create = history_writer.write_atomic, history_writer.create_new

        def write_atomic(path: Path, data: bytes, *, fsync: bool = True) -> None:
            self._check(path)
            real_write(path, data, fsync=fsync)

        def create_new(folder: Path, stem: str, data: bytes, *, fsync: bool = True) -> Path:
            self._check(folder)
            return real_create(folder, stem, data, fsync=fsync)

        monkeypatch.setattr(history_writer, "write_atomic", write_atomic)
        monkeypatch.setattr(history_writer, "create_new", create_new)

    def _check(self, path: Path) -> None:
        # Only the data folder is full: a copy saved elsewhere (home) goes through.
        if self.full and "sessions" in path.parts:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))


def three_sets(dirs: Dirs) -> Routine:
    """Step 2's static hold, three sets of 30 s with a minute's rest between them."""
    found = load_library(dirs).get("a2-static-holds")
    assert found is not None
    routine = with_lead_in(without_warmup(found), 5)
    return replace(routine, exercises=(replace(routine.exercises[0], sets=3),))


def make_app(dirs: Dirs, routine: Routine, clock: FakeClock) -> BacktimerApp:
    return BacktimerApp(dirs=dirs, run=routine, clock=clock, fsync=False)


def saved_sessions(folder: Path) -> list[dict[str, Any]]:
    files = sorted(folder.rglob("*.toml"))
    return [tomllib.loads(path.read_text(encoding="utf-8")) for path in files]


def run_screen(app: BacktimerApp) -> RunScreen:
    found = [screen for screen in app.screen_stack if isinstance(screen, RunScreen)]
    assert found, "no workout screen"
    return found[0]


def phase_of(screen: RunScreen) -> Phase:
    """The engine's phase (a call, so each read is fresh to the type checker too)."""
    return screen.session.phase


def showing(app: BacktimerApp) -> object:
    """The screen on top (a call, so each read is fresh to the type checker too)."""
    return app.screen


async def advance(pilot: Pilot[int], clock: FakeClock, seconds: float) -> None:
    clock.now += seconds
    run_screen(pilot.app).tick()  # type: ignore[arg-type]
    await pilot.pause()


async def ten_seconds_into_the_hold(pilot: Pilot[int], clock: FakeClock) -> RunScreen:
    screen = await on_run_screen(pilot)
    await pilot.press("1")  # pain before
    await advance(pilot, clock, 5.0)  # the lead-in
    await advance(pilot, clock, 10.0)
    assert phase_of(screen) is Phase.WORK
    return screen


async def closed(pilot: Pilot[int]) -> None:
    await wait_for(pilot, lambda: pilot.app.return_code is not None, "the app closing")


# ----------------------------------------------------------------------- quitting mid-session


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
async def test_quitting_mid_hold_asks_first_and_keeps_the_seconds_held(
    ready_dirs: Dirs, key: str
) -> None:
    clock = FakeClock()
    app = make_app(ready_dirs, three_sets(ready_dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ten_seconds_into_the_hold(pilot, clock)
        await pilot.press(key)
        assert isinstance(app.screen, ConfirmScreen), "quit without asking"
        assert "kept" in str(app.screen.query_one(".dialog-text", Static).content)
        await pilot.press("n")
        assert showing(app) is screen and app.return_code is None
        assert phase_of(screen) is Phase.WORK  # still holding
        await advance(pilot, clock, 0.5)
        await pilot.press(key)
        await pilot.press("y")
        await closed(pilot)
    [saved] = saved_sessions(ready_dirs.data / "sessions")
    assert saved["status"] == "ended_early"
    [held] = saved["set"]
    assert held["actual_s"] == 10.5
    assert [(p["when"], p["value"]) for p in saved["pain"]] == [("before", 1)]


async def test_the_palettes_quit_asks_during_a_session_too(ready_dirs: Dirs) -> None:
    clock = FakeClock()
    app = make_app(ready_dirs, three_sets(ready_dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        await ten_seconds_into_the_hold(pilot, clock)
        await pilot.press("ctrl+p")
        await pilot.press(*"quit")
        await wait_for(
            pilot,
            lambda: bool(app.screen.query_one(CommandList).option_count),
            "the palette's quit command",
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert app.return_code is None
        await pilot.press("y")
        await closed(pilot)
    [saved] = saved_sessions(ready_dirs.data / "sessions")
    assert saved["status"] == "ended_early" and saved["set"][0]["actual_s"] == 10.0


async def test_quitting_at_the_closing_check_in_says_it_is_skipped(ready_dirs: Dirs) -> None:
    clock = FakeClock()
    app = make_app(ready_dirs, three_sets(ready_dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ten_seconds_into_the_hold(pilot, clock)
        await pilot.press("q", "y")  # end the session: the closing check-ins come
        assert phase_of(screen) is Phase.PAIN_AFTER
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "saved as skipped" in str(app.screen.query_one(".dialog-text", Static).content)
        await pilot.press("y")
        await closed(pilot)
    [saved] = saved_sessions(ready_dirs.data / "sessions")
    assert saved["status"] == "ended_early" and saved["pain_after_skipped"] is True
    assert saved["set"][0]["actual_s"] == 10.0


async def test_quitting_before_anything_was_done_leaves_no_file(ready_dirs: Dirs) -> None:
    app = make_app(ready_dirs, three_sets(ready_dirs), FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await on_run_screen(pilot)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await closed(pilot)
    assert saved_sessions(ready_dirs.data) == []


# ----------------------------------------------------------------------- a disk that refuses


async def finish_with_a_full_disk(pilot: Pilot[int], clock: FakeClock, disk: FullDisk) -> RunScreen:
    """Three holds; the disk fills up after the first. Ends on the summary."""
    screen = await on_run_screen(pilot)
    await pilot.press("0")
    await advance(pilot, clock, 5.0 + 30.0)  # the first set: saved
    assert screen.recorder.wait_saved()
    disk.full = True
    await advance(pilot, clock, 60.0 + 5.0 + 30.0)
    await advance(pilot, clock, 60.0 + 5.0 + 30.0)
    assert phase_of(screen) is Phase.PAIN_EXERCISE
    await pilot.press("0", "0", "n")
    assert phase_of(screen) is Phase.SUMMARY
    assert screen.recorder.wait_saved()
    await pilot.pause()
    assert "NOT SAVED" in str(screen.query_one("#run-save-problem", Static).content)
    return screen


def dialog_text(app: BacktimerApp) -> str:
    return str(app.screen.query_one("#unsaved-text", Static).content)


@pytest.mark.parametrize("key", ["enter", "q", "ctrl+q"])
async def test_leaving_with_sets_not_saved_says_how_many_would_be_lost(
    ready_dirs: Dirs, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    disk = FullDisk(monkeypatch)
    clock = FakeClock()
    app = make_app(ready_dirs, three_sets(ready_dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await finish_with_a_full_disk(pilot, clock, disk)
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the question")
        text = dialog_text(app)
        assert "the disk is full" in text
        assert "losing 2 sets" in text
        await pilot.press("escape")  # stay
        assert app.screen is screen and app.return_code is None
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the question again")
        await pilot.press("r")  # the disk is still full: asked again
        await wait_for(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the retry failing")
        disk.full = False
        await pilot.press("r")
        await wait_for(
            pilot,
            lambda: screen not in app.screen_stack or app.return_code is not None,
            "leaving once saved",
        )
        # Ctrl+Q quits the app; Enter and q go back to today's plan.
        assert app.return_code == (0 if key == "ctrl+q" else None)
    [saved] = saved_sessions(ready_dirs.data / "sessions")
    assert len(saved["set"]) == 3 and saved["status"] == "completed"


async def test_a_session_the_disk_refuses_can_be_saved_to_a_file_in_the_home_folder(
    ready_dirs: Dirs, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    disk = FullDisk(monkeypatch)
    clock = FakeClock()
    app = make_app(ready_dirs, three_sets(ready_dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await finish_with_a_full_disk(pilot, clock, disk)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the question")
        await pilot.press("o")
        assert isinstance(app.screen, SaveCopyScreen)
        suggested = app.screen.query_one(Input).value
        assert suggested.startswith(str(home))
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen not in app.screen_stack, "leaving once saved")
    [copy] = list(home.glob("*.toml"))
    assert str(copy) == suggested
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    [saved] = saved_sessions(home)
    assert len(saved["set"]) == 3 and saved["status"] == "completed"
    # The data folder still has the first set only: the disk was full.
    [partial] = saved_sessions(ready_dirs.data / "sessions")
    assert len(partial["set"]) == 1


async def test_a_copy_that_cannot_be_written_asks_again(
    ready_dirs: Dirs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    disk = FullDisk(monkeypatch)
    clock = FakeClock()
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    app = make_app(ready_dirs, three_sets(ready_dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await finish_with_a_full_disk(pilot, clock, disk)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the question")
        await pilot.press("o")
        app.screen.query_one(Input).value = str(blocker / "session.toml")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, UnsavedScreen), "asked again")
        assert screen in app.screen_stack


async def test_leaving_anyway_is_a_choice_naming_what_is_lost(
    ready_dirs: Dirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDisk(monkeypatch)
    clock = FakeClock()
    app = make_app(ready_dirs, three_sets(ready_dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await finish_with_a_full_disk(pilot, clock, disk)
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the question")
        assert "l: leave anyway, losing 2 sets" in dialog_text(app)
        await pilot.press("l")
        await wait_for(pilot, lambda: screen not in app.screen_stack, "leaving")
        assert app.return_code is None  # back on today's plan, not quit


# ----------------------------------------------------------------------- stop signals


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
async def test_a_stop_signal_mid_hold_saves_the_hold_as_interrupted(
    ready_dirs: Dirs, signum: int
) -> None:
    clock = FakeClock()
    app = make_app(ready_dirs, three_sets(ready_dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        await ten_seconds_into_the_hold(pilot, clock)
        stop_for_signal(app, signum)
        await closed(pilot)
    assert app.return_code == 128 + signum
    assert app.exit_notes == []
    [saved] = saved_sessions(ready_dirs.data / "sessions")
    assert saved["status"] == "interrupted"
    assert [s["actual_s"] for s in saved["set"]] == [10.0]
    assert not list((ready_dirs.data / "live").glob("*.lock"))


async def test_a_stop_signal_with_a_full_disk_saves_to_the_home_folder_and_says_where(
    ready_dirs: Dirs, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    disk = FullDisk(monkeypatch)
    clock = FakeClock()
    app = make_app(ready_dirs, three_sets(ready_dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ten_seconds_into_the_hold(pilot, clock)
        assert screen.recorder.wait_saved()
        disk.full = True
        stop_for_signal(app, signal.SIGTERM)
        await closed(pilot)
    [copy] = list(home.glob("*.toml"))
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    [note] = app.exit_notes
    assert str(copy) in note and str(ready_dirs.data) in note
    [saved] = saved_sessions(home)
    assert saved["status"] == "interrupted" and saved["set"][0]["actual_s"] == 10.0


async def test_a_stop_signal_before_anything_was_done_writes_nothing(ready_dirs: Dirs) -> None:
    app = make_app(ready_dirs, three_sets(ready_dirs), FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await on_run_screen(pilot)
        stop_for_signal(app, signal.SIGTERM)
        await closed(pilot)
    assert not (ready_dirs.data / "sessions").exists()
