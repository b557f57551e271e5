"""What a session runs today when that is less than the whole routine: the daily rotation's
picks (`backtimer.domain.rotation`) or a ladder's current rung (`backtimer.domain.ladder`); and
swapping one of today's picks. Today's plan (`backtimer.services.today`) computes both. Nothing
here prints or draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backtimer.domain.ladder import Rung, ladder_rung
from backtimer.domain.rotation import Pick, Rotation, Swap
from backtimer.domain.routine import Routine
from backtimer.services.today import load_today
from backtimer.services.today_data import load_window
from backtimer.storage.history import HistoryStore
from backtimer.storage.history.writer import HistoryWriteError
from backtimer.storage.journal import load_journal
from backtimer.storage.paths import Dirs
from backtimer.storage.rotation import save_swap


@dataclass(frozen=True)
class TodaysPart:
    """What a session of a routine runs today: the routine (cut to today's picks when it
    rotates), or why it does not start."""

    routine: Routine | None
    reason: str = ""


def todays_part(dirs: Dirs, routine: Routine, *, now: datetime) -> TodaysPart:
    """`routine` as today's rotation leaves it. A routine that does not rotate runs whole; a
    rotating one runs only today's picks from it, and does not start when it is locked, not
    followed, or has no pick today."""
    if routine.ladder:
        return TodaysPart(_rung(dirs, routine, now).cut(routine))
    if not routine.rotation:
        return TodaysPart(routine)
    rotation = load_today(dirs, now=now).plan.rotation
    return part_of(rotation, routine)


def _rung(dirs: Dirs, routine: Routine, now: datetime) -> Rung:
    """Where the user stands on the ladder `routine` (followed or not)."""
    row = load_today(dirs, now=now).plan.get(routine.id)
    if row is not None and row.rung is not None:
        return row.rung
    assert now.tzinfo is not None
    events, _problems = load_journal(dirs.data)
    window = load_window(HistoryStore(dirs.data), [routine], events, today=now.date())
    rung = ladder_rung(routine, window.sessions, events, today=now.date())
    assert rung is not None  # a ladder with exercises always has one
    return rung


def part_of(rotation: Rotation | None, routine: Routine) -> TodaysPart:
    """The pure half of `todays_part`: `routine` cut to `rotation`'s picks, or why not."""
    if not routine.rotation:
        return TodaysPart(routine)
    if rotation is None or routine.id not in rotation.routine_ids:
        return TodaysPart(
            None,
            f"{routine.name} is part of a daily rotation: follow it (f on the home screen) "
            "and its exercises take their turn.",
        )
    locked = rotation.lock(routine.id)
    if locked is not None:
        return TodaysPart(None, f"{routine.name} is locked: {locked.reason}.")
    cut = rotation.cut(routine)
    if not cut.exercises:
        today = ", ".join(p.name for p in rotation.picks) or "nothing"
        return TodaysPart(
            None,
            f"{routine.name} has no exercise in today's rotation (today: {today}). "
            "Swap one in with w on the home screen or `backtimer today --swap`.",
        )
    return TodaysPart(cut)


@dataclass(frozen=True)
class SwapResult:
    """A swap made (`out` for `into`), or why none was."""

    out: Pick | None = None
    into: Pick | None = None
    error: str = ""


def swap_pick(dirs: Dirs, which: str, *, now: datetime) -> SwapResult:
    """Swap today's pick named `which` (an exercise id, or `routine-id/exercise-id`) for the
    next one in the rotation, and save it for today."""
    rotation = load_today(dirs, now=now).plan.rotation
    if rotation is None:
        return SwapResult(error="You follow no routine that rotates, so there is nothing to swap.")
    out = rotation.find(which)
    if out is None:
        names = ", ".join(f"{p.exercise_id} ({p.name})" for p in rotation.picks) or "none"
        return SwapResult(error=f"{which!r} is not one of today's picks: {names}.")
    into = rotation.replacement(out)
    if into is None:
        return SwapResult(
            out=out, error=f"Nothing else in the rotation can take {out.name}'s place."
        )
    try:
        save_swap(dirs.data, rotation.day, Swap(out=out.key, into=into.key))
    except (OSError, HistoryWriteError) as error:
        return SwapResult(out=out, into=into, error=f"Could not save the swap: {error}")
    return SwapResult(out=out, into=into)
