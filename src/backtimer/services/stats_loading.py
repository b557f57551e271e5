"""Loading statistics from the history: for the stats screen, in stages, and for `backtimer report`.

Loading never reads the whole history into memory when the history index can answer. With the
index in place, `StatsLoader` asks it (`history.stats_query`) for the sessions of the range on
show and for a few aggregates that reach further back (training days for the streak, each
routine's first and last day), and hands those over at once. Personal bests over the whole
history follow (an aggregate SQLite takes a third of a second over on ten years; `StatsMemo`
keeps them while the index is unchanged), then a check that the index still matches the files,
handing over new statistics only when something changed. Without an index it is built first,
reporting the files it has read. If the index cannot be used at all (locked by another process),
every file is read instead.

Nothing here knows about screens: the caller passes in how to show statistics and progress.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import cast

from backtimer.domain import stats as st
from backtimer.domain.days import session_day
from backtimer.domain.journal import NextDayRating
from backtimer.domain.pain import pain_limit
from backtimer.domain.stats.rows import Details, SessionRow
from backtimer.domain.training import counts_as_training
from backtimer.services.stats_memo import StatsMemo
from backtimer.storage.config import load_config
from backtimer.storage.history import live
from backtimer.storage.history.stats_query import (
    IndexReader,
    IndexUnreadable,
    Signature,
    rows_from_records,
)
from backtimer.storage.history.store import HistoryStore, Problem
from backtimer.storage.journal import load_journal
from backtimer.storage.library import Library, load_library
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import load_plan

Bests = dict[tuple[str, str], st.Best]

Post = Callable[[st.Stats, tuple[st.RoutineChoice, ...], bool, bool], threading.Event]
"""Show `(stats, routine choices, final, changed)`; the event is set once they are on show."""


@dataclass(frozen=True)
class SideData:
    """What the statistics need besides the sessions: prescriptions and next-day ratings."""

    prescribed: dict[str, float]
    ratings: tuple[NextDayRating, ...]
    pain_limit: int = st.PAIN_LIMIT
    """The one pain limit: config.toml's when lower than the pain rule's 2."""
    followed: tuple[str, ...] = ()
    """The routines the plan follows now: followed through today, done or not."""
    names: dict[str, str] = field(default_factory=dict)
    """Routine id → name, for a followed routine with no session to name it."""
    variants: dict[str, str] = field(default_factory=dict)
    """`exercise_id:variant_id` → the variant's name, "" for an exercise with only one."""


def read_side_data(dirs: Dirs, library: Library | None = None) -> SideData:
    """How often each routine is prescribed, which are followed, and every next-day rating.

    A journal or plan file that cannot be read is skipped (the plan's default is used):
    `backtimer today` and the home screen name it.
    """
    library = library or load_library(dirs)
    events, _problems = load_journal(dirs.data)
    config, _ = load_config(dirs.config_file)  # its problems are reported where it is read
    plan, _plan_problems = load_plan(dirs.data)
    return SideData(
        st.prescribed_per_week({r.id: r.frequency for r in library.routines}),
        st.next_day_ratings(events),
        pain_limit(config.pain_limit),
        plan.follow,
        {r.id: r.name for r in library.routines},
        variant_names(library),
    )


def variant_names(library: Library) -> dict[str, str]:
    """`exercise_id:variant_id` → the variant's name, as statistics and a session's record
    show it: "" for an exercise with only the one variant, which needs no telling apart."""
    return {
        f"{e.id}:{v.id}": v.name if len(e.variants) > 1 else ""
        for r in library.routines
        for e in r.exercises
        for v in e.variants
    }


