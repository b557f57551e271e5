"""Statistics over the session history: progress, pain and adherence, as a clinician reads them.

Pure functions over `SessionRow`s and their `Details` (see `history.stats_query`), the next-day
ratings from the journal, and each routine's prescribed frequency. What a range needs from
before it (the streak, since when each routine is followed, personal bests) comes either from
the whole history or, on a long one, from an `Overview` and `TopSet`s the index aggregates. Only sessions that count are
used: completed or ended early (as for the streak and today's plan), never a demo run (speed other
than 1) nor one still in progress or interrupted. The stats screen and `backtimer report` both
render a `Stats`, so they cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from backtimer.domain.journal import NextDayRating
from backtimer.domain.journal import next_day_ratings as next_day_ratings
from backtimer.domain.routine import Frequency
from backtimer.domain.schedule import DONE_STATUSES
from backtimer.storage.history.stats_query import Details, RoutineTotals, SessionRow, SetRow, TopSet

RangeKey = Literal["4w", "3m", "1y", "all"]
RANGES: Final[dict[RangeKey, tuple[str, int | None]]] = {
    "4w": ("4 weeks", 28),
    "3m": ("3 months", 91),
    "1y": ("1 year", 365),
    "all": ("all", None),
}
"""Range key → (label, days back including today; None for the whole history)."""

PainMoment = Literal["before", "exercise", "after", "next-day"]
PAIN_MOMENTS: Final[tuple[PainMoment, ...]] = ("before", "exercise", "after", "next-day")
PAIN_LABELS: Final[dict[PainMoment, str]] = {
    "before": "before",
    "exercise": "during",
    "after": "after",
    "next-day": "next day",
}
PAIN_LIMIT: Final = 2
"""The pain rule: 0, or at most 1–2 out of 10, during and after an exercise."""
PAIN_HIGH: Final = 5
"""A rating from here up is listed among the warning signs in the report."""
GAP_DAYS: Final = 10
"""The left/right gap is averaged over at most this many of the latest days with both sides."""

PER_WEEK: Final[dict[Frequency, float]] = {
    Frequency.THREE_PER_DAY: 21.0,
    Frequency.TWO_PER_DAY: 14.0,
    Frequency.DAILY: 7.0,
    Frequency.EVERY_OTHER_DAY: 3.5,
    Frequency.ONE_TO_TWO_PER_WEEK: 1.0,
}
"""Sessions a week each frequency prescribes (at least one for "1–2 a week")."""
ACTIVE_GRACE_DAYS: Final = 14
"""A routine trained this recently is taken to be followed still, up to today."""


def amount(value: float, unit: str) -> str:
    """Seconds to a tenth (`58.2 s`, `60 s`, `128 s`), or a count of reps (`12 reps`)."""
    if unit == "reps":
        text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
        return f"{text} rep" if text == "1" else f"{text} reps"
    if value >= 100 or float(value).is_integer():
        return f"{value:.0f} s"
    return f"{value:.1f} s"


def range_start(key: RangeKey, today: date, first: date | None = None) -> date:
    """The first day of a range ending today; for "all", the first day of history (or today)."""
    days = RANGES[key][1]
    if days is None:
        return first if first is not None and first <= today else today
    return today - timedelta(days=days - 1)


def counts(session: SessionRow) -> bool:
    """Whether a session counts in statistics: done (completed or ended early), not a demo."""
    return not session.is_demo and session.status in DONE_STATUSES


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


# --- progress ------------------------------------------------------------------------------------


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

    @property
    def title(self) -> str:
        """The name, with the variant when it says something."""
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
        if found is None or not counts(session):
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


def _progress(
    sessions: Sequence[SessionRow],
    details: Mapping[int, Details],
    bests: Mapping[tuple[str, str], Best],
) -> tuple[ExerciseProgress, ...]:
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


# --- pain ----------------------------------------------------------------------------------------


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
        """Days on which a rating went over the pain rule's limit."""
        return sum(1 for d in self.days if d.high > PAIN_LIMIT)

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


def _pain(
    sessions: Sequence[SessionRow],
    details: Mapping[int, Details],
    ratings: Sequence[NextDayRating],
    start: date,
    end: date,
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
        )
        for when in PAIN_MOMENTS
    )


# --- adherence -----------------------------------------------------------------------------------


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
    """Weeks it was followed within the range (first to last session, see `ACTIVE_GRACE_DAYS`)."""
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


def _spans(sessions: Iterable[SessionRow]) -> dict[str, tuple[date, date]]:
    """Routine → (first, last) day it was trained."""
    spans: dict[str, tuple[date, date]] = {}
    for session in sessions:
        first, last = spans.get(session.routine_id, (session.day, session.day))
        spans[session.routine_id] = (min(first, session.day), max(last, session.day))
    return spans


