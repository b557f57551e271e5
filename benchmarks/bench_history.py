"""How fast the history store lists and loads ten years of sessions, against plain tomllib.

    python benchmarks/bench_history.py [--data-dir DIR] [--years 10] [--seed 1] [--repeat 3]

Without `--data-dir` it writes the history first (benchmarks/make_history.py) into a temporary
folder. Every figure is the best of `--repeat` runs, and every ratio compares two figures
measured in this same run:

- list all sessions (the summaries a history table needs) and load every session with all its
  sets (what a stats screen needs), with the index warm and cold (index deleted first), each
  against a plain re-parse of every file with tomllib;
- peak memory (max RSS) of a process that loads everything and keeps it, against one that
  re-parses every file and keeps the parsed tables;
- the whole `backtimer history --all --json` process (warm index) against a process that only
  re-parses every file with tomllib.

Goals: warm ≤ 0.1× the plain re-parse, cold ≤ 1.2×, the CLI ≤ 0.15×.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from backtimer.storage.history import HistoryStore

HERE = Path(__file__).resolve().parent

# Peak resident memory in KiB. Linux keeps ru_maxrss across exec, so a child started from this
# (large) process would report our peak; VmHWM in /proc is the child's own.
PEAK_KIB = """
def PEAK():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

PLAIN = (
    PEAK_KIB
    + """
import os, sys, tomllib
kept = []
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".toml") and not name.startswith("."):
            with open(os.path.join(folder, name), "rb") as handle:
                kept.append(tomllib.load(handle))
if len(sys.argv) > 2:
    print(PEAK())
"""
)

LOAD_ALL = (
    PEAK_KIB
    + """
import sys
from pathlib import Path
from backtimer.storage.history import HistoryStore
result = HistoryStore(Path(sys.argv[1])).load()
assert result.sessions
print(PEAK())
"""
)

# Runs the real command handler, for when the `backtimer` entry point is not wired up.
LAUNCHER = """
import argparse, sys
from pathlib import Path
from backtimer.cli.history import add_commands
from backtimer.storage.paths import Dirs
parser = argparse.ArgumentParser(prog="backtimer")
add_commands(parser.add_subparsers(dest="command"))
args = parser.parse_args(sys.argv[2:])
sys.exit(args.func(args, Dirs(config=Path(sys.argv[1]), data=Path(sys.argv[1]))))
"""


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def best(
    repeat: int, run: Callable[[], object], before: Callable[[], object] | None = None
) -> tuple[float, float]:
    """The shortest wall time and shortest CPU time (this process and its children) of
    `repeat` runs of `run`, calling `before` untimed each time.

    CPU time is reported too because on a shared machine wall time includes waiting for
    other programs.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        gc.collect()  # start each run from a clean heap, not the last run's garbage
        began, cpu = time.perf_counter(), _cpu()
        run()
        walls.append(time.perf_counter() - began)
        cpus.append(_cpu() - cpu)
    return min(walls), min(cpus)


def plain_reparse(sessions_dir: Path) -> int:
    """Parse every session file with tomllib and nothing else: the baseline."""
    import tomllib

    count = 0
    for folder, _, names in os.walk(sessions_dir):
        for name in names:
            if name.endswith(".toml") and not name.startswith("."):
                with Path(folder, name).open("rb") as handle:
                    tomllib.load(handle)
                count += 1
    return count


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], check=True, capture_output=True, text=True, timeout=600
    )


def _cli_command(data_dir: Path) -> list[str]:
    probe = subprocess.run(
        [sys.executable, "-m", "backtimer", "--data-dir", str(data_dir), "history", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if probe.returncode == 0:
        return ["-m", "backtimer", "--data-dir", str(data_dir), "history", "--all", "--json"]
    return ["-c", LAUNCHER, str(data_dir), "history", "--all", "--json"]


def run(data_dir: Path, repeat: int) -> None:
    """Measure and print every figure and ratio."""
    store = HistoryStore(data_dir)
    sessions_dir = store.sessions_dir

    def drop_index() -> None:
        store.index_path.unlink(missing_ok=True)

    count = plain_reparse(sessions_dir)  # also warms the page cache for everyone
    loaded = store.load()
    set_count = sum(len(s.sets) for s in loaded.sessions)
    print(f"history: {count} files, {len(loaded.sessions)} sessions, {set_count} sets")
    del loaded

    plain = best(repeat, lambda: plain_reparse(sessions_dir))
    list_cold = best(repeat, store.summaries, drop_index)
    load_cold = best(repeat, store.load, drop_index)
    store.load()
    list_warm = best(repeat, store.summaries)
    load_warm = best(repeat, store.load)

    print(f"\n{'':<38} {'wall':>9}  {'ratio':>6}  {'CPU':>8}  {'ratio':>6}")
    for label, (wall, cpu) in (
        ("plain tomllib re-parse of every file", plain),
        ("list all sessions, index warm", list_warm),
        ("load all sessions + sets, index warm", load_warm),
        ("list all sessions, index cold", list_cold),
        ("load all sessions + sets, index cold", load_cold),
    ):
        print(
            f"{label:<38} {wall:7.3f} s  {wall / plain[0]:5.3f}×  {cpu:6.3f} s  "
            f"{cpu / plain[1]:5.3f}×"
        )

    plain_rss = int(_python("-c", PLAIN, str(sessions_dir), "rss").stdout.split()[-1])
    load_rss = int(_python("-c", LOAD_ALL, str(data_dir)).stdout.split()[-1])
    print(
        f"\npeak RSS, load everything (warm) and keep it: {load_rss / 1024:6.1f} MiB; "
        f"tomllib re-parse keeping the tables: {plain_rss / 1024:6.1f} MiB "
        f"({load_rss / plain_rss:.2f}×)"
    )

    command = _cli_command(data_dir)
    _python(*command)  # make sure the index is warm
    cli = best(repeat, lambda: _python(*command))
    plain_process = best(repeat, lambda: _python("-c", PLAIN, str(sessions_dir)))
    how = "python -m backtimer" if command[0] == "-m" else "the history handler (launcher)"
    print(
        f"\nwhole process `history --all --json`, warm ({how}): {cli[0]:.3f} s "
        f"(CPU {cli[1]:.3f} s); plain tomllib re-parse process: {plain_process[0]:.3f} s "
        f"(CPU {plain_process[1]:.3f} s): {cli[0] / plain_process[0]:.3f}× "
        f"(CPU {cli[1] / plain_process[1]:.3f}×)"
    )
    print(
        "\ngoals (wall / CPU): "
        f"warm load {load_warm[0] / plain[0]:.3f}× / {load_warm[1] / plain[1]:.3f}× (≤ 0.1); "
        f"cold load {load_cold[0] / plain[0]:.2f}× / {load_cold[1] / plain[1]:.2f}× (≤ 1.2); "
        f"CLI {cli[0] / plain_process[0]:.3f}× / {cli[1] / plain_process[1]:.3f}× (≤ 0.15)"
    )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Benchmark the history store.")
    parser.add_argument("--data-dir", type=Path, help="an existing history (default: generate)")
    parser.add_argument("--years", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if args.data_dir is not None:
        run(args.data_dir, args.repeat)
        return 0
    sys.path.insert(0, str(HERE))
    from make_history import make_history

    with tempfile.TemporaryDirectory(prefix="backtimer-bench-") as temp:
        data_dir = Path(temp)
        began = time.perf_counter()
        sessions, sets = make_history(data_dir, args.years, args.seed)
        took = time.perf_counter() - began
        print(f"generated {args.years:g} years: {sessions} sessions, {sets} sets in {took:.1f} s")
        run(data_dir, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
