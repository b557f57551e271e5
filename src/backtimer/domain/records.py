"""Session history as data: frozen dataclasses for a session, its sets and its pain check-ins.

Nothing here touches files. `toml_io` turns these into TOML and back; `docs/history-format.md`
describes every field as it appears on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from backtimer.domain.training import is_demo_speed, is_training_set
from backtimer.domain.vocabulary import (
    PainChoiceKind,
    PainWhen,
    PauseReason,
    RecordKind,
    Side,
    Status,
    StopReason,
    Unit,
)

SCHEMA_VERSION: Final = 1
"""The newest file format this version reads and the one it writes."""

MAX_SET_SECONDS: Final = 24 * 3600.0
"""The longest set a record holds (time worked or a target in seconds): no set lasts a day."""
MAX_SET_COUNT: Final = 10_000
"""The most reps in one set, and the highest rep target and set number a record holds."""
MAX_RECORD_TEXT: Final = 4_000
"""The longest text a record holds (an id, a name, a note): longer is damage, and a table of it
would take hundreds of megabytes to lay out."""


def set_value(
    kind: str,
    unit: str,
    target: float,
    actual_s: float | None,
    reps: int | None,
    hold_s: float | None = None,
) -> float | None:
    """What a set did, in the terms of its target: the one rule every comparison uses.

    Repetitions for a rep target; for a repeated hold the seconds of each hold, as its target
    is per hold (in files written before `hold_s`, the time held over the holds completed, at
    most the target, since a hold counted as completed at its target); otherwise the seconds
    worked. None when not recorded.
    """
    if unit == "reps":
        return None if reps is None else float(reps)
    if kind == "repeated_hold":
        if hold_s is not None:
            return hold_s
        if actual_s is not None and reps:
            return min(round(actual_s / reps, 1), target)
    return actual_s


@dataclass(frozen=True, slots=True)
class SetRecord:
    """One set of one exercise on one side, as it was done."""

    exercise_id: str
    exercise_name: str
    kind: RecordKind
    variant_id: str
    side: Side
    set_number: int
    """1-based, counted per exercise; the left and right halves of a set share the number."""
    target: float
    """The dose aimed for, in `target_unit`."""
    target_unit: Unit
    ended_at: datetime
    actual_s: float | None = None
    """Seconds actually worked, rounded to 0.1 s; None when the set was not timed."""
    reps: int | None = None
    """Repetitions done; None when they were not counted."""
    overtime: bool = False
    """True when the user carried on past the target."""
    stop_reason: StopReason | None = None
    """Why the set ended before its target, or None when it did not end early."""
    pain: int | None = None
    """Pain during the set, 0–10, or None when not asked."""
    notes: str = ""
    warmup: bool = False
    """True for a set of the session's warm-up: logged, but never a set of the routine (see
    `domain/training.py`)."""
    hold_s: float | None = None
    """A repeated hold: seconds of each hold (the mean of the holds completed, or the one hold
    begun when none was). `target` is per hold too; `reps` counts the holds completed."""
    holds: int | None = None
    """A repeated hold: the holds planned on this side in this set."""

    @property
    def value(self) -> float | None:
        """What this set did, in `target`'s terms (`set_value`)."""
        return set_value(self.kind, self.target_unit, self.target, self.actual_s, self.reps,
                         self.hold_s)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PainCheck:
    """A pain rating (0–10) taken before, during (for one exercise) or after a session."""

    when: PainWhen
    value: int
    at: datetime
    exercise_id: str | None = None
    """Set when `when` is "exercise"; None otherwise."""


@dataclass(frozen=True, slots=True)
class PainChoice:
    """Pain went over the limit during an exercise and the user chose what to do about it."""

    exercise_id: str
    choice: PainChoiceKind
    at: datetime
    value: int | None = None
    """The pain rating that triggered the question, when known."""
    variant_id: str | None = None
    """The variant being done when pain went over the limit, when known."""
    target: float | None = None
    """The target (in the exercise's unit) being done then, when known."""
    new_target: float | None = None
    """`shorten` and `regress`: the target the rest of the exercise was done at."""
    new_variant_id: str | None = None
    """`regress`: the easier variant the rest of the exercise was done on."""

    @property
    def reduced(self) -> bool:
        """True when the choice lowered the dose (shorter or easier) rather than stopping."""
        return self.choice in ("shorten", "regress")


@dataclass(frozen=True, slots=True)
class PauseRecord:
    """A stretch of a session the timer did not count. Only the computer's own sleep is logged
    (`reason = "suspend"`): a lid closed mid-hold pauses the session for as long as it slept."""

    at: datetime
    """When the pause began (the moment the computer went to sleep)."""
    seconds: float
    """How long it lasted in real seconds, rounded to 0.1 s."""
    reason: PauseReason = "suspend"


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One run of a routine: what was planned, what was done, and how it felt.

    `started`, `ended` and every other time are timezone-aware. `speed` other than 1.0 marks a
    demo run, which stats and progression leave out.
    """

    id: str
    """uuid4 hex; unique across every session file."""
    routine_id: str
    routine_name: str
    routine_fingerprint: str
    """Identifies the routine exactly as it was run, so later edits to it are detectable."""
    started: datetime
    status: Status
    ended: datetime | None = None
    speed: float = 1.0
    sets: tuple[SetRecord, ...] = ()
    pains: tuple[PainCheck, ...] = ()
    pain_choices: tuple[PainChoice, ...] = ()
    red_flag: bool | None = None
    """The answer to the red-flag question (leg symptoms), or None when it was not answered."""
    red_flag_skipped: bool = False
    """The question was skipped, or the session ended before it: the answer is unknown, which
    is never taken as "no" (see `domain/progression/red_flag.py`)."""
    notes: str = ""
    pain_after_skipped: bool = False
    """The pain question after the session was skipped, or the session ended before it: no
    rating was given, and the summary and the file say so."""
    pauses: tuple[PauseRecord, ...] = ()
    """Times the session was paused because the computer slept, oldest first."""

    @property
    def is_demo(self) -> bool:
        """True for a run at another speed than real time; stats leave these out."""
        return is_demo_speed(self.speed)

    @property
    def set_count(self) -> int:
        """How many sets of the routine were recorded (each side counted); warm-ups are not."""
        return len(self.training_sets)

    @property
    def training_sets(self) -> tuple[SetRecord, ...]:
        """The sets of the routine itself: every set but the warm-up's."""
        return tuple(item for item in self.sets if is_training_set(item))

    @property
    def last_activity(self) -> datetime:
        """The latest time recorded in the session: its end, its last set, or its start."""
        latest = self.started
        if self.ended is not None and self.ended > latest:
            latest = self.ended
        for item in self.sets:
            if item.ended_at > latest:
                latest = item.ended_at
        return latest
