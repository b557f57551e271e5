"""Progress: each exercise's daily bests per side against its target, and personal bests."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from backtimer.domain.stats.rows import Details, SessionRow, SetRow, TopSet
from backtimer.domain.training import counts_as_training

GAP_DAYS: Final = 10
"""The left/right gap is averaged over at most this many of the latest days with both sides."""


@dataclass(frozen=True, slots=True)
class Point:
    """The best set of one day on one side, and the target that day."""

    day: date
    value: float
    target: float


@dataclass(frozen=True, slots=True)
class Best:
    """A personal best: the best single set, and the day it was done."""

    value: float
    day: date


@dataclass(frozen=True, slots=True)
class SideGap:
    """Left against right over the latest days both were done: means of each day's best."""

    left: float
    right: float
    days: int

    @property
    def gap(self) -> float:
        """How far apart the sides are, in the exercise's unit."""
        return abs(self.right - self.left)

    @property
    def percent(self) -> float:
        """The gap as a share of the stronger side, 0–100."""
        stronger = max(self.left, self.right)
        return 0.0 if stronger <= 0 else 100.0 * self.gap / stronger

    @property
    def weaker(self) -> str | None:
        """ "left", "right", or None when they are level."""
        if round(self.left, 1) == round(self.right, 1):
            return None
        return "left" if self.left < self.right else "right"


@dataclass(frozen=True)
class ExerciseProgress:
    """One exercise in one variant over the range: daily bests per side against the target."""

    key: str
    """`exercise_id` or `exercise_id:variant_id`; unique within a `Stats`."""
    exercise_id: str
    name: str
    variant_id: str
    unit: str
    """"s" or "reps"."""
    sides: dict[str, tuple[Point, ...]]
    """"both", or "left" and "right", → daily bests in the range, oldest first."""
    bests: dict[str, Best]
    """Side → personal best over all the history loaded (see `Stats.bests_complete`)."""
    gap: SideGap | None
    """Set for a per-side exercise done on both sides in the range."""
    sets: int
    """Sets done in the range (each side counted)."""
    per_hold: bool = False
    """A repeated hold: values and targets are the seconds of each hold."""
    variant_name: str | None = None
    """The variant's name from its routine file; "" when the exercise has only the one variant
    (nothing to tell apart); None when no routine describes it any more."""

    @property
    def title(self) -> str:
        """The name, with the variant's name when the exercise has several."""
        if self.variant_name is not None:
            return f"{self.name} ({self.variant_name})" if self.variant_name else self.name
        if self.variant_id in ("", "standard", "default"):
            return self.name
        return f"{self.name} ({self.variant_id.replace('-', ' ')})"

    @property
    def per_side(self) -> bool:
        """Whether left and right are tracked apart."""
        return "left" in self.sides or "right" in self.sides

    @property
    def latest_target(self) -> float | None:
        """The target on the latest day in the range."""
        latest = [points[-1] for points in self.sides.values() if points]
        return max(latest, key=lambda p: p.day).target if latest else None

    @property
    def best(self) -> tuple[str, Best] | None:
        """The best side and its personal best."""
        if not self.bests:
            return None
        side = max(self.bests, key=lambda s: (self.bests[s].value, s))
        return side, self.bests[side]


def _series_key(item: SetRow | TopSet) -> str:
    return (
        item.exercise_id
        if item.variant_id in ("", "standard")
        else (f"{item.exercise_id}:{item.variant_id}")
    )


def personal_bests(
    sessions: Iterable[SessionRow], details: Mapping[int, Details]
) -> dict[tuple[str, str], Best]:
    """(series key, side) → the best set ever among the sessions that count (first day on ties)."""
    bests: dict[tuple[str, str], Best] = {}
    for session in sessions:
        found = details.get(session.key)
        if found is None or not counts_as_training(session):
            continue
        for item in found.sets:
            if item.value is None:
                continue
            key = (_series_key(item), item.side)
            best = bests.get(key)
            if best is None or item.value > best.value:
                bests[key] = Best(item.value, session.day)
    return bests


