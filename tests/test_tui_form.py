"""The workout screen shows the whole list of form points (issue 12: "The screen shows the full
list"), the exercise's and then those its rung adds."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Static

from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.run import RunScreen
from tests.support.clock import FakeClock
from tests.support.engine import with_lead_in, without_warmup


async def test_every_form_point_of_the_exercise_and_its_rung_is_on_screen(dirs: Dirs) -> None:
    assert remember_notice(dirs) is None
    routine = load_library(dirs).get("a2-static-holds")
    assert routine is not None
    hold = replace(routine.exercises[0], variant_id="pad-lower")
    routine = without_warmup(replace(routine, exercises=(hold,)))  # tests/test_warmup.py runs it
    routine = with_lead_in(routine, 5)
    clock = FakeClock()
    app = BacktimerApp(dirs=dirs, run=routine, clock=clock, cue=lambda cue: None, fsync=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        await pilot.press("0")  # pain before: none; the lead-in starts
        shown = str(screen.query_one("#run-cue", Static).content)
        lines = shown.splitlines()
        assert lines == [f"• {point}" for point in hold.form_points]
        assert len(lines) == len(hold.form) + len(hold.variant.form) == 6
        assert "• Hips secure on the pad; heels to head in one straight line" in lines
        assert any("notch lower" in line for line in lines)
        # The list stays on screen through the hold.
        clock.now += 5.0
        screen.tick()
        await pilot.pause()
        assert str(screen.query_one("#run-cue", Static).content) == shown
