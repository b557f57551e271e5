"""Words the engine says and shows: cue texts, questions, verdicts, advice.

Kept apart from the state machine so wording can change without touching timing.
"""

from __future__ import annotations

from backtimer.domain.formatting import (
    format_count,
    format_duration,
    format_reps,
    spoken_duration,
)
from backtimer.domain.routine import Band, Exercise, Kind
from backtimer.domain.vocabulary import STOP_REASONS, PainBeforeChoice
from backtimer.engine.events import Phase
from backtimer.engine.view import Option

TOO_HARD = "too hard: step down the ladder"
TOO_HARD_EASIEST = "too hard, and this is the easiest rung: stay on it"
IN_BAND = "in band"
ABOVE_BAND = "above the band: stay on this rung"
TOO_EASY = "too easy: step up"

RED_FLAG_ADVICE = (
    "Pain, tingling or numbness going down a leg is a warning sign. Stop training and see a "
    "clinician before going on."
)


def band_verdict(reps: int, band: Band, *, easiest: bool = False) -> str:
    """How a round of reps to technical failure compares with its band (`Band.zone`).

    On the easiest rung (`easiest`) there is nothing to step down to, and the advice says so.
    """
    zone = band.zone(reps)
    if zone == "too_hard":
        return TOO_HARD_EASIEST if easiest else TOO_HARD
    if zone == "too_easy":
        return TOO_EASY
    return ABOVE_BAND if zone == "above" else IN_BAND


def on_easiest_rung(exercise: Exercise) -> bool:
    """Whether `exercise` is on the first (easiest) of its variants."""
    return exercise.variant.id == exercise.variants[0].id


def start_word(kind: Kind) -> str:
    """The cue that starts a set."""
    return "Hold" if kind in (Kind.HOLD, Kind.REPEATED_HOLD) else "Go"


REMINDER_FROM_S = 30.0
"""Holds this long or longer get one form reminder in their middle (issue 12)."""


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".!;:,")
    return f"{text}." if text else ""


def lead_in_points(exercise: Exercise) -> tuple[str, ...]:
    """The points the lead-in speaks: the exercise's most important one and the first its
    variant adds (pad height, one leg), or else the exercise's two most important."""
    own, added = exercise.form, exercise.variant.form
    if own and added:
        return (own[0], added[0])
    return (own or added)[:2]


def reminder_point(exercise: Exercise) -> str | None:
    """The point repeated in the middle of a long hold: the one about breathing, if any."""
    points = exercise.form_points
    for point in points:
        if "breath" in point.lower():
            return point
    return points[0] if points else None


def announce(
    exercise: Exercise,
    first_side: str | None,
    *,
    only_leg: str | None = None,
    position: bool = True,
) -> str:
    """Said at the start of a lead-in: the exercise, its rung, the side, the key points.
    `only_leg`: the affected leg, when the exercise works it only (program C). `position`:
    there is a lead-in to get into position in (a walk has none)."""
    parts = [_sentence(exercise.name)]
    if len(exercise.variants) > 1:
        parts.append(_sentence(exercise.variant.name))
    if only_leg:
        parts.append(f"{only_leg.capitalize()} leg only.")
    elif first_side:
        parts.append(f"{first_side.capitalize()} side first.")
    parts.extend(_sentence(point) for point in lead_in_points(exercise))
    if position:
        parts.append("Get into position.")
    return " ".join(part for part in parts if part)


def rest(seconds: float, next_label: str) -> str:
    """Said as a rest begins: how long, and what comes after it."""
    return f"Rest {spoken_duration(seconds)}. Next: {next_label}."


def again(label: str) -> str:
    """Said at the start of the lead-in of a set done again (the back key)."""
    return f"Again: {label}. Get into position."


def reminder(point: str) -> str:
    """The mid-hold reminder."""
    return _sentence(point)


