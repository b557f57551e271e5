"""Pain over a range (before, during, after, the next day), and the warning signs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from backtimer.domain.journal import NextDayRating
from backtimer.domain.pain import PROGRAM_PAIN_LIMIT
from backtimer.domain.stats.rows import Details, SessionRow

PainMoment = Literal["before", "exercise", "after", "next-day"]
PAIN_MOMENTS: Final[tuple[PainMoment, ...]] = ("before", "exercise", "after", "next-day")
PAIN_LABELS: Final[dict[PainMoment, str]] = {
    "before": "before",
    "exercise": "during",
    "after": "after",
    "next-day": "next day",
}
PAIN_LIMIT: Final = PROGRAM_PAIN_LIMIT
"""The pain rule: 0, or at most 1–2 out of 10, during and after an exercise (`domain.pain`)."""
PAIN_HIGH: Final = 5
"""A rating from here up is listed among the warning signs in the report."""


@dataclass(frozen=True, slots=True)
class PainDay:
    """The pain ratings of one kind on one day: their mean and the highest."""

    day: date
    mean: float
    high: int
    count: int


@dataclass(frozen=True)
class PainSeries:
    """One kind of pain rating (before, during, after, next day) over the range."""

    when: PainMoment
    days: tuple[PainDay, ...]
    limit: int = PAIN_LIMIT
    """The one pain limit in force (`domain.pain.pain_limit`)."""

    @property
    def label(self) -> str:
        """ "before", "during", "after" or "next day"."""
        return PAIN_LABELS[self.when]

    @property
    def mean(self) -> float | None:
        """The mean of every rating in the range."""
        total = sum(d.mean * d.count for d in self.days)
        count = sum(d.count for d in self.days)
        return total / count if count else None

    @property
    def high(self) -> int | None:
        """The highest rating in the range."""
        return max((d.high for d in self.days), default=None)

    @property
    def over_limit_days(self) -> int:
        """Days on which a rating went over the pain limit."""
        return sum(1 for d in self.days if d.high > self.limit)

    def halves(self) -> tuple[float | None, float | None]:
        """Mean of the first and of the second half of the days (to say "up" or "down")."""
        if len(self.days) < 2:
            return None, None
        middle = len(self.days) // 2
        first, second = self.days[:middle], self.days[middle:]
        return (
            sum(d.mean for d in first) / len(first),
            sum(d.mean for d in second) / len(second),
        )


def pain_over_range(
    sessions: Sequence[SessionRow],
    details: Mapping[int, Details],
    ratings: Sequence[NextDayRating],
    start: date,
    end: date,
    limit: int = PAIN_LIMIT,
) -> tuple[PainSeries, ...]:
    values: dict[str, dict[date, list[int]]] = {when: defaultdict(list) for when in PAIN_MOMENTS}
    for session in sessions:
        found = details.get(session.key)
        if found is None:
            continue
        for when, value in found.pains:
            if when in ("before", "after"):
                values[when][session.day].append(value)
        during = [s.pain for s in found.sets if s.pain is not None]
        during += [value for when, value in found.pains if when == "exercise"]
        values["exercise"][session.day].extend(during)
    latest: dict[date, NextDayRating] = {}
    for rating in ratings:
        if start <= rating.training_date <= end:
            old = latest.get(rating.training_date)
            if old is None or rating.at >= old.at:
                latest[rating.training_date] = rating
    for day, rating in latest.items():
        values["next-day"][day].append(rating.value)
    return tuple(
        PainSeries(
            when,
            tuple(
                PainDay(day, sum(v) / len(v), max(v), len(v))
                for day, v in sorted(values[when].items())
                if v
            ),
            limit,
        )
        for when in PAIN_MOMENTS
    )


@dataclass(frozen=True, slots=True)
class WarningSign:
    """A day something went over the line: a high pain rating, or a set stopped for pain."""

    day: date
    routine_name: str
    what: str


def warning_signs(
    sessions: Sequence[SessionRow], details: Mapping[int, Details]
) -> tuple[WarningSign, ...]:
    found = []
    for session in sessions:
        info = details.get(session.key)
        if info is None:
            continue
        high = [(when, v) for when, v in info.pains if v >= PAIN_HIGH]
        high += [
            ("exercise", s.pain) for s in info.sets if s.pain is not None and s.pain >= PAIN_HIGH
        ]
        if high:
            when, value = max(high, key=lambda item: item[1])
            label = {"exercise": "during"}.get(when, when)
            found.append(
                WarningSign(session.day, session.routine_name, f"pain {value}/10 ({label})")
            )
        stopped = sorted({s.exercise_name for s in info.sets if s.stop_reason == "pain"})
        if stopped:
            found.append(
                WarningSign(
                    session.day, session.routine_name, "stopped for pain: " + ", ".join(stopped)
                )
            )
    return tuple(found)
