"""Words the engine says and shows: cue texts, questions, verdicts, advice.

Kept apart from the state machine so wording can change without touching timing.
"""

from __future__ import annotations

from backtimer.domain.routine import Band, Kind
from backtimer.domain.vocabulary import PAIN_CHOICES, STOP_REASONS, PainChoiceKind
from backtimer.engine.events import Phase
from backtimer.engine.view import Option

TOO_HARD = "too hard: step down the ladder"
IN_BAND = "in band"
TOO_EASY = "too easy: step up"

RED_FLAG_ADVICE = (
    "Pain, tingling or numbness going down a leg is a warning sign. Stop training and see a "
    "clinician before going on."
)


def band_verdict(reps: int, band: Band) -> str:
    """How a round of reps to technical failure compares with its band."""
    if reps < band.low:
        return TOO_HARD
    if reps >= band.high:
        return TOO_EASY
    return IN_BAND


def start_word(kind: Kind) -> str:
    """The cue that starts a set."""
    return "Hold" if kind in (Kind.HOLD, Kind.REPEATED_HOLD) else "Go"


def announce(name: str, first_side: str | None) -> str:
    """Said at the start of a lead-in."""
    side = f" {first_side.capitalize()} side first." if first_side else ""
    return f"{name}.{side} Get into position."


def question(phase: Phase, exercise_name: str) -> str | None:
    """The question a check-in phase asks, or None for the other phases."""
    return {
        Phase.PAIN_BEFORE: "Pain right now, from 0 to 10?",
        Phase.PAIN_EXERCISE: f"Pain during {exercise_name.lower()}, from 0 to 10?",
        Phase.PAIN_AFTER: "Pain now, after the session, from 0 to 10?",
        Phase.STOP_REASON: "Why did you stop?",
        Phase.PAIN_OVER_LIMIT: "That was more pain than your limit. What now?",
        Phase.RED_FLAG: "Any pain, tingling or numbness going down a leg?",
    }.get(phase)


PAIN_OPTIONS = tuple(Option(str(value), str(value)) for value in range(11))
_STOP_LABELS = {"fatigue": "Tired", "pain": "Pain", "form": "Form broke", "other": "Other"}
STOP_OPTIONS = tuple(Option(reason, _STOP_LABELS[reason]) for reason in STOP_REASONS)
RED_FLAG_OPTIONS = (Option("yes", "Yes"), Option("no", "No"))
_CHOICE_LABELS: dict[PainChoiceKind, str] = {
    "shorten": "Shorten it",
    "regress": "Easier variant",
    "stop_exercise": "Stop this exercise",
    "end": "End the session",
    "continue": "Carry on",
}


def choice_options(offered: tuple[PainChoiceKind, ...]) -> tuple[Option, ...]:
    """The pain-over-limit options, in a fixed order, limited to those on offer."""
    return tuple(
        Option(choice, _CHOICE_LABELS[choice]) for choice in PAIN_CHOICES if choice in offered
    )


def pain_after_advice(value: int, limit: int) -> str:
    """Summary note when pain after the session was above the limit."""
    return (
        f"Pain after the session was {value}/10, above your limit of {limit}. That was too much "
        "for today: shorten or regress next time, and let the pain settle first."
    )
