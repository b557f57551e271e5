"""Whether an exercise is mastered: the same evidence that moves it past its last level.

"Master each level before moving on": an exercise is mastered when it is on its last variant at
the top of its range and has held it like a move to the next variant: the target reached with
pain within the limit in `SESSIONS_NEEDED` sessions spread over `MASTERY_DAYS` days, since its
last change. Other rules (a routine that unlocks only once another's holds are mastered) ask
this instead of judging mastery their own way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from backtimer.domain.journal import JournalEvent
from backtimer.domain.progression.clearance import AfterRedFlags
from backtimer.domain.progression.history import sets_of
from backtimer.domain.progression.model import MASTERY_DAYS, SESSIONS_NEEDED
from backtimer.domain.progression.rules import good_run, routine_context
from backtimer.domain.progression.state import at_top, current_state
from backtimer.domain.records import SessionRecord
from backtimer.domain.routine import Exercise, Kind, Routine

HOLD_KINDS = (Kind.HOLD, Kind.REPEATED_HOLD)
"""The kinds that are isometric holds."""


def mastered_exercises(
    routine: Routine,
    sessions: Sequence[SessionRecord],
    journal: Iterable[JournalEvent],
    *,
    today: date,
    kinds: tuple[Kind, ...] = HOLD_KINDS,
) -> tuple[tuple[Exercise, ...], tuple[Exercise, ...]]:
    """(mastered, not yet) among the exercises of `routine` of the given kinds."""
    journal = list(journal)
    flags = AfterRedFlags.of(sessions, journal, routine.id)
    context = routine_context(routine, flags, journal, today=today, needed=SESSIONS_NEEDED)
    states = current_state(routine, sessions, journal)
    done: list[Exercise] = []
    left: list[Exercise] = []
    for exercise in routine.exercises:
        if exercise.kind not in kinds:
            continue
        state = states[exercise.id]
        since = state.changed_at
        recent = [
            s
            for s in context.history
            if (since is None or s.started > since) and sets_of(s, exercise.id)
        ]
        held = at_top(exercise, state) and (
            good_run(context, exercise, state, recent, MASTERY_DAYS) is not None
        )
        (done if held else left).append(exercise)
    return tuple(done), tuple(left)
