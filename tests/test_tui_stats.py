"""The stats screen driven like a user would, on a few months of synthetic history."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, ProgressBar, Select, Static, TabbedContent

from backtimer.domain import stats as st
from backtimer.services.today import load_today
from backtimer.storage.history import HistoryStore, read_session_file
from backtimer.storage.history.index import Progress
from backtimer.storage.history.store import Problem
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.home import HomeScreen
from backtimer.tui.screens.session_detail import SessionDetailScreen
from backtimer.tui.screens.stats import StatsScreen
from backtimer.tui.widgets.charts import DateChart
from backtimer.tui.widgets.heatmap import Heatmap
from backtimer.tui.widgets.stats_panes import progress_text
from tests.support.stats_history import END, NOW, TODAY, app_for, generated
from tests.support.waiting import settle, wait_for

SIZE = (80, 24)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A quarter of a year of history with its index built (shared: tests copy it)."""
    return generated(tmp_path_factory.mktemp("history") / "data", years=0.25, seed=7)


@pytest.fixture
def stats_dirs(dirs: Dirs, history: Path) -> Dirs:
    shutil.copytree(history, dirs.data)
    assert remember_notice(dirs) is None
    return dirs


async def open_stats(pilot: Pilot[int]) -> StatsScreen:
    await settle(pilot)
    cast(BacktimerApp, pilot.app).action_stats()
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StatsScreen)
    assert screen.complete
    return screen


def text(screen: StatsScreen, selector: str) -> str:
    """A Static's text without its markup."""
    return Text.from_markup(str(screen.query_one(selector, Static).content)).plain


def chart_title(chart: DateChart) -> str:
    """The line drawn above a chart, without its markup."""
    assert chart.data is not None
    return Text.from_markup(chart.data.title).plain


async def test_progress_shows_each_exercise_with_target_best_and_sides(stats_dirs: Dirs) -> None:
    app = app_for(stats_dirs)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        stats = screen.stats
        assert stats is not None and stats.range_key == "3m" and stats.today == TODAY
        names = [str(o.prompt) for o in screen.query_one("#stats-exercises", OptionList).options]
        assert "Bird-dog (One limb at a time, easier)" in names and "Seated arch and slump" in names
        assert not any("(one limb)" in name for name in names)  # the routine file's names, not ids
        assert "Personal best" in text(screen, "#progress-summary")
        upper = screen.query_one("#chart-upper", DateChart)
        lower = screen.query_one("#chart-lower", DateChart)
        assert upper.display and upper.data is not None and upper.data.line  # the target line
        assert chart_title(upper).startswith("Best set each day")
        assert not lower.display
        # Move to a per-side exercise: left and right apart, with the gap.
        while "Bird-dog" not in text(screen, "#progress-summary"):
            await pilot.press("down")
            await pilot.pause()
        summary = text(screen, "#progress-summary")
        assert "gap" in summary and "left weaker" in summary
        assert upper.display and chart_title(upper).startswith("Left")
        assert lower.display and chart_title(lower).startswith("Right")


async def test_range_keys_and_routine_filter(stats_dirs: Dirs) -> None:
    app = app_for(stats_dirs)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert screen.stats is not None
        assert (screen.stats.range_key, screen.stats.start) == ("4w", TODAY - timedelta(days=27))
        assert "4 weeks" in text(screen, "#stats-range")
        await pilot.press("a")
        await settle(pilot)
        assert screen.stats.range_key == "all"
        assert screen.stats.start == END - timedelta(days=91)
        select = screen.query_one("#stats-routine", Select)
        select.value = "a1-mobility"
        await settle(pilot)
        assert screen.stats.routine_id == "a1-mobility"
        assert {s.routine_id for s in screen.stats.sessions} == {"a1-mobility"}
        names = [str(o.prompt) for o in screen.query_one("#stats-exercises", OptionList).options]
        assert names == ["Seated arch and slump"]


async def test_pain_and_adherence_tabs(stats_dirs: Dirs) -> None:
    app = app_for(stats_dirs)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert screen.query_one("#stats-tabs", TabbedContent).active == "tab-pain"
        for when in ("before", "exercise", "after"):
            assert "mean" in chart_title(screen.query_one(f"#pain-{when}", DateChart))
        # The generator rates most days.
        assert "mean" in chart_title(screen.query_one("#pain-next-day", DateChart))
        await pilot.press("3")
        await settle(pilot)
        summary = text(screen, "#adherence-summary")
        assert "Streak" in summary and "prescribed" in summary
        heatmap = screen.query_one("#stats-heatmap", Heatmap)
        assert heatmap.data is not None and heatmap.data[2] == TODAY
        assert "Static holds" in text(screen, "#routine-adherence")


