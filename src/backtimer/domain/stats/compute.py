"""One range's statistics put together (`compute`), and what a range needs from the whole history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from backtimer.domain.journal import NextDayRating
from backtimer.domain.progression.red_flag import is_real_flag
from backtimer.domain.routine import Frequency
from backtimer.domain.stats.adherence import (
    PER_WEEK,
    RoutineAdherence,
    Week,
    adherence,
    streaks,
    training_spans,
)
from backtimer.domain.stats.pain import (
    PAIN_LIMIT,
    PainMoment,
    PainSeries,
    WarningSign,
    pain_over_range,
    warning_signs,
)
from backtimer.domain.stats.progress import (
    Best,
    ExerciseProgress,
    exercise_progress,
    personal_bests,
)
from backtimer.domain.stats.ranges import RANGES, RangeKey, range_start
from backtimer.domain.stats.rows import Details, RoutineTotals, SessionRow
from backtimer.domain.training import counts_as_training


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
        s
        for s in sessions
        if counts_as_training(s) and (routine_id is None or s.routine_id == routine_id)
    ]
    return Overview(tuple(sorted({s.day for s in counted})), training_spans(counted))


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
    """Real sessions in the range where leg symptoms were reported (demo runs never count)."""
    warnings: tuple[WarningSign, ...]
    """High pain ratings and sets stopped for pain in the range, oldest first."""
    pain_before_after: dict[int, tuple[int | None, int | None]]
    """Session key → the "before" and "after" ratings, for every session in `sessions`."""
    bests_complete: bool
    """True when personal bests were taken over the whole history."""
    partial: bool = False
    """True for a quick first picture drawn before the journal and the library were read: the
    next-day pain series and the prescriptions are missing from it."""
    pain_limit: int = PAIN_LIMIT
    """The one pain limit the pain series were judged by (`domain.pain.pain_limit`)."""

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

    @property
    def range_weeks(self) -> float:
        """The days in the range over 7: what every "a week" figure of the range divides by."""
        return self.range_days / 7

    @property
    def done_a_week(self) -> float:
        """Sessions done a week over the range."""
        return self.counted / self.range_weeks

    @property
    def prescribed_a_week(self) -> float:
        """Sessions a week the followed routines prescribed over the range."""
        return self.prescribed_total / self.range_weeks

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
        if counts_as_training(session):
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
    pain_limit: int = PAIN_LIMIT,
    followed: Collection[str] | None = None,
    names: Mapping[str, str] | None = None,
    variants: Mapping[str, str] | None = None,
    began: date | None = None,
) -> Stats:
    """Statistics for one range (ending `today`) and routine filter.

    `sessions` is the whole history, oldest first, unless `history` is given: then `sessions`
    need only hold the range, and `history` (for this routine filter) stands for the rest.
    `details` must hold at least the sessions in the range. `start` overrides the range's first
    day (the report's `--since`). `bests` are personal bests taken over the whole history
    (`personal_bests`, `bests_from_top_sets`); when omitted they are taken from the sessions
    whose details are at hand, and `bests_complete` says whether that was all of them.
    `partial` marks statistics computed before `ratings` and `prescribed` were known.
    `followed` (the routines the plan follows now) and `names` (routine id → name) let a
    followed routine without sessions count in adherence (`adherence.adherence`), from the
    first training day of the whole history (`began` when `sessions` do not reach back to it;
    today when there is none).
    """
    prescribed = prescribed or {}
    chosen = [s for s in sessions if routine_id is None or s.routine_id == routine_id]
    counted_all = [s for s in chosen if counts_as_training(s)]
    if history is None:
        history = overview(counted_all)
    first = history.days[0] if history.days else None
    if start is None:
        start = range_start(range_key, today, first)
    in_range = [s for s in chosen if start <= s.day <= today]
    counted = [s for s in in_range if counts_as_training(s)]
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
    if followed is not None and routine_id is not None:
        followed = [r for r in followed if r == routine_id]
    weeks, routines = adherence(
        history.spans, counted, prescribed, start, today, followed=followed, names=names,
        began=began or first or today,
    )  # fmt: skip
    return Stats(
        today=today,
        range_key=range_key,
        start=start,
        routine_id=routine_id,
        exercises=exercise_progress(counted, details, bests, variants),
        pain=pain_over_range(counted, details, ratings, start, today, pain_limit),
        calendar=dict(calendar),
        streak=current,
        longest_streak=longest,
        weeks=weeks,
        routines=routines,
        sessions=tuple(reversed(in_range)),
        counted=len(counted),
        red_flags=tuple(s for s in in_range if is_real_flag(s)),
        warnings=warning_signs(counted, details),
        pain_before_after={s.key: _before_after(details.get(s.key)) for s in in_range},
        bests_complete=complete,
        partial=partial,
        pain_limit=pain_limit,
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
