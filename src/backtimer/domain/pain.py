"""The one pain limit, and what pain over it means for the dose.

The program's pain rule: 0/10, or at most 1–2/10, during and after an exercise; above that the
exercise is too much today: shorten, regress or stop. Settings and routine files may set a lower
limit, never a higher one. Every place that compares pain with a limit (the session, progression,
stats, the report) takes it from `pain_limit`.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Final

from backtimer.domain.records import PainChoice
from backtimer.domain.routine import Kind, Routine

PROGRAM_PAIN_LIMIT: Final = 2
"""The pain rule's limit: at most 2/10 during and after an exercise. Nothing may raise it."""

SHORTEN_FRACTION: Final = 0.3
"""How much "shorten" takes off the rest of an exercise when pain goes over the limit.

30 %, about a third: pain over the limit says the dose is too much today, so the cut has to be clearly
felt. A step of the size progression adds in a week (5–10 %) would leave the exercise much as it
was; cutting it in half or more is what "stop this exercise" is for.
"""


def pain_limit(*limits: int | None) -> int:
    """The limit in force: the lowest of those given (settings, routine, exercise), at most 2."""
    return min([PROGRAM_PAIN_LIMIT, *(limit for limit in limits if limit is not None)])


def over_limit(value: int, limit: int = PROGRAM_PAIN_LIMIT) -> bool:
    """True when a 0–10 rating is above the limit."""
    return value > limit


def shortened(target: float, *, whole: bool = True) -> float | None:
    """`target` cut by `SHORTEN_FRACTION`, in whole seconds or reps, at least 1 lower and at
    least 1; None when nothing that small is left to do."""
    lower = round(target * (1 - SHORTEN_FRACTION), 6)  # 45 s → 31.5, not 31.4999…
    if whole:
        lower = float(math.floor(lower + 0.5))
        if lower >= target:
            lower = float(math.ceil(target) - 1)
    return lower if lower >= 1 and lower < target else None


GENTLE_KINDS: Final = frozenset((Kind.MOVEMENT, Kind.ACTIVITY))
"""Kinds that do not load the back: gentle movement through range (mobility) and activities."""


def loads_the_back(routine: Routine) -> bool:
    """True when any exercise of `routine` is more than gentle movement or an activity.

    Pain before a session over the limit stops such a routine from starting (new or acute pain
    is reduced first); a mobility routine may still be done.
    """
    return any(exercise.kind not in GENTLE_KINDS for exercise in routine.exercises)


def with_pain_limit(routine: Routine, settings_limit: int | None) -> Routine:
    """`routine` with the one limit in force on each exercise and on the routine itself, so
    every rule that reads `exercise.pain_limit` (progression, the session) uses the same one."""
    top = pain_limit(settings_limit, routine.pain_limit)
    limits = [pain_limit(top, e.pain_limit) for e in routine.exercises]
    if top == routine.pain_limit and limits == [e.pain_limit for e in routine.exercises]:
        return routine
    exercises = tuple(
        dataclasses.replace(e, pain_limit=limit)
        for e, limit in zip(routine.exercises, limits, strict=True)
    )
    return dataclasses.replace(routine, pain_limit=top, exercises=exercises)


def pain_choice_words(choice: PainChoice) -> str:
    """What a recorded pain choice did, in words: `shortened 30 s → 21 s`."""
    if choice.choice == "shorten":
        if choice.target is not None and choice.new_target is not None:
            return f"shortened the rest: {choice.target:g} → {choice.new_target:g}"
        return "shortened the rest"
    if choice.choice == "regress":
        to = f" ({choice.new_variant_id})" if choice.new_variant_id else ""
        return f"the easier variant for the rest{to}"
    return {
        "stop_exercise": "stopped the exercise",
        "end": "ended the session",
        "continue": "carried on (no longer offered)",
    }[choice.choice]
