"""How long `backtimer` takes to draw its first screen, against a bare Textual app, in one run.

Run on demand (never part of the tests):

    .venv/bin/python benchmarks/bench_startup.py            # 9 rounds, 3 years of history
    .venv/bin/python benchmarks/bench_startup.py --quick    # 3 rounds, 1 year

Each figure is the wall time from asking tmux to start a fresh process until the first screen's
text is on the terminal:

- bare: a minimal Textual app (`Header`, a `Static` saying "hello", `Footer`) until "hello" shows;
- backtimer on empty data and config folders, and on folders with generated history
  (benchmarks/make_history.py, ending yesterday), both with the once-only notice already seen, so
  the first screen is the home screen: its *first frame* is when any of its text shows (it
  opens with "Loading today's plan…" and reads the plan in a worker); *plan shown* is when today's
  plan itself is drawn (its "streak" line).

The runs are interleaved (bare, empty, history, bare, empty, history, …) after one untimed
warm-up round, so a machine that slows down or speeds up during the run affects all three alike,
and the medians are compared. Goal: the first frame within 1.3× the bare app's.

Why tmux: it is a real terminal emulator, so "drawn" means what a user would see: the app's
output parsed into a screen, with the app's own terminal set-up (alternate screen, queries) on
the path. The benchmark talks to a private tmux server (`-L`, no user config) through one
control-mode client (`tmux -C`): it starts each app with `new-session -x 100 -y 30` and polls
`capture-pane` every millisecond through the same pipe. Polling costs no process spawn, so it
steals little CPU from the app under test, and each figure is late by at most about a
millisecond. A pty read directly would see bytes, not a screen: the marker text can be split by
escape sequences, and nothing would say the frame was complete.

It also reports `python -X importtime -c "import backtimer.tui.app"`: the total and the modules
imported directly (median of a few runs), to see what the import of the app costs.

Every process runs with Python's bytecode cache on, as an installed copy does (pip compiles the
.pyc files at install time), even when this shell sets PYTHONDONTWRITEBYTECODE: otherwise every
run would compile backtimer's modules from source again, while Textual's come precompiled.

Without tmux the frame timings are skipped with a message (the import report still runs).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
APP_MODULE = "backtimer.tui.app"
WIDTH, HEIGHT = 100, 30
GOAL = 1.3
TIMEOUT_S = 30.0
"""A run that shows nothing for this long has failed: its screen is printed."""

BARE_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("hello")
        yield Footer()


BareApp().run()
"""

BARE_MARKER = "hello"
LOADING_MARKER = "Loading today's plan"
PLAN_MARKER = "streak"
"""In the plan's facts line (`streak 4 days`), drawn once the plan is read, empty or not."""


def child_env() -> dict[str, str]:
    """This environment, with the bytecode cache on (see above)."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


class TmuxError(RuntimeError):
    """tmux answered a command with an error."""


class Tmux:
    """A private tmux server driven through one control-mode client."""

    def __init__(self, socket: str) -> None:
        self.socket = socket
        base = ["tmux", "-L", socket, "-f", "/dev/null"]
        subprocess.run(
            [*base, "new-session", "-d", "-s", "hold", "-x", "80", "-y", "24", "cat"],
            check=True,
            env=child_env(),  # the server's, and so every app's, environment
        )
        self._client = subprocess.Popen(
            [*base, "-C", "attach-session", "-t", "hold"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=child_env(),
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self._answer("attach-session")  # the client's own first command answers too
        self.command("set-option", "-g", "remain-on-exit", "on")

    def command(self, *words: str) -> str:
        """Run one tmux command; its output."""
        assert self._client.stdin is not None
        self._client.stdin.write(shlex.join(words) + "\n")
        self._client.stdin.flush()
        return self._answer(*words)

    def _answer(self, *words: str) -> str:
        """Read the next `%begin` … `%end` block; notifications between blocks are skipped."""
        assert self._client.stdout is not None
        lines: list[str] = []
        inside = False
        for line in self._client.stdout:
            if line.startswith("%begin"):
                inside, lines = True, []
            elif inside and line.startswith(("%end", "%error")):
                if line.startswith("%error"):
                    raise TmuxError(f"tmux {' '.join(words)}: {''.join(lines).strip()}")
                return "".join(lines)
            elif inside:
                lines.append(line)
        raise TmuxError("the tmux control client went away")

    def close(self) -> None:
        """Stop the private server and everything still running in it."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        self._client.wait(5)


