"""Routines as data: frozen dataclasses for a routine, its exercises, doses and variants.

Nothing here reads files; `backtimer.storage.routines` builds these from TOML and validates them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Literal

FORM_POINT_MAX = 80
"""The longest form point, in characters: about five seconds of speech at an ordinary pace, so a
point fits inside a default lead-in and on one line of an 80-column terminal."""
FORM_POINTS_MAX = 6
"""The most form points one exercise or one variant lists: a short list someone can take in."""


class Kind(StrEnum):
    """What kind of work an exercise is, which decides how the runner times and logs it."""

    HOLD = "hold"
    REPS = "reps"
    REPS_TO_FAILURE = "reps_to_failure"
    REPEATED_HOLD = "repeated_hold"
    MOVEMENT = "movement"
    ACTIVITY = "activity"

    @property
    def unit(self) -> str:
        """`s` when the dose is seconds, `reps` when it is a count."""
        return "reps" if self in (Kind.REPS, Kind.REPS_TO_FAILURE) else "s"

    @property
    def label(self) -> str:
        """A short human name."""
        return {
            Kind.HOLD: "hold",
            Kind.REPS: "reps",
            Kind.REPS_TO_FAILURE: "reps to technical failure",
            Kind.REPEATED_HOLD: "repeated holds",
            Kind.MOVEMENT: "movement",
            Kind.ACTIVITY: "activity",
        }[self]


class Sides(StrEnum):
    """How a per-side exercise is worked."""

    BOTH = "both"
    """Both sides together (or the exercise has no sides)."""
    EACH = "each"
    """Each side in turn, every set: left, then right, each with the full time."""
    ALTERNATING = "alternating"
    """Sides swap after every repetition of a repeated hold (bird-dog), or every set otherwise."""
    AFFECTED = "affected"
    """The affected leg only, as the user chose it (program C's nerve glide and hamstring
    stretch); both legs in turn, like `each`, while no leg is chosen."""


class Frequency(StrEnum):
    """How often a routine is due."""

    THREE_PER_DAY = "3-per-day"
    TWO_PER_DAY = "2-per-day"
    DAILY = "daily"
    EVERY_OTHER_DAY = "every-other-day"
    ONE_TO_TWO_PER_WEEK = "1-2-per-week"

    @property
    def label(self) -> str:
        """How the listing says it."""
        return {
            Frequency.THREE_PER_DAY: "3 times a day",
            Frequency.TWO_PER_DAY: "twice a day",
            Frequency.DAILY: "daily",
            Frequency.EVERY_OTHER_DAY: "every second day",
            Frequency.ONE_TO_TWO_PER_WEEK: "1–2 times a week",
        }[self]


class Load(StrEnum):
    """What an exercise does to the spine, for pairing work on one day."""

    COMPRESSING = "compressing"
    """Loads the spine along its length: deadlift patterns, hip hinges."""
    DECOMPRESSING = "decompressing"
    """Takes load off it: child's pose, hanging, knees to chest."""


@dataclass(frozen=True)
class Dose:
    """The current target and the range it progresses through.

    `target`, `min`, `max` and `step` are seconds for timed kinds and counts for rep kinds.
    """

    target: float
    min: float
    max: float
    step: float

    def ladder(self) -> tuple[float, ...]:
        """Every value the target may take, from `min` to `max` in `step`s (`max` always last)."""
        values: list[float] = []
        value = self.min
        while value < self.max - 1e-9:
            values.append(round(value, 3))
            value += self.step
        values.append(self.max)
        return tuple(values)


@dataclass(frozen=True)
class Tempo:
    """Seconds per phase of one repetition: lower, pause at the bottom, lift, pause at the top."""

    lower: float
    pause: float = 0.0
    up: float = 2.0
    top: float = 0.0
    up_first: bool = False
    """Reps that start at the bottom (a bridge, lying down): up, hold at the top, lower, pause."""

    @property
    def rep_seconds(self) -> float:
        """Seconds one repetition takes at this tempo."""
        return self.lower + self.pause + self.up + self.top


BandZone = Literal["too_hard", "on_target", "above", "too_easy"]
"""Where a round of reps to technical failure falls against its band."""


@dataclass(frozen=True)
class Band:
    """Target band for reps to technical failure (program D's 20 ± 5): `low` or fewer is too
    hard, up to `on_target_top` on target, above that still short of `high`, which is too easy."""

    target: int
    low: int
    high: int

    @property
    def on_target_top(self) -> int:
        """The top of the on-target band: as far above the target as `low` is below it (25)."""
        return self.target + (self.target - self.low)

    def zone(self, reps: int) -> BandZone:
        """Where `reps` falls: the one band rule the runner's verdict and progression share."""
        if reps <= self.low:
            return "too_hard"
        if reps >= self.high:
            return "too_easy"
        return "above" if reps > self.on_target_top else "on_target"


@dataclass(frozen=True)
class Repeat:
    """A repeated hold: hold for the dose, relax `relax` seconds, `count` times."""

    count: int
    relax: float


