"""Benchmarks for the workout screen: timer accuracy, CPU while holding, and stalls while saving.

Run on demand (never part of the tests):

    .venv/bin/python benchmarks/bench_runner.py              # about 17 minutes
    .venv/bin/python benchmarks/bench_runner.py --quick      # about 3 minutes
    .venv/bin/python benchmarks/bench_runner.py --part cpu   # one of the three below

1. Timer accuracy: how late after its deadline the screen notices that a hold has ended (and so
   speaks "done" and logs the set), with the other CPU core kept busy. Goal: median ≤ 20 ms for a
   120 s hold. The logged duration itself is exact either way: it comes from the deadline.
2. CPU: process CPU seconds per minute of a running hold, against a minimal Textual app that shows
   a `Digits` clock updated once a second, both measured in this run, headless (nothing is written
   to a terminal; `bench_terminal.py` measures the same in tmux at several sizes). Goal: ≤ 1.5×
   the minimal app.
3. Saving: the longest the event loop is held up while sets are written (fsync on), measured by a
   task that asks to wake every 5 ms. Goal: never more than 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from multiprocessing.synchronize import Event as MpEvent
from pathlib import Path

from backtimer.engine import Event, Phase, PhaseChanged, Session
from backtimer.storage.history.store import HistoryStore
from backtimer.storage.paths import Dirs
from backtimer.storage.routines import load_routine_file
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.run import RunScreen

HOLD_ROUTINE = """\
id = "bench-hold"
name = "Bench hold"
program = "bench"
frequency = "daily"
lead_in_s = 1

[[exercise]]
id = "hold"
name = "Hold"
kind = "hold"
dose = {{ target = {seconds} }}
"""


def write_routine(folder: Path, seconds: float) -> Path:
    path = folder / "bench-hold.toml"
    path.write_text(HOLD_ROUTINE.format(seconds=seconds), encoding="utf-8")
    return path


def _burn(stop: MpEvent) -> None:
    while not stop.is_set():
        sum(i * i for i in range(10_000))


class Busy:
    """Keeps one CPU core busy while in use, as a second program would."""

    def __enter__(self) -> Busy:
        self._stop = multiprocessing.Event()
        self._process = multiprocessing.Process(target=_burn, args=(self._stop,), daemon=True)
        self._process.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._process.join(5)


class LatenessScreen(RunScreen):
    """Notes how late after the hold's deadline the screen got to process its end."""

    lateness: list[float] = []

    def handle(self, events: Sequence[Event]) -> None:
        now = self.clock()
        for event in events:
            if isinstance(event, PhaseChanged) and event.phase is Phase.PAIN_EXERCISE:
                LatenessScreen.lateness.append(now - event.at)
        super().handle(events)


async def one_hold(seconds: float, folder: Path) -> float:
    routine, problems = load_routine_file(write_routine(folder, seconds))
    assert routine is not None, problems
    dirs = Dirs(config=folder / "config", data=folder / "data")
    remember_notice(dirs)
    app = BacktimerApp(dirs=dirs, cue=lambda cue: None)
    LatenessScreen.lateness = []
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = LatenessScreen(routine, HistoryStore(app.dirs.data), settings=app.settings)
        await app.push_screen(screen)
        await pilot.press("0")
        while not LatenessScreen.lateness:
            await asyncio.sleep(0.2)
    return LatenessScreen.lateness[0]


def bench_accuracy(seconds: float, runs: int) -> list[float]:
    results = []
    with Busy(), tempfile.TemporaryDirectory() as tmp:
        for number in range(runs):
            folder = Path(tmp) / str(number)
            folder.mkdir()
            late = asyncio.run(one_hold(seconds, folder))
            results.append(late)
            print(
                f"  hold {seconds:g} s, run {number + 1}: ended {late * 1000:.1f} ms after its deadline"
            )
    return results


MINIMAL_APP = """
import sys, time
from textual.app import App
from textual.widgets import Digits

class Clock(App):
    def compose(self):
        yield Digits("0:00")
    def on_mount(self):
        self.start = time.monotonic()
        self.set_interval(1, self.tick)
        self.set_timer({warmup}, self.begin)
    def begin(self):
        self.cpu = time.process_time()
        self.set_timer({seconds}, self.end)
    def tick(self):
        left = 600 - int(time.monotonic() - self.start)
        self.query_one(Digits).update(f"{{left // 60}}:{{left % 60:02d}}")
    def end(self):
        print(time.process_time() - self.cpu)
        self.exit()

Clock().run(headless=True, size=(100, 32))
"""

BACKTIMER_APP = """
import sys, time
from pathlib import Path
from backtimer.storage.routines import load_routine_file
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice

folder = Path(sys.argv[1])
routine, _ = load_routine_file(folder / "bench-hold.toml")
dirs = Dirs(config=folder / "config", data=folder / "data")
remember_notice(dirs)

class Bench(BacktimerApp):
    def on_mount(self):
        super().on_mount()
        self.set_timer(0.5, self.answer)
    def answer(self):
        from backtimer.tui.screens.run import RunScreen
        if not (isinstance(self.screen, RunScreen) and self.screen.is_mounted):
            self.set_timer(0.1, self.answer)  # the session opens after the safety check
            return
        self.screen.answer("0")
        self.set_timer({warmup}, self.begin)
    def begin(self):
        self.cpu = time.process_time()
        self.set_timer({seconds}, self.end)
    def end(self):
        print(time.process_time() - self.cpu)
        self.exit()

Bench(dirs=dirs, run=routine, cue=lambda cue: None).run(headless=True, size=(100, 32))
"""


