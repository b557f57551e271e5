"""What killed writers leave behind (lock files, half-saved temporary copies) is cleared once a
session is saved, and never while its writer may still be running."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from backtimer.cli.main import main
from backtimer.storage.history import HistoryStore, housekeeping
from backtimer.storage.history.housekeeping import STALE_TEMP_AFTER, tidy
from tests.support.records import sample_session

HOUR_AGO = time.time() - 3600


def _dead_writer_leftovers(data: Path, count: int) -> list[Path]:
    """Lock files as writers killed with -9 leave them: present, and locked by nobody."""
    live = data / "live"
    live.mkdir(parents=True, exist_ok=True, mode=0o700)
    paths = [live / f"{i:032x}.lock" for i in range(count)]
    for path in paths:
        path.touch(mode=0o600)
    return paths


def _temp(folder: Path, name: str, *, mtime: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("schema = 1\n")
    os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def held_lock(tmp_path: Path) -> Iterator[Path]:
    """The lock file of a session another writer is running right now."""
    path = tmp_path / "data" / "live" / ("f" * 32 + ".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    yield path
    os.close(fd)


def test_lock_files_of_killed_writers_are_removed_when_a_session_is_saved(
    tmp_path: Path, held_lock: Path
) -> None:
    data = tmp_path / "data"
    stale = _dead_writer_leftovers(data, 90)
    HistoryStore(data).open_session(sample_session(1)).close()
    assert not [p for p in stale if p.exists()]
    assert held_lock.exists()  # its writer is still running
    assert [p.name for p in (data / "live").iterdir()] == [held_lock.name]


def test_old_temporary_copies_are_removed_and_recent_ones_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    month = data / "sessions" / "2026" / "11"
    old = [
        _temp(month, ".2026-11-02T0715-1a2b3c4d.0badf00d.tmp", mtime=HOUR_AGO),
        _temp(data / "journal" / "2026", ".2026-11-02T071500-x.12345678.tmp", mtime=HOUR_AGO),
        _temp(data, ".plan.toml.abcdef01.tmp", mtime=HOUR_AGO),
    ]
    recent = _temp(month, ".2026-11-02T0800-9f8e7d6c.cafebabe.tmp", mtime=time.time())
    not_ours = [
        _temp(month, "notes.tmp", mtime=HOUR_AGO),
        _temp(data / "other", ".x.0badf00d.tmp", mtime=HOUR_AGO),
    ]
    target = _temp(tmp_path, "target.txt", mtime=HOUR_AGO)
    link = month / ".link.0badf00d.tmp"
    link.symlink_to(target)
    HistoryStore(data).open_session(sample_session(1)).close()
    assert not [p for p in old if p.exists()]
    assert recent.exists()
    assert all(p.exists() for p in not_ours)
    assert link.is_symlink() and target.read_text() == "schema = 1\n"


def test_a_save_in_progress_is_not_raced(tmp_path: Path) -> None:
    """A temporary file younger than the limit belongs to a save that may still be running."""
    data = tmp_path / "data"
    now = time.time()
    young = _temp(data, ".plan.toml.abcdef01.tmp", mtime=now - STALE_TEMP_AFTER + 60)
    assert tidy(data, now=now) == 0
    assert young.exists()
    assert tidy(data, now=now + 120) == 1
    assert not young.exists()


def test_the_running_sessions_own_lock_is_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = HistoryStore(data)
    running = store.open_session(replace(sample_session(1), status="in_progress", ended=None))
    store.open_session(sample_session(2)).close()
    assert (data / "live" / f"{running.record.id}.lock").exists()
    assert [s.status for s in store.summaries().sessions].count("in_progress") == 1
    running.close()


def test_reading_history_removes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    HistoryStore(data).open_session(sample_session(1)).close()
    stale = _dead_writer_leftovers(data, 3)
    temp = _temp(data, ".plan.toml.abcdef01.tmp", mtime=HOUR_AGO)
    assert main(["--data-dir", str(data), "history"]) == 0
    assert all(p.exists() for p in stale) and temp.exists()


def test_the_history_is_looked_through_once_a_run_not_after_every_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten years of history is 11,000 files: tidying after every save made writing many
    sessions in one run take time that grew with the square of their number."""
    data = tmp_path / "data"
    looked: list[Path] = []
    real_tidy = housekeeping.tidy

    def counting_tidy(folder: Path) -> int:
        looked.append(folder)
        return real_tidy(folder)

    monkeypatch.setattr(housekeeping, "tidy", counting_tidy)
    store = HistoryStore(data)
    for number in range(1, 4):
        store.open_session(sample_session(number)).close()
    assert looked == [data]
