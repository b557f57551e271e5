"""What the report's charts show, worked out from a `Stats`: plain numbers, no drawing.

Pain as weekly means (Monday to Sunday) of each kind of rating, with the highest rating marked;
each main exercise's daily bests with its target as a step line, left and right kept apart;
sessions done against prescribed, week by week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from backtimer.domain import stats as st

MAIN_EXERCISES = 3
"""How many exercises page one charts: those with the most sets in the period."""


@dataclass(frozen=True)
class Series:
    """One line: a label and its points (x a day, y a value; None breaks the line)."""

    label: str
    points: tuple[tuple[date, float | None], ...]


@dataclass(frozen=True)
class Highest:
    """The highest rating of the period: which kind, the day, the value."""

    label: str
    day: date
    value: int


@dataclass(frozen=True)
class PainChart:
    start: date
    end: date
    series: tuple[Series, ...]
    limit: int
    highest: Highest | None


@dataclass(frozen=True)
class ProgressChart:
    title: str
    unit: str
    start: date
    end: date
    sides: tuple[Series, ...]
    """"both", or "left" and "right": each day's best, never mixed."""
    target: Series
    """The target, one point where it changes and one at the end: drawn as steps."""


@dataclass(frozen=True)
class AdherenceWeek:
    start: date
    done: int
    prescribed: float


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def weekly_means(days: tuple[st.PainDay, ...], start: date, end: date) -> Series:
    """The mean of every rating in each week from `start`'s to `end`'s; None for a week without."""
    totals: dict[date, tuple[float, int]] = {}
    for d in days:
        week = week_start(d.day)
        total, count = totals.get(week, (0.0, 0))
        totals[week] = (total + d.mean * d.count, count + d.count)
    points = []
    week = week_start(start)
    while week <= end:
        total, count = totals.get(week, (0.0, 0))
        points.append((week, total / count if count else None))
        week += timedelta(weeks=1)
    return Series("", tuple(points))


def pain_chart(stats: st.Stats) -> PainChart:
    series = []
    highest: Highest | None = None
    for pain in stats.pain:
        means = weekly_means(pain.days, stats.start, stats.today)
        series.append(Series(pain.label, means.points))
        for d in pain.days:
            if highest is None or d.high > highest.value:
                highest = Highest(pain.label, d.day, d.high)
    return PainChart(stats.start, stats.today, tuple(series), stats.pain_limit, highest)


def step_target(points: tuple[st.Point, ...], end: date) -> Series:
    """The target as steps: its first value, each change, and where the period ends."""
    steps: list[tuple[date, float | None]] = []
    for p in points:
        if not steps or steps[-1][1] != p.target:
            steps.append((p.day, p.target))
    if steps:
        steps.append((end, steps[-1][1]))
    return Series("target", tuple(steps))


def progress_charts(stats: st.Stats, count: int = MAIN_EXERCISES) -> tuple[ProgressChart, ...]:
    """The exercises done most in the period, each day's best per side against the target."""
    trained = [e for e in stats.exercises if any(e.sides.values())]
    main = sorted(trained, key=lambda e: -e.sets)[:count]
    charts = []
    for e in main:
        sides = tuple(
            Series(side, tuple((p.day, p.value) for p in points))
            for side, points in sorted(e.sides.items())
            if points
        )
        # The target is the same whichever side: take it from the side with most days.
        longest = max(e.sides.values(), key=len)
        unit = "s each hold" if e.per_hold else e.unit
        charts.append(
            ProgressChart(
                e.title, unit, stats.start, stats.today, sides, step_target(longest, stats.today)
            )
        )
    return tuple(charts)


def adherence_weeks(stats: st.Stats) -> tuple[AdherenceWeek, ...]:
    """Each week of the period, a week with nothing done included (a gap shows)."""
    return tuple(AdherenceWeek(w.start, w.done, w.prescribed) for w in stats.weeks)
