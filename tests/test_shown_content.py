"""What `backtimer routines show`, `backtimer today` and the library show of issue 12's content:
the warm-up each session starts with, a tempo in the order it is called, and program C's
affected leg."""

from __future__ import annotations

import io
import json
from datetime import datetime

import pytest
from rich.console import Console
from textual.widgets import OptionList, Static

from backtimer.cli.main import main
from backtimer.cli.today import show_today
from backtimer.render.describe import routine_text
from backtimer.services.leg_symptoms import choose_leg, confirm_diagnosis
from backtimer.services.today import load_today, row_targets_text
from backtimer.storage.library import Library, load_library
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import Plan, save_plan
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.routines import RoutinesScreen
from tests.support.today import NOW
from tests.support.waiting import settle, wait_for


def shown(library: Library, routine_id: str, leg: str | None = None) -> str:
    routine = library.get(routine_id)
    assert routine is not None
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(routine_text(routine, affected_leg=leg))
    return console.export_text()


@pytest.fixture
def library(dirs: Dirs) -> Library:
    return load_library(dirs)


def test_routines_show_lists_the_warm_up_first(library: Library) -> None:
    """ "Start each session with mobility work (a warm-up)": shown before the exercises."""
    text = shown(library, "a2-static-holds")
    warmup = text.index("Warm-up: seated arch and slump")
    assert warmup < text.index("1. Static hold")
    assert "30 s movement, first in every session; w skips it" in text
    assert "Warm-up" in shown(library, "e-gym-strength")
    assert "Warm-up" not in shown(library, "b-reconnect")


def test_a_bridge_tempo_reads_lift_hold_lower(library: Library) -> None:
    """B: glute bridge "lift, hold 2 s at the top, lower (the work starts lying down, so 'up'
    comes first)"; a Roman-chair rep still starts by lowering."""
    assert "10 reps (up 2 s, hold 2 s, lower 2 s)" in shown(library, "b-isometrics")
    assert "10 reps (up 2 s, hold 2 s, lower 2 s)" in shown(library, "c-sciatica")
    assert "10 reps (lower 4 s, pause 1 s, up 2 s)" in shown(library, "a3-eccentric")


def test_routines_show_names_the_affected_leg(
    dirs: Dirs, capsys: pytest.CaptureFixture[str]
) -> None:
    """C: the nerve glide and hamstring stretch work "the affected leg", chosen once."""
    assert main(["routines", "show", "c-sciatica"]) == 0
    assert "Affected leg: asked when you first follow or start it" in capsys.readouterr().out
    choose_leg(dirs.data, "right", now=NOW, fsync=False)
    assert main(["routines", "show", "c-sciatica"]) == 0
    out = capsys.readouterr().out
    assert "Affected leg: the right leg" in out
    assert "the right leg only (the affected one)" in out


def today(dirs: Dirs, *, as_json: bool) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert show_today(dirs, as_json=as_json, now=NOW, out=out, err=err) == 0
    return out.getvalue()


def c_row_text(dirs: Dirs) -> str:
    row = load_today(dirs, now=NOW).plan.get("c-sciatica")
    assert row is not None
    return row_targets_text(row)


def test_today_shows_the_affected_leg_of_c(dirs: Dirs) -> None:
    """The home screen's row and `backtimer today` share `row_targets_text`."""
    save_plan(dirs.data, Plan(("a1-mobility", "c-sciatica")))
    assert c_row_text(dirs).endswith("· affected leg: not chosen yet")
    confirm_diagnosis(dirs.data, now=NOW, fsync=False)
    choose_leg(dirs.data, "left", now=NOW, fsync=False)
    assert c_row_text(dirs).endswith("· affected leg: the left leg")
    assert "left leg" in " ".join(today(dirs, as_json=False).split())
    rows = {row["id"]: row for row in json.loads(today(dirs, as_json=True))["routines"]}
    assert rows["c-sciatica"]["affected_leg"] == "left"
    assert rows["a1-mobility"]["affected_leg"] is None


async def test_the_library_shows_the_affected_leg(dirs: Dirs) -> None:
    assert remember_notice(dirs) is None
    choose_leg(dirs.data, "left", now=datetime.now().astimezone(), fsync=False)
    app = BacktimerApp(dirs=dirs, now=lambda: NOW, fsync=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, RoutinesScreen), "the library")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RoutinesScreen)
        routine_list = screen.query_one("#routine-list", OptionList)
        index = next(
            i for i, option in enumerate(routine_list.options) if option.id == "c-sciatica"
        )
        routine_list.highlighted = index
        await settle(pilot)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(screen.query_one("#routine-text", Static).content)
        assert "Affected leg: the left leg" in console.export_text()
