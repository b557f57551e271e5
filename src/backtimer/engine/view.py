"""What a screen needs to draw a session at one moment, as one frozen dataclass."""

from __future__ import annotations

from dataclasses import dataclass

from backtimer.domain.routine import Exercise
from backtimer.domain.vocabulary import Status
from backtimer.engine.events import Phase


@dataclass(frozen=True)
class Option:
    """One answer to a check-in question: pass `value` to `Session.answer()`."""

    value: str
    label: str


@dataclass(frozen=True)
class SessionView:
    """A snapshot of the session for drawing. Times are seconds; `None` means "not shown now"."""

    phase: Phase
    paused: bool
    status: Status
    exercise_index: int
    """0-based index of the current (or upcoming) exercise."""
    exercise_count: int
    exercise: Exercise
    """The exercise with the variant in use this session (after any regression)."""
    variant_name: str
    form_points: tuple[str, ...]
    """The exercise's form points, then those its variant adds, most important first."""
    set_number: int
    """1-based set of this pass through the exercise (the upcoming one during rest)."""
    sets: int
    side: str | None
    """`"left"`/`"right"` for per-side work, else None."""
    target: float
    """The target of a set: seconds, reps, or seconds per hold for repeated holds."""
    unit: str
    remaining: float | None
    """Seconds left in the current timed phase (lead-in, hold, rest, switch, relax)."""
    elapsed: float | None
    """Seconds worked in the current set (holds: the hold so far, pauses excluded)."""
    duration: float | None
    """Full length of the current timed phase."""
    progress: float
    """0..1 through the current timed phase, or reps over target for counted sets."""
    overtime: bool
    reps: int | None
    reps_target: int | None
    tempo_word: str | None
    """LOWER, PAUSE, UP or HOLD while a metronome paces reps."""
    tempo_remaining: float | None
    hold_number: int | None
    """1-based hold of a repeated hold."""
    holds: int | None
    rest_remaining: float | None
    next_text: str
    last_text: str | None
    """How it went last time, as the caller formatted it."""
    verdict: str | None
    """For reps to failure: how the last set compared with the band."""
    question: str | None
    options: tuple[Option, ...]
    advice: tuple[str, ...]
    """Notes for the summary: red flag, pain above the limit."""
    can_finish: bool
    """`finish()` applies: a set is running."""
    can_count: bool
    """`add_rep()`/`remove_rep()` apply."""
    can_mark_done: bool
    """`mark_done()` applies: an activity can be ticked off untimed."""
    can_adjust_rest: bool
    can_report_pain: bool = False
    """Pain can be rated now, during the exercise (`Session.report_pain`)."""
    can_keep_going: bool = False
    """`set_keep_going()` applies: a hold is running."""
    keep_going: bool = False
    """The hold running now counts on past its target until `finish()`."""
    can_start_counting: bool = False
    """Before a counted set: `add_rep()` starts it now and counts the rep."""
    back: str | None = None
    """What `back()` does now: `"set"` does a set again, `"exercise"` goes to the previous
    exercise, None does nothing (see `Session.back`)."""
