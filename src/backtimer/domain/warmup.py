"""The shipped warm-ups: short mobility work a routine starts with.

The program: "Start each session with mobility work (a warm-up)". A routine names one of these
with `warmup = "<id>"`; the session runs it before the first exercise, with its own lead-in and
spoken cue, and logs it as a warm-up, which is never a set of the routine (`domain/training.py`).
"""

from __future__ import annotations

from typing import Final

from backtimer.domain.routine import Dose, Exercise, Kind, Sides, Variant

WARMUP_EXERCISE_ID: Final = "warm-up"
"""The exercise id a warm-up is logged under; no exercise of a routine may use it."""

_DOSE: Final = Dose(target=30, min=30, max=60, step=10)
"""30–60 s of continuous gentle movement (program A step 1, and cat-cow in B and C); a warm-up
takes the short end."""

_WARMUPS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "arch-and-slump": (
        "Warm-up: seated arch and slump",
        (
            "Sit tall on a chair, feet flat",
            "Rock the pelvis: arch the low back, then round it",
            "Slow and easy; never force the end of the range",
        ),
    ),
    "cat-cow": (
        "Warm-up: cat-cow",
        (
            "On hands and knees, hands under shoulders",
            "Round the back up, then let it sink, slowly",
            "Never force the end of the range",
            "Breathe with the movement",
        ),
    ),
}

WARMUP_IDS: Final = tuple(_WARMUPS)
"""The warm-ups a routine may name."""


def warmup_exercise(warmup_id: str, *, lead_in: float, pain_limit: int) -> Exercise:
    """The warm-up `warmup_id` (one of `WARMUP_IDS`) as the first step of a session."""
    name, form = _WARMUPS[warmup_id]
    return Exercise(
        id=WARMUP_EXERCISE_ID,
        name=name,
        kind=Kind.MOVEMENT,
        form=form,
        sets=1,
        rest=0.0,
        side_gap=0.0,
        lead_in=lead_in,
        pain_limit=pain_limit,
        variants=(Variant(warmup_id, name, _DOSE, Sides.BOTH),),
        variant_id=warmup_id,
        warmup=True,
    )
