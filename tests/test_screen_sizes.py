"""Every screen from 40×15 to 200×60: nothing clipped, nothing overlapping, charts that grow."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Select, Static

from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.widgets.charts import DateChart
from backtimer.tui.widgets.home_rows import RoutineRow
from backtimer.tui.widgets.question import AnswerButton, answer_rows
from tests.support.clock import FakeClock
from tests.support.engine import without_warmup
from tests.support.screen_text import screen_text
from tests.support.screens import on_run_screen
from tests.support.stats_history import app_for as stats_app_for
from tests.support.stats_history import generated
from tests.support.today import NOW, a_good_week
from tests.support.waiting import settle


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated(tmp_path_factory.mktemp("year") / "data", years=1, seed=11)


@pytest.fixture
def year_dirs(dirs: Dirs, year: Path) -> Dirs:
    shutil.copytree(year, dirs.data)
    assert remember_notice(dirs) is None
    return dirs


def step_2_app(dirs: Dirs) -> BacktimerApp:
    """Step 2's static holds, at the check-in before the first set."""
    assert remember_notice(dirs) is None
    routine = load_library(dirs).get("a2-static-holds")
    assert routine is not None
    return BacktimerApp(
        dirs=dirs, run=without_warmup(routine), clock=FakeClock(), cue=None, fsync=False
    )


def on_screen(widget: Widget, width: int) -> bool:
    region = widget.region
    return region.width > 0 and region.x >= 0 and region.right <= width


def test_answers_fill_rows_in_order_and_never_pass_the_width() -> None:
    assert answer_rows([6] * 11, 66) == [list(range(11))]
    assert answer_rows([6] * 11, 36) == [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]
    assert answer_rows([30, 30], 40) == [[0], [1]]
    assert answer_rows([50], 40) == [[0]]  # too wide for any row: alone on its own


@pytest.mark.parametrize("size", [(40, 15), (80, 24), (200, 60)])
async def test_every_routine_on_today_shows_its_name(dirs: Dirs, size: tuple[int, int]) -> None:
    """At 40 columns a row once showed "▎ ▶3 times a day" and no routine name."""
    a_good_week(dirs)
    assert remember_notice(dirs) is None
    app = BacktimerApp(dirs=dirs, now=lambda: NOW, cue=lambda cue: None, fsync=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        rows = list(app.screen.query(RoutineRow))
        assert rows
        for row in rows:
            name = row.query_one(".row-name", Static)
            assert name.size.width >= min(len(str(name.content)), size[0] - 6)
            assert row.row.routine.name in str(name.content)


@pytest.mark.parametrize("size", [(40, 15), (80, 24), (200, 60)])
async def test_stats_header_parts_do_not_overlap(year_dirs: Dirs, size: tuple[int, int]) -> None:
    """At 40×15 the header once read "w 4 weeksAll routines"."""
    app = stats_app_for(year_dirs)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.action_stats()
        await settle(pilot)
        ranges = app.screen.query_one("#stats-range", Static)
        routine = app.screen.query_one("#stats-routine", Select)
        assert not ranges.region.overlaps(routine.region)
        # The range keys all fit their place, not cut off where the routine picker begins.
        words = Content.from_markup(str(ranges.content)).plain.strip()
        visible = ranges.region.intersection(app.screen.query_one("#stats-bar").region)
        assert len(words) <= visible.width * visible.height
        assert on_screen(ranges, size[0]) and on_screen(routine, size[0])


@pytest.mark.parametrize(("size", "rows"), [((80, 24), 11), ((120, 40), 20), ((200, 60), 35)])
async def test_the_progress_chart_grows_with_the_screen(
    year_dirs: Dirs, size: tuple[int, int], rows: int
) -> None:
    """At 200×60 the chart once stayed 8 rows with most of the screen empty."""
    app = stats_app_for(year_dirs)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.action_stats()
        await settle(pilot)
        await pilot.press("down")  # the static hold, which has a line of bests
        await settle(pilot)
        chart = app.screen.query_one("#chart-upper", DateChart)
        assert chart.size.height >= rows


@pytest.mark.parametrize("size", [(40, 15), (60, 20), (80, 24), (200, 60)])
async def test_the_command_palette_key_ends_at_the_right_edge(
    dirs: Dirs, size: tuple[int, int]
) -> None:
    """At 60×20 the workout screen's footer once read "paletteo": a column right of the
    palette key showed a letter of the keys scrolled under it."""
    app = step_2_app(dirs)
    async with app.run_test(size=size) as pilot:
        await on_run_screen(pilot)
        await settle(pilot)
        palette = app.screen.query_one("FooterKey.-command-palette")
        assert palette.region.right == size[0]


@pytest.mark.parametrize("size", [(40, 15), (80, 24), (200, 60)])
async def test_all_eleven_pain_answers_are_on_screen(dirs: Dirs, size: tuple[int, int]) -> None:
    app = step_2_app(dirs)
    async with app.run_test(size=size) as pilot:
        await on_run_screen(pilot)
        await settle(pilot)
        buttons = list(app.screen.query(AnswerButton))
        assert len(buttons) == 11
        for button in buttons:
            assert on_screen(button, size[0]), str(button.label)
            assert button.region.bottom <= size[1]


@pytest.mark.parametrize("size", [(40, 15), (80, 24)])
async def test_a_long_exercise_name_never_runs_into_where_the_session_is(
    dirs: Dirs, size: tuple[int, int]
) -> None:
    """At 40 columns "SEATED ARCH AND SLUMP" once ran straight into "Exercise 1 of 1"."""
    assert remember_notice(dirs) is None
    found = load_library(dirs).get("a1-mobility")
    assert found is not None
    app = BacktimerApp(dirs=dirs, run=found, clock=FakeClock(), cue=None, fsync=False)
    async with app.run_test(size=size) as pilot:
        await on_run_screen(pilot)
        await settle(pilot)
        name = app.screen.query_one("#run-exercise", Static)
        where = app.screen.query_one("#run-where", Static)
        assert "Exercise 1 of" in str(where.content)
        assert name.region.right < where.region.x  # a blank column between them
        words = " ".join(line.strip() for line in screen_text(app).splitlines())
        assert str(name.content) in words  # whole, if wrapped
