"""Names are the user's text, never markup: `Back [/] day` and `Dead bug [easy]` show as written,
on every screen, in every command and in the report, and nothing crashes on them."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from backtimer.cli.main import main
from backtimer.cli.today import show_today
from backtimer.domain.records import SessionRecord
from backtimer.storage.history import HistoryStore
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.routines import RoutinesScreen
from backtimer.tui.screens.session_detail import SessionDetailScreen
from backtimer.tui.screens.stats import StatsScreen
from tests.support.clock import FakeClock
from tests.support.records import sample_session
from tests.support.screen_text import screen_text
from tests.support.screens import on_run_screen
from tests.support.waiting import settle, wait_for

SIZE = (110, 34)
NOW = datetime.now().astimezone().replace(microsecond=0)

MARKUP_NAMES = [
    "Back [/] day",
    "Hold [/b] x",
    "Dead bug [easy]",
    "[b]bold[/b] and [i]",
    "[@click=app.quit]Quit[/]",
    "[link=https://example.com]x[/link]",
    "$var [$x] \\",
    "Split \\[b] [red]",
]
"""Names that Rich or Textual would read as markup: each must show exactly as written."""


def routine_toml(name: str, *, exercise: str = "Hold [/b] x", form: str = "Dead bug [easy]") -> str:
    """A small user routine of two holds, its names given; `id = "odd"`."""

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return f"""\
id = "odd"
name = {q(name)}
program = {q(name)}
frequency = "daily"
lead_in_s = 0

[[exercise]]
id = "hold"
name = {q(exercise)}
kind = "hold"
form = [{q(form)}]
sets = 1
rest_s = 0
dose = {{ target = 3, min = 3, max = 10, step = 1 }}

[[exercise]]
id = "dead-bug"
name = "Dead bug [easy]"
kind = "hold"
sets = 1
rest_s = 0
dose = {{ target = 3, min = 3, max = 10, step = 1 }}

[[exercise.variant]]
id = "easy"
name = "Arms only [easy]"