def report_stats(
    dirs: Dirs, *, today: date, since: date | None, now: datetime | None = None
) -> tuple[st.Stats, list[Problem]]:
    """Every session from `since` (all when None) to `today`, as `backtimer report` sums them up.

    Read from the history index, brought up to date with the files first; every file is read
    only when the index cannot be used. Returns the statistics and the session files skipped.
    """
    store = HistoryStore(dirs.data)
    side = read_side_data(dirs)
    problems: list[Problem] = []
    try:
        problems = list(store.update_index())
        with IndexReader.open(store) as reader:
            moment = now or datetime.now().astimezone()
            found = reader.range_data(
                since,
                today,
                None,
                lambda session_id, last: live.is_live(dirs.data, session_id, last, moment),
            )
            bests: Bests | None = st.bests_from_top_sets(reader.top_sets())
            sessions: Sequence[SessionRow] = found.sessions
            details = found.details
            start: date | None = since if since is not None else found.start
            # Training may have begun before `since`: the index's training days reach further.
            began = found.days[0] if since is not None and found.days else None
    except (IndexUnreadable, OSError):
        loaded = store.load(since=since)
        problems = list(loaded.problems)
        sessions, details = rows_from_records(loaded.sessions, loaded.files)
        sessions = [s for s in sessions if s.day <= today]
        bests, start, began = None, since, None
        if since is not None:  # training may have begun before `since`: ask the listing
            listed = store.summaries().sessions
            began = next((session_day(s) for s in listed if counts_as_training(s)), None)
    stats = st.compute(
        sessions,
        details,
        today=today,
        range_key="all",
        start=start,
        prescribed=side.prescribed,
        ratings=side.ratings,
        pain_limit=side.pain_limit,
        followed=side.followed,
        names=side.names,
        variants=side.variants,
        began=began,
        bests=bests,
    )
    return stats, problems


@dataclass(frozen=True)
class _Whole:
    """The whole history in memory: only when the index cannot be used."""

    sessions: Sequence[SessionRow]
    details: dict[int, Details]
    bests: Bests