def _followed(spans: Mapping[str, tuple[date, date]], today: date) -> dict[str, tuple[date, date]]:
    """Routine → (first, last) day it was followed: to today if trained in the last two weeks."""
    grace = today - timedelta(days=ACTIVE_GRACE_DAYS)
    return {r: (a, today if b >= grace else b) for r, (a, b) in spans.items()}


def _adherence(
    trained: Mapping[str, tuple[date, date]],
    in_range: Sequence[SessionRow],
    prescribed: Mapping[str, float],
    start: date,
    today: date,
) -> tuple[tuple[Week, ...], tuple[RoutineAdherence, ...]]:
    spans = _followed(trained, today)
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
    names: dict[str, str] = {}
    per_routine: dict[str, int] = defaultdict(int)
    for session in in_range:
        names[session.routine_id] = session.routine_name
        per_routine[session.routine_id] += 1
    routines = []
    for routine_id, count in per_routine.items():
        first, last = spans[routine_id]
        followed = (min(last, today) - max(first, start)).days + 1
        routines.append(
            RoutineAdherence(
                routine_id, names[routine_id], count, max(followed, 1) / 7,
                prescribed.get(routine_id),
            )
        )  # fmt: skip
    routines.sort(key=lambda r: r.routine_id)
    return tuple(weeks), tuple(routines)


# --- warning signs ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WarningSign:
    """A day something went over the line: a high pain rating, or a set stopped for pain."""

    day: date
    routine_name: str
    what: str


