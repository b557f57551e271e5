"""Statistics over the session history: progress, pain and adherence, as a clinician reads them.

Pure functions over `SessionRow`s and their `Details` (`rows`), the next-day ratings from the
journal, and each routine's prescribed frequency. What a range needs from before it (the streak,
since when each routine is followed, personal bests) comes either from the whole history or, on a
long one, from an `Overview` and `TopSet`s the index aggregates. The stats screen and
`backtimer report` both render a `Stats` (`compute`), so they cannot disagree. Only sessions that
count as training (`backtimer.domain.training`) are used; `Stats.sessions` lists the others too.

The parts: `ranges` (the ranges and what they share), `progress`, `pain` (with the warning signs),
`adherence`, and `compute`, which puts them together. Every public name is importable from here.
"""

from __future__ import annotations

from backtimer.domain.journal import next_day_ratings
from backtimer.domain.stats.adherence import (
    ACTIVE_GRACE_DAYS,
    PER_WEEK,
    RoutineAdherence,
    Week,
    streaks,
)
from backtimer.domain.stats.compute import (
    Overview,
    RoutineChoice,
    Stats,
    choices_from_index,
    compute,
    keys_in_range,
    overview,
    overview_from_index,
    prescribed_per_week,
    routine_choices,
)
from backtimer.domain.stats.pain import (
    PAIN_HIGH,
    PAIN_LABELS,
    PAIN_LIMIT,
    PAIN_MOMENTS,
    PainDay,
    PainMoment,
    PainSeries,
    WarningSign,
)
from backtimer.domain.stats.progress import (
    GAP_DAYS,
    Best,
    ExerciseProgress,
    Point,
    SideGap,
    bests_from_top_sets,
    personal_bests,
    side_gap,
    trend,
)
from backtimer.domain.stats.ranges import RANGES, RangeKey, range_start, week_start
from backtimer.domain.stats.rows import Details, RoutineTotals, SessionRow, SetRow, TopSet

__all__ = [
    "ACTIVE_GRACE_DAYS",
    "GAP_DAYS",
    "PAIN_HIGH",
    "PAIN_LABELS",
    "PAIN_LIMIT",
    "PAIN_MOMENTS",
    "PER_WEEK",
    "RANGES",
    "Best",
    "Details",
    "ExerciseProgress",
    "Overview",
    "PainDay",
    "PainMoment",
    "PainSeries",
    "Point",
    "RangeKey",
    "RoutineAdherence",
    "RoutineChoice",
    "RoutineTotals",
    "SessionRow",
    "SetRow",
    "SideGap",
    "Stats",
    "TopSet",
    "WarningSign",
    "Week",
    "bests_from_top_sets",
    "choices_from_index",
    "compute",
    "keys_in_range",
    "next_day_ratings",
    "overview",
    "overview_from_index",
    "personal_bests",
    "prescribed_per_week",
    "range_start",
    "routine_choices",
    "side_gap",
    "streaks",
    "trend",
    "week_start",
]
