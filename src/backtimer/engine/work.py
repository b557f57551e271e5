"""The pieces of work a pass through an exercise is made of, and the state of the set running."""

from __future__ import annotations

from dataclasses import dataclass, field

from backtimer.domain.routine import Exercise, Kind, Sides, Tempo

TIMED_KINDS = (Kind.HOLD, Kind.MOVEMENT, Kind.ACTIVITY)
"""Kinds whose set is one countdown of the target."""
TENSION_KINDS = (Kind.HOLD, Kind.REPEATED_HOLD, Kind.REPS, Kind.REPS_TO_FAILURE)
"""Kinds that count towards time under tension."""


@dataclass(frozen=True)
class Slot:
    """One piece of work in a pass through an exercise: a set on a side."""

    set_number: int
    """1-based within this pass."""
    side: str
    """`both`, `left`, `right`, or `alternating` (a repeated hold or a set of reps that swaps
    side every hold or every rep)."""


@dataclass
class Work:
    """The set in progress."""

    slot: Slot
    started: float
    paused: float = 0.0
    reps: int = 0
    beat: int = 0
    """Index into the tempo's beats while a metronome paces reps."""
    hold: int = 0
    """0-based index of the current hold of a repeated hold."""
    held: dict[str, float] = field(default_factory=dict)
    """Seconds held per side (repeated holds; reps that alternate: seconds of each side's reps)."""
    holds: dict[str, int] = field(default_factory=dict)
    """Holds completed per side (repeated holds)."""
    cut_short: dict[str, float] = field(default_factory=dict)
    """Seconds of a hold stopped before its end, per side (repeated holds)."""
    began: dict[str, float] = field(default_factory=dict)
    """When each side's first hold or rep began (alternating sides)."""
    ended: dict[str, float] = field(default_factory=dict)
    """When each side's last hold or rep ended (alternating sides): each side's set is logged
    as ending then, not both at the moment the last one ended."""
    overtime: bool = False
    keep_going: bool = False
    """This hold counts on past its target until `finish()` (the `k` key, or the setting)."""


def plan_slots(exercise: Exercise, leg: str | None = None) -> list[Slot]:
    """Every set on every side of one pass through `exercise`, in order.

    `leg` is the affected leg (`Settings.affected_leg`): an `affected` exercise works it only.
    """
    sets = range(1, exercise.sets + 1)
    if exercise.sides is Sides.AFFECTED and leg in ("left", "right"):
        return [Slot(number, leg) for number in sets]
    if exercise.sides is Sides.AFFECTED:
        return [Slot(number, side) for number in sets for side in ("left", "right")]
    if exercise.sides is Sides.EACH:
        return [Slot(number, side) for number in sets for side in ("left", "right")]
    if exercise.sides is Sides.ALTERNATING:
        if exercise.kind in (Kind.REPEATED_HOLD, Kind.REPS):
            # The side changes every hold or every rep (bird-dog), each side logged apart.
            return [Slot(number, "alternating") for number in sets]
        return [Slot(number, "left" if number % 2 else "right") for number in sets]
    return [Slot(number, "both") for number in sets]


def tempo_beats(tempo: Tempo) -> list[tuple[str, float]]:
    """The metronome's phases for one rep, skipping those of zero length."""
    down = [("Lower", tempo.lower), ("Pause", tempo.pause)]
    up = [("Up", tempo.up), ("Hold", tempo.top)]
    beats = up + down if tempo.up_first else down + up
    return [(word, seconds) for word, seconds in beats if seconds > 0]
