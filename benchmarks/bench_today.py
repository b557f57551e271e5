"""How fast `backtimer today` is on ten years of history, against plain tomllib.

    python benchmarks/bench_today.py [--data-dir DIR] [--years 10] [--seed 3] [--repeat 7]

Without `--data-dir` it writes the history first (benchmarks/make_history.py, with its journal and
plan) into a temporary folder. Every figure is the best of `--repeat` whole processes with the
index and the journal cache warm, and every ratio compares figures measured in this same run:

- `backtimer today` as it is (recent sessions whole, older ones as summaries);
- the same command loading every session whole, as it did before;
- `backtimer --help`: the interpreter and imports alone, the floor under any command;
- a process that only re-parses every session and journal file with tomllib.

Goal: `backtimer today` ≤ 0.4 s on ten years.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

PLAIN = """
import os, sys, tomllib
for root in sys.argv[1:]:
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".toml") and not name.startswith("."):
                with open(os.path.join(folder, name), "rb") as handle:
                    tomllib.load(handle)
"""

# `backtimer today` with the old data path: every session loaded whole.
WHOLE = """
import sys
from backtimer.cli import main as cli
from backtimer.services import today, today_data
today.load_window = lambda store, *args, **kwargs: today_data._everything(store)
sys.exit(cli.main(sys.argv[1:]))
"""


def best(repeat: int, command: list[str]) -> float:
    """The shortest wall time of `repeat` runs of `command` (after one untimed warm-up run)."""
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=600)
        times.append(time.perf_counter() - began)
    return min(times)


def run(data_dir: Path, config_dir: Path, repeat: int) -> None:
    """Measure and print every figure and ratio."""
    python = sys.executable
    dirs = ["--data-dir", str(data_dir), "--config-dir", str(config_dir)]
    today = best(repeat, [python, "-m", "backtimer", *dirs, "today"])
    whole = best(repeat, [python, "-c", WHOLE, *dirs, "today"])
    floor = best(repeat, [python, "-m", "backtimer", "--help"])
    plain = best(
        repeat, [python, "-c", PLAIN, str(data_dir / "sessions"), str(data_dir / "journal")]
    )
    sessions = sum(1 for _ in (data_dir / "sessions").rglob("*.toml"))
    events = sum(1 for _ in (data_dir / "journal").rglob("*.toml"))
    print(f"history: {sessions} session files, {events} journal files; best of {repeat}")
    print(f"backtimer today:               {today:6.3f} s  ({today / plain:.3f}× the re-parse)")
    print(f"  loading every session whole: {whole:6.3f} s  ({whole / plain:.3f}×)")
    print(f"  backtimer --help (the floor):{floor:6.3f} s")
    print(f"plain tomllib re-parse:        {plain:6.3f} s")
    print(f"goal ≤ 0.4 s: {'met' if today <= 0.4 else 'not met'}")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, help="an existing history (default: generate)")
    parser.add_argument("--years", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bt-bench-today-") as temp:
        config_dir = Path(temp) / "config"
        data_dir = args.data_dir
        if data_dir is None:
            sys.path.insert(0, str(HERE))
            from make_history import make_history

            data_dir = Path(temp) / "data"
            began = time.perf_counter()
            sessions, sets = make_history(data_dir, args.years, args.seed)
            took = time.perf_counter() - began
            print(
                f"generated {args.years:g} years: {sessions} sessions, {sets} sets in {took:.1f} s"
            )
        run(data_dir, config_dir, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
