"""A routine that is a ladder of exercises (program E): a session works one rung, not all.

The program: "Choose the starting point by the person's current strength, not all seven at
once", and "master each level before moving on". In a routine marked `ladder = true` the
exercises are rungs, easiest first. The starting rung is the exercise whose target the user last
set by hand (the set-target dialog, or the first rung when they never did); from there the
ladder moves up past every rung that is mastered (`mastered_exercises`: the top of its last
level, held like a move to a new variant, over 2 weeks). A session runs the current rung, after
the rung below it as practice.

Pure: a routine, sessions and journal events in, a `Rung` out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from backtimer.domain.journal import JournalEvent, target_changes
from backtimer.domain.progression.mastery import mastered_exercises
from backtimer.domain.records import SessionRecord
from backtimer.domain.routine import Kind, Routine

ALL_KINDS = tuple(Kind)


@dataclass(frozen=True)
class Rung:
    """Where the user stands on a ladder routine."""

    routine_id: str
    index: int
    """The current rung, from 0."""
    count: int
    start: int
    """The rung they chose to start from."""
    current: str
    """The current rung's exercise id."""
    practice: str | None
    """The rung below, done first as practice; None on the first rung."""

    def cut(self, routine: Routine) -> Routine:
        """`routine` with only the practice rung and the current rung."""
        wanted = {self.current, self.practice}
        return replace(routine, exercises=tuple(e for e in routine.exercises if e.id in wanted))

    def words(self, routine: Routine) -> str:
        """`Gym strength: rung 3 of 7, Bridge with ball roll (after Reverse plank as practice)`."""
        current = routine.exercise(self.current)
        practice = routine.exercise(self.practice) if self.practice else None
        text = f"{routine.name}: rung {self.index + 1} of {self.count}, "
        text += current.name if current else self.current
        if practice is not None:
            text += f" (after {practice.name} as practice)"
        return text


def starting_rung(routine: Routine, journal: Iterable[JournalEvent]) -> int:
    """The rung of the exercise whose target was last set by hand; 0 when none was."""
    ids = [e.id for e in routine.exercises]
    start = 0
    for change in target_changes(journal, routine.id):
        if change.change == "manual" and change.accepted and change.exercise_id in ids:
            start = ids.index(change.exercise_id)
    return start


def ladder_rung(
    routine: Routine,
    sessions: Sequence[SessionRecord],
    journal: Iterable[JournalEvent],
    *,
    today: date,
) -> Rung | None:
    """Where the user stands on `routine` today; None when it is not a ladder."""
    if not routine.ladder or not routine.exercises:
        return None
    journal = list(journal)
    start = starting_rung(routine, journal)
    mastered, _left = mastered_exercises(routine, sessions, journal, today=today, kinds=ALL_KINDS)
    done = {e.id for e in mastered}
    index = start
    last = len(routine.exercises) - 1
    while index < last and routine.exercises[index].id in done:
        index += 1
    practice = routine.exercises[index - 1].id if index > 0 else None
    return Rung(
        routine_id=routine.id,
        index=index,
        count=len(routine.exercises),
        start=start,
        current=routine.exercises[index].id,
        practice=practice,
    )
