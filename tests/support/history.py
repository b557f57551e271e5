"""Write a realistic, deterministic history of the shipped routines, for benchmarks and tests.

    python benchmarks/make_history.py --years 10 --seed 1 --data-dir /tmp/bt-history

The simulated user works through the five-step program as the shipped routine files describe it
(`routines/a1-mobility.toml` … `a5-functional.toml`): step 1 three times a day, step 2 twice a
day, step 3 daily, step 4 every second day and step 5 once or twice a week. Each step starts a few
months after the one before; earlier steps are kept up, less often. From the second month they
also do the still holds of program B (`b-isometrics`) on most days, as its daily rotation asks:
each day the `DAILY_MOST` exercises done least recently, ties in file order (program B: "1–3
exercises a day, rotated, not all of them every day"; `backtimer.domain.rotation`).

Routine, exercise and variant ids, names, kinds, sets, sides and dose ladders all come from the
shipped files, so the home screen, `backtimer today` and progression recognise the history. Each
exercise climbs its own ladder: step 2's static hold goes 30 s → 2 min on `pad-high`, then on
`pad-lower`, then `single-leg` 15 → 60 s each side (the left side a little weaker); reps climb
their ranges, then the next variant. A level is raised after a number of sessions at it (more for
harder variants), once the last two reached the target with pain at or under the limit; only one
exercise of a routine gets harder at a time. Pain over the limit twice in three sessions steps the
target back; a break of a week or more eases it back one step.

Pain is mostly 0–3 with the odd flare (higher pain, shortened or ended sessions); there are early
stops with reasons, missed days and a couple of breaks a year, the odd demo run and interrupted
session. Red flags are asked about but never reported (one would pause all progression).
Ten years come to about 11,700 sessions and 39,000 set records.

Besides the sessions it writes the journal the app would have written: every accepted change
above, and next-day ratings for about half the training days. So the targets `backtimer today`
shows are the ones the history ends on. It also writes `plan.toml`, following every routine
started. Sessions go through the project's own writer (`HistoryStore.open_session`), journal
events through `record_event`, so the files are exactly what the app writes. By default nothing
is fsynced (`--no-fsync`) to make generation fast; `--fsync` writes exactly as the app does.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Final

from backtimer.domain.formatting import format_amount
from backtimer.domain.journal import JournalEvent, NextDayRating, TargetChange
from backtimer.domain.progression import (
    BREAK_DAYS,
    FLARE_WINDOW,
    REACH_SLACK_S,
    SESSIONS_NEEDED,
    WEEKLY_BREAK_DAYS,
)
from backtimer.domain.rotation import DAILY_MOST
from backtimer.domain.routine import Exercise, Kind, Routine, Sides, Variant
from backtimer.domain.vocabulary import PainChoiceKind, Side, StopReason, Unit
from backtimer.storage.history import HistoryStore, PainCheck, PainChoice, SessionRecord, SetRecord
from backtimer.storage.journal import record_event
from backtimer.storage.paths import shipped_routines_dir
from backtimer.storage.plan import Plan, save_plan
from backtimer.storage.routines import load_routine_file

STEP_START_DAYS: Final = {
    "a1-mobility": 0,
    "a2-static-holds": 21,
    "a3-eccentric": 90,
    "a4-concentric": 180,
    "a5-functional": 300,
}
"""Day of the history on which the user starts each step of program A."""
EXTRA_START_DAYS: Final = {"b-isometrics": 45}
"""Other shipped routines the user takes up, and the day they start."""


def load_routines() -> dict[str, Routine]:
    """The simulated routines, read from the shipped routine files (in `STEP_START_DAYS` order)."""
    routines: dict[str, Routine] = {}
    for routine_id in (*STEP_START_DAYS, *EXTRA_START_DAYS):
        path = shipped_routines_dir() / f"{routine_id}.toml"
        routine, problems = load_routine_file(path)
        if routine is None or problems:
            raise SystemExit("; ".join(str(p) for p in problems) or f"{path}: not a routine")
        routines[routine_id] = routine
    return routines


ROUTINES: Final = load_routines()
"""Routine id → the shipped routine the simulated user runs."""
_FINGERPRINTS: Final = {routine_id: r.fingerprint() for routine_id, r in ROUTINES.items()}
# The app saves the fingerprint of the routine at its current targets; the file's own is close
# enough here, and working one out for every change would triple the time this takes.

DEFAULT_END: Final = date(2026, 11, 1)
SESSIONS_PER_LEVEL: Final = 6
"""Sessions at a target on a routine's first variant before it may go up; the second variant
takes twice as many per level, the third three times, and so on."""
RATED_SHARE: Final = 0.5
"""Share of training days that get a next-day rating."""


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
            count = 3 if is_current else int(rng.random() < 0.35)
        elif routine == "a2-static-holds":
            count = 2 if is_current else int(rng.random() < 0.9)
        elif routine == "a3-eccentric":
            count = 1 if is_current else int(rng.random() < 0.7)
        elif routine == "a4-concentric":
            count = int(day_index % 2 == 0) if is_current else int(rng.random() < 0.4)
        else:
            count = int(weekday in (1, 5) and rng.random() < 0.8)
        plan.extend([routine] * count)
    for routine, first in EXTRA_START_DAYS.items():
        if day_index >= first and rng.random() < 0.9:
            plan.insert(min(1, len(plan)), routine)
    return plan


# --- progression ---------------------------------------------------------------------------------


@dataclass
class _Done:
    """One counted session of one exercise, as the simulated user remembers it."""

    session_id: str
    day: date
    reached: bool
    over: bool
    """Pain over the limit during the exercise or after the session."""


@dataclass
class _Level:
    """Where one exercise stands: its variant and target, and the sessions since the last change."""

    variant: int
    target: float
    changed_at: datetime | None = None
    since: list[_Done] = field(default_factory=list)


@dataclass
class _RoutineState:
    levels: dict[str, _Level]
    last_started: datetime | None = None
    """The last counted session of the routine."""
    last_done: dict[str, date] = field(default_factory=dict)
    """The last day each exercise was trained (the daily rotation picks the oldest)."""
    harder_changed: str | None = None
    """The exercise whose harder change the others wait on, until it has settled."""


class _Progress:
    """Each exercise's level, moved the way a user accepting the app's suggestions would."""

    def __init__(self) -> None:
        self.routines = {
            rid: _RoutineState(
                {e.id: _Level(_variant_index(e), e.dose.target) for e in routine.exercises}
            )
            for rid, routine in ROUTINES.items()
        }
        self.ratings: dict[date, int] = {}
        self.events: list[JournalEvent] = []

    def before_session(
        self, rng: random.Random, routine: Routine, start: datetime, today: date
    ) -> None:
        """Accept whatever the app would suggest before this session starts."""
        state = self.routines[routine.id]
        at = start - timedelta(minutes=1)
        last = state.last_started
        limit_days = WEEKLY_BREAK_DAYS if routine.frequency.value == "1-2-per-week" else BREAK_DAYS
        if last is not None and (today - last.date()).days >= limit_days:
            # A break: ease back, and nothing gets harder until the user trains again.
            for exercise in routine.exercises:
                level = state.levels[exercise.id]
                lower = [v for v in _ladder(exercise, level) if v < level.target - 1e-9]
                if lower and exercise.kind is not Kind.REPS_TO_FAILURE:
                    reason = (
                        f"No {routine.name} session for {(today - last.date()).days} days: "
                        f"ease back to {format_amount(lower[-1], exercise.kind.unit)}."
                    )
                    self._change(routine, exercise, level, "ease_back", lower[-1], at, reason)
            return
        harder: list[tuple[datetime, int, Exercise]] = []
        for order, exercise in enumerate(routine.exercises):
            level = state.levels[exercise.id]
            window = level.since[-FLARE_WINDOW:]
            over = [d for d in window if d.over or self.ratings.get(d.day, 0) > exercise.pain_limit]
            if len(over) >= 2:
                lower = [v for v in _ladder(exercise, level) if v < level.target - 1e-9]
                if lower:
                    reason = (
                        f"Pain went over your limit of {exercise.pain_limit} twice in your last "
                        f"{len(window)} sessions: step back to "
                        f"{format_amount(lower[-1], exercise.kind.unit)}."
                    )
                    self._change(routine, exercise, level, "step_back", lower[-1], at, reason)
                continue
            if self._ready(exercise, level, today):
                changed = level.changed_at or datetime.min.replace(tzinfo=start.tzinfo)
                harder.append((changed, order, exercise))
        waiting = state.harder_changed
        if waiting is not None and len(state.levels[waiting].since) < SESSIONS_NEEDED:
            return  # one thing at a time: the last change has to settle first
        if harder:
            exercise = min(harder, key=lambda item: (item[0], item[1]))[2]
            self._harder(routine, exercise, state.levels[exercise.id], at)

    def _ready(self, exercise: Exercise, level: _Level, today: date) -> bool:
        if _at_top(exercise, level):
            return False
        if len(level.since) < SESSIONS_PER_LEVEL * (level.variant + 1):
            return False
        evidence = level.since[-SESSIONS_NEEDED:]
        return all(
            d.reached
            and not d.over
            and d.day < today
            and self.ratings.get(d.day, 0) <= exercise.pain_limit
            for d in evidence
        )

    def _harder(self, routine: Routine, exercise: Exercise, level: _Level, at: datetime) -> None:
        unit = exercise.kind.unit
        higher = [v for v in _ladder(exercise, level) if v > level.target + 1e-9]
        where = f"in your last {SESSIONS_NEEDED} sessions"
        if higher:
            reason = (
                f"Reached {format_amount(level.target, unit)} {where}: "
                f"try {format_amount(higher[0], unit)}."
            )
            self._change(routine, exercise, level, "raise", higher[0], at, reason)
            return
        harder = exercise.variants[level.variant + 1]
        reason = (
            f"Reached {format_amount(level.target, unit)}, the top of this level, {where}: "
            f'move on to "{harder.name}" at {format_amount(harder.dose.min, unit)}.'
        )
        self._change(
            routine, exercise, level, "variant", harder.dose.min, at, reason, variant=harder
        )

    def _change(
        self,
        routine: Routine,
        exercise: Exercise,
        level: _Level,
        kind: str,
        target: float,
        at: datetime,
        reason: str,
        *,
        variant: Variant | None = None,
    ) -> None:
        old = exercise.variants[level.variant]
        new = variant or old
        if self.events and self.events[-1].at >= at:
            at = self.events[-1].at + timedelta(seconds=1)  # one decision after another
        evidence = tuple(d.session_id for d in level.since[-SESSIONS_NEEDED:])
        self.events.append(
            TargetChange(
                at=at,
                routine_id=routine.id,
                exercise_id=exercise.id,
                variant_id=new.id,
                target=float(target),
                change=kind,  # type: ignore[arg-type]  # one of the kinds named above
                accepted=True,
                reason=reason,
                from_variant_id=old.id,
                from_target=float(level.target),
                evidence=evidence,
            )
        )
        state = self.routines[routine.id]
        if kind in ("raise", "variant"):
            state.harder_changed = exercise.id
        elif state.harder_changed == exercise.id:
            state.harder_changed = None  # easing off settles nothing the others wait on
        level.variant = exercise.variants.index(new)
        level.target = float(target)
        level.changed_at = at
        level.since = []

    def after_session(self, record: SessionRecord, routine: Routine) -> None:
        """Remember a counted session of `routine` as evidence for its exercises."""
        state = self.routines[routine.id]
        state.last_started = record.started
        after = max((p.value for p in record.pains if p.when == "after"), default=0)
        for exercise in routine.exercises:
            sets = [s for s in record.sets if s.exercise_id == exercise.id]
            if not sets:
                continue
            level = state.levels[exercise.id]
            pains = [s.pain for s in sets if s.pain is not None]
            pains += [p.value for p in record.pains if p.exercise_id == exercise.id]
            chose = any(c.exercise_id == exercise.id for c in record.pain_choices)
            over = chose or max([after, *pains]) > exercise.pain_limit
            reached = all(_set_reached(s, level.target) for s in sets)
            level.since.append(_Done(record.id, record.started.date(), reached, over))
            state.last_done[exercise.id] = record.started.date()

    def todays_exercises(self, routine: Routine, today: date) -> tuple[Exercise, ...]:
        """What a session of `routine` runs: all of it, or, when it rotates, today's picks: the
        `DAILY_MOST` exercises done least recently (before today), ties in file order."""
        if not routine.rotation:
            return routine.exercises
        done = {k: v for k, v in self.routines[routine.id].last_done.items() if v < today}
        order = {e.id: index for index, e in enumerate(routine.exercises)}
        picks = sorted(routine.exercises, key=lambda e: (done.get(e.id, date.min), order[e.id]))
        chosen = {e.id for e in picks[:DAILY_MOST]}
        return tuple(e for e in routine.exercises if e.id in chosen)


def _variant_index(exercise: Exercise) -> int:
    return exercise.variants.index(exercise.variant)


def _ladder(exercise: Exercise, level: _Level) -> tuple[float, ...]:
    return exercise.variants[level.variant].dose.ladder()


def _at_top(exercise: Exercise, level: _Level) -> bool:
    variant = exercise.variants[level.variant]
    last = level.variant == len(exercise.variants) - 1
    return last and level.target >= variant.dose.max - 1e-9


def _set_reached(item: SetRecord, target: float) -> bool:
    if item.target_unit == "reps":
        return item.reps is not None and item.reps >= target
    return item.actual_s is not None and item.actual_s >= target - REACH_SLACK_S


# --- one session ---------------------------------------------------------------------------------


def _pain(rng: random.Random, flare: bool, settled: float) -> int:
    """Pain before a session; `settled` goes from 0 on the first day to 1 after six months."""
    if flare:
        return rng.choice((3, 4, 4, 5, 5, 6, 7))
    weights = [a + (b - a) * settled for a, b in zip(_PAIN_FIRST, _PAIN_SETTLED, strict=True)]
    return rng.choices((0, 1, 2, 3, 4), weights=weights)[0]


_PAIN_FIRST: Final = (35, 30, 20, 12, 3)
_PAIN_SETTLED: Final = (55, 28, 13, 3, 1)
SETTLING_DAYS: Final = 180
"""Days over which everyday pain eases from `_PAIN_FIRST` to `_PAIN_SETTLED` (0, 1, 2, 3, 4)."""


def _sides(variant: Variant) -> tuple[Side, ...]:
    return ("both",) if variant.sides is Sides.BOTH else ("left", "right")


def _work(
    rng: random.Random, exercise: Exercise, target: float, fraction: float
) -> tuple[float | None, int | None, float]:
    """(actual_s, reps, seconds the set took) for one set on one side."""
    if exercise.kind.unit == "reps":
        reps = max(1, round(target * fraction))
        per_rep = exercise.tempo.rep_seconds if exercise.tempo else exercise.seconds_per_rep
        took = round(reps * per_rep * rng.uniform(0.9, 1.15), 1)
        return took, reps, took
    if exercise.kind is Kind.REPEATED_HOLD:
        count = exercise.repeat.count if exercise.repeat else 1
        relax = exercise.repeat.relax if exercise.repeat else 0.0
        holds = count if fraction >= 0.97 else max(1, round(count * fraction))
        held = round(holds * target * min(fraction, 1.05), 1)
        return held, holds, held + max(0, holds - 1) * relax
    actual = round(target * fraction, 1)
    return actual, None, actual


def _session(
    rng: random.Random,
    routine: Routine,
    start: datetime,
    progress: _Progress,
    flare: bool,
    settled: float,
) -> SessionRecord:
    session_id = uuid.UUID(int=rng.getrandbits(128), version=4).hex
    speed = 10.0 if rng.random() < 0.004 else 1.0  # now and then someone tries demo mode
    killed = rng.random() < 0.003  # the writer was killed: reads as interrupted
    levels = progress.routines[routine.id].levels
    before = _pain(rng, flare, settled)
    pains = [PainCheck("before", before, start)]
    choices: list[PainChoice] = []
    sets: list[SetRecord] = []
    clock = start + timedelta(seconds=routine.lead_in + rng.randint(5, 20))
    status = "completed"
    picked = {e.id for e in progress.todays_exercises(routine, start.date())}
    for exercise in routine.exercises:
        # An exercise the daily rotation leaves out today draws its random numbers all the same
        # and keeps nothing (a flare that ends the session still ends it), so the rest of the
        # history is drawn as it was before the rotation.
        kept = exercise.id in picked
        level = levels[exercise.id]
        variant = exercise.variants[level.variant]
        target = level.target
        unit: Unit = "reps" if exercise.kind.unit == "reps" else "s"
        stop_session = False
        for number in range(1, exercise.sets + 1):
            for side in _sides(variant):
                weaker = rng.uniform(0.95, 1.04) if side == "left" else rng.uniform(0.99, 1.08)
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
                fraction = rng.uniform(0.5, 0.9) if stop else weaker
                actual_s, reps, took = _work(rng, exercise, target, fraction)
                pause = rng.randint(0, 30)
                if not kept:
                    if stop == "pain":
                        stop_session = rng.choice(("shorten", "regress", "end")) == "end"
                    if stop_session:
                        break
                    continue
                clock += timedelta(seconds=took / speed)
                sets.append(
                    SetRecord(
                        exercise_id=exercise.id,
                        exercise_name=exercise.name,
                        kind=exercise.kind.value,
                        variant_id=variant.id,
                        side=side,
                        set_number=number,
                        target=target,
                        target_unit=unit,
                        ended_at=clock.replace(microsecond=0),
                        actual_s=actual_s,
                        reps=reps,
                        overtime=stop is None and unit == "s" and fraction > 1.0,
                        stop_reason=stop,
                        pain=pain,
                    )
                )
                gap = exercise.side_gap if side == "left" else exercise.rest
                clock += timedelta(seconds=(gap + pause) / speed)
                if stop == "pain":
                    choice: PainChoiceKind = rng.choice(("shorten", "regress", "end"))
                    at = clock.replace(microsecond=0)
                    choices.append(PainChoice(exercise.id, choice, at, 6))
                    pains.append(PainCheck("exercise", pain or 6, at, exercise.id))
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
    return SessionRecord(
        id=session_id,
        routine_id=routine.id,
        routine_name=routine.name,
        routine_fingerprint=_FINGERPRINTS[routine.id],
        started=start,
        status="in_progress" if killed else status,  # type: ignore[arg-type]
        ended=None if killed else ended,
        speed=speed,
        sets=tuple(sets),
        pains=tuple(pains),
        pain_choices=tuple(choices),
        red_flag=False if rng.random() < 0.9 else None,
        notes="",
    )


# --- the whole history ---------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    """What the simulated user left behind: sessions, journal events and the routines followed."""

    sessions: list[SessionRecord]
    """Oldest first."""
    events: list[JournalEvent]
    """Oldest first."""
    follow: tuple[str, ...]


def _rating(rng: random.Random, day_sessions: list[SessionRecord]) -> int:
    """How the back felt the day after: near the typical pain the user came in with."""
    before = sorted(p.value for s in day_sessions for p in s.pains if p.when == "before")
    typical = before[len(before) // 2] if before else 0
    return max(0, min(10, typical + rng.choice((-1, 0, 0, 0, 1))))


def simulate(years: float, seed: int, end: date = DEFAULT_END) -> History:
    """The simulated history; the same for the same arguments. It stops the day before `end`."""
    rng = random.Random(seed)
    days = max(1, round(years * 365.25))
    first = end - timedelta(days=days)
    progress = _Progress()
    sessions: list[SessionRecord] = []
    break_left = 0
    flare_left = 0
    slots = ((7, 10), (12, 30), (18, 45), (21, 0))
    last_day: tuple[date, list[SessionRecord]] | None = None
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
        today: list[SessionRecord] = []
        for slot, routine_id in enumerate(plan):
            routine = ROUTINES[routine_id]
            hour, minute = slots[min(slot, len(slots) - 1)]
            start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
            start += timedelta(minutes=rng.randint(0, 50) + 60 * max(0, slot - 3))
            if slot == 0 and last_day is not None and rng.random() < RATED_SHARE:
                trained, before = last_day
                if (day - trained).days <= 2:
                    value = _rating(rng, before)
                    at = start - timedelta(minutes=2)
                    progress.events.append(NextDayRating(at, day, trained, value))
                    progress.ratings[trained] = value
            progress.before_session(rng, routine, start, day)
            settled = min(1.0, index / SETTLING_DAYS)
            record = _session(rng, routine, start, progress, flare_left > 0, settled)
            if not record.is_demo:
                progress.after_session(record, routine)
            today.append(record)
        sessions.extend(today)
        if today:
            last_day = (day, today)
    started = [r for r, first_day in (STEP_START_DAYS | EXTRA_START_DAYS).items()
               if first_day < days]  # fmt: skip
    return History(sessions, progress.events, tuple(started))


def generate(years: float, seed: int, end: date = DEFAULT_END) -> list[SessionRecord]:
    """The simulated sessions, oldest first; the same for the same arguments."""
    return simulate(years, seed, end).sessions


def make_history(
    data_dir: Path, years: float, seed: int, end: date = DEFAULT_END, *, fsync: bool = False
) -> tuple[int, int]:
    """Write the simulated history into `data_dir`; returns (sessions, sets) written.

    Besides the session files: the journal (accepted changes, next-day ratings) and `plan.toml`.
    """
    history = simulate(years, seed, end)
    store = HistoryStore(data_dir)
    set_count = 0
    for record in history.sessions:
        writer = store.open_session(record, fsync=fsync)
        result = writer.close()
        if not result.ok:
            raise SystemExit(result.message)
        set_count += len(record.sets)
    for event in history.events:
        record_event(data_dir, event, fsync=fsync)
    save_plan(data_dir, Plan(history.follow))
    return len(history.sessions), set_count


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
