"""The daily rotation: which few exercises of the rotating routines today asks for.

The program: "B is 1–3 exercises a day, rotated, not all of them every day", and "pair
compressing work (deadlift patterns) with decompressing work (child's pose, hanging,
knees-to-chest)". Routines marked `rotation = true` pool their exercises (in plan order, then
file order). Each day picks up to `DAILY_MOST` of them, least recently done first (days before
today only, so the picks hold all day), ties in that fixed order. A compressing exercise is
picked only together with a decompressing one. A routine with `locked_until_mastered` stays out
of the pool, with its reason, until the holds of the routine it names are mastered
("introduce movement through range only after the isometric holds are mastered"). The user may
swap a pick for the next one in the order; the swaps of a day are kept for that day only.

Pure: routines, sessions and journal events in, a `Rotation` out. The progression rules are
imported where they are used: the settings read `DAILY_MOST` at start-up, before any of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Final

from backtimer.domain.journal import JournalEvent
from backtimer.domain.records import SessionRecord
from backtimer.domain.routine import Load, Routine
from backtimer.domain.training import counts_as_training

DAILY_MOST: Final = 3
"""The most exercises the rotation picks for one day: the top of the program's "1–3 a day", and
how many it picks unless the user chose fewer (`daily_exercises` in config.toml)."""


@dataclass(frozen=True)
class Pick:
    """One exercise of the pool."""

    routine_id: str
    exercise_id: str
    name: str
    load: Load | None
    last_done: date | None
    """The last day before today it was trained, or None."""

    @property
    def key(self) -> str:
        """`routine-id/exercise-id`: how a swap names it."""
        return f"{self.routine_id}/{self.exercise_id}"


@dataclass(frozen=True)
class Swap:
    """Today's pick `out` replaced by `into` (both `routine-id/exercise-id`)."""

    out: str
    into: str


@dataclass(frozen=True)
class Locked:
    """A rotating routine kept out of the pool, and why."""

    routine_id: str
    routine_name: str
    reason: str


@dataclass(frozen=True)
class Rotation:
    """Today's picks, the pool they came from, and the routines still locked."""

    day: date
    picks: tuple[Pick, ...]
    pool: tuple[Pick, ...]
    """Every unlocked exercise in rotation order: least recently done first."""
    locked: tuple[Locked, ...]
    routine_ids: frozenset[str]
    """Every rotating routine followed, locked or not."""

    def picks_in(self, routine_id: str) -> tuple[Pick, ...]:
        """Today's picks from one routine."""
        return tuple(p for p in self.picks if p.routine_id == routine_id)

    def lock(self, routine_id: str) -> Locked | None:
        """Why `routine_id` is locked, or None."""
        return next((item for item in self.locked if item.routine_id == routine_id), None)

    def find(self, text: str) -> Pick | None:
        """The pick named `text`: `routine-id/exercise-id`, or an exercise id alone."""
        for pick in self.picks:
            if text in (pick.key, pick.exercise_id):
                return pick
        return None

    def replacement(self, out: Pick) -> Pick | None:
        """What swapping out `out` brings in: the next exercise of the pool not picked today
        that keeps compressing work paired with decompressing work; None when nothing can."""
        kept = [p for p in self.picks if p.key != out.key]
        for candidate in self.pool:
            if candidate in self.picks:
                continue
            if _paired([*kept, candidate]):
                return candidate
        return None

    def cut(self, routine: Routine) -> Routine:
        """`routine` with only today's picks from it, in the routine's order (unchanged when it
        does not rotate)."""
        if routine.id not in self.routine_ids:
            return routine
        wanted = {p.exercise_id for p in self.picks_in(routine.id)}
        return replace(routine, exercises=tuple(e for e in routine.exercises if e.id in wanted))


def _paired(picks: Sequence[Pick]) -> bool:
    """Compressing work comes with decompressing work."""
    loads = {p.load for p in picks}
    return Load.COMPRESSING not in loads or Load.DECOMPRESSING in loads


