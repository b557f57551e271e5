"""Sample history records for the tests, and the process the kill test kills.

Run as `python tests/crash_writer.py DATA_DIR TRIALS SEED`: for each trial it forks a child
that saves one session set by set (fsync on, exactly as the app does) and kills the child with
SIGKILL after a random delay. The test then checks what the children left on disk.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from backtimer.storage.history import HistoryStore, PainCheck, PainChoice, SessionRecord, SetRecord

TZ = timezone(timedelta(hours=1))
START = datetime(2026, 11, 22, 7, 15, tzinfo=TZ)
SETS_PER_SESSION = 12


def sample_set(index: int, start: datetime = START) -> SetRecord:
    """The `index`-th set (0-based) of a sample session: alternating sides of a hold."""
    return SetRecord(
        exercise_id="back-extension-hold",
        exercise_name="Back extension hold",
        kind="hold",
        variant_id="single-leg",
        side="left" if index % 2 == 0 else "right",
        set_number=index // 2 + 1,
        target=45.0,
        target_unit="s",
        ended_at=start + timedelta(minutes=index + 1),
        actual_s=40.0 + index / 10,
        reps=None,
        overtime=index % 5 == 0,
        stop_reason="fatigue" if index % 7 == 3 else None,
        pain=index % 4,
        notes="wobbly" if index == 2 else "",
    )


def sample_session(
    sets: int = 3, *, start: datetime = START, session_id: str | None = None, **changes: object
) -> SessionRecord:
    """A completed sample session with `sets` sets, pain check-ins and one pain choice."""
    record = SessionRecord(
        id=session_id or uuid.uuid4().hex,
        routine_id="a2-static-holds",
        routine_name="Step 2: static holds",
        routine_fingerprint="sha256:0123abcd",
        started=start,
        status="completed",
        ended=start + timedelta(minutes=sets + 2),
        speed=1.0,
        sets=tuple(sample_set(i, start) for i in range(sets)),
        pains=(
            PainCheck("before", 2, start),
            PainCheck("exercise", 5, start + timedelta(minutes=1), "back-extension-hold"),
            PainCheck("after", 1, start + timedelta(minutes=sets + 2)),
        ),
        pain_choices=(PainChoice("back-extension-hold", "shorten", start, 6),),
        red_flag=False,
        notes="felt fine",
    )
    return replace(record, **changes)  # type: ignore[arg-type]


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