@dataclass
class Case:
    """One kind of run: a command and the texts that mark its first frame and its content."""

    name: str
    command: list[str]
    first: tuple[str, ...]
    """Any of these on screen: the first frame is drawn."""
    done: str
    """This on screen: what the screen is for is drawn."""
    firsts: list[float] = field(default_factory=list)
    dones: list[float] = field(default_factory=list)


def measure(tmux: Tmux, case: Case, number: int) -> tuple[float, float]:
    """Start `case` in a fresh pane; seconds until its first frame and until its content."""
    session = f"run{number}"
    began = time.perf_counter()
    tmux.command(
        "new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT),
        "exec " + shlex.join(case.command),
    )  # fmt: skip
    first: float | None = None
    polls = 0
    while True:
        screen = tmux.command("capture-pane", "-p", "-t", session)
        now = time.perf_counter() - began
        if first is None and any(marker in screen for marker in case.first):
            first = now
        if case.done in screen:
            break
        polls += 1
        if now > TIMEOUT_S or (polls % 100 == 0 and _dead(tmux, session)):
            tmux.command("kill-session", "-t", session)
            raise SystemExit(f"{case.name}: {case.done!r} never showed. The screen:\n{screen}")
        time.sleep(0.001)
    pid = int(tmux.command("display-message", "-p", "-t", session, "#{pane_pid}"))
    tmux.command("kill-session", "-t", session)
    _wait_gone(pid)
    assert first is not None
    return first, now


def _dead(tmux: Tmux, session: str) -> bool:
    return tmux.command("display-message", "-p", "-t", session, "#{pane_dead}").strip() == "1"


def _wait_gone(pid: int) -> None:
    """Wait for a finished run to exit, so it takes no CPU from the next one."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.005)


def backtimer_command() -> list[str]:
    """The installed `backtimer` script next to this Python, else `python -m backtimer`."""
    script = Path(sys.executable).with_name("backtimer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "backtimer"]


def data_folder(path: Path) -> Path:
    """A data folder whose once-only notice was already seen: the home screen comes first."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "notice-seen").touch()
    return path


def frames(folder: Path, history: Path, history_label: str, rounds: int) -> None:
    """Time the three cases, interleaved, and print medians and ratios."""
    config = folder / "config"
    empty = data_folder(folder / "empty")
    data_folder(history)
    backtimer = backtimer_command()
    bare_path = folder / "bare_app.py"
    bare_path.write_text(BARE_APP, encoding="utf-8")
    first = (LOADING_MARKER, PLAN_MARKER)
    dirs = ["--config-dir", str(config)]
    cases = [
        Case("bare", [sys.executable, str(bare_path)], (BARE_MARKER,), BARE_MARKER),
        Case("empty", [*backtimer, *dirs, "--data-dir", str(empty)], first, PLAN_MARKER),
        Case("history", [*backtimer, *dirs, "--data-dir", str(history)], first, PLAN_MARKER),
    ]
    tmux = Tmux(f"bt-bench-startup-{os.getpid()}")
    number = 0
    try:
        for round_ in range(rounds + 1):
            for case in cases:
                number += 1
                first_s, done_s = measure(tmux, case, number)
                if round_:  # the first round only warms the file cache and the .pyc files
                    case.firsts.append(first_s)
                    case.dones.append(done_s)
    finally:
        tmux.close()

    bare, *apps = cases
    base = statistics.median(bare.firsts)
    version = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    print(f"{version}, {WIDTH}×{HEIGHT}; {rounds} interleaved rounds, median (min–max)")
    print(f"  bare Textual app, first frame   {_figure(bare.firsts)}")
    labels = {"empty": "empty folders", "history": history_label}
    for case in apps:
        print(f"  backtimer, {labels[case.name]}")
        first_median = statistics.median(case.firsts)
        done_median = statistics.median(case.dones)
        print(
            f"    first frame                   {_figure(case.firsts)}  {first_median / base:.2f}×"
        )
        print(f"    plan shown                    {_figure(case.dones)}  {done_median / base:.2f}×")
    worst = max(statistics.median(case.firsts) for case in apps) / base
    verdict = "met" if worst <= GOAL else "not met"
    print(f"  goal: first frame ≤ {GOAL}× the bare app: {verdict} ({worst:.2f}× at worst)")


