"""The user's decisions and ratings, as events: the journal kept beside the session files.

Progression reads them back in time order, so the current targets are always derived from
history rather than stored as state that could drift. Reading and writing the journal files is
`backtimer.storage.journal`; this module holds the events and the questions the rules ask of them.

Events:

- `NextDayRating`: how the back felt the day after training (0–10).
- `TargetChange`: a suggested change the user accepted or declined, or a target set by hand.
- `ClinicianCleared`: the user has seen a clinician after a red flag.
- `DiagnosisConfirmed`: the user confirms a clinician diagnosed their leg symptoms (sciatica) and
  suggested the movements of a routine for diagnosed leg symptoms (program C); asked once.
- `AffectedLegChosen`: which leg the one-sided work of such a routine is done on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, Literal

ChangeKind = Literal[
    "raise",
    "variant",
    "advance_step",
    "step_back",
    "ease_back",
    "manual",
    "regress_band",
    "advance_band",
]
CHANGE_KINDS: Final[frozenset[str]] = frozenset(
    (
        "raise",
        "variant",
        "advance_step",
        "step_back",
        "ease_back",
        "manual",
        "regress_band",
        "advance_band",
    )
)


@dataclass(frozen=True)
class NextDayRating:
    """How the back felt since `training_date`, rated on `rated_on` (0–10)."""

    at: datetime
    rated_on: date
    training_date: date
    value: int


@dataclass(frozen=True)
class TargetChange:
    """A change to one exercise's variant and target: accepted, declined, or set by hand.

    `from_*` say what it changed from, so a declined suggestion can be recognised later.
    `next_routine` is set only for `advance_step` (move on to that routine).
    """

    at: datetime
    routine_id: str
    exercise_id: str
    variant_id: str
    target: float
    change: ChangeKind
    accepted: bool
    reason: str = ""
    from_variant_id: str | None = None
    from_target: float | None = None
    next_routine: str | None = None
    evidence: tuple[str, ...] = ()
    """Ids of the sessions the suggestion rested on."""


@dataclass(frozen=True)
class ClinicianCleared:
    """The user says they have seen a clinician (after a red flag) on `cleared_on`."""

    at: datetime
    cleared_on: date


@dataclass(frozen=True)
class DiagnosisConfirmed:
    """The user confirms a clinician has diagnosed their leg symptoms and suggested these
    movements: program C "is gated behind that confirmation"."""

    at: datetime


Leg = Literal["left", "right"]
LEGS: Final[tuple[Leg, ...]] = ("left", "right")


@dataclass(frozen=True)
class AffectedLegChosen:
    """The leg with the symptoms: C's nerve glide and hamstring stretch work it only."""

    at: datetime
    leg: Leg


JournalEvent = (
    NextDayRating | TargetChange | ClinicianCleared | DiagnosisConfirmed | AffectedLegChosen
)


def next_day_ratings(events: Iterable[JournalEvent]) -> tuple[NextDayRating, ...]:
    """The next-day ratings among journal events, in the order given."""
    return tuple(e for e in events if isinstance(e, NextDayRating))


def latest_ratings(events: Iterable[JournalEvent]) -> dict[date, int]:
    """Training day → its next-day rating; when a day was rated twice, the later answer wins."""
    ratings: dict[date, int] = {}
    for event in sorted(next_day_ratings(events), key=lambda e: e.at):
        ratings[event.training_date] = event.value
    return ratings


def target_changes(events: Iterable[JournalEvent], routine_id: str) -> list[TargetChange]:
    """The target changes (accepted or declined) of one routine, oldest first."""
    changes = [e for e in events if isinstance(e, TargetChange) and e.routine_id == routine_id]
    changes.sort(key=lambda e: e.at)
    return changes


def last_cleared(events: Iterable[JournalEvent]) -> datetime | None:
    """When the user last said they had seen a clinician, or None."""
    return max((e.at for e in events if isinstance(e, ClinicianCleared)), default=None)


def diagnosis_confirmed(events: Iterable[JournalEvent]) -> bool:
    """Whether the user has ever confirmed their leg symptoms were diagnosed (asked once)."""
    return any(isinstance(e, DiagnosisConfirmed) for e in events)


def affected_leg(events: Iterable[JournalEvent]) -> Leg | None:
    """The leg chosen last for one-sided work, or None before the first choice."""
    chosen = sorted((e for e in events if isinstance(e, AffectedLegChosen)), key=lambda e: e.at)
    return chosen[-1].leg if chosen else None