def _last_done(sessions: Iterable[SessionRecord], today: date) -> dict[str, date]:
    from backtimer.domain.progression.history import session_day

    last: dict[str, date] = {}
    for session in sessions:
        if not counts_as_training(session):
            continue
        day = session_day(session)
        if day >= today:
            continue
        for item in session.sets:
            key = f"{session.routine_id}/{item.exercise_id}"
            if key not in last or last[key] < day:
                last[key] = day
    return last


def lock_reason(
    routine: Routine,
    library: Mapping[str, Routine],
    sessions: Sequence[SessionRecord],
    journal: Iterable[JournalEvent],
    *,
    today: date,
) -> str | None:
    """Why `routine` is still locked, or None once the holds it waits for are mastered."""
    if routine.locked_until_mastered is None:
        return None
    first = library.get(routine.locked_until_mastered)
    if first is None:
        return f"it waits for {routine.locked_until_mastered!r}, which no routine is"
    from backtimer.domain.progression.mastery import mastered_exercises

    done, left = mastered_exercises(first, sessions, journal, today=today)
    if not left:
        return None
    total = len(done) + len(left)
    return (
        f"movement through range comes once the holds of {first.name} are mastered "
        f"({len(done)} of {total} so far: each at the top of its last level, held 2 weeks)"
    )


def rotation_today(
    routines: Sequence[Routine],
    sessions: Sequence[SessionRecord],
    *,
    today: date,
    locks: Mapping[str, str] | None = None,
    swaps: Sequence[Swap] = (),
    most: int = DAILY_MOST,
) -> Rotation:
    """Today's rotation over the rotating ones of `routines` (in plan order).

    `most` is how many exercises a day picks: the user's choice within the program's 1–3.

    `locks` maps a routine id to why it is locked (see `lock_reason`); `swaps` are today's, in
    the order they were made. A swap that no longer fits (its exercise is gone or already
    picked) is left out.
    """
    locks = locks or {}
    most = max(1, min(DAILY_MOST, most))
    rotating = [r for r in routines if r.rotation]
    last = _last_done(sessions, today)
    fixed: list[Pick] = []
    locked: list[Locked] = []
    for routine in rotating:
        if routine.id in locks:
            locked.append(Locked(routine.id, routine.name, locks[routine.id]))
            continue
        for exercise in routine.exercises:
            key = f"{routine.id}/{exercise.id}"
            fixed.append(Pick(routine.id, exercise.id, exercise.name, exercise.load, last.get(key)))
    order = {p.key: index for index, p in enumerate(fixed)}
    pool = sorted(fixed, key=lambda p: (p.last_done or date.min, order[p.key]))
    picks: list[Pick] = []
    for candidate in pool:
        if len(picks) >= most:
            break
        if candidate in picks:
            continue
        if _paired([*picks, candidate]):
            picks.append(candidate)
            continue
        # Compressing work needs a decompressing partner today, and room for both.
        partner = next((p for p in pool if p.load is Load.DECOMPRESSING and p not in picks), None)
        if partner is not None and len(picks) + 2 <= most:
            picks += [candidate, partner]
    rotation = Rotation(
        today, tuple(picks), tuple(pool), tuple(locked), frozenset(r.id for r in rotating)
    )
    by_key = {p.key: p for p in pool}
    for swap in swaps:
        out = by_key.get(swap.out)
        into = by_key.get(swap.into)
        if out is None or into is None or out not in rotation.picks or into in rotation.picks:
            continue
        changed = tuple(into if p == out else p for p in rotation.picks)
        if _paired(changed):
            rotation = replace(rotation, picks=changed)
    # Pool order stays fixed by history; picks keep the pool's order for a calm display.
    return replace(rotation, picks=tuple(p for p in rotation.pool if p in rotation.picks))