def _warnings(
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


def trend(points: Sequence[Point], days: int = 14) -> tuple[float, float] | None:
    """Mean daily best over the first and the last `days` days of a series (None if too short)."""
    if len(points) < 2:
        return None
    first_end = points[0].day + timedelta(days=days - 1)
    last_start = points[-1].day - timedelta(days=days - 1)
    early = [p.value for p in points if p.day <= first_end]
    late = [p.value for p in points if p.day >= last_start]
    return sum(early) / len(early), sum(late) / len(late)


# --- everything together -------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    """What one range's statistics need from the whole history (for one routine filter)."""

    days: tuple[date, ...]
    """Every day with a counted session, oldest first: the streak, and where "all" begins."""
    spans: Mapping[str, tuple[date, date]]
    """Routine → the first and last day it has a counted session."""


def overview(sessions: Iterable[SessionRow], routine_id: str | None = None) -> Overview:
    """The `Overview` of a whole history held in memory."""
    counted = [
        s for s in sessions if counts(s) and (routine_id is None or s.routine_id == routine_id)
    ]
    return Overview(tuple(sorted({s.day for s in counted})), _spans(counted))


def overview_from_index(
    days: tuple[date, ...], totals: Iterable[RoutineTotals], routine_id: str | None = None
) -> Overview:
    """The `Overview` from what the index aggregates (`training_days`, `routine_totals`)."""
    spans = {
        t.routine_id: (t.first, t.last)
        for t in totals
        if routine_id is None or t.routine_id == routine_id
    }
    return Overview(days, spans)


@dataclass(frozen=True)
class RoutineChoice:
    """A routine found in the history, for the routine filter."""

    routine_id: str
    name: str
    sessions: int


@dataclass(frozen=True)
class Stats:
    """Everything the stats screen and the report show, for one range and routine filter."""

    today: date
    range_key: RangeKey
    start: date
    """First day of the range."""
    routine_id: str | None
    """The routine filter, or None for every routine."""
    exercises: tuple[ExerciseProgress, ...]
    pain: tuple[PainSeries, ...]
    calendar: dict[date, int]
    """Training day → sessions done that day, in the range."""
    streak: int
    """Consecutive training days up to today (or yesterday), over the whole history."""
    longest_streak: int
    weeks: tuple[Week, ...]
    routines: tuple[RoutineAdherence, ...]
    sessions: tuple[SessionRow, ...]
    """Every session in the range and filter, newest first, demo runs and unfinished ones too."""
    counted: int
    """Sessions in the range that count."""
    red_flags: tuple[SessionRow, ...]
    """Counted sessions in the range where leg symptoms were reported."""
    warnings: tuple[WarningSign, ...]
    """High pain ratings and sets stopped for pain in the range, oldest first."""
    pain_before_after: dict[int, tuple[int | None, int | None]]
    """Session key → the "before" and "after" ratings, for every session in `sessions`."""
    bests_complete: bool
    """True when personal bests were taken over the whole history."""
    partial: bool = False
    """True for a quick first picture drawn before the journal and the library were read: the
    next-day pain series and the prescriptions are missing from it."""

    @property
    def range_label(self) -> str:
        """ "4 weeks", "3 months", "1 year" or "all"."""
        return RANGES[self.range_key][0]

    @property
    def training_days(self) -> int:
        """Days in the range with at least one counted session."""
        return len(self.calendar)

    @property
    def range_days(self) -> int:
        """Days in the range, today included."""
        return (self.today - self.start).days + 1

    @property
    def prescribed_total(self) -> float:
        """Sessions the followed routines prescribed over the range."""
        return sum(w.prescribed for w in self.weeks)

    def exercise(self, key: str) -> ExerciseProgress | None:
        """The progress of one exercise series by its key."""
        return next((e for e in self.exercises if e.key == key), None)

    def pain_series(self, when: PainMoment) -> PainSeries:
        """The pain series of one kind."""
        return next(p for p in self.pain if p.when == when)


def choices_from_index(totals: Iterable[RoutineTotals]) -> tuple[RoutineChoice, ...]:
    """`routine_choices` from the index's per-routine totals."""
    return tuple(RoutineChoice(t.routine_id, t.name, t.sessions) for t in totals)


def routine_choices(sessions: Iterable[SessionRow]) -> tuple[RoutineChoice, ...]:
    """Every routine in the history that has a counted session, by id, with its latest name."""
    names: dict[str, str] = {}
    count: dict[str, int] = defaultdict(int)
    for session in sessions:
        if counts(session):
            names[session.routine_id] = session.routine_name
            count[session.routine_id] += 1
    return tuple(RoutineChoice(r, names[r], count[r]) for r in sorted(names))


def prescribed_per_week(frequencies: Mapping[str, Frequency]) -> dict[str, float]:
    """Routine id → sessions a week its frequency prescribes."""
    return {routine_id: PER_WEEK[f] for routine_id, f in frequencies.items()}


def compute(
    sessions: Sequence[SessionRow],
    details: Mapping[int, Details],
    *,
    today: date,
    range_key: RangeKey = "3m",
    routine_id: str | None = None,
    prescribed: Mapping[str, float] | None = None,
    ratings: Sequence[NextDayRating] = (),
    bests: Mapping[tuple[str, str], Best] | None = None,
    start: date | None = None,
    history: Overview | None = None,
    partial: bool = False,
) -> Stats:
    """Statistics for one range (ending `today`) and routine filter.

    `sessions` is the whole history, oldest first, unless `history` is given: then `sessions`
    need only hold the range, and `history` (for this routine filter) stands for the rest.
    `details` must hold at least the sessions in the range. `start` overrides the range's first
    day (the report's `--since`). `bests` are personal bests taken over the whole history
    (`personal_bests`, `bests_from_top_sets`); when omitted they are taken from the sessions
    whose details are at hand, and `bests_complete` says whether that was all of them.
    `partial` marks statistics computed before `ratings` and `prescribed` were known.
    """
    prescribed = prescribed or {}
    chosen = [s for s in sessions if routine_id is None or s.routine_id == routine_id]
    counted_all = [s for s in chosen if counts(s)]
    if history is None:
        history = overview(counted_all)
    first = history.days[0] if history.days else None
    if start is None:
        start = range_start(range_key, today, first)
    in_range = [s for s in chosen if start <= s.day <= today]
    counted = [s for s in in_range if counts(s)]
    complete = bests is not None
    if bests is None:
        # Complete when the sessions at hand cover every training day, with their sets.
        have = {s.day for s in counted_all}
        complete = all(day in have for day in history.days) and all(
            s.key in details for s in counted_all
        )
        bests = personal_bests(counted_all, details)
    calendar: dict[date, int] = defaultdict(int)
    for session in counted:
        calendar[session.day] += 1
    current, longest = streaks(history.days, today)
    weeks, routines = _adherence(history.spans, counted, prescribed, start, today)
    return Stats(
        today=today,
        range_key=range_key,
        start=start,
        routine_id=routine_id,
        exercises=_progress(counted, details, bests),
        pain=_pain(counted, details, ratings, start, today),
        calendar=dict(calendar),
        streak=current,
        longest_streak=longest,
        weeks=weeks,
        routines=routines,
        sessions=tuple(reversed(in_range)),
        counted=len(counted),
        red_flags=tuple(s for s in counted if s.red_flag),
        warnings=_warnings(counted, details),
        pain_before_after={s.key: _before_after(details.get(s.key)) for s in in_range},
        bests_complete=complete,
        partial=partial,
    )


def _before_after(found: Details | None) -> tuple[int | None, int | None]:
    if found is None:
        return None, None
    before = next((v for w, v in found.pains if w == "before"), None)
    after = next((v for w, v in reversed(found.pains) if w == "after"), None)
    return before, after


def keys_in_range(sessions: Sequence[SessionRow], range_key: RangeKey, today: date) -> list[int]:
    """The keys of the sessions whose details a range needs (the whole history for "all")."""
    if RANGES[range_key][1] is None:
        return [s.key for s in sessions]
    start = range_start(range_key, today)
    return [s.key for s in sessions if start <= s.day <= today]
