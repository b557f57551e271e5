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


@pytest.fixture(autouse=True)
def _no_speech_program(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never speak aloud, with or without espeak-ng on the machine: unless a test names a
    voice command, none is found and cues ring the (silent) bell. tests/test_cues.py, which
    picks the programs found itself, sees the real list."""
    if request.node.module.__name__.endswith("test_cues"):
        return
    monkeypatch.setattr("backtimer.services.cues.SPEECH_PROGRAMS", ())
