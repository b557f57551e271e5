"""The workout clock fills the screen: big enough to read from across the room at every size."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot

from backtimer.engine import Phase
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.run import RunScreen
from backtimer.tui.widgets.bigtext import BigText, Countdown, PhaseWord
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
    """Issue 15: the figures are repainted when the shown second changes, and then only the rows
    of the figure that changed; the bar below them only when it moves by half a cell."""
    clock = FakeClock()
    app = most_form_points_app(dirs, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("0")
        await until_the_hold(pilot, screen, clock)
        digits = screen.query_one("#run-clock", Countdown)
        bar_row = digits.size.height - 1
        figures: list[tuple[str, list[Region]]] = []
        bar: list[float] = []
        original = digits.refresh

        def counting_refresh(*regions: Region, **kwargs: Any) -> object:
            if regions and all(region.y == bar_row for region in regions):
                bar.append(digits.fraction)
            else:
                figures.append((digits.text, list(regions)))
            return original(*regions, **kwargs)

        monkeypatch.setattr(digits, "refresh", counting_refresh)
        for _ in range(10):  # ten ticks within one second: 0:30 stays 0:30
            clock.now += 0.09
            screen.tick()
        await pilot.pause()
        assert figures == []
        assert 0 < len(bar) < 10  # the 62-cell bar moves four half cells a second
        clock.now += 0.2
        screen.tick()
        await pilot.pause()
        assert digits.text == "0:29"
        [(shown, regions)] = figures
        assert shown == "0:29" and regions  # the figures that changed, not the whole widget
        lines = digits.lines
        top = (bar_row - len(lines)) // 2
        assert all(top <= region.y and region.bottom <= top + len(lines) for region in regions)
