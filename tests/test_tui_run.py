"""The workout screen driven like a user would, with a fake clock: whole sessions in milliseconds."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from backtimer.domain.routine import Routine
from backtimer.engine import Cue, Phase
from backtimer.services.workout_text import clock_text, until_next_change
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.confirm import ConfirmScreen, FolderScreen
from backtimer.tui.dialogs.notice import NoticeScreen, remember_notice
from backtimer.tui.screens.run import RunScreen
from backtimer.tui.widgets.bigtext import BigText, Countdown
from tests.support.clock import FakeClock
from tests.support.engine import with_lead_in, without_warmup
from tests.support.screens import on_run_screen
from tests.support.waiting import settle

SIZE = (100, 32)


@pytest.fixture
def ready_dirs(dirs: Dirs) -> Dirs:
    assert remember_notice(dirs) is None
    return dirs


def routine(dirs: Dirs, routine_id: str = "a2-static-holds") -> Routine:
    """A shipped routine without its warm-up (tests/test_warmup.py runs that)."""
    found = load_library(dirs).get(routine_id)
    assert found is not None
    return with_lead_in(without_warmup(found), 5)


def single_leg(base: Routine) -> Routine:
    exercise = replace(base.exercises[0], variant_id="single-leg")
    return replace(base, exercises=(exercise,))


def saved_sessions(dirs: Dirs) -> list[dict[str, Any]]:
    files = sorted((dirs.data / "sessions").rglob("*.toml"))
    return [tomllib.loads(path.read_text(encoding="utf-8")) for path in files]


def make_app(
    dirs: Dirs, run: Routine, clock: FakeClock, cues: list[Cue] | None = None
) -> BacktimerApp:
    sink = cues.append if cues is not None else None
    return BacktimerApp(dirs=dirs, run=run, clock=clock, cue=sink, fsync=False)


def run_screen(app: BacktimerApp) -> RunScreen:
    screen = app.screen
    assert isinstance(screen, RunScreen)
    return screen


def phase_of(screen: RunScreen) -> Phase:
    """The engine's phase (a call, so each read is fresh to the type checker too)."""
    return screen.session.phase


def text_of(app: BacktimerApp, selector: str) -> str:
    widget = app.screen.query_one(selector)
    if isinstance(widget, BigText):
        return widget.text
    return str(app.screen.query_one(selector, Static).content)


async def advance(pilot: Pilot[int], clock: FakeClock, seconds: float) -> None:
    """Move the clock on and let the screen catch up, as its timer would."""
    clock.now += seconds
    run_screen(pilot.app).tick()  # type: ignore[arg-type]
    await pilot.pause()


def test_clock_text_counts_down_in_whole_seconds() -> None:
    assert clock_text(30.0) == "0:30"
    assert clock_text(29.2) == "0:30"
    assert clock_text(0.0) == "0:00"
    assert clock_text(125.0) == "2:05"
    assert clock_text(3725.0) == "1:02:05"
    assert until_next_change(29.25, counting_down=True) == pytest.approx(0.25)
    assert until_next_change(29.0, counting_down=True) == 1.0
    assert until_next_change(5.75, counting_down=False) == pytest.approx(0.25)


async def test_a_whole_step_2_session_runs_by_itself_and_is_saved(ready_dirs: Dirs) -> None:
    clock = FakeClock()
    cues: list[Cue] = []
    app = make_app(ready_dirs, routine(ready_dirs), clock, cues)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        assert phase_of(screen) is Phase.PAIN_BEFORE
        assert "Pain right now" in str(screen.query_one("#question-text", Static).content)
        await pilot.press("1")
        assert screen.has_class("-lead-in")
        assert "GET INTO POSITION" in text_of(app, "#run-phase")
        await advance(pilot, clock, 5.0)
        assert screen.has_class("-work")
        assert text_of(app, "#run-phase") == "HOLD"
        assert text_of(app, "#run-clock") == "0:30"
        await advance(pilot, clock, 12.4)
        assert text_of(app, "#run-clock") == "0:18"
        for _ in range(17):
            await advance(pilot, clock, 1.0)
        assert phase_of(screen) is Phase.WORK
        # Hands off: the hold ends by itself at its deadline, even when the screen is late.
        await advance(pilot, clock, 40.0)
        assert phase_of(screen) is Phase.PAIN_EXERCISE
        await pilot.press("0")
        await pilot.press("2")
        assert phase_of(screen) is Phase.RED_FLAG
        await pilot.press("n")
        assert screen.has_class("-summary")
        table = screen.query_one("#run-summary", DataTable)
        assert table.row_count == 1
        assert [str(cell) for cell in table.get_row_at(0)] == [
            "Static hold",
            "30 s",
            "30 s",
            "0/10",
        ]
        assert "Time under tension 30 s" in text_of(app, "#run-next")
        assert screen.recorder.wait_saved()
    [saved] = saved_sessions(ready_dirs)
    assert saved["status"] == "completed"
    assert saved["routine_id"] == "a2-static-holds"
    [held] = saved["set"]
    assert held["actual_s"] == 30.0 and held["side"] == "both" and held["pain"] == 0
    assert [(p["when"], p["value"]) for p in saved["pain"]] == [
        ("before", 1),
        ("exercise", 0),
        ("after", 2),
    ]
    assert saved["red_flag"] is False
    spoken = [cue.text for cue in cues]
    during_hold = spoken[spoken.index("Hold") :]
    # The 3-2-1 comes before the end of the hold, not after it.
    assert during_hold[during_hold.index("3") : during_hold.index("3") + 3] == ["3", "2", "1"]
    assert any("10 seconds" in text for text in during_hold)


