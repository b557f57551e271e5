"""Shared fixtures: every test runs with its own config and data folders, never the developer's."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.storage.paths import CONFIG_ENV, DATA_ENV, Dirs


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point BACKTIMER_CONFIG_DIR and BACKTIMER_DATA_DIR at empty folders under `tmp_path`."""
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "data"))


@pytest.fixture
def dirs(tmp_path: Path) -> Dirs:
    """The same folders the environment names, for code that takes `Dirs` directly."""
    return Dirs(config=tmp_path / "config", data=tmp_path / "data")
