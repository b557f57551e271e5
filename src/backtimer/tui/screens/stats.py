"""Stats: progress, pain and adherence over a range of the history, and the list of sessions.

Loading never runs on the event loop. With the history index in place, sessions come straight
from it (`history.stats_query`) and only the sets of the range on show are decoded, so the
screen draws at once; the rest (personal bests over the whole history, a check that the index
is up to date) follows in the same worker and redraws when it changes something. Without an
index, the worker builds it through `HistoryStore` while a progress bar estimates how far it
has got.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.lazy import Lazy
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Header,
    OptionList,
    ProgressBar,
    Select,
    Static,
    TabbedContent,
    TabPane,
)
from textual.worker import get_current_worker

from backtimer import stats as st
from backtimer.history.index import walk_sessions
from backtimer.history.stats_query import (
    Details,
    IndexReader,
    IndexUnreadable,
    SessionRow,
    Signature,
    rows_from_records,
)
from backtimer.history.store import HistoryStore
from backtimer.history.toml_io import HistoryFileError, read_session_file
from backtimer.journal import NextDayRating, load_journal
from backtimer.library import load_library
from backtimer.tui.screens.session_detail import SessionDetailScreen
from backtimer.tui.widgets.stats_panes import (
    AdherencePane,
    OpenSession,
    PainPane,
    ProgressPane,
    SessionsPane,
    StatsPane,
)

if TYPE_CHECKING:
    from backtimer.tui.app import BacktimerApp

ALL_ROUTINES = "*"
RANGE_KEYS: dict[str, st.RangeKey] = {"w": "4w", "m": "3m", "y": "1y", "a": "all"}
COLD_SAMPLE = 12
"""Session files parsed up front to estimate how long building the index will take."""


@dataclass
class _History:
    """What the worker has read so far; touched only while holding `lock`."""

    sessions: Sequence[SessionRow] = ()
    details: dict[int, Details] = field(default_factory=dict)
    bests: dict[tuple[str, str], st.Best] | None = None
    signature: Signature | None = None
    from_index: bool = True
    checked: bool = False
    """True once the index was brought up to date and personal bests cover everything."""
    prescribed: dict[str, float] = field(default_factory=dict)
    ratings: tuple[NextDayRating, ...] = ()
    choices: tuple[st.RoutineChoice, ...] = ()
    lock: threading.Lock = field(default_factory=threading.Lock)


class StatsScreen(Screen[None]):
    """Progress, pain, adherence and sessions over a range, for every routine or one."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="back"),
        Binding("q", "app.quit", "Quit", id="quit", show=False),
        Binding("w", "range('w')", "4 weeks", id="range-4w"),
        Binding("m", "range('m')", "3 months", id="range-3m"),
        Binding("y", "range('y')", "Year", id="range-1y"),
        Binding("a", "range('a')", "All", id="range-all"),
        Binding("f", "filter", "Routine", id="routine-filter"),
        Binding("1", "tab('tab-progress')", "Progress", show=False),
        Binding("2", "tab('tab-pain')", "Pain", show=False),
        Binding("3", "tab('tab-adherence')", "Adherence", show=False),
        Binding("4", "tab('tab-sessions')", "Sessions", show=False),
    ]

    range_key: reactive[st.RangeKey] = reactive("3m", init=False)
    """The range on show."""
    routine_id: reactive[str | None] = reactive(None, init=False)
    """The routine filter, or None for every routine."""

    def __init__(self, *, today: Callable[[], date] | None = None) -> None:
        super().__init__()
        self._today = today or self._app_today
        self._history = _History()
        self.stats: st.Stats | None = None
        """The statistics on show, once loaded."""
        self.complete = False
        """True once personal bests cover the whole history and the index was checked."""
        self._cold: tuple[float, float, int] | None = None
        self._choices_shown: tuple[tuple[str, str], ...] = ()
        self.on_first_draw: Callable[[], None] | None = None
        """Called once, after the first statistics are on the screen (benchmarks time this)."""

    def _app_today(self) -> date:
        return self.backtimer.now().date()

    @property
    def backtimer(self) -> BacktimerApp:
        """The app, typed."""
        return cast("BacktimerApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="stats-loading"):
            yield Static("Reading the history…", id="stats-loading-text")
            yield ProgressBar(id="stats-progress", show_eta=False)
        with Horizontal(id="stats-bar"):
            yield Static(id="stats-range")
            yield Select[str](
                [("All routines", ALL_ROUTINES)],
                value=ALL_ROUTINES,
                allow_blank=False,
                compact=True,
                id="stats-routine",
            )
        with TabbedContent(id="stats-tabs"):
            with TabPane("Progress", id="tab-progress"):
                yield ProgressPane(id="pane-progress")
            with TabPane("Pain", id="tab-pain"):
                yield Lazy(PainPane(id="pane-pain"))
            with TabPane("Adherence", id="tab-adherence"):
                yield Lazy(AdherencePane(id="pane-adherence"))
            with TabPane("Sessions", id="tab-sessions"):
                yield Lazy(SessionsPane(id="pane-sessions"))
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Stats"
        self._show_range()
        self.query_one("#stats-exercises", OptionList).focus()
        self.load()

    # --- loading (worker thread) -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="stats")
    def load(self) -> None:
        """Read what the range needs, show it, then finish personal bests and check the index."""
        worker = get_current_worker()
        history = self._history
        range_key, routine_id, today = self.range_key, self.routine_id, self._today()
        store = HistoryStore(self.backtimer.dirs.data)
        with history.lock:
            if history.signature is None and history.from_index and not history.sessions:
                self._read_first(store)
            if worker.is_cancelled:
                return
            drawn = self._post(self._compute(range_key, routine_id, today), final=history.checked)
            if history.checked:
                return
            # Let the first picture reach the screen before the slower work below.
            drawn.wait(timeout=1.0)
            if history.bests is None:
                self._fill_details(store, [s.key for s in history.sessions])
                history.bests = st.personal_bests(history.sessions, history.details)
            changed = self._check_index(store)
            history.checked = True
            if worker.is_cancelled:
                return
            self._post(self._compute(range_key, routine_id, today), final=True, changed=changed)

    def _read_first(self, store: HistoryStore) -> None:
        history = self._history
        try:
            with IndexReader.open(store) as reader:
                rows = reader.sessions()
        except IndexUnreadable:
            rows = None
        if rows is None:
            self._build_index(store)
            try:
                with IndexReader.open(store) as reader:
                    rows = reader.sessions()
            except IndexUnreadable:
                rows = None
        if rows is not None:
            history.sessions, history.signature = rows.sessions, rows.signature
        else:  # the index cannot be used (locked by another process): read every file
            loaded = store.load()
            sessions, history.details = rows_from_records(loaded.sessions, loaded.files)
            history.sessions, history.from_index = sessions, False
        self._read_side_data()

    def _read_side_data(self) -> None:
        history = self._history
        dirs = self.backtimer.dirs
        library = self.backtimer.library or load_library(dirs)
        history.prescribed = st.prescribed_per_week({r.id: r.frequency for r in library.routines})
        events, _problems = load_journal(dirs.data)
        history.ratings = st.next_day_ratings(events)
        history.choices = st.routine_choices(history.sessions)

    def _build_index(self, store: HistoryStore) -> None:
        """Build the index (once), with a progress estimate from a few files read up front."""
        found, _ = walk_sessions(store.sessions_dir) if store.sessions_dir.is_dir() else ([], [])
        if found:
            began = time.perf_counter()
            sample = found[:: max(1, len(found) // COLD_SAMPLE)][:COLD_SAMPLE]
            for item in sample:
                # A broken file counts in the estimate all the same; the store reports it.
                with contextlib.suppress(HistoryFileError):
                    read_session_file(Path(item.path))
            per_file = (time.perf_counter() - began) / len(sample) * 1.2
            self.app.call_from_thread(self._show_cold, len(found), per_file)
        store.summaries()

    def _fill_details(self, store: HistoryStore, keys: Sequence[int]) -> None:
        history = self._history
        missing = [key for key in keys if key not in history.details]
        if not missing or not history.from_index:
            return
        try:
            with IndexReader.open(store) as reader:
                if reader.signature() != history.signature:
                    raise IndexUnreadable("changed")
                history.details.update(reader.details(missing))
        except IndexUnreadable:
            self._reset()
            self._read_first(store)
            self._fill_details(store, keys)

    def reload(self) -> None:
        """Read the history again and check the index against the files."""
        self._history.checked = False  # read by the worker once it holds the lock
        self.load()

    def _reset(self) -> None:
        history = self._history
        history.sessions, history.details, history.bests = (), {}, None
        history.signature, history.from_index, history.checked = None, True, False

    def _check_index(self, store: HistoryStore) -> bool:
        """Bring the index up to date with the files; reread everything if it changed."""
        history = self._history
        if not history.from_index:
            return False
        store.summaries()
        try:
            with IndexReader.open(store) as reader:
                if reader.signature() == history.signature:
                    return False
        except IndexUnreadable:
            pass
        self._reset()
        self._read_first(store)
        self._fill_details(store, [s.key for s in history.sessions])
        history.bests = st.personal_bests(history.sessions, history.details)
        return True

    def _compute(self, range_key: st.RangeKey, routine_id: str | None, today: date) -> st.Stats:
        history = self._history
        if history.from_index:
            store = HistoryStore(self.backtimer.dirs.data)
            self._fill_details(store, st.keys_in_range(history.sessions, range_key, today))
        return st.compute(
            history.sessions,
            history.details,
            today=today,
            range_key=range_key,
            routine_id=routine_id,
            prescribed=history.prescribed,
            ratings=history.ratings,
            bests=history.bests,
        )

    def _post(self, stats: st.Stats, *, final: bool, changed: bool = False) -> threading.Event:
        """Hand `stats` to the event loop; the event is set once they are on the screen."""
        drawn = threading.Event()
        choices = self._history.choices
        self.app.call_from_thread(self.show_stats, stats, choices, final, changed, drawn)
        return drawn

    # --- showing (event loop) --------------------------------------------------------------------

    def _show_cold(self, files: int, per_file: float) -> None:
        self._cold = (time.monotonic(), per_file, files)
        self.query_one("#stats-loading-text", Static).update(
            f"Building the history index from {files:,} session files (once; about "
            f"{max(1, round(files * per_file))} s). The screen stays usable meanwhile."
        )
        self.query_one("#stats-progress", ProgressBar).update(total=files, progress=0)
        self.query_one("#stats-loading").set_class(True, "-shown")
        self.set_interval(0.25, self._tick_cold, name="cold-progress")

    def _tick_cold(self) -> None:
        if self._cold is None:
            return
        began, per_file, files = self._cold
        done = min(files * 0.97, (time.monotonic() - began) / per_file)
        self.query_one("#stats-progress", ProgressBar).update(progress=done)

    def show_stats(
        self,
        stats: st.Stats,
        choices: tuple[st.RoutineChoice, ...],
        final: bool,
        changed: bool = False,
        drawn: threading.Event | None = None,
    ) -> None:
        """Draw everything from `stats` (called from the worker through the event loop)."""
        if drawn is not None:
            self.call_after_refresh(drawn.set)
        if not self.is_mounted:
            return
        if stats.range_key != self.range_key or stats.routine_id != self.routine_id:
            return  # an older request; a newer one is on its way
        self._cold = None
        self.stats = stats
        self.complete = final
        self.query_one("#stats-loading").set_class(False, "-shown")
        self.query_one("#stats-range").set_class(False, "-updating")
        self._update_choices(choices)
        self._show_range()
        self._show_panes()
        if self.on_first_draw is not None:
            self.call_after_refresh(self.on_first_draw)
            self.on_first_draw = None
        if changed:
            self.notify("The history changed on disk; the stats are up to date again.")

    def _update_choices(self, choices: tuple[st.RoutineChoice, ...]) -> None:
        select = self.query_one("#stats-routine", Select)
        options = [("All routines", ALL_ROUTINES)] + [(c.name, c.routine_id) for c in choices]
        wanted = tuple(options)
        if self._choices_shown != wanted:
            self._choices_shown = wanted
            with select.prevent(Select.Changed):
                select.set_options(options)
                select.value = self.routine_id or ALL_ROUTINES

    def _show_range(self) -> None:
        parts = []
        for key, range_key in RANGE_KEYS.items():
            label = st.RANGES[range_key][0]
            if range_key == self.range_key:
                parts.append(f"[reverse] {key} {label} [/]")
            else:
                parts.append(f" [dim]{key}[/] {label} ")
        self.query_one("#stats-range", Static).update("".join(parts))

    def _show_panes(self) -> None:
        stats = self.stats
        if stats is None:
            return
        for pane in self.query(StatsPane):
            if pane.id != "pane-sessions" or self._tabs_active() == "tab-sessions":
                pane.show(stats)

    def _tabs_active(self) -> str:
        return self.query_one("#stats-tabs", TabbedContent).active

    @on(TabbedContent.TabActivated, "#stats-tabs")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.call_after_refresh(self._focus_pane)

    def _focus_pane(self) -> None:
        active = self.query_one("#stats-tabs", TabbedContent).active_pane
        if active is None:
            return
        for pane in active.query(StatsPane):
            if self.stats is not None:
                pane.show(self.stats)
            # The pane's list, table or scrolling body takes the keys (arrows, page up/down).
            focusable = pane.query("OptionList, DataTable, VerticalScroll")
            if focusable:
                focusable.first().focus()

    @on(OpenSession)
    def _open_session(self, event: OpenSession) -> None:
        self.app.push_screen(SessionDetailScreen(event.path))

    # --- actions ---------------------------------------------------------------------------------

    def action_range(self, key: str) -> None:
        """Show another range: w 4 weeks, m 3 months, y a year, a everything."""
        range_key = RANGE_KEYS.get(key)
        if range_key is not None:
            self.range_key = range_key

    def watch_range_key(self) -> None:
        self._show_range()
        self.query_one("#stats-range").set_class(True, "-updating")
        self.load()

    @on(Select.Changed, "#stats-routine")
    def _routine_changed(self, event: Select.Changed) -> None:
        value = event.value
        self.routine_id = None if value == ALL_ROUTINES or not isinstance(value, str) else value

    def watch_routine_id(self) -> None:
        self.query_one("#stats-range").set_class(True, "-updating")
        self.load()

    def action_filter(self) -> None:
        """Open the routine filter."""
        select = self.query_one("#stats-routine", Select)
        select.focus()
        select.action_show_overlay()

    def action_tab(self, pane: str) -> None:
        """Switch to a tab."""
        tabs = self.query_one("#stats-tabs", TabbedContent)
        if tabs.active != pane:
            self.set_focus(None)  # a focused widget left in the old tab would pull it back
            tabs.active = pane

    def action_close(self) -> None:
        """Back to the screen the stats were opened from."""
        self.dismiss()