class StatsLoader:
    """Loads the statistics of a range in stages and hands each stage to `post`.

    Runs on a worker thread, one load at a time. `building` is called once when the index has
    to be built from the files, `progress(done, total)` as it is, and `unchanged(range_key,
    routine_id)` when the check found the index up to date (what is on show is final), and
    `skipped(problems)` with the session files left out, each time the files are checked.
    """

    def __init__(
        self,
        dirs: Dirs,
        memo: StatsMemo,
        *,
        now: Callable[[], datetime],
        library: Callable[[], Library | None],
        post: Post,
        building: Callable[[], None],
        progress: Callable[[int, int], None],
        unchanged: Callable[[st.RangeKey, str | None], None],
        skipped: Callable[[tuple[Problem, ...]], None] = lambda problems: None,
    ) -> None:
        self._dirs = dirs
        self._skipped = skipped
        self._memo = memo
        self._now = now
        self._library = library
        self._post_stats = post
        self._building = building
        self._progress = progress
        self._unchanged = unchanged
        self._checked = threading.Event()
        """Set once the index was compared with the files since the last `reset`."""
        self._side: SideData | None = None
        self._whole: _Whole | None = None
        self._loading = threading.Lock()
        self._cancelled: Callable[[], bool] = lambda: False

    def reset(self) -> None:
        """Read the history again on the next load, and check the index against the files."""
        self._checked.clear()
        self._whole = None

    def load(
        self,
        range_key: st.RangeKey,
        routine_id: str | None,
        today: date,
        cancelled: Callable[[], bool],
    ) -> None:
        """Read what the range needs and post it; then the rest, then check the index.

        `cancelled` says when a newer request has taken over: then nothing more is posted.
        """
        # One load at a time: a newer request waits for an older one still building the index
        # (a thread cannot be stopped), rather than reading the index half-built.
        with self._loading:
            if not cancelled():
                self._cancelled = cancelled
                self._load(range_key, routine_id, today)

    def _load(self, range_key: st.RangeKey, routine_id: str | None, today: date) -> None:
        store = HistoryStore(self._dirs.data)
        if self._whole is None:
            reader = self._open(store)
            if reader is not None:
                try:
                    with reader:
                        signature = self._from_index(reader, range_key, routine_id, today)
                except IndexUnreadable:
                    pass  # damaged or rebuilt by another process meanwhile: read the files
                else:
                    if signature is not None and not self._checked.is_set():
                        self._check(store, signature, range_key, routine_id, today)
                    return
            self._whole = self._read_whole(store)
        if not self._cancelled():
            self._post(self._compute_whole(self._whole, range_key, routine_id, today), final=True)

    def _read_side_data(self) -> SideData:
        if self._side is None:
            self._side = read_side_data(self._dirs, self._library())
        return self._side

    def _open(self, store: HistoryStore) -> IndexReader | None:
        """The index, built first if there is none; None if it cannot be used."""
        try:
            return IndexReader.open(store)
        except IndexUnreadable:
            pass
        if store.sessions_dir.is_dir():
            self._building()
        self._skipped(store.update_index(progress=self._progress))
        self._checked.set()  # just built from the files
        try:
            return IndexReader.open(store)
        except IndexUnreadable:
            return None

    def _from_index(
        self, reader: IndexReader, range_key: st.RangeKey, routine_id: str | None, today: date
    ) -> Signature | None:
        """Post the range from the index at once, then with what takes longer to read.

        The first picture does without personal bests over the whole history and without the
        journal, unless they are at hand already. Returns the index's signature when the index
        is still to be checked, None when there is nothing more to do (the statistics are
        final, or a newer request took over).
        """
        stats, choices, signature = self._compute(reader, range_key, routine_id, today)
        final = not stats.partial and stats.bests_complete and self._checked.is_set()
        if self._cancelled():
            return None
        drawn = self._post(stats, choices, final=final)
        if final:
            return None
        if stats.partial or not stats.bests_complete:
            # Let the first picture reach the screen before the slower reading.
            drawn.wait(timeout=1.0)
            self._read_side_data()
            self._memo.get(signature, "bests", lambda: st.bests_from_top_sets(reader.top_sets()))
            if self._cancelled():
                return None
            stats, choices, signature = self._compute(reader, range_key, routine_id, today)
            self._post(stats, choices, final=self._checked.is_set() and stats.bests_complete)
        return signature

    def _compute(
        self, reader: IndexReader, range_key: st.RangeKey, routine_id: str | None, today: date
    ) -> tuple[st.Stats, tuple[st.RoutineChoice, ...], Signature]:
        """The statistics of a range from the index, with the index's signature they come from."""
        data_dir, now = self._dirs.data, self._now()
        found = reader.range_data(
            None if range_key == "all" else st.range_start(range_key, today),
            today,
            routine_id,
            lambda session_id, last: live.is_live(data_dir, session_id, last, now),
        )
        bests = cast("Bests | None", self._memo.peek(found.signature, "bests"))
        side = self._side
        stats = st.compute(
            found.sessions,
            found.details,
            today=today,
            range_key=range_key,
            routine_id=routine_id,
            prescribed=side.prescribed if side else None,
            ratings=side.ratings if side else (),
            pain_limit=side.pain_limit if side else st.PAIN_LIMIT,
            followed=side.followed if side else None,
            names=side.names if side else None,
            variants=side.variants if side else None,
            bests=bests,
            start=found.start,
            history=st.overview_from_index(found.days, found.totals, routine_id),
            partial=side is None,
        )
        return stats, st.choices_from_index(found.totals), found.signature

    def _check(
        self,
        store: HistoryStore,
        signature: Signature,
        range_key: st.RangeKey,
        routine_id: str | None,
        today: date,
    ) -> None:
        """Bring the index up to date with the files; post again if that changed anything."""
        self._skipped(store.update_index())
        self._checked.set()
        now: Signature | None = None
        choices: tuple[st.RoutineChoice, ...] | None = None
        try:
            with IndexReader.open(store) as reader:
                now = reader.signature()
                if now == signature:
                    stats = None  # nothing changed: only the flag is news
                else:
                    self._memo.get(now, "bests", lambda: st.bests_from_top_sets(reader.top_sets()))
                    if self._cancelled():
                        return
                    stats, choices, now = self._compute(reader, range_key, routine_id, today)
        except IndexUnreadable:
            self._whole = self._read_whole(store)
            stats = self._compute_whole(self._whole, range_key, routine_id, today)
        if self._cancelled():
            return
        if stats is None:
            self._unchanged(range_key, routine_id)
        else:
            self._post(stats, choices, final=True, changed=now != signature)

    def _read_whole(self, store: HistoryStore) -> _Whole:
        loaded = store.load()
        self._skipped(tuple(loaded.problems))
        sessions, details = rows_from_records(loaded.sessions, loaded.files)
        return _Whole(sessions, details, st.personal_bests(sessions, details))

    def _compute_whole(
        self, whole: _Whole, range_key: st.RangeKey, routine_id: str | None, today: date
    ) -> st.Stats:
        side = self._read_side_data()
        return st.compute(
            whole.sessions,
            whole.details,
            today=today,
            range_key=range_key,
            routine_id=routine_id,
            prescribed=side.prescribed,
            ratings=side.ratings,
            bests=whole.bests,
            pain_limit=side.pain_limit,
            followed=side.followed,
            names=side.names,
            variants=side.variants,
        )

    def _post(
        self,
        stats: st.Stats,
        choices: tuple[st.RoutineChoice, ...] | None = None,
        *,
        final: bool,
        changed: bool = False,
    ) -> threading.Event:
        """Hand `stats` over; the event is set once they are on show."""
        if choices is None:
            choices = st.routine_choices(self._whole.sessions) if self._whole else ()
        return self._post_stats(stats, choices, final, changed)
