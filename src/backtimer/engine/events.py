"""The session engine's vocabulary: phases, cue kinds, events, logged sets and settings.

Everything here is a small frozen dataclass or a `StrEnum`, so a screen can match on it and a test
can compare it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final, Literal

from backtimer.domain.routine import Kind
from backtimer.domain.vocabulary import PainChoiceKind, PainWhen, Side, Status, StopReason

STALE_S: Final = 1.0
"""A cue whose moment passed more than this long before `advance()` ran is dropped, not spoken."""


class Phase(StrEnum):
    """Where a session is. Timed phases end by themselves; question phases wait for an answer."""

    PAIN_BEFORE = "pain_before"
    PAIN_BEFORE_HIGH = "pain_before_high"
    """Pain before the session was over the limit: stop for today, or mobility only."""
    LEAD_IN = "lead_in"
    WORK = "work"
    RELAX = "relax"
    SWITCH = "switch"
    REST = "rest"
    STOP_REASON = "stop_reason"
    PAIN_EXERCISE = "pain_exercise"
    PAIN_OVER_LIMIT = "pain_over_limit"
    PAIN_AFTER = "pain_after"
    RED_FLAG = "red_flag"
    SUMMARY = "summary"

    @property
    def is_question(self) -> bool:
        """True for the phases that wait for the user to answer something."""
        return self in _QUESTIONS

    @property
    def is_pain_check(self) -> bool:
        """True for the 0–10 pain check-ins."""
        return self in (Phase.PAIN_BEFORE, Phase.PAIN_EXERCISE, Phase.PAIN_AFTER)


_QUESTIONS = frozenset(
    (
        Phase.PAIN_BEFORE,
        Phase.PAIN_BEFORE_HIGH,
        Phase.STOP_REASON,
        Phase.PAIN_EXERCISE,
        Phase.PAIN_OVER_LIMIT,
        Phase.PAIN_AFTER,
        Phase.RED_FLAG,
    )
)


MID_EXERCISE: Final = frozenset((Phase.LEAD_IN, Phase.WORK, Phase.RELAX, Phase.SWITCH, Phase.REST))
"""The phases of an exercise in which pain can be rated at once (the pain key)."""


class CueKind(StrEnum):
    """What a cue is for, so an output can choose a tone, a word or silence."""

    ANNOUNCE = "announce"
    """The exercise's name and "get into position" at the start of its lead-in."""
    COUNT = "count"
    """"3", "2", "1" just before a timed phase (or a tempo phase) ends."""
    START = "start"
    """Work begins: "Hold" or "Go"."""
    HALFWAY = "halfway"
    REMINDER = "reminder"
    """One form point said once in the middle of a long hold (keep breathing)."""
    WARNING = "warning"
    """"10 seconds left"."""
    END = "end"
    """A set is done."""
    TARGET = "target"
    """A hold reached its target and carries on (keep going)."""
    SWITCH = "switch"
    REST = "rest"
    REST_OVER = "rest_over"
    TEMPO = "tempo"
    """A metronome phase word: "Lower", "Pause", "Up", "Hold"."""
    HOLD = "hold"
    """A repeated hold starts a hold."""
    RELAX = "relax"
    """A repeated hold relaxes between holds."""
    QUESTION = "question"
    """A check-in question is waiting."""
    FINISHED = "finished"
    """The session is over."""


@dataclass(frozen=True)
class Cue:
    """Something to say or sound. `at` is the monotonic moment it belongs to (not compared)."""

    kind: CueKind
    text: str
    at: float = field(default=0.0, compare=False)


@dataclass(frozen=True)
class LoggedSet:
    """One set of one exercise on one side, as it was done.

    For a repeated hold, `target` is the seconds of each hold, `reps` the holds completed on this
    side, `actual_s` the seconds held on this side (a hold cut short included), `hold_s` the
    seconds of each hold and `holds` the holds planned on this side. For reps, `actual_s` is how long the set took.
    Times are monotonic clock values; the caller maps them to wall-clock time.
    """

    id: int
    """Stable for the set and side: an updated record keeps its id."""
    exercise_id: str
    exercise_name: str
    kind: Kind
    variant_id: str
    side: Side
    set_number: int
    """1-based per exercise; the left and right halves of a set share it."""
    target: float
    unit: Literal["s", "reps"]
    actual_s: float | None
    reps: int | None
    overtime: bool
    stop_reason: StopReason | None
    pain: int | None
    """Pain during the exercise (0–10), attached once it is answered."""
    untimed: bool
    """Ticked off as done without running the timer."""
    started_at_mono: float
    ended_at_mono: float
    notes: str = ""
    warmup: bool = False
    """A set of the session's warm-up, not of the routine."""
    hold_s: float | None = None
    holds: int | None = None


@dataclass(frozen=True)
class SetLogged:
    """A set was logged, or an earlier record was updated (same `record.id`)."""

    record: LoggedSet
    updated: bool = False


@dataclass(frozen=True)
class PhaseChanged:
    """The session moved to `phase` at monotonic time `at`."""

    phase: Phase
    at: float = field(default=0.0, compare=False)


@dataclass(frozen=True)
class SessionEnded:
    """The session is over: `completed` or `ended_early`."""

    status: Status


Event = Cue | SetLogged | PhaseChanged | SessionEnded


@dataclass(frozen=True)
class PainEntry:
    """A pain rating, 0–10, before the session, during one exercise, or after."""

    when: PainWhen
    value: int
    exercise_id: str | None
    at_mono: float


@dataclass(frozen=True)
class ChoiceEntry:
    """What the user chose when pain during an exercise went over the limit."""

    exercise_id: str
    choice: PainChoiceKind
    pain: int
    at_mono: float
    variant_id: str | None = None
    """The variant being done when pain went over the limit."""
    target: float | None = None
    """The target being done then."""
    new_target: float | None = None
    """`shorten` and `regress`: the target for the rest of the exercise."""
    new_variant_id: str | None = None
    """`regress`: the easier variant for the rest of the exercise."""


@dataclass(frozen=True)
class Settings:
    """How a session runs. `None` means "what the routine or exercise says"."""

    lead_in: float | None = None
    halfway: bool = True
    ten_seconds: bool = True
    countdown: int = 3
    """How many count cues before the end of a timed phase: 3 gives "3", "2", "1"; 0 gives none."""
    form_reminder: bool = True
    """Say one form point in the middle of each hold of `REMINDER_FROM_S` or more."""
    keep_going: bool = False
    """Holds count on past the target until `finish()`, instead of ending by themselves."""
    pain_limit: int | None = None
    health_questions: bool = True
    """Ask the pain check-ins and the red-flag question; False for a demo run, which asks none."""
    affected_leg: str | None = None
    """`left` or `right`: the leg an `affected` exercise works (program C); None works both."""
    speech_wpm: int | None = None
    """Words a minute the cues are spoken at; a lead-in then lasts at least as long as its words
    take to say before its count (`domain/speech.py`). None: not spoken, lead-ins as set."""
    red_flag_first: bool = False
    """Ask the red-flag question before anything loads the back: the last real session left it
    unanswered (issue 11: a skipped answer is unknown, and the next start asks again)."""