@dataclass(frozen=True)
class Variant:
    """One rung of an exercise's ladder (pad height, one leg, added weight…), easiest first."""

    id: str
    name: str
    dose: Dose
    sides: Sides
    form: tuple[str, ...] = ()
    """Form points of this rung only, most important first; they add to the exercise's."""


@dataclass(frozen=True)
class Exercise:
    """One exercise of a routine, with its current variant and the ladder it climbs."""

    id: str
    name: str
    kind: Kind
    form: tuple[str, ...]
    """Form points that hold on every rung, most important first."""
    sets: int
    rest: float
    side_gap: float
    lead_in: float
    pain_limit: int
    variants: tuple[Variant, ...]
    variant_id: str
    tempo: Tempo | None = None
    band: Band | None = None
    repeat: Repeat | None = None
    seconds_per_rep: float = 3.0
    load: Load | None = None
    """Compressing or decompressing work, when the program pairs them; None for the rest."""
    warmup: bool = False
    """The session's warm-up (`domain/warmup.py`): run first, logged as a warm-up, never a set
    of the routine."""

    @property
    def variant(self) -> Variant:
        """The variant the user is on now."""
        for variant in self.variants:
            if variant.id == self.variant_id:
                return variant
        return self.variants[0]

    @property
    def form_points(self) -> tuple[str, ...]:
        """The form points in force now: the exercise's, then those its current variant adds."""
        return self.form + self.variant.form

    @property
    def dose(self) -> Dose:
        """The current variant's dose."""
        return self.variant.dose

    @property
    def sides(self) -> Sides:
        """The current variant's side arrangement."""
        return self.variant.sides

    @property
    def per_side(self) -> bool:
        """Whether each side is worked and logged on its own."""
        return self.sides is not Sides.BOTH

    def work_seconds(self, target: float | None = None) -> float:
        """Seconds of work in one set on one side at `target` (default: the current target)."""
        value = self.dose.target if target is None else target
        if self.kind in (Kind.HOLD, Kind.MOVEMENT, Kind.ACTIVITY):
            return value
        if self.kind is Kind.REPEATED_HOLD:
            count = self.repeat.count if self.repeat else 1
            relax = self.repeat.relax if self.repeat else 0.0
            return count * value + max(0, count - 1) * relax
        per_rep = self.tempo.rep_seconds if self.tempo else self.seconds_per_rep
        return value * per_rep

    def estimated_seconds(self) -> float:
        """Lead-in, every set on every side, the gaps between sides, and the rests between sets."""
        sides = 2 if self.sides is Sides.EACH else 1
        work = self.sets * sides * self.work_seconds()
        gaps = self.sets * (sides - 1) * self.side_gap
        rests = max(0, self.sets - 1) * self.rest
        return self.lead_in + work + gaps + rests


@dataclass(frozen=True)
class Routine:
    """A routine file: metadata plus its exercises in order."""

    id: str
    name: str
    program: str
    step: int | None
    description: str
    equipment: tuple[str, ...]
    frequency: Frequency
    pain_limit: int
    lead_in: float
    exercises: tuple[Exercise, ...]
    next: str | None = None
    order: int | None = None
    """Where it is listed within its program, after `step`; then by name."""
    rotation: bool = False
    """Its exercises join the program's daily rotation: a day runs only the ones picked for it."""
    locked_until_mastered: str | None = None
    ladder: bool = False
    """Its exercises are rungs, easiest first: a session works the current rung, not all."""
    """The routine whose holds must be mastered before this one unlocks, if any."""
    source: str = "shipped"
    path: str = ""
    overrides_shipped: bool = field(default=False, compare=False)
    diagnosed_leg_symptoms: bool = False
    """For leg symptoms a clinician has diagnosed (program C): following or starting it asks for
    that confirmation first, and its leg question asks about new or worsening symptoms."""
    warmup: Exercise | None = None
    """The mobility warm-up the session starts with, if the routine declares one."""

    @property
    def session_exercises(self) -> tuple[Exercise, ...]:
        """What a session runs, in order: the warm-up (if any), then the exercises."""
        return self.exercises if self.warmup is None else (self.warmup, *self.exercises)

    @property
    def duration_seconds(self) -> int:
        """Estimated minutes of a session, in seconds: every exercise (the warm-up too) plus
        ~10 s per check-in."""
        steps = self.session_exercises
        check_ins = 10 * (len(steps) + 2)
        total = sum(exercise.estimated_seconds() for exercise in steps) + check_ins
        return round(total)

    def exercise(self, exercise_id: str) -> Exercise | None:
        """The exercise with this id, if any."""
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        return None

    def fingerprint(self) -> str:
        """A short hash of everything that shapes a session, saved with each session run."""
        payload = asdict(self)
        for volatile in ("source", "path", "overrides_shipped"):
            payload.pop(volatile, None)
        text = json.dumps(payload, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]
