"""The home and stats screens open on hostile data: the bad file is named, nothing crashes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from backtimer.storage.paths import Dirs, resolve_dirs
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.home import HomeScreen
from backtimer.tui.screens.stats import StatsScreen
from tests.support.stats_history import app_for, generated
from tests.support.waiting import settle, wait_for

SIZE = (100, 30)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A month of history with its index built (shared: tests copy it)."""
    return generated(tmp_path_factory.mktemp("history") / "data", years=0.1, seed=5)


def _copy(history: Path, dirs: Dirs) -> Dirs:
    shutil.copytree(history, dirs.data)
    assert remember_notice(dirs) is None
    return dirs


def _newest(dirs: Dirs) -> Path:
    return max(dirs.sessions.rglob("*.toml"))


def _hostile_copy(dirs: Dirs, pattern: str, replacement: str) -> Path:
    """The newest session again, with every value matching `pattern` replaced, as a new file."""
    text = re.sub(pattern, replacement, _newest(dirs).read_text("utf-8"), flags=re.MULTILINE)
    path = _newest(dirs).with_name("2026-10-31T2359-0badf11e.toml")
    path.write_text(text.replace('id = "', 'id = "0badf11e', 1), "utf-8")
    return path


HOSTILE = {
    "sets of 1e308 seconds": (r"^actual_s = .*$", "actual_s = 1e308"),
    "a start in year 9999": (r"^started = .*$", "started = 9999-12-31 23:59:59-05:00"),
    "sets ending in year 1": (r"^ended_at = .*$", "ended_at = 0001-01-01 00:00:00+05:00"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
async def test_home_and_stats_open_past_a_hostile_session_and_name_it(
    dirs: Dirs, history: Path, name: str
) -> None:
    _copy(history, dirs)
    bad = _hostile_copy(dirs, *HOSTILE[name])
    before = bad.read_bytes()
    app = app_for(dirs)
    notices: list[str] = []
    shown = app.notify

    def notify(message: str, **options: Any) -> None:
        notices.append(message)
        shown(message, **options)

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
        banner = app.screen.query_one("#home-problems", Static)
        await wait_for(pilot, lambda: str(bad) in str(banner.content), "the problem banner")
        await settle(pilot)
        app.action_stats()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.complete
        assert screen.stats is not None and screen.stats.counted > 0
        await wait_for(pilot, lambda: any(str(bad) in n for n in notices), "the notice")
        [notice] = [n for n in notices if str(bad) in n]
        assert notice.startswith("1 session file left out of these statistics:")
    assert bad.read_bytes() == before


async def test_stats_open_with_relative_folders(
    tmp_path: Path, history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--data-dir data`, as typed in a shell: the folders are made absolute at start."""
    monkeypatch.chdir(tmp_path)
    dirs = _copy(history, resolve_dirs("config", "data"))
    app = app_for(dirs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_stats()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.complete
        assert screen.stats is not None and screen.stats.counted > 0
