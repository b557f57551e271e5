"""The workout clock fills the screen: big enough to read from across the room at every size."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.pilot import Pilot

from backtimer.engine import Phase
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.run import RunScreen
from backtimer.tui.widgets.bigtext import BigText, PhaseWord
from tests.support.clock import FakeClock
from tests.support.engine import without_warmup
from tests.support.screens import on_run_screen


def most_form_points_app(dirs: Dirs, clock: FakeClock) -> BacktimerApp:
    """Step 2's hold with the lowered pad: six form points under the clock, the most of any."""
    assert remember_notice(dirs) is None
    found = load_library(dirs).get("a2-static-holds")
    assert found is not None
    routine = without_warmup(found)
    hold = replace(routine.exercises[0], variant_id="pad-lower")
    assert len(hold.form_points) == 6
    routine = replace(routine, exercises=(hold,))
    return BacktimerApp(dirs=dirs, run=routine, clock=clock, cue=None, fsync=False)


async def until_the_hold(pilot: Pilot[int], screen: RunScreen, clock: FakeClock) -> None:
    """Through the lead-in, a second at a time, as the screen's timer would."""
    for _ in range(60):
        if screen.session.phase is Phase.WORK:
            break
        clock.now += 1.0
        screen.tick()
    await pilot.pause()


@pytest.mark.parametrize(
    ("size", "rows"),
    [((80, 24), 7), ((100, 30), 9), ((200, 60), 20), ((60, 20), 3), ((40, 15), 3)],
    ids=lambda value: "x".join(map(str, value)) if isinstance(value, tuple) else str(value),
)
async def test_the_holds_digits_are_tall_at_every_terminal_size(
    dirs: Dirs, size: tuple[int, int], rows: int
) -> None:
    """README: big digits you can read from across the room, whole down to 40×15."""
    clock = FakeClock()
    app = most_form_points_app(dirs, clock)
    async with app.run_test(size=size) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("0")
        await until_the_hold(pilot, screen, clock)
        assert screen.session.phase is Phase.WORK
        digits = screen.query_one("#run-clock", BigText)
        assert digits.text == "0:30"
        lines = digits.lines
        assert len(lines) >= rows
        assert max(len(line) for line in lines) <= digits.content_region.width
        # Every row of the letters is on screen, not clipped by the widgets around it.
        assert digits.content_region.height >= len(lines)
        assert screen.query_one("#run-phase", PhaseWord).text == "HOLD"


async def test_the_clock_is_redrawn_only_when_the_shown_second_changes(
    dirs: Dirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = most_form_points_app(dirs, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("0")
        await until_the_hold(pilot, screen, clock)
        digits = screen.query_one("#run-clock", BigText)
        shown: list[str] = []
        original = digits.refresh

        def counting_refresh(*args: object, **kwargs: object) -> object:
            shown.append(digits.text)
            return original(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(digits, "refresh", counting_refresh)
        for _ in range(10):  # ten ticks within one second: 0:30 stays 0:30
            clock.now += 0.09
            screen.tick()
        await pilot.pause()
        assert shown == []
        clock.now += 0.2
        screen.tick()
        await pilot.pause()
        assert digits.text == "0:29"
        assert shown