[[exercise.variant]]
id = "hard"
name = "Arms and legs [/hard]"
"""


def user_routine(dirs: Dirs, name: str, **names: str) -> None:
    dirs.user_routines.mkdir(parents=True, exist_ok=True)
    (dirs.user_routines / "odd.toml").write_text(routine_toml(name, **names), encoding="utf-8")


def saved_session(dirs: Dirs, name: str, *, notes: str = "") -> SessionRecord:
    """A session of the routine `odd` named `name`, its sets named so too, saved an hour ago."""
    record = sample_session(
        3, start=NOW - timedelta(hours=1), routine_id="odd", routine_name=name, notes=notes
    )
    record = replace(record, sets=tuple(replace(s, exercise_name=name) for s in record.sets))
    HistoryStore(dirs.data).open_session(record, fsync=False).close()
    return record


def ready(dirs: Dirs) -> Dirs:
    assert remember_notice(dirs) is None
    return dirs


# --- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("name", MARKUP_NAMES)
def test_routines_lists_a_routine_whose_name_looks_like_markup(
    name: str, dirs: Dirs, capsys: pytest.CaptureFixture[str]
) -> None:
    user_routine(dirs, name)
    assert main(["routines"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert name in out
    assert main(["routines", "show", "odd"]) == 0
    out, err = capsys.readouterr()
    assert name in out and "Dead bug [easy]" in out and "Hold [/b] x" in out


@pytest.mark.parametrize("name", MARKUP_NAMES)
def test_today_and_history_show_a_session_whose_name_looks_like_markup(
    name: str, dirs: Dirs, capsys: pytest.CaptureFixture[str]
) -> None:
    user_routine(dirs, name)
    saved_session(dirs, name)
    out, err = io.StringIO(), io.StringIO()
    assert show_today(dirs, as_json=False, now=NOW, out=out, err=err) == 0
    assert f"Last session: {name}," in out.getvalue()
    assert main(["history"]) == 0
    assert name in capsys.readouterr().out
    assert main(["report"]) == 0
    assert "Traceback" not in capsys.readouterr().err


# --- the full-screen app ---------------------------------------------------------------------


async def test_the_app_opens_after_a_session_of_back_slash_day(dirs: Dirs) -> None:
    """After one session of `Back [/] day`, the app opened on nothing but a crash."""
    user_routine(ready(dirs), "Back [/] day")
    saved_session(dirs, "Back [/] day")
    app = BacktimerApp(dirs=dirs, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Back [/] day" in screen_text(app), "the last session")
        assert "Last session: Back [/] day" in screen_text(app)


@pytest.mark.parametrize("name", MARKUP_NAMES)
async def test_the_library_lists_and_shows_a_routine_whose_name_looks_like_markup(
    name: str, dirs: Dirs
) -> None:
    user_routine(ready(dirs), name)
    app = BacktimerApp(dirs=dirs, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=1)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, RoutinesScreen), "the library")
        screen = app.screen
        assert isinstance(screen, RoutinesScreen)
        await wait_for(pilot, lambda: app.library is not None, "the routines")
        options = screen.query_one("#routine-list").options  # type: ignore[attr-defined]
        odd = next(i for i, option in enumerate(options) if option.id == "odd")
        screen.query_one("#routine-list").highlighted = odd  # type: ignore[attr-defined]
        await pilot.pause()
        shown = screen_text(app)
        assert f"Program {name}" in shown  # its program's heading in the list
        assert f"{name}  (odd)" in shown  # the detail pane
        assert "Arms only [easy]" in shown  # a variant of the ladder
        assert "• Dead bug [easy]" in shown  # a form point


async def test_the_workout_screen_shows_hold_slash_b_and_dead_bug_easy(dirs: Dirs) -> None:
    """`Hold [/b] x` crashed the workout screen; `Dead bug [easy]` showed as "Dead bug "."""
    user_routine(ready(dirs), "Back [/] day")
    routine = load_library(dirs).get("odd")
    assert routine is not None
    clock = FakeClock()
    app = BacktimerApp(dirs=dirs, run=routine, clock=clock, cue=lambda cue: None, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot, "odd")
        assert "Back [/] day" in screen_text(app)  # the title
        await pilot.press("1")  # pain before: 1
        await pilot.pause()
        shown = screen_text(app)
        assert "HOLD [/B] X" in shown
        assert "• Dead bug [easy]" in shown  # the form point
        await pilot.press("g")  # go to any exercise: the list of names
        await pilot.pause()
        shown = screen_text(app)
        assert "1. Hold [/b] x" in shown and "2. Dead bug [easy]" in shown
        await pilot.press("escape")
        await pilot.press("p", "5")  # pain now: over the limit
        await pilot.pause()
        # An answer names the next exercise.
        assert "stop this exercise and go on to dead bug [easy]" in screen_text(app).lower()
        await pilot.press("q")
        await pilot.press("y")
        await settle(pilot)
        assert "Traceback" not in screen_text(app)
        assert screen.recorder.wait_saved()


async def test_the_stats_and_a_session_show_back_slash_day(dirs: Dirs) -> None:
    user_routine(ready(dirs), "Back [/] day")
    saved_session(dirs, "Back [/] day", notes="felt [b]fine[/b]")
    app = BacktimerApp(dirs=dirs, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=1)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen), "the stats")
        await pilot.press("4")  # the sessions tab
        await wait_for(pilot, lambda: "Back [/] day" in screen_text(app), "the session listed")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionDetailScreen), "the session")
        await wait_for(pilot, lambda: "Notes:" in screen_text(app), "the session read")
        shown = screen_text(app)
        assert "Back [/] day" in shown and "Notes: felt [b]fine[/b]" in shown


async def test_a_notice_naming_back_slash_day_shows_it(dirs: Dirs) -> None:
    """Notices carry names and reasons (`Accepted: …`, a file that could not be read)."""
    app = BacktimerApp(dirs=ready(dirs), fsync=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, rounds=1)
        app.screen.notify("Accepted: try Back [/] day.", title="[b]Cues")
        await wait_for(pilot, lambda: "Back [/] day" in screen_text(app), "the notice")
        assert "Accepted: try Back [/] day." in screen_text(app)


async def test_the_not_saved_question_shows_a_folder_named_like_markup(dirs: Dirs) -> None:
    """The problem names the data folder, which is the user's text (`/tmp/[/]data`)."""
    from backtimer.tui.dialogs.unsaved import UnsavedScreen

    app = BacktimerApp(dirs=ready(dirs), fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=1)
        app.push_screen(UnsavedScreen("cannot write /tmp/[/]data: disk full", "2 sets"))
        await wait_for(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the question")
        await pilot.pause()
        assert "NOT SAVED: cannot write /tmp/[/]data: disk full" in screen_text(app)