async def test_sessions_list_opens_a_session_and_comes_back(stats_dirs: Dirs) -> None:
    app = app_for(stats_dirs)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        await pilot.press("4")
        await settle(pilot)
        table = screen.query_one("#stats-sessions", DataTable)
        assert screen.stats is not None
        assert table.row_count == len(screen.stats.sessions) > 0
        assert app.focused is table
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, SessionDetailScreen)
        assert detail.record is not None
        assert detail.record.id == screen.stats.sessions[0].id  # newest first
        assert detail.query_one("#session-sets", DataTable).row_count == len(detail.record.sets)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, StatsScreen)


async def test_without_an_index_it_is_built_and_the_screen_still_opens(
    stats_dirs: Dirs,
) -> None:
    index = HistoryStore(stats_dirs.data).index_path
    index.unlink()
    app = app_for(stats_dirs)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        assert screen.stats is not None and screen.stats.counted > 0
        assert index.exists()
        assert not screen.query("#stats-loading")  # the progress bar is gone


async def test_a_session_saved_elsewhere_meanwhile_is_picked_up(stats_dirs: Dirs) -> None:
    app = app_for(stats_dirs)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        assert screen.stats is not None
        before = screen.stats.counted
        newest = read_session_file(Path(screen.stats.sessions[0].file))
        extra = replace(newest, id="f" * 32, started=newest.started + timedelta(hours=1))
        assert HistoryStore(stats_dirs.data).open_session(extra, fsync=False).close().ok
        screen.reload()  # what a later visit does: the index check finds the new file
        await settle(pilot)
        assert screen.stats is not None
        assert screen.stats.counted == before + 1


async def test_empty_history_says_so(dirs: Dirs) -> None:
    assert remember_notice(dirs) is None
    app = app_for(dirs)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stats(pilot)
        assert screen.stats is not None and screen.stats.counted == 0
        assert "No sets in this range" in text(screen, "#progress-summary")


async def test_while_the_index_is_built_the_bar_counts_files_and_keys_still_work(
    stats_dirs: Dirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = HistoryStore(stats_dirs.data)
    store.index_path.unlink()
    files = len(list(store.sessions_dir.rglob("*.toml")))
    held = threading.Event()
    release = threading.Event()
    real = HistoryStore.update_index

    def update_index(self: HistoryStore, progress: Progress | None = None) -> tuple[Problem, ...]:
        if progress is None:
            return real(self)

        def report(done: int, total: int) -> None:
            progress(done, total)
            if done and not held.is_set():  # part of the way through: hold the build here
                held.set()
                release.wait(timeout=60)

        return real(self, report)

    monkeypatch.setattr(HistoryStore, "update_index", update_index)
    app = BacktimerApp(
        dirs=stats_dirs, now=lambda: NOW, cue=lambda cue: None, fsync=False, start_screen="stats"
    )
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, held.is_set, "the index build reports progress")
            screen = app.screen
            assert isinstance(screen, StatsScreen)
            bar = screen.query_one("#stats-progress", ProgressBar)
            await wait_for(pilot, lambda: bar.progress == 64, "the bar shows the files counted")
            assert bar.total == files
            # The build is held part-way; the screen still answers keys.
            await pilot.press("2")
            await pilot.press("y")
            await pilot.pause()
            tabs = screen.query_one("#stats-tabs", TabbedContent)
            assert tabs.active == "tab-pain" and screen.range_key == "1y"
            assert "1 year" in text(screen, "#stats-range")
            assert screen.stats is None and not release.is_set()  # nothing loaded yet
            release.set()
            await wait_for(pilot, lambda: screen.complete, "the statistics after the build")
            assert screen.stats is not None and screen.stats.range_key == "1y"
            assert screen.stats.counted > 0
            assert not screen.query("#stats-loading")
            pain = screen.query_one("#pain-before", DateChart)
            assert pain.data is not None and "mean" in chart_title(pain)
    finally:
        release.set()


async def test_backtimer_stats_does_not_load_the_home_screen_underneath(
    stats_dirs: Dirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[Dirs] = []

    def counting(dirs: Dirs, **kwargs: Any) -> Any:
        loads.append(dirs)
        return load_today(dirs, **kwargs)

    monkeypatch.setattr("backtimer.services.today.load_today", counting)
    app = BacktimerApp(
        dirs=stats_dirs, now=lambda: NOW, cue=lambda cue: None, fsync=False, start_screen="stats"
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.complete
        assert loads == []  # the home screen waits until it is shown
        await pilot.press("escape")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home.plan is not None
        assert loads == [stats_dirs]


def test_the_progress_summary_counts_sets_in_words() -> None:
    day = date(2026, 12, 1)
    one = st.ExerciseProgress(
        key="arch", exercise_id="arch", name="Seated arch and slump", variant_id="standard",
        unit="s", sides={"both": (st.Point(day, 30.0, 30.0),)},
        bests={"both": st.Best(30.0, day)}, gap=None, sets=1,
    )  # fmt: skip
    stats = cast(st.Stats, SimpleNamespace(start=date(2026, 9, 2), bests_complete=True))
    assert "· 1 set since Wed 2 Sep 2026" in progress_text(stats, one).plain
    assert "· 2 sets since" in progress_text(stats, replace(one, sets=2)).plain
