"""The process the kill test kills.

Run as `python -m tests.support.crash_writer DATA_DIR TRIALS SEED` from the project folder: for
each trial it forks a child that saves one session set by set (fsync on, exactly as the app does)
and kills the child with SIGKILL after a random delay. The test then checks what the children
left on disk.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from backtimer.storage.history import HistoryStore
from tests.support.records import SETS_PER_SESSION, START, sample_session, sample_set


def _child(data_dir: Path, trial: int, fsync: bool) -> None:
    start = START + timedelta(days=trial)
    record = sample_session(0, start=start, session_id=f"{trial:08d}" + "0" * 24)
    record = replace(record, status="in_progress", ended=None)
    writer = HistoryStore(data_dir).open_session(record, fsync=fsync)
    for index in range(SETS_PER_SESSION):
        record = replace(record, sets=(*record.sets, sample_set(index, start)))
        if not writer.save(record).ok:
            os._exit(3)
    os._exit(0)


def _batch(data_dir: Path, first: int, size: int, fsync: bool, kill_at: list[float]) -> float:
    """Run `size` writers at once, killing each at its time (inf: let it finish)."""
    began = time.monotonic()
    pids = []
    for trial in range(first, first + size):
        pid = os.fork()
        if pid == 0:
            _child(data_dir, trial, fsync)
        pids.append(pid)
    for when, pid in sorted(zip(kill_at, pids, strict=True)):
        if when != float("inf"):
            time.sleep(max(0.0, began + when - time.monotonic()))
            os.kill(pid, signal.SIGKILL)
    for pid in pids:
        os.waitpid(pid, 0)
    return time.monotonic() - began


def main() -> int:
    """Fork, write, kill; `TRIALS` times, half with fsync and half without, in batches."""
    data_dir, trials, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    HistoryStore(data_dir)  # import everything before forking, so children start writing at once
    batch = 8
    trial = 0
    for fsync in (True, False):
        # The first batch runs to the end, to learn how long a whole session takes to write.
        span = _batch(data_dir, trial, batch, fsync, [float("inf")] * batch)
        trial += batch
        while trial < trials * (1 if not fsync else 0.5):
            _batch(data_dir, trial, batch, fsync, [rng.uniform(0, span) for _ in range(batch)])
            trial += batch
    return 0


if __name__ == "__main__":
    sys.exit(main())
