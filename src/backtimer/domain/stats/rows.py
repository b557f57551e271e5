"""The session and set rows statistics read: light, without parsed times for every set.

The history index (`backtimer.storage.history.stats_query`) reads these straight from SQLite, and
builds them from loaded session records when the index cannot be used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from backtimer.domain.training import is_demo_speed


@dataclass(frozen=True, slots=True)
class SetRow:
    """One set on one side: what was aimed for and what was done."""

    exercise_id: str
    exercise_name: str
    kind: str
    variant_id: str
    side: str
    """"both", "left" or "right"."""
    unit: str
    """"s" or "reps"."""
    target: float
    value: float | None
    """Seconds held for a timed target, repetitions for a rep target; None when not recorded."""
    pain: int | None
    stop_reason: str | None


@dataclass(frozen=True, slots=True)
class Details:
    """A session's sets and pain check-ins."""

    sets: tuple[SetRow, ...]
    pains: tuple[tuple[str, int], ...]
    """(when, value) for every check-in: "before", "exercise" or "after"."""


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One session as statistics need it; its sets are looked up by `key` in a details map."""

    key: int
    id: str
    routine_id: str
    routine_name: str
    started: datetime
    day: date
    """The local date it started on, in the zone it was recorded in."""
    status: str
    """As written: a session whose writer crashed still reads "in_progress" here."""
    speed: float
    red_flag: bool | None
    set_count: int
    file: str

    @property
    def is_demo(self) -> bool:
        """A run at another speed than real time; left out of statistics."""
        return is_demo_speed(self.speed)


@dataclass(frozen=True, slots=True)
class RoutineTotals:
    """One routine's counted sessions over the whole history."""

    routine_id: str
    name: str
    """The name of its latest session."""
    sessions: int
    first: date
    last: date


@dataclass(frozen=True, slots=True)
class TopSet:
    """The best set ever done of one exercise, variant and side, and the first day it was done."""

    exercise_id: str
    variant_id: str
    side: str
    value: float
    started_ts: float
    """When that session started (seconds since the epoch): the earlier wins a tie."""
    day: date