def _figure(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.3f} s ({min(values):.3f}–{max(values):.3f})"


def imports(runs: int, shown: int = 12) -> None:
    """`-X importtime` of the app module: its total and its biggest direct imports, in ms."""
    totals: dict[str, list[int]] = {}
    for number in range(runs + 1):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {APP_MODULE}"],
            capture_output=True, text=True, check=True, env=child_env(),
        )  # fmt: skip
        if not number:
            continue  # the first run may write the bytecode cache
        for name, cumulative in _app_imports(result.stderr).items():
            totals.setdefault(name, []).append(cumulative)
    medians = {name: statistics.median(values) / 1000 for name, values in totals.items()}
    total = medians.pop(APP_MODULE)
    print(f'python -X importtime -c "import {APP_MODULE}": {total:.0f} ms (median of {runs})')
    print("  cumulative time of the biggest modules it imports itself (with all they import):")
    for name, ms in sorted(medians.items(), key=lambda item: -item[1])[:shown]:
        print(f"    {ms:6.1f} ms  {name}")


def _app_imports(report: str) -> dict[str, int]:
    """The app module and each module it imported first-hand, with cumulative microseconds.

    In an `-X importtime` report a module's line comes after those of the modules it imported,
    indented two spaces less than theirs; the app module is at the top level (one space).
    """
    found: dict[str, int] = {}
    pending: dict[str, int] = {}
    for line in report.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        _self, cumulative, name = line.removeprefix("import time:").split("|")
        indent = len(name) - len(name.lstrip(" "))
        if indent == 3:
            pending[name.strip()] = int(cumulative)
        elif indent == 1:
            if name.strip() == APP_MODULE:
                found = {APP_MODULE: int(cumulative), **pending}
            pending = {}
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, help="timed rounds (default 9; 3 with --quick)")
    parser.add_argument(
        "--years", type=float, help="years of history to generate (default 3; 1 with --quick)"
    )
    parser.add_argument("--seed", type=int, default=3, help="of the generated history")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="an existing history instead (its once-only notice is marked as seen)",
    )
    parser.add_argument("--quick", action="store_true", help="fewer rounds, a shorter history")
    parser.add_argument(
        "--part", choices=("frames", "imports"), action="append",
        help="run only this part (may be given more than once)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    rounds = args.rounds or (3 if args.quick else 9)
    years = args.years or (1.0 if args.quick else 3.0)
    parts = set(args.part or ("frames", "imports"))
    if "frames" in parts:
        if shutil.which("tmux") is None:
            print("first-frame timings skipped: tmux is not installed (apt-get install tmux)")
        else:
            with tempfile.TemporaryDirectory(prefix="bt-bench-startup-") as temp:
                folder = Path(temp)
                history = args.data_dir
                label = f"history in {history}"
                if history is None:
                    sys.path.insert(0, str(HERE))
                    from make_history import make_history

                    history = folder / "history"
                    sessions, _sets = make_history(history, years, args.seed, date.today())
                    plural = "" if years == 1 else "s"
                    label = f"{years:g} year{plural} of history ({sessions:,} sessions)"
                frames(folder, history, label, rounds)
    if "imports" in parts:
        imports(3 if args.quick else 7)
    return 0


if __name__ == "__main__":
    sys.exit(main())
