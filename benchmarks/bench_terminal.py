"""CPU of a running hold in a real terminal (tmux), against a minimal Textual `Digits` clock.

Run on demand (never part of the tests); needs tmux:

    .venv/bin/python benchmarks/bench_terminal.py                  # 80×24, 100×30, 200×60
    .venv/bin/python benchmarks/bench_terminal.py 120x40 --runs 5  # other sizes, more runs

Both programs run in a tmux pane of the same size, one after the other, in the same run: the
minimal app updates a `Digits` clock once a second; backtimer runs a 10-minute hold from
`backtimer run`. CPU is the process's own running time (`/proc/PID/task/*/schedstat`, in
nanoseconds) over the same window, after the hold has started. Unlike the headless figure in
`bench_runner.py`, this includes writing to the terminal, which grows with the clock's size.
Goal: ≤ 1.5× the minimal app at every size.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench_runner import write_routine  # the same 10-minute hold as the headless figure

from backtimer.storage.paths import CONFIG_ENV, DATA_ENV, Dirs
from backtimer.tui.dialogs.notice import remember_notice

MINIMAL_APP = """\
import time
from textual.app import App
from textual.widgets import Digits


class Clock(App):
    def compose(self):
        yield Digits("10:00")

    def on_mount(self):
        self.start = time.monotonic()
        self.set_interval(1, self.tick)

    def tick(self):
        left = 600 - int(time.monotonic() - self.start)
        self.query_one(Digits).update(f"{left // 60}:{left % 60:02d}")


Clock().run()
"""


def cpu_seconds(pid: int) -> float:
    """The process's running time so far, all its threads, to the nanosecond."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        # A thread may end between the listing and the read.
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int((task / "schedstat").read_text().split()[0])
    return total / 1e9


def tmux(*args: str) -> str:
    done = subprocess.run(["tmux", *args], capture_output=True, text=True, check=False)
    return done.stdout


def measure(
    command: list[str], size: tuple[int, int], env: dict[str, str], keys: Sequence[str],
    warmup: float, seconds: float,
) -> tuple[float, str]:  # fmt: skip
    """CPU seconds a minute of `command` in a tmux pane of `size`, and the pane's text after."""
    session = f"bench-terminal-{os.getpid()}"
    tmux("kill-session", "-t", session)
    settings = [part for name, value in env.items() for part in ("-e", f"{name}={value}")]
    width, height = size
    tmux(
        "new-session", "-d", "-s", session, "-x", str(width), "-y", str(height), *settings,
        *command,
    )  # fmt: skip
    try:
        time.sleep(2.5)  # started and drawn
        for key in keys:
            tmux("send-keys", "-t", session, key)
            time.sleep(0.5)
        time.sleep(warmup)
        pid = int(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").split()[0])
        before = cpu_seconds(pid)
        time.sleep(seconds)
        used = cpu_seconds(pid) - before
        return used * 60 / seconds, tmux("capture-pane", "-p", "-t", session)
    finally:
        tmux("kill-session", "-t", session)


def bench(size: tuple[int, int], runs: int, warmup: float, seconds: float) -> tuple[float, float]:
    """(backtimer, minimal) CPU seconds a minute, medians of `runs` alternating runs."""
    ours: list[float] = []
    minimal: list[float] = []
    backtimer = str(Path(sys.executable).with_name("backtimer"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "minimal.py").write_text(MINIMAL_APP, encoding="utf-8")
        routine = write_routine(folder, 600)
        for run in range(runs):
            dirs = Dirs(config=folder / f"config{run}", data=folder / f"data{run}")
            remember_notice(dirs)  # straight to the session, no first-run notice
            env = {CONFIG_ENV: str(dirs.config), DATA_ENV: str(dirs.data)}
            figure, _ = measure(
                [sys.executable, str(folder / "minimal.py")], size, env, (), warmup, seconds
            )
            minimal.append(figure)
            figure, screen = measure(
                [backtimer, "run", str(routine)], size, env, ("0",), warmup,
                seconds,
            )  # fmt: skip
            if "HOLD" not in screen:
                raise SystemExit(f"the hold did not start at {size}:\n{screen}")
            ours.append(figure)
            print(
                f"   run {run + 1}: backtimer {ours[-1]:.3f}, minimal {minimal[-1]:.3f} CPU s/min"
            )
    return statistics.median(ours), statistics.median(minimal)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", default=["80x24", "100x30", "200x60"])
    parser.add_argument("--runs", type=int, default=3, help="runs of each program per size")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each sample")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is not installed: nothing measured")
        return 1
    for text in args.sizes:
        width, _, height = text.partition("x")
        size = (int(width), int(height))
        print(f"{text}: {args.runs} runs of {args.seconds:g} s each, the hold started 8 s before")
        ours, minimal = bench(size, args.runs, 8.0, args.seconds)
        print(
            f"   backtimer {ours:.3f}, minimal Digits app {minimal:.3f} CPU s/min: "
            f"{ours / minimal:.2f}× (goal ≤ 1.5×)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
