"""The workout screen's keys as a user sees them: the footer lists only keys that act now, `k`
shows while it is on and lasts one hold, `b` says what it will do (issue 13)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import OptionList

from backtimer.engine import Phase
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.jump import JumpScreen
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.run import RunScreen
from backtimer.tui.widgets.bigtext import PhaseWord
from tests.support.clock import FakeClock
from tests.support.engine import inline
from tests.support.screens import on_run_screen

SIZE = (100, 32)

TWO_HOLDS = """
[[exercise]]
id = "hold"
name = "Static hold"
kind = "hold"
sets = 2
rest_s = 20
dose = { target = 30, min = 30, max = 60, step = 10 }
"""


def footer_keys(screen: RunScreen) -> list[str]:
    """The keys the footer lists, as `key description` (one per action, as the footer groups)."""
    shown: dict[str, str] = {}
    for _, binding, enabled, _ in screen.active_bindings.values():
        if binding.show and enabled:
            shown.setdefault(binding.action, f"{binding.key} {binding.description}")
    return list(shown.values())


def banner(screen: RunScreen) -> str:
    return screen.query_one("#run-phase", PhaseWord).text


async def advance(pilot: Pilot[int], screen: RunScreen, clock: FakeClock, seconds: float) -> None:
    clock.now += seconds
    screen.tick()
    await pilot.pause()


async def test_the_footer_lists_only_the_keys_that_act_in_each_phase(dirs: Dirs) -> None:
    assert remember_notice(dirs) is None
    clock = FakeClock()
    app = BacktimerApp(dirs=dirs, run=inline(TWO_HOLDS), clock=clock, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        seen: dict[Phase, list[str]] = {Phase.PAIN_BEFORE: footer_keys(screen)}
        await pilot.press("0")
        seen[Phase.LEAD_IN] = footer_keys(screen)
        await advance(pilot, screen, clock, 6)
        seen[Phase.WORK] = footer_keys(screen)
        await pilot.press("k")
        assert "KEEP GOING ON" in banner(screen)
        assert "k Stop at target" in footer_keys(screen)
        await advance(pilot, screen, clock, 35)
        assert "TARGET REACHED" in banner(screen)
        await pilot.press("enter")
        seen[Phase.REST] = footer_keys(screen)
        await advance(pilot, screen, clock, 21)
        assert banner(screen) == "HOLD"  # the next hold is a plain hold again
        await advance(pilot, screen, clock, 30)
        assert screen.session.phase is Phase.PAIN_EXERCISE
        seen[Phase.PAIN_EXERCISE] = footer_keys(screen)
    assert seen == {
        Phase.PAIN_BEFORE: ["q End session"],
        Phase.LEAD_IN: ["space Pause", "p Pain", "s Skip", "g Go to", "q End session"],
        Phase.WORK: [
            "space Pause",
            "enter End set",
            "p Pain",
            "k Keep going",
            "s Skip",
            "b Redo set",
            "g Go to",
            "q End session",
        ],
        Phase.REST: [
            "space Pause",
            "right_square_bracket +15 s",
            "left_square_bracket −15 s",
            "p Pain",
            "s Skip",
            "b Redo set",
            "g Go to",
            "q End session",
        ],
        Phase.PAIN_EXERCISE: ["q End session"],
    }


async def test_plus_in_the_lead_in_starts_the_set_with_the_rep_counted(dirs: Dirs) -> None:
    assert remember_notice(dirs) is None
    reps = inline(
        '[[exercise]]\nid = "curl"\nname = "Curl-up"\nkind = "reps"\n'
        "dose = { target = 10, min = 8, max = 15, step = 1 }\n"
    )
    clock = FakeClock()
    app = BacktimerApp(dirs=dirs, run=reps, clock=clock, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("0")
        assert screen.session.phase is Phase.LEAD_IN
        assert "plus +1 rep" in footer_keys(screen)
        await pilot.press("plus")
        assert screen.session.view().reps == 1
        assert banner(screen) == "REPS"


async def test_go_to_lists_the_warm_up_and_goes_where_it_says(dirs: Dirs) -> None:
    """The list left the warm-up out while the session counts it: choosing an exercise went to
    the one before it."""
    assert remember_notice(dirs) is None
    routine = load_library(dirs).get("a2-static-holds")
    assert routine is not None and routine.warmup is not None
    clock = FakeClock()
    app = BacktimerApp(dirs=dirs, run=routine, clock=clock, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("0")
        assert screen.session.view().exercise.warmup
        await pilot.press("g")
        assert isinstance(app.screen, JumpScreen)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == [f"1. {routine.warmup.name}", "2. Static hold"]
        await pilot.press("down", "enter")
        assert screen.session.view().exercise.id == routine.exercises[0].id
