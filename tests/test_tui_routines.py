"""The routine library (`l` from home): grouped by program, with the chosen routine in full."""

from __future__ import annotations

import io
from datetime import UTC
from pathlib import Path

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import NoticeScreen, remember_notice
from backtimer.tui.screens.home import HomeScreen
from backtimer.tui.screens.routines import RoutinesScreen
from tests.support.waiting import settle

USER_ROUTINE = """\
id = "my-walk"
name = "Evening walk"
program = "mine"
frequency = "daily"

[[exercise]]
id = "walk"
name = "Brisk walk"
kind = "activity"
cue = "Swing the arms."
dose = { target = 1200 }
"""


def make_dirs(tmp_path: Path, *, notice_seen: bool = True) -> Dirs:
    dirs = Dirs(config=tmp_path / "config", data=tmp_path / "data")
    if notice_seen:
        assert remember_notice(dirs) is None
    return dirs


async def open_library(pilot: Pilot[int]) -> None:
    """From today's plan, where the app opens, to the library."""
    await settle(pilot, rounds=1)
    await pilot.press("l")
    await settle(pilot, rounds=1)
    assert isinstance(pilot.app.screen, RoutinesScreen)


def detail_text(app: BacktimerApp) -> str:
    """The detail pane as plain text, as a reader would see it."""
    content = app.screen.query_one("#routine-text", Static).content
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


async def test_first_run_shows_the_notice_once(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path, notice_seen=False)
    app = BacktimerApp(dirs=dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoticeScreen)
        assert "not medical advice" in str(app.screen.query_one("#notice-text", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert (dirs.data / "notice-seen").exists()

    again = BacktimerApp(dirs=dirs)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)


async def test_routines_grouped_by_program_in_step_order(tmp_path: Path) -> None:
    app = BacktimerApp(dirs=make_dirs(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        options = app.screen.query_one("#routine-list", OptionList).options
        headings = [str(option.prompt) for option in options if option.disabled]
        assert headings and headings[0].startswith("Program A")
        assert app.library is not None
        ids = [option.id for option in options if option.id is not None]
        a_steps = [app.library.get(i) for i in ids if i.startswith("a")]
        steps = [r.step for r in a_steps if r is not None and r.step is not None]
        assert steps == sorted(steps)
        # The highlighted routine is shown in full on the right.
        first = app.library.get(ids[0])
        assert first is not None
        assert first.name in detail_text(app)
        assert first.exercises[0].name in detail_text(app)


async def test_choosing_a_routine_shows_its_exercises_and_doses(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path)
    dirs.user_routines.mkdir(parents=True)
    (dirs.user_routines / "walk.toml").write_text(USER_ROUTINE, encoding="utf-8")
    app = BacktimerApp(dirs=dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        routine_list = app.screen.query_one("#routine-list", OptionList)
        index = next(i for i, o in enumerate(routine_list.options) if o.id == "my-walk")
        routine_list.highlighted = index
        await pilot.pause()
        text = detail_text(app)
        assert "Evening walk" in text
        assert "20 min activity" in text
        assert "Swing the arms." in text
        assert "(yours)" in str(routine_list.options[index].prompt)


async def test_a_broken_user_routine_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path)
    dirs.user_routines.mkdir(parents=True)
    (dirs.user_routines / "broken.toml").write_text('id = "x"\nnmae = "oops"\n', encoding="utf-8")
    (dirs.user_routines / "walk.toml").write_text(USER_ROUTINE, encoding="utf-8")
    app = BacktimerApp(dirs=dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        banner = app.screen.query_one("#routine-problems", Static)
        assert banner.display
        shown = str(banner.content)
        assert "broken.toml:2" in shown
        assert "did you mean 'name'" in shown
        ids = [o.id for o in app.screen.query_one("#routine-list", OptionList).options]
        assert "my-walk" in ids


async def test_small_terminal_does_not_crash(tmp_path: Path) -> None:
    app = BacktimerApp(dirs=make_dirs(tmp_path))
    async with app.run_test(size=(40, 12)) as pilot:
        await open_library(pilot)
        await pilot.press("down", "down", "up")
        assert isinstance(app.screen, RoutinesScreen)


async def test_starting_from_the_library_uses_the_accepted_target(tmp_path: Path) -> None:
    from datetime import datetime

    from backtimer.domain.journal import TargetChange
    from backtimer.storage.journal import record_event
    from backtimer.tui.screens.run import RunScreen

    dirs = make_dirs(tmp_path)
    record_event(
        dirs.data,
        TargetChange(
            at=datetime(2026, 11, 1, 8, 0, tzinfo=UTC),
            routine_id="a2-static-holds",
            exercise_id="static-hold",
            variant_id="pad-high",
            target=50,
            change="manual",
            accepted=True,
        ),
        fsync=False,
    )
    app = BacktimerApp(dirs=dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        routine_list = app.screen.query_one("#routine-list", OptionList)
        routine_list.highlighted = next(
            i for i, o in enumerate(routine_list.options) if o.id == "a2-static-holds"
        )
        await pilot.press("enter")
        await settle(pilot, rounds=1)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        hold = screen.session.routine.exercise("static-hold")
        assert hold is not None
        assert screen.session.target_of(hold) == 50
