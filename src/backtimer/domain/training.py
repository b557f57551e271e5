"""What counts as training done: one rule, used by every count of sessions.

Today's dose, the streak, the next-day question, progression, statistics, adherence, the report
and the history index's SQL (built from the constants here) all ask `counts_as_training`, so a
session is either training everywhere or nowhere.

A session counts when it was run in real time (not a demo at another speed), ended as completed or
ended early (an early end still did the work the back allowed; running and interrupted sessions
do not count), and has at least one set of the routine (a session ended before its first set did
no training). A warm-up set is logged but is not a set of the routine (`is_training_set`): a
session that stopped after its warm-up did no training, and a warm-up is never evidence for
progression or a set in the statistics.

Pain is read more widely (`counts_as_pain_evidence`): a session interrupted by pain did no full
training, but the pain it recorded is exactly what progression must not ignore.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final, Protocol, TypeVar

from backtimer.domain.vocabulary import Status

if TYPE_CHECKING:  # records import this module for `is_demo_speed`
    from backtimer.domain.records import SessionRecord

REAL_TIME_SPEED: Final = 1.0
"""The speed of a real session; any other speed is a demo run."""
SPEEDS: Final = (0.1, 1000.0)
"""The slowest and fastest a session can run (a demo at ten times real time is 10)."""
DONE_STATUSES: Final[tuple[Status, ...]] = ("completed", "ended_early")
"""The statuses of a session that counts."""
MIN_SETS: Final = 1
"""The fewest sets a session that counts holds."""


class Loggable(Protocol):
    """What the set rule needs of a set: whether it was the session's warm-up."""

    @property
    def warmup(self) -> bool: ...


def is_training_set(item: Loggable) -> bool:
    """Whether a logged set is a set of the routine: every set but a warm-up's."""
    return not item.warmup


class Countable(Protocol):
    """What the rule needs of a session: a record, a listing's summary, or a statistics row."""

    @property
    def speed(self) -> float: ...
    @property
    def status(self) -> str: ...
    @property
    def set_count(self) -> int: ...


_C = TypeVar("_C", bound=Countable)


def is_demo_speed(speed: float) -> bool:
    """True for a run at another speed than real time."""
    return speed != REAL_TIME_SPEED


def counts_as_training(session: Countable) -> bool:
    """Whether `session` counts as training done (see the module's description)."""
    return (
        not is_demo_speed(session.speed)
        and session.status in DONE_STATUSES
        and session.set_count >= MIN_SETS
    )


def training_done(sessions: Iterable[_C]) -> list[_C]:
    """The sessions that count as training done, in the order given."""
    return [s for s in sessions if counts_as_training(s)]


def has_pain_data(session: SessionRecord) -> bool:
    """Whether `session` recorded any pain: a check-in, pain on a set, or a choice about pain."""
    return (
        bool(session.pains)
        or bool(session.pain_choices)
        or any(item.pain is not None for item in session.sets)
    )


def counts_as_pain_evidence(session: SessionRecord) -> bool:
    """Whether `session` tells progression about pain (flares, and the reductions chosen then).

    Every real-time session that counts as training, and every other real-time session that
    recorded pain, whatever its status: interrupted, ended before its first set or still open.
    Demo runs never do.
    """
    if is_demo_speed(session.speed):
        return False
    return counts_as_training(session) or has_pain_data(session)
