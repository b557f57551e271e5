"""Write a realistic, deterministic session history, for benchmarks and tests.

    python benchmarks/make_history.py --years 10 --seed 1 --data-dir /tmp/bt-history

The simulated user works through the five-step program: step 1 (mobility) three times a day,
step 2 (static holds) twice a day, step 3 (eccentric) daily, step 4 (concentric) every second
day and step 5 (functional) once or twice a week. Each step starts a few months after the one
before; earlier steps are kept up, less often. Holds progress from 30 s to 120 s, then move to
single-leg holds from 15 s to 60 s per side (the left side a little weaker); rep targets go
from 10 to 30. Pain is mostly 0–3 with the odd flare (higher pain, shortened or ended
sessions); there are early stops with reasons, missed days and a couple of breaks a year.
Ten years come to about 11,000 sessions and 66,000 set records.

Files go through the project's own writer (`HistoryStore.open_session`), so they are exactly
what the app writes. By default the writer skips fsync (`--no-fsync`) to make generation fast;
`--fsync` writes exactly as the app does.

The routine and exercise ids are all in `ROUTINES` below, to be aligned with the shipped
routine files in one place.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Final

from backtimer.history import HistoryStore, PainCheck, PainChoice, SessionRecord, SetRecord
from backtimer.history.records import Kind, PainChoiceKind, Side, StopReason, Unit


@dataclass(frozen=True)
class Exercise:
    """One exercise of a simulated routine: how it is dosed and how it progresses."""

    id: str
    name: str
    kind: Kind
    sets: int
    start: float
    """First target (s or reps)."""
    top: float
    """Target at which it stops progressing (holds then move on to the `advanced` variant)."""
    per_side: bool = False
    variant: str = "standard"
    advanced: Exercise | None = None
    """The harder variant a hold moves on to once `top` is reached (e.g. single-leg)."""


_SINGLE_LEG: Final = Exercise(
    "back-extension-hold", "Back extension hold", "hold", 2, 15, 60, True, "single-leg"
)

ROUTINES: Final[dict[str, tuple[str, tuple[Exercise, ...]]]] = {
    "a1-mobility": (
        "Step 1: mobility",
        (
            Exercise("cat-camel", "Cat-camel", "movement", 1, 45, 60),
            Exercise("pelvic-tilt", "Pelvic tilts", "movement", 1, 45, 60),
            Exercise("walk", "Easy walk", "activity", 1, 300, 600),
        ),
    ),
    "a2-static-holds": (
        "Step 2: static holds",
        (
            Exercise(
                "back-extension-hold",
                "Back extension hold",
                "hold",
                3,
                30,
                120,
                variant="bilateral",
                advanced=_SINGLE_LEG,
            ),
            Exercise("bird-dog", "Bird-dog", "repeated_hold", 2, 40, 80, True),
        ),
    ),
    "a3-eccentric": (
        "Step 3: eccentric",
        (
            Exercise("slow-lowering", "Slow lowering", "reps", 3, 10, 30),
            Exercise("side-plank", "Side plank", "hold", 2, 20, 60, True),
        ),
    ),
    "a4-concentric": (
        "Step 4: concentric",
        (
            Exercise("back-extension-reps", "Back extensions", "reps_to_failure", 3, 10, 30),
            Exercise("single-leg-bridge", "Single-leg bridge", "reps", 2, 10, 30, True),
        ),
    ),
    "a5-functional": (
        "Step 5: functional",
        (
            Exercise("hip-hinge", "Hip hinge", "reps", 3, 10, 30),
            Exercise("suitcase-carry", "Suitcase carry", "activity", 1, 60, 120, True),
            Exercise("dead-bug", "Dead bug", "reps", 1, 10, 30),
        ),
    ),
}
"""Routine id → (name, exercises). Exercise ids are the ones written to the files."""

STEP_START_DAYS: Final = {
    "a1-mobility": 0,
    "a2-static-holds": 21,
    "a3-eccentric": 90,
    "a4-concentric": 180,
    "a5-functional": 300,
}
"""Day of the history on which the user starts each step."""

DEFAULT_END: Final = date(2026, 11, 1)
SESSIONS_TO_PROGRESS: Final = 6
"""Sessions at one target before it goes up a step."""


def _offset(day: date) -> timezone:
    # Central European time, near enough: summer time from April to October.
    return timezone(timedelta(hours=2 if 4 <= day.month <= 10 else 1))


def _sessions_today(rng: random.Random, day_index: int, weekday: int) -> list[str]:
    """Which routines the user runs on one day, in order."""
    started = [r for r, first in STEP_START_DAYS.items() if day_index >= first]
    current = started[-1]
    plan: list[str] = []
    for routine in started:
        is_current = routine == current
        if routine == "a1-mobility":
            count = 3 if is_current else int(rng.random() < 0.8) + int(rng.random() < 0.3)
        elif routine == "a2-static-holds":
            count = 2 if is_current else int(rng.random() < 0.9)
        elif routine == "a3-eccentric":
            count = 1 if is_current else int(rng.random() < 0.7)
        elif routine == "a4-concentric":
            count = int(day_index % 2 == 0) if is_current else int(rng.random() < 0.4)
        else:
            count = int(weekday in (1, 5) and rng.random() < 0.8)
        plan.extend([routine] * count)
    return plan


class _Progress:
    """Per-exercise progression: sessions done at the current target, and the target."""

    def __init__(self) -> None:
        self.done: dict[str, int] = {}

    def target(self, exercise: Exercise) -> tuple[Exercise, float]:
        count = self.done.get(exercise.id, 0)
        step = 5.0 if exercise.kind != "reps" and exercise.top > 30 else 1.0
        if exercise.kind in ("reps", "reps_to_failure"):
            step = 2.0
        levels = int((exercise.top - exercise.start) / step)
        level = count // SESSIONS_TO_PROGRESS
        if level <= levels or exercise.advanced is None:
            return exercise, min(exercise.top, exercise.start + level * step)
        advanced = exercise.advanced
        extra = level - levels - 1
        return advanced, min(advanced.top, advanced.start + extra * 2.5)

    def record(self, exercise: Exercise) -> None:
        self.done[exercise.id] = self.done.get(exercise.id, 0) + 1


def _pain(rng: random.Random, flare: bool) -> int:
    if flare:
        return rng.choice((3, 4, 4, 5, 5, 6, 7))
    return rng.choices((0, 1, 2, 3, 4), weights=(35, 30, 20, 12, 3))[0]


def _session(
    rng: random.Random, routine_id: str, start: datetime, progress: _Progress, flare: bool
) -> SessionRecord:
    name, exercises = ROUTINES[routine_id]
    session_id = uuid.UUID(int=rng.getrandbits(128), version=4).hex
    before = _pain(rng, flare)
    pains = [PainCheck("before", before, start)]
    choices: list[PainChoice] = []
    sets: list[SetRecord] = []
    clock = start + timedelta(seconds=20)
    status: str = "completed"
    stop_session = False
    for base in exercises:
        exercise, target = progress.target(base)
        progress.record(base)
        unit: Unit = "reps" if exercise.kind in ("reps", "reps_to_failure") else "s"
        sides: tuple[Side, ...] = ("left", "right") if exercise.per_side else ("both",)
        for number in range(1, exercise.sets + 1):
            for side in sides:
                weaker = 0.93 if side == "left" else 1.0
                stop: StopReason | None = None
                pain = None
                if rng.random() < 0.5:
                    pain = max(0, min(10, before + rng.choice((-1, 0, 0, 0, 1))))
                roll = rng.random()
                if roll < 0.03:
                    stop = rng.choice(("fatigue", "fatigue", "form", "other"))
                elif flare and roll < 0.15:
                    stop = "pain"
                    pain = max(pain or 0, 6)
                fraction = rng.uniform(0.5, 0.9) if stop else rng.uniform(0.97, 1.08) * weaker
                actual_s: float | None
                reps: int | None = None
                if unit == "s":
                    actual_s = round(target * fraction, 1)
                    duration = actual_s
                else:
                    reps = max(1, round(target * fraction))
                    actual_s = round(reps * rng.uniform(2.5, 3.5), 1)
                    duration = actual_s
                overtime = stop is None and fraction > 1.0
                clock += timedelta(seconds=duration)
                sets.append(
                    SetRecord(
                        exercise_id=exercise.id,
                        exercise_name=exercise.name,
                        kind=exercise.kind,
                        variant_id=exercise.variant,
                        side=side,
                        set_number=number,
                        target=target,
                        target_unit=unit,
                        ended_at=clock.replace(microsecond=0),
                        actual_s=actual_s,
                        reps=reps,
                        overtime=overtime,
                        stop_reason=stop,
                        pain=pain,
                    )
                )
                clock += timedelta(seconds=rng.randint(30, 90))
                if stop == "pain":
                    choice: PainChoiceKind = rng.choice(("shorten", "regress", "end"))
                    choices.append(PainChoice(exercise.id, choice, clock.replace(microsecond=0), 6))
                    pains.append(
                        PainCheck("exercise", pain or 6, clock.replace(microsecond=0), exercise.id)
                    )
                    stop_session = choice == "end"
                if stop_session:
                    break
            if stop_session:
                break
        if stop_session:
            status = "ended_early"
            break
    ended = clock.replace(microsecond=0)
    pains.append(PainCheck("after", max(0, before + rng.choice((-1, -1, 0, 0, 1))), ended))
    speed = 1.0
    if rng.random() < 0.004:
        speed = 10.0  # someone trying the app out in demo mode
    final_status = status
    if rng.random() < 0.003:
        final_status = "in_progress"  # the writer was killed: reads as interrupted
    return SessionRecord(
        id=session_id,
        routine_id=routine_id,
        routine_name=name,
        routine_fingerprint=f"sha256:{routine_id}-v1",
        started=start,
        status=final_status,  # type: ignore[arg-type]
        ended=None if final_status == "in_progress" else ended,
        speed=speed,
        sets=tuple(sets),
        pains=tuple(pains),
        pain_choices=tuple(choices),
        red_flag=False if rng.random() < 0.9 else None,
        notes="",
    )


def generate(years: float, seed: int, end: date = DEFAULT_END) -> list[SessionRecord]:
    """The simulated sessions, oldest first; the same for the same arguments."""
    rng = random.Random(seed)
    days = max(1, round(years * 365.25))
    first = end - timedelta(days=days)
    progress = _Progress()
    sessions: list[SessionRecord] = []
    break_left = 0
    flare_left = 0
    slots = ((7, 10), (12, 30), (18, 45), (21, 0))
    for index in range(days):
        day = first + timedelta(days=index)
        if break_left:
            break_left -= 1
            continue
        if rng.random() < 2 / 365:
            break_left = rng.randint(3, 10)  # holiday, illness
            continue
        if rng.random() < 0.04:
            continue  # a missed day
        if flare_left:
            flare_left -= 1
        elif rng.random() < 4 / 365:
            flare_left = rng.randint(2, 6)
        tz = _offset(day)
        plan = _sessions_today(rng, index, day.weekday())
        for slot, routine in enumerate(plan):
            hour, minute = slots[min(slot, len(slots) - 1)]
            start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
            start += timedelta(minutes=rng.randint(0, 50) + 60 * max(0, slot - 3))
            sessions.append(_session(rng, routine, start, progress, flare_left > 0))
    return sessions


def make_history(
    data_dir: Path, years: float, seed: int, end: date = DEFAULT_END, *, fsync: bool = False
) -> tuple[int, int]:
    """Write the simulated history into `data_dir`; returns (sessions, sets) written."""
    store = HistoryStore(data_dir)
    set_count = 0
    sessions = generate(years, seed, end)
    for record in sessions:
        writer = store.open_session(record, fsync=fsync)
        result = writer.close()
        if not result.ok:
            raise SystemExit(result.message)
        set_count += len(record.sets)
    return len(sessions), set_count


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--years", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--end", type=date.fromisoformat, default=DEFAULT_END, metavar="DATE")
    parser.add_argument(
        "--fsync",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="fsync every file as the app does (default: --no-fsync, much faster)",
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    sessions, sets = make_history(args.data_dir, args.years, args.seed, args.end, fsync=args.fsync)
    took = time.perf_counter() - began
    print(f"wrote {sessions} sessions, {sets} sets to {args.data_dir} in {took:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
