"""Killing a writer at any instant leaves whole files holding a prefix of the sets saved."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from backtimer.storage.history import HistoryStore, read_session_file
from tests.support.records import SETS_PER_SESSION, START, sample_set

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses fork and SIGKILL")

TRIALS = 256


def test_killed_writers_leave_only_whole_files(tmp_path: Path) -> None:
    data = tmp_path / "data"
    subprocess.run(
        [sys.executable, "-m", "tests.support.crash_writer", str(data), str(TRIALS), "7"],
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    files = sorted((data / "sessions").rglob("*.toml"))
    assert len(files) > TRIALS // 2
    counts: Counter[int] = Counter()
    for path in files:
        record = read_session_file(path)  # raises HistoryFileError if the file is torn
        start = START + timedelta(days=int(record.id[:8]))
        assert record.started == start
        expected = tuple(sample_set(i, start) for i in range(SETS_PER_SESSION))
        assert record.sets == expected[: len(record.sets)], path
        counts[len(record.sets)] += 1
    # The kills really landed part-way through sessions, not only before or after them.
    assert sum(n for size, n in counts.items() if 0 < size < SETS_PER_SESSION) >= 25
    result = HistoryStore(data).load()
    assert result.problems == ()
    assert len(result.sessions) == len(files)
    assert {s.status for s in result.sessions} == {"interrupted"}