def bests_from_top_sets(top: Iterable[TopSet]) -> dict[tuple[str, str], Best]:
    """`personal_bests` from the index's per-exercise top sets (`IndexReader.top_sets`)."""
    found: dict[tuple[str, str], TopSet] = {}
    for item in top:
        key = (_series_key(item), item.side)
        other = found.get(key)
        if (
            other is None
            or item.value > other.value
            or (item.value == other.value and item.started_ts < other.started_ts)
        ):
            found[key] = item
    return {key: Best(item.value, item.day) for key, item in found.items()}


def exercise_progress(
    sessions: Sequence[SessionRow],
    details: Mapping[int, Details],
    bests: Mapping[tuple[str, str], Best],
    variants: Mapping[str, str] | None = None,
) -> tuple[ExerciseProgress, ...]:
    """Each exercise and variant done in `sessions`, in program order. `variants` maps
    `exercise_id:variant_id` to the variant's name ("" for an exercise with one variant)."""
    # per series: side → day → (best value, target)
    days: dict[str, dict[str, dict[date, tuple[float, float]]]] = {}
    first: dict[str, SetRow] = {}
    order: dict[str, tuple[str, int]] = {}
    set_count: dict[str, int] = defaultdict(int)
    for session in sessions:
        found = details.get(session.key)
        if found is None:
            continue
        for position, item in enumerate(found.sets):
            if item.value is None:
                continue
            key = _series_key(item)
            if key not in first:
                first[key] = item
                order[key] = (session.routine_id, position)
            set_count[key] += 1
            by_day = days.setdefault(key, {}).setdefault(item.side, {})
            old = by_day.get(session.day)
            if old is None:
                by_day[session.day] = (item.value, item.target)
            else:
                by_day[session.day] = (max(old[0], item.value), max(old[1], item.target))
    result = []
    # In program order: by routine, then by where the exercise comes in it.
    for key in sorted(days, key=lambda k: order[k]):
        sides = days[key]
        sample = first[key]
        points = {
            side: tuple(Point(day, value, target) for day, (value, target) in sorted(by.items()))
            for side, by in sorted(sides.items())
        }
        result.append(
            ExerciseProgress(
                key=key,
                exercise_id=sample.exercise_id,
                name=sample.exercise_name,
                variant_id=sample.variant_id,
                unit=sample.unit,
                sides=points,
                bests={side: bests[(key, side)] for side in points if (key, side) in bests},
                gap=side_gap(points.get("left", ()), points.get("right", ())),
                sets=set_count[key],
                per_hold=sample.kind == "repeated_hold",
                variant_name=(variants or {}).get(f"{sample.exercise_id}:{sample.variant_id}"),
            )
        )
    return tuple(result)


def side_gap(left: Sequence[Point], right: Sequence[Point]) -> SideGap | None:
    """Left against right over the latest `GAP_DAYS` days on which both sides were done."""
    right_by_day = {p.day: p.value for p in right}
    both = [(p.value, right_by_day[p.day]) for p in left if p.day in right_by_day][-GAP_DAYS:]
    if not both:
        return None
    return SideGap(
        left=sum(a for a, _ in both) / len(both),
        right=sum(b for _, b in both) / len(both),
        days=len(both),
    )


def trend(points: Sequence[Point], days: int = 14) -> tuple[float, float] | None:
    """Mean daily best over the first and the last `days` days of a series (None if too short)."""
    if len(points) < 2:
        return None
    first_end = points[0].day + timedelta(days=days - 1)
    last_start = points[-1].day - timedelta(days=days - 1)
    early = [p.value for p in points if p.day <= first_end]
    late = [p.value for p in points if p.day >= last_start]
    return sum(early) / len(early), sum(late) / len(late)
