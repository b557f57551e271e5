"""Time `backtimer report` on ten years of synthetic history against a plain re-parse of it.

    python benchmarks/bench_report.py [--data-dir DIR] [--runs 5]

The report (the default 12 weeks, HTML with its charts) is timed in process, from reading the
history to the written file, with the index already built (as after any use of the app). The
baseline reads every session file of the same history (`HistoryStore.load`), which is what the
report did before it asked the index. The ratio is report / re-parse: below 1, the report is
quicker than reading the files alone.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tomllib
from datetime import date
from pathlib import Path

from backtimer.cli.main import main as backtimer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_history import make_history

END = date(2026, 11, 1)


def _best(runs: int, work: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def reparse(sessions: Path) -> int:
    """Parse every session file with tomllib; how many there were."""
    count = 0
    for path in sessions.rglob("*.toml"):
        if not path.name.startswith("."):
            with path.open("rb") as handle:
                tomllib.load(handle)
            count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-report-"))
    if not (data / "sessions").is_dir():
        print(f"writing ten years of history to {data} …", flush=True)
        make_history(data, years=10, seed=1, end=END)
    out = Path(tempfile.mkdtemp(prefix="bench-report-out-")) / "report.html"
    command = ["--data-dir", str(data), "report", "-o", str(out)]
    backtimer(command)  # builds the index once, as any earlier use of the app would have
    report = _best(args.runs, lambda: backtimer(command))
    parse = _best(args.runs, lambda: reparse(data / "sessions"))
    print(f"report (12 weeks, HTML with charts): {report:.3f} s")
    print(f"plain re-parse of the same history:  {parse:.3f} s")
    print(f"ratio report / re-parse: {report / parse:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
