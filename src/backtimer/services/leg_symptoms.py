"""Program C, for leg symptoms a clinician has diagnosed: its one-time confirmation and the leg.

Program C "is gated behind that confirmation": following or starting a routine with
`diagnosed_leg_symptoms = true` first asks whether a clinician diagnosed the leg symptoms and
suggested these movements. The answer is a journal event, so it is asked once. The same step asks
which leg is affected (the nerve glide and hamstring stretch work it only); it can be changed
later. Nothing here prints or draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from backtimer.domain.journal import (
    AffectedLegChosen,
    DiagnosisConfirmed,
    Leg,
    affected_leg,
    diagnosis_confirmed,
)
from backtimer.domain.routine import Routine
from backtimer.storage.journal import load_journal, record_event

__all__ = [
    "LegSetup",
    "choose_leg",
    "chosen_leg",
    "confirm_diagnosis",
    "leg_setup",
    "record_answer",
]

DIAGNOSIS_QUESTION = (
    "This set is for leg symptoms (sciatica) that a clinician has diagnosed. Leg symptoms need "
    "a diagnosis first. Has a clinician diagnosed yours and suggested movements like these?"
)
NOT_DIAGNOSED = (
    "The sciatica-friendly set is only for leg symptoms a clinician has diagnosed, who "
    "suggested these movements. Please see one first: leg symptoms need a diagnosis."
)
LEG_QUESTION = "Which leg has the symptoms? The nerve glide and the hamstring stretch work it only."


@dataclass(frozen=True)
class LegSetup:
    """What a routine for diagnosed leg symptoms still needs before it is followed or started."""

    needs_confirmation: bool
    """The user has never confirmed the diagnosis: ask, once."""
    leg: Leg | None
    """The affected leg chosen, or None: ask."""

    @property
    def complete(self) -> bool:
        """Nothing left to ask."""
        return not self.needs_confirmation and self.leg is not None


def leg_setup(data_dir: Path, routines: tuple[Routine, ...] | list[Routine]) -> LegSetup:
    """What is still to ask before `routines` are followed or started (nothing when none of them
    is for diagnosed leg symptoms). An unreadable journal hides no confirmation: it asks again."""
    if not any(routine.diagnosed_leg_symptoms for routine in routines):
        return LegSetup(needs_confirmation=False, leg=None)
    journal, _problems = load_journal(data_dir)
    return LegSetup(needs_confirmation=not diagnosis_confirmed(journal), leg=affected_leg(journal))


def chosen_leg(data_dir: Path) -> Leg | None:
    """The affected leg chosen last, or None (an unreadable journal: none)."""
    journal, _problems = load_journal(data_dir)
    return affected_leg(journal)


def needs_asking(data_dir: Path, routines: tuple[Routine, ...] | list[Routine]) -> bool:
    """Whether following or starting `routines` must ask the confirmation or the leg first."""
    if not any(routine.diagnosed_leg_symptoms for routine in routines):
        return False
    return not leg_setup(data_dir, routines).complete


def confirm_diagnosis(data_dir: Path, *, now: datetime, fsync: bool = True) -> Path:
    """Record that a clinician diagnosed the leg symptoms and suggested these movements."""
    return record_event(data_dir, DiagnosisConfirmed(at=now), fsync=fsync)


def choose_leg(data_dir: Path, leg: Leg, *, now: datetime, fsync: bool = True) -> Path:
    """Record the affected leg; the latest choice is the one used."""
    return record_event(data_dir, AffectedLegChosen(at=now, leg=leg), fsync=fsync)


def record_answer(
    data_dir: Path, leg: Leg, *, confirm: bool, now: datetime, fsync: bool = True
) -> None:
    """Record the answer to program C's question: the diagnosis confirmed (when it was asked)
    and the affected leg. Following the set and starting it record the same answer."""
    if confirm:
        confirm_diagnosis(data_dir, now=now, fsync=fsync)
    choose_leg(data_dir, leg, now=now, fsync=fsync)
