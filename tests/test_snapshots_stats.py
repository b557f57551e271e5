"""SVG snapshots of the stats screen on fixed synthetic history and a frozen day.

Regenerate after an intended change with `pytest tests/test_snapshots_stats.py --snapshot-update`,
then look at the SVGs under `tests/__snapshots__/`.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import cast

import pytest
from textual.pilot import Pilot

from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from tests.support.stats_history import app_for, generated
from tests.support.waiting import settle

Compare = Callable[..., bool]


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated(tmp_path_factory.mktemp("year") / "data", years=1, seed=11)


@pytest.fixture
def year_dirs(dirs: Dirs, year: Path) -> Dirs:
    shutil.copytree(year, dirs.data)
    assert remember_notice(dirs) is None
    return dirs


def keys(*presses: str) -> Callable[[Pilot[int]], Awaitable[None]]:
    async def play(pilot: Pilot[int]) -> None:
        await settle(pilot)
        cast(BacktimerApp, pilot.app).action_stats()
        await settle(pilot)
        for key in presses:
            await pilot.press(key)
            await settle(pilot)

    return play


def test_progress_per_side_at_80_by_24(snap_compare: Compare, year_dirs: Dirs) -> None:
    """Side planks over three months: left and right apart, target line, best starred."""
    moves = ("down",) * 14  # Side plank (knees), in program B
    assert snap_compare(app_for(year_dirs), terminal_size=(80, 24), run_before=keys(*moves))


def test_progress_over_a_year(snap_compare: Compare, year_dirs: Dirs) -> None:
    """The two-leg hold growing over the year toward its target."""
    moves = ("y", "down")  # the static hold with the pad high, first of step 2
    assert snap_compare(app_for(year_dirs), terminal_size=(100, 32), run_before=keys(*moves))


def test_pain(snap_compare: Compare, year_dirs: Dirs) -> None:
    assert snap_compare(app_for(year_dirs), terminal_size=(100, 32), run_before=keys("2"))


def test_adherence_year(snap_compare: Compare, year_dirs: Dirs) -> None:
    """The calendar heat map of a year, the streak, and sessions a week against prescribed."""
    assert snap_compare(app_for(year_dirs), terminal_size=(100, 32), run_before=keys("y", "3"))


def test_sessions(snap_compare: Compare, year_dirs: Dirs) -> None:
    assert snap_compare(app_for(year_dirs), terminal_size=(100, 32), run_before=keys("4"))
