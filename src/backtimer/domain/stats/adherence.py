"""Adherence: sessions done each week against what the routines followed then prescribe.

A routine in the plan now (`followed`) is followed through today: from its first session, or,
as the plan keeps no dates, from the first training day of the history (today, before there
is one) when it has none. So a followed routine never done is 0 %, and the
prescribed line stays up through a lapse. A routine no longer followed counts from its first
session to its last. Without the plan (`followed` is None), a routine trained in the last
`ACTIVE_GRACE_DAYS` is taken to be followed still.

Every "a week" figure divides by the same thing: days over 7.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from backtimer.domain.routine import Frequency
from backtimer.domain.stats.ranges import week_start
from backtimer.domain.stats.rows import SessionRow

PER_WEEK: Final[dict[Frequency, float]] = {
    Frequency.THREE_PER_DAY: 21.0,
    Frequency.TWO_PER_DAY: 14.0,
    Frequency.DAILY: 7.0,
    Frequency.EVERY_OTHER_DAY: 3.5,
    Frequency.ONE_TO_TWO_PER_WEEK: 1.0,
}
"""Sessions a week each frequency prescribes (at least one for "1–2 a week")."""
ACTIVE_GRACE_DAYS: Final = 14
"""Without the plan: a routine trained this recently is taken to be followed still, up to today."""


@dataclass(frozen=True, slots=True)
class Week:
    """One ISO week: sessions done, and what the routines followed then prescribe."""

    start: date
    done: int
    prescribed: float


@dataclass(frozen=True, slots=True)
class RoutineAdherence:
    """One routine over the range: sessions a week done against prescribed."""

    routine_id: str
    name: str
    done: int
    weeks: float
    """Days it was followed within the range, over 7 (see the module's description)."""
    prescribed_per_week: float | None
    """None when the routine is not in the library (deleted or renamed)."""

    @property
    def per_week(self) -> float:
        """Sessions a week while followed."""
        return self.done / self.weeks if self.weeks else 0.0

    @property
    def percent(self) -> float | None:
        """Done against prescribed, 0–100+ (None without a prescription)."""
        if not self.prescribed_per_week:
            return None
        return 100.0 * self.per_week / self.prescribed_per_week


def streaks(days: Iterable[date], today: date) -> tuple[int, int]:
    """(current, longest): consecutive training days ending today (or yesterday), and the most."""
    ordered = sorted(set(days))
    present = set(ordered)
    day = today if today in present else today - timedelta(days=1)
    current = 0
    while day in present:
        current += 1
        day -= timedelta(days=1)
    longest = run = 0
    previous: date | None = None
    for day in ordered:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    return current, longest


def training_spans(sessions: Iterable[SessionRow]) -> dict[str, tuple[date, date]]:
    """Routine → (first, last) day it was trained."""
    spans: dict[str, tuple[date, date]] = {}
    for session in sessions:
        first, last = spans.get(session.routine_id, (session.day, session.day))
        spans[session.routine_id] = (min(first, session.day), max(last, session.day))
    return spans


def followed_spans(
    trained: Mapping[str, tuple[date, date]],
    followed: Collection[str] | None,
    began: date,
    today: date,
) -> dict[str, tuple[date, date]]:
    """Routine → (first, last) day it was followed (see the module's description)."""
    if followed is None:
        grace = today - timedelta(days=ACTIVE_GRACE_DAYS)
        return {r: (a, today if b >= grace else b) for r, (a, b) in trained.items()}
    spans = dict(trained)
    for routine_id in followed:
        first = trained[routine_id][0] if routine_id in trained else began
        spans[routine_id] = (min(first, today), today)
    return spans


def adherence(
    trained: Mapping[str, tuple[date, date]],
    in_range: Sequence[SessionRow],
    prescribed: Mapping[str, float],
    start: date,
    today: date,
    followed: Collection[str] | None = None,
    names: Mapping[str, str] | None = None,
    began: date | None = None,
) -> tuple[tuple[Week, ...], tuple[RoutineAdherence, ...]]:
    """Each week of the range, and each routine followed in it or done in it.

    `trained` is each routine's first and last counted day over the whole history, `followed`
    the routines the plan follows now (None when not known) and `names` routine id → name, for
    the followed routines without a session in the range; `began` is the first day of the
    history known (`today` when not given).
    """
    spans = followed_spans(trained, followed, began or today, today)
    done: dict[date, int] = defaultdict(int)
    for session in in_range:
        done[week_start(session.day)] += 1
    weeks = []
    monday = week_start(start)
    while monday <= today:
        sunday = monday + timedelta(days=6)
        lo, hi = max(monday, start), min(sunday, today)
        total = 0.0
        for routine_id, (first, last) in spans.items():
            per_week = prescribed.get(routine_id)
            overlap = (min(hi, last) - max(lo, first)).days + 1
            if per_week and overlap > 0:
                total += per_week * overlap / 7
        weeks.append(Week(monday, done.get(monday, 0), round(total, 1)))
        monday += timedelta(days=7)
    known = dict(names or {})
    per_routine: dict[str, int] = defaultdict(int)
    for session in in_range:
        known[session.routine_id] = session.routine_name
        per_routine[session.routine_id] += 1
    for routine_id in followed or ():
        if routine_id in spans and routine_id in prescribed:
            per_routine.setdefault(routine_id, 0)  # followed, never done in the range: 0 %
    routines = []
    for routine_id, count in per_routine.items():
        first, last = spans[routine_id]
        days = (min(last, today) - max(first, start)).days + 1
        routines.append(
            RoutineAdherence(
                routine_id, known.get(routine_id, routine_id), count, max(days, 1) / 7,
                prescribed.get(routine_id),
            )
        )  # fmt: skip
    routines.sort(key=lambda r: r.routine_id)
    return tuple(weeks), tuple(routines)