def filled_cells(clock: Countdown) -> tuple[float, str | None]:
    """How much of the bar under the clock is drawn in its 'done' colour (a half cell counts a
    half), and that colour."""
    done = clock.get_component_rich_style("countdown--done", partial=True).color
    bar = clock.render_line(clock.size.height - 1)
    cells = 0.0
    for segment in bar:
        if segment.style is not None and segment.style.color == done:
            cells += sum(0.5 if ch == "╸" else 1.0 for ch in segment.text)
    drawn = sum(len(segment.text) for segment in bar if set(segment.text) <= set("━╸╺"))
    return cells / drawn, done.name if done is not None else None


async def test_the_bar_fills_with_the_hold_and_follows_the_theme(ready_dirs: Dirs) -> None:
    clock = FakeClock()
    app = make_app(ready_dirs, routine(ready_dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        bar = screen.query_one(Countdown)
        await pilot.press("1")
        await advance(pilot, clock, 5.0)  # the lead-in is over: a 30 s hold starts
        assert filled_cells(bar)[0] == 0.0
        await advance(pilot, clock, 15.0)
        halfway, colour = filled_cells(bar)
        assert halfway == pytest.approx(0.5, abs=0.01)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        await advance(pilot, clock, 7.5)
        three_quarters, new_colour = filled_cells(bar)
        assert three_quarters == pytest.approx(0.75, abs=0.01)
        assert new_colour != colour  # drawn in the new theme's colour, not the old one


async def test_each_side_gets_the_full_time_and_is_logged_apart(ready_dirs: Dirs) -> None:
    clock = FakeClock()
    app = make_app(ready_dirs, single_leg(routine(ready_dirs)), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("0")
        await advance(pilot, clock, 5.0)
        assert "LEFT SIDE" in text_of(app, "#run-where")
        assert text_of(app, "#run-clock") == "0:15"
        await advance(pilot, clock, 15.0)
        assert phase_of(screen) is Phase.SWITCH
        assert "SWITCH SIDES" in text_of(app, "#run-phase")
        assert screen.has_class("-rest")
        await advance(pilot, clock, 10.0)
        assert "RIGHT SIDE" in text_of(app, "#run-where")
        await advance(pilot, clock, 15.0)
        assert phase_of(screen) is Phase.PAIN_EXERCISE
        assert screen.recorder.wait_saved()
    [saved] = saved_sessions(ready_dirs)
    assert [(s["side"], s["actual_s"]) for s in saved["set"]] == [("left", 15.0), ("right", 15.0)]


async def test_ending_a_hold_early_keeps_the_real_seconds_and_asks_why(ready_dirs: Dirs) -> None:
    clock = FakeClock()
    app = make_app(ready_dirs, routine(ready_dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("0")
        await advance(pilot, clock, 5.0)
        await advance(pilot, clock, 21.37)
        await pilot.press("enter")
        assert phase_of(screen) is Phase.STOP_REASON
        assert "WHY DID YOU STOP?" in text_of(app, "#run-phase")
        await pilot.press("1")  # fatigue
        assert screen.recorder.wait_saved()
    [saved] = saved_sessions(ready_dirs)
    [held] = saved["set"]
    assert held["actual_s"] == 21.4
    assert held["stop_reason"] == "fatigue"


async def test_pause_stops_the_clock_and_moves_the_deadline(ready_dirs: Dirs) -> None:
    clock = FakeClock()
    app = make_app(ready_dirs, routine(ready_dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("0")
        await advance(pilot, clock, 5.0)
        await advance(pilot, clock, 10.0)
        await pilot.press("space")
        assert screen.has_class("-paused")
        assert "PAUSED" in text_of(app, "#run-phase")
        await advance(pilot, clock, 300.0)
        assert text_of(app, "#run-clock") == "0:20"
        await pilot.press("space")
        assert not screen.has_class("-paused")
        await advance(pilot, clock, 19.5)
        assert phase_of(screen) is Phase.WORK
        await advance(pilot, clock, 0.5)
        assert phase_of(screen) is Phase.PAIN_EXERCISE


async def test_quitting_asks_once_then_keeps_what_was_done(ready_dirs: Dirs) -> None:
    clock = FakeClock()
    app = make_app(ready_dirs, single_leg(routine(ready_dirs)), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("0")
        await advance(pilot, clock, 5.0 + 15.0 + 3.0)  # left side done, switching
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert run_screen(app) is screen
        await pilot.press("q")
        await pilot.press("y")
        assert phase_of(screen) is Phase.PAIN_AFTER
        await pilot.press("1")
        await pilot.press("n")
        assert screen.has_class("-summary")
        assert "ended early" in text_of(app, "#run-next")
        assert screen.recorder.wait_saved()
    [saved] = saved_sessions(ready_dirs)
    assert saved["status"] == "ended_early"
    assert [s["side"] for s in saved["set"]] == ["left"]


async def test_a_red_flag_advises_seeing_a_clinician(ready_dirs: Dirs) -> None:
    clock = FakeClock()
    app = make_app(ready_dirs, routine(ready_dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        await on_run_screen(pilot)
        await pilot.press("0")
        await advance(pilot, clock, 40.0)
        await pilot.press("0", "0", "y")
        assert "clinician" in text_of(app, "#run-next")
        assert run_screen(app).recorder.wait_saved()
    [saved] = saved_sessions(ready_dirs)
    assert saved["red_flag"] is True


async def test_a_session_that_cannot_be_saved_says_so_and_saves_elsewhere(
    ready_dirs: Dirs, tmp_path: Path
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the data folder should be")
    dirs = Dirs(config=ready_dirs.config, data=blocked)
    clock = FakeClock()
    app = make_app(dirs, routine(ready_dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the first-run notice: it cannot be remembered here either
        screen = await on_run_screen(pilot)
        await pilot.press("1")
        screen.recorder.wait_saved()
        await pilot.pause()
        assert screen.has_class("-save-problem")
        assert "NOT SAVED" in text_of(app, "#run-save-problem")
        # The session keeps running while the disk refuses.
        await advance(pilot, clock, 40.0)
        assert phase_of(screen) is Phase.PAIN_EXERCISE
        await pilot.press("o")
        assert isinstance(app.screen, FolderScreen)
        await pilot.press(*str(tmp_path / "elsewhere"))
        await pilot.press("enter")
        screen.recorder.wait_saved()
        await pilot.pause()
        assert not screen.has_class("-save-problem")
    [saved] = [
        tomllib.loads(p.read_text(encoding="utf-8"))
        for p in (tmp_path / "elsewhere" / "sessions").rglob("*.toml")
    ]
    assert saved["set"][0]["actual_s"] == 30.0
    assert blocked.read_text() == "a file where the data folder should be"


async def test_a_tiny_terminal_shows_something_and_does_not_crash(ready_dirs: Dirs) -> None:
    clock = FakeClock()
    app = make_app(ready_dirs, routine(ready_dirs), clock)
    async with app.run_test(size=(30, 10)) as pilot:
        await on_run_screen(pilot)
        await pilot.press("0")
        await advance(pilot, clock, 10.0)
        assert phase_of(run_screen(app)) is Phase.WORK


async def test_a_tempo_rep_is_called_second_by_second_and_counted(ready_dirs: Dirs) -> None:
    """Lower 4 s, pause 1 s, up 2 s: the phase line counts each part down, the big number
    counts reps, and the lines that do not depend on time stay as they were."""
    clock = FakeClock()
    app = make_app(ready_dirs, routine(ready_dirs, "a3-eccentric"), clock)
    async with app.run_test(size=SIZE) as pilot:
        await on_run_screen(pilot)
        await pilot.press("0")
        await advance(pilot, clock, 5.0)  # the lead-in
        target = text_of(app, "#run-target")
        seen: list[tuple[str, str]] = []
        for _ in range(8):
            seen.append((text_of(app, "#run-phase"), text_of(app, "#run-clock")))
            await advance(pilot, clock, 1.0)
        assert seen == [
            ("LOWER 4", "0"),
            ("LOWER 3", "0"),
            ("LOWER 2", "0"),
            ("LOWER 1", "0"),
            ("PAUSE 1", "0"),
            ("UP 2", "0"),
            ("UP 1", "0"),
            ("LOWER 4", "1"),
        ]
        assert text_of(app, "#run-target") == target


async def test_a_mobility_session_does_not_claim_zero_time_under_tension(ready_dirs: Dirs) -> None:
    clock = FakeClock()
    app = make_app(ready_dirs, routine(ready_dirs, "a1-mobility"), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("1")
        await advance(pilot, clock, 5.0)
        await advance(pilot, clock, 31.0)
        for key in ("1", "0", "n"):
            assert phase_of(screen).is_question
            await pilot.press(key)
        assert screen.has_class("-summary")
        summary = text_of(app, "#run-next")
        assert summary.startswith("Session completed.")
        assert "tension" not in summary


async def test_on_a_first_run_the_notice_is_read_before_a_session_opens(dirs: Dirs) -> None:
    """`backtimer run` on a new machine: the safety notice (not medical advice, the pain rule,
    the red flag) comes first, and the session starts only once it is read."""
    clock = FakeClock()
    app = make_app(dirs, routine(dirs), clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NoticeScreen)
        assert not any(isinstance(screen, RunScreen) for screen in app.screen_stack)
        await pilot.press("enter")
        screen = await on_run_screen(pilot)
        assert phase_of(screen) is Phase.PAIN_BEFORE