LEG_QUESTION = "Any pain, tingling or numbness going down a leg?"
NEW_LEG_QUESTION = (
    "Any new or worse pain, tingling or numbness down a leg: spreading further, stronger, "
    "or in the other leg?"
)
"""The leg question of a routine for diagnosed leg symptoms (program C): its users already have
some, so it asks about a change. A yes is a red flag as always."""


def question(phase: Phase, exercise_name: str, *, diagnosed_leg: bool = False) -> str | None:
    """The question a check-in phase asks, or None for the other phases. `diagnosed_leg`: the
    routine is for diagnosed leg symptoms, so the leg question asks what is new or worse."""
    return {
        Phase.PAIN_BEFORE: "Pain right now, from 0 to 10?",
        Phase.PAIN_BEFORE_HIGH: PAIN_BEFORE_HIGH,
        Phase.PAIN_EXERCISE: f"Pain during {exercise_name}, from 0 to 10?",
        Phase.PAIN_AFTER: "Pain now, after the session, from 0 to 10?",
        Phase.STOP_REASON: "Why did you stop?",
        Phase.PAIN_OVER_LIMIT: (
            "That is more pain than your limit: this exercise is too much for today. What now?"
        ),
        Phase.RED_FLAG: NEW_LEG_QUESTION if diagnosed_leg else LEG_QUESTION,
    }.get(phase)


PAIN_OPTIONS = tuple(Option(str(value), str(value)) for value in range(11))
_STOP_LABELS = {"fatigue": "Tired", "pain": "Pain", "form": "Form broke", "other": "Other"}
STOP_OPTIONS = tuple(Option(reason, _STOP_LABELS[reason]) for reason in STOP_REASONS)
RED_FLAG_OPTIONS = (Option("yes", "Yes"), Option("no", "No"))
END_LABEL = "End the session"

PAIN_BEFORE_HIGH = (
    "That is more pain than your limit, so nothing that loads the back today. New or sudden "
    "(acute) pain should be seen to first: let it settle, and have it checked by a clinician; "
    "this training is for long-standing pain. What now?"
)


def shorten_label(kind: Kind, target: float, lower: float) -> str:
    """`Shorten: 30 s → 21 s holds for the rest of this exercise (30 % less)`."""
    if kind.unit == "reps":
        amount = f"{round(target)} → {format_reps(lower)} a set"
    else:
        each = " holds" if kind in (Kind.HOLD, Kind.REPEATED_HOLD) else " a set"
        amount = f"{format_duration(target)} → {format_duration(lower)}{each}"
    return f"Shorten: {amount} for the rest of this exercise (30 % less)"


def regress_label(variant_name: str) -> str:
    """`Easier: Two legs, pad high for the rest of this exercise` (names as the routine writes them)."""
    return f"Easier: {variant_name} for the rest of this exercise"


def stop_exercise_label(sets_left: int, next_name: str | None) -> str:
    """Stopping this exercise: what is left out, or (after its last set) what comes next."""
    if sets_left:
        return f"Stop this exercise (leave out the {format_count(sets_left, 'set')} left)"
    if next_name is None:
        return "Finish the session here (that was the last exercise)"
    return f"Stop this exercise and go on to {next_name}"


def pain_before_label(choice: PainBeforeChoice, *, gentle: bool) -> str:
    """The answers to pain over the limit before the session."""
    if choice == "stop":
        return "Stop for today"
    if gentle:
        return "Do this gentle mobility routine only"
    return "Do the mobility routine only (gentle movement, no load)"


def pain_before_advice(value: int, limit: int) -> str:
    """Summary note when pain before the session was over the limit and it stopped there."""
    return (
        f"Pain before the session was {value}/10, above your limit of {limit}, so nothing that "
        "loads the back was done. Reduce the pain first; new or sudden pain should be checked by "
        "a clinician before training again."
    )


def pain_after_advice(value: int, limit: int) -> str:
    """Summary note when pain after the session was above the limit."""
    return (
        f"Pain after the session was {value}/10, above your limit of {limit}. That was too much "
        "for today: shorten or regress next time, and let the pain settle first."
    )
