"""A small builder of synthetic histories for one routine, built in code: it adds sessions and
journal events day by day, so each test reads as a story ("two good sessions, a flare, the next
day..."). Also the routines those stories use."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import cast

from backtimer.domain.journal import JournalEvent, NextDayRating
from backtimer.domain.progression import (
    SESSIONS_NEEDED,
    ExerciseState,
    Suggestion,
    answer,
    current_state,
    manual_change,
    suggest,
)
from backtimer.domain.records import PainCheck, PainChoice, SessionRecord, SetRecord
from backtimer.domain.routine import Routine
from backtimer.domain.vocabulary import Side, Status, Unit
from backtimer.storage.routines import parse_routine_text

TZ = timezone(timedelta(hours=1))
"""The stories' time zone."""

HOLDS_TOML = """
id = "holds"
name = "Static holds"
program = "A"
step = 2
frequency = "2-per-day"
next = "slow"

[[exercise]]
id = "static-hold"
name = "Static hold"
kind = "hold"
dose = { target = 30, min = 30, max = 120, step = 10 }

[[exercise.variant]]
id = "pad-high"
name = "Pad high"

[[exercise.variant]]
id = "pad-lower"
name = "Pad one notch lower"

[[exercise.variant]]
id = "single-leg"
name = "One leg"
sides = "each"
dose = { target = 15, min = 15, max = 60, step = 5 }
"""

SLOW_TOML = """
id = "slow"
name = "Slow lowering"
program = "A"
step = 3
frequency = "daily"

[[exercise]]
id = "slow-lowering"
name = "Slow lowering"
kind = "reps"
dose = { target = 10, min = 10, max = 30, step = 2 }
"""


def routine_from(text: str, **fields: str) -> Routine:
    """A routine from its TOML, with `{name}` placeholders filled from `fields`."""
    text = text.format(**fields) if fields else text
    routine, problems = parse_routine_text(tomllib.loads(text), text, "test.toml")
    assert routine is not None, problems
    return routine


HOLDS = routine_from(HOLDS_TOML)

SLOW = routine_from(SLOW_TOML)


def at(day: date, hour: int = 8, minute: int = 0) -> datetime:
    """That time of `day`, in the stories' time zone."""
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


@dataclass
class History:
    """Sessions and journal events for one routine, added in time order."""

    routine: Routine
    sessions: list[SessionRecord] = field(default_factory=list)
    journal: list[JournalEvent] = field(default_factory=list)

    def state(self, exercise_id: str | None = None) -> ExerciseState:
        states = current_state(self.routine, self.sessions, self.journal)
        return states[exercise_id or self.routine.exercises[0].id]

    def train(
        self,
        day: date,
        hour: int = 8,
        *,
        done: float | Sequence[float] | None = None,
        exercises: Sequence[str] | None = None,
        during: int | None = None,
        after: int | None = 0,
        red_flag: bool | None = None,
        red_flag_skipped: bool = False,
        speed: float = 1.0,
        status: str = "completed",
        choice: bool = False,
    ) -> SessionRecord:
        """One session: every exercise at its current target, or `done` (per round) instead."""
        started = at(day, hour)
        sets: list[SetRecord] = []
        pains: list[PainCheck] = []
        choices: list[PainChoice] = []
        states = current_state(self.routine, self.sessions, self.journal)
        for exercise in self.routine.exercises:
            if exercises is not None and exercise.id not in exercises:
                continue
            state = states[exercise.id]
            variant = next(v for v in exercise.variants if v.id == state.variant_id)
            rounds = [done] * exercise.sets if not isinstance(done, Sequence) else list(done)
            sides = ("left", "right") if variant.sides.value != "both" else ("both",)
            for number, amount in enumerate(rounds, start=1):
                value = state.target if amount is None else amount
                for side in sides:
                    unit = exercise.kind.unit
                    sets.append(
                        SetRecord(
                            exercise_id=exercise.id,
                            exercise_name=exercise.name,
                            kind=exercise.kind.value,
                            variant_id=state.variant_id,
                            side=cast(Side, side),
                            set_number=number,
                            target=state.target,
                            target_unit=cast(Unit, unit),
                            ended_at=started + timedelta(minutes=number),
                            actual_s=value if unit == "s" else None,
                            reps=round(value) if unit == "reps" else None,
                        )
                    )
            if during is not None:
                pains.append(PainCheck("exercise", during, started, exercise.id))
            if choice:
                choices.append(PainChoice(exercise.id, "shorten", started, during))
        if after is not None:
            pains.append(PainCheck("after", after, started + timedelta(minutes=20)))
        record = SessionRecord(
            id=f"{self.routine.id}-{day.isoformat()}-{hour:02d}-{len(self.sessions)}",
            routine_id=self.routine.id,
            routine_name=self.routine.name,
            routine_fingerprint="test",
            started=started,
            status=cast(Status, status),
            ended=started + timedelta(minutes=20),
            speed=speed,
            sets=tuple(sets),
            pains=tuple(pains),
            pain_choices=tuple(choices),
            red_flag=red_flag,
            red_flag_skipped=red_flag_skipped,
        )
        self.sessions.append(record)
        return record

    def rate(self, training_day: date, value: int) -> None:
        rated_on = training_day + timedelta(days=1)
        self.journal.append(NextDayRating(at(rated_on, 7), rated_on, training_day, value))

    def suggest(self, today: date, needed: int = SESSIONS_NEEDED) -> list[Suggestion]:
        return suggest(
            self.routine, self.sessions, self.journal, today=today, sessions_needed=needed
        )

    def answer(self, suggestion: Suggestion, today: date, *, accepted: bool = True) -> None:
        self.journal.extend(answer(suggestion, accepted=accepted, at=at(today, 7, 30)))

    def set_by_hand(self, today: date, target: float, variant: str | None = None) -> None:
        states = current_state(self.routine, self.sessions, self.journal)
        exercise_id = self.routine.exercises[0].id
        self.journal.append(
            manual_change(
                self.routine,
                states,
                exercise_id,
                variant_id=variant,
                target=target,
                at=at(today, 6),
            )
        )