def child_cpu(script: str, *args: str) -> float:
    result = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip().splitlines()[-1])


def bench_cpu(seconds: float, runs: int) -> tuple[float, float]:
    warmup = 2.0
    ours: list[float] = []
    minimal: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_routine(folder, 600)
        for _ in range(runs):
            minimal.append(child_cpu(MINIMAL_APP.format(seconds=seconds, warmup=warmup)))
            ours.append(
                child_cpu(BACKTIMER_APP.format(seconds=seconds, warmup=warmup), str(folder))
            )
    per_minute = 60 / seconds
    return statistics.median(ours) * per_minute, statistics.median(minimal) * per_minute


async def _save_stalls(sets: int, folder: Path, *, saving: bool) -> tuple[float, float, int]:
    """Run `sets` per-side holds through the screen; return (worst loop stall, worst time the
    loop spent handing a record to the saving thread, sets saved)."""
    sets = min(sets, 20)  # the routine format allows at most 20 sets
    routine_path = folder / "many.toml"
    routine_path.write_text(
        textwrap.dedent(
            f"""\
            id = "many"
            name = "Many sets"
            program = "bench"
            frequency = "daily"
            lead_in_s = 0

            [[exercise]]
            id = "hold"
            name = "Hold"
            kind = "hold"
            sets = {sets}
            rest_s = 0
            sides = "each"
            side_gap_s = 0
            dose = {{ target = 1 }}
            """
        ),
        encoding="utf-8",
    )
    routine, problems = load_routine_file(routine_path)
    assert routine is not None, problems
    clock_now = [0.0]
    dirs = Dirs(config=folder / "config", data=folder / "data")
    remember_notice(dirs)
    app = BacktimerApp(dirs=dirs, run=routine, clock=lambda: clock_now[0], cue=lambda cue: None)
    worst = 0.0
    worst_handoff = 0.0
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        recorder = screen.recorder
        real_sync = recorder.sync

        def timed_sync(session: Session) -> bool:
            nonlocal worst_handoff
            if not saving:
                return False
            began = time.perf_counter()
            queued = real_sync(session)
            worst_handoff = max(worst_handoff, time.perf_counter() - began)
            return queued

        recorder.sync = timed_sync  # type: ignore[method-assign]
        await pilot.press("0")
        running = True

        async def watch() -> None:
            nonlocal worst
            while running:
                before = time.perf_counter()
                await asyncio.sleep(0.005)
                worst = max(worst, time.perf_counter() - before - 0.005)

        watcher = asyncio.create_task(watch())
        for _ in range(sets * 2):
            clock_now[0] += 1.0
            screen.tick()
            await asyncio.sleep(0.05)
        recorder.wait_saved(30)
        running = False
        await watcher
        saved = len(recorder.record.sets)
    return worst, worst_handoff, saved


def bench_saving(sets: int) -> tuple[float, float, float, int]:
    """(worst stall with saving, worst stall without, worst hand-off, sets saved)."""
    results = []
    for saving in (True, False):
        with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
            results.append(asyncio.run(_save_stalls(sets, Path(tmp), saving=saving)))
    (with_saving, handoff, saved), (without, _, _) = results
    return with_saving, without, handoff, saved


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="shorter holds and fewer runs")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument(
        "--part", choices=("accuracy", "cpu", "saving"), action="append",
        help="run only this part (may be given more than once)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    parts = set(args.part or ("accuracy", "cpu", "saving"))
    figures: dict[str, object] = {}

    if "accuracy" in parts:
        hold = 20.0 if args.quick else 120.0
        runs = 3 if args.quick else 5
        print(f"1. Timer accuracy: {runs} holds of {hold:g} s, other core busy")
        lateness = bench_accuracy(hold, runs)
        median_ms = statistics.median(lateness) * 1000
        print(f"   median lateness {median_ms:.1f} ms (goal ≤ 20 ms)")
        figures["lateness_ms"] = [round(x * 1000, 2) for x in lateness]

    if "cpu" in parts:
        cpu_seconds = 10.0 if args.quick else 30.0
        cpu_runs = 3 if args.quick else 5
        print(f"2. CPU while holding: {cpu_seconds:g} s samples, {cpu_runs} runs each, medians")
        ours, minimal = bench_cpu(cpu_seconds, cpu_runs)
        ratio = ours / minimal if minimal else float("inf")
        print(f"   backtimer {ours:.3f} CPU s/min, minimal Digits app {minimal:.3f} CPU s/min")
        print(f"   ratio {ratio:.2f}× (goal ≤ 1.5×)")
        figures.update(cpu_per_min=ours, minimal_cpu_per_min=minimal, cpu_ratio=ratio)

    if "saving" in parts:
        sets = 20
        print(f"3. Saving: {sets * 2} per-side sets saved with fsync as they end, loop watched")
        with_saving, without, handoff, saved = bench_saving(sets)
        print(
            f"   {saved} sets on disk; longest hand-off to the saving thread {handoff * 1000:.2f} ms"
        )
        print(
            f"   longest loop stall {with_saving * 1000:.1f} ms with saving, "
            f"{without * 1000:.1f} ms with saving off (screen redraws); goal: saving adds ≤ 50 ms"
        )
        figures.update(
            save_handoff_ms=handoff * 1000,
            stall_with_saving_ms=with_saving * 1000,
            stall_without_saving_ms=without * 1000,
        )

    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
