"""Stats: progress, pain and adherence over a range of the history, and the list of sessions.

`backtimer.services.stats_loading` reads the statistics on a worker thread, in stages: the range
on show from the history index at once, then personal bests and the journal, then a check that
the index still matches the files. The screen draws each stage as it comes, with a progress bar
while the index is first built.

Only the tab on show is composed at first; each other tab's pane is mounted the first time it is
opened.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (
    Header,
    ProgressBar,
    Select,
    Static,
    TabbedContent,
    TabPane,
)
from textual.worker import get_current_worker

from backtimer.domain import stats as st
from backtimer.domain.formatting import format_count
from backtimer.services.stats_loading import StatsLoader
from backtimer.tui.screens.session_detail import SessionDetailScreen
from backtimer.tui.widgets.footer import QuietFooter
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
PANES: dict[str, Callable[[], StatsPane]] = {
    "tab-pain": lambda: PainPane(id="pane-pain"),
    "tab-adherence": lambda: AdherencePane(id="pane-adherence"),
    "tab-sessions": lambda: SessionsPane(id="pane-sessions"),
}
"""The panes mounted when their tab is first opened."""

_Shown = tuple[st.Stats, tuple[st.RoutineChoice, ...], bool, bool, threading.Event | None]
"""The arguments of `StatsScreen.show_stats`."""


class StatsScreen(Screen[None]):
    """Progress, pain, adherence and sessions over a range, for every routine or one."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    """Below 60 columns the parts that sit side by side are stacked."""

    AUTO_FOCUS = "#stats-exercises"
    SUB_TITLE = "Stats"
    BINDINGS = [
        Binding("escape", "close", "Back", id="back"),
        Binding("q", "app.quit", "Quit", id="quit", show=False),
        # The range and tab keys are shown where they act: in the range bar and on the tabs.
        Binding("w", "range('w')", "4 weeks", id="range-4w", show=False),
        Binding("m", "range('m')", "3 months", id="range-3m", show=False),
        Binding("y", "range('y')", "Year", id="range-1y", show=False),
        Binding("a", "range('a')", "All", id="range-all", show=False),
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
        self.stats: st.Stats | None = None
        """The statistics on show, once loaded."""
        self.complete = False
        """True once personal bests cover the whole history and the index was checked."""
        self._stats_loader: StatsLoader | None = None
        self._cold_progress: tuple[int, int] = (0, 0)
        """(files checked, files found) while the index is built; written by the worker."""
        self._cold_timer: Timer | None = None
        self._choices_shown: tuple[tuple[str, str], ...] = ()
        self._skipped_shown: tuple[str, ...] = ()
        self._mounted = False
        self._collector_paused = False
        self._early: _Shown | None = None
        """Statistics that arrived before the screen was mounted."""
        self.on_first_draw: Callable[[], None] | None = None
        """Called once, after the first statistics are on the screen (benchmarks time this)."""

    def _app_today(self) -> date:
        return self.backtimer.now().date()

    @property
    def backtimer(self) -> BacktimerApp:
        """The app, typed."""
        return cast("BacktimerApp", self.app)

    @property
    def _loader(self) -> StatsLoader:
        """Reads the statistics on the worker thread; made once the screen has its app."""
        if self._stats_loader is None:
            app = self.backtimer
            self._stats_loader = StatsLoader(
                app.dirs,
                app.stats_memo,
                now=app.now,
                library=lambda: app.library,
                post=self._post,
                building=lambda: app.call_from_thread(self._show_cold),
                progress=self._cold_step,
                unchanged=lambda *shown: app.call_from_thread(self._mark_complete, *shown),
                skipped=lambda problems: app.call_from_thread(self._show_skipped, problems),
            )
        return self._stats_loader

    def compose(self) -> ComposeResult:
        # Start reading now: SQLite works on another core while the widgets are mounted.
        self.load()
        self._pause_collector()
        yield Header()
        with Horizontal(id="stats-bar"):
            yield Static(self._range_text(), id="stats-range")
            yield Select[str](
                [("All routines", ALL_ROUTINES)],
                value=ALL_ROUTINES,
                allow_blank=False,
                compact=True,
                id="stats-routine",
            )
        with TabbedContent(id="stats-tabs"):
            with TabPane("[dim]1[/] Progress", id="tab-progress"):
                yield ProgressPane(id="pane-progress")
            yield TabPane("[dim]2[/] Pain", id="tab-pain")
            yield TabPane("[dim]3[/] Adherence", id="tab-adherence")
            yield TabPane("[dim]4[/] Sessions", id="tab-sessions")
        yield QuietFooter(compact=True)

    def on_mount(self) -> None:
        self._mounted = True
        if self._early is not None:
            self.show_stats(*self._early)
            self._early = None

    def _pause_collector(self) -> None:
        """Hold off the cyclic garbage collector until the first picture is drawn.

        Opening the screen allocates enough to set off full collections, each a few tens of
        milliseconds with the interpreter stopped; Textual pauses the collector during smooth
        scrolling for the same reason. It resumes once the statistics are on screen, when the
        screen is closed, and after a second at most.
        """
        if gc.isenabled():
            gc.disable()
            self._collector_paused = True
            self.set_timer(1.0, self._resume_collector)

    def _resume_collector(self) -> None:
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()

    def on_unmount(self) -> None:
        self._resume_collector()

    # --- loading (worker thread) -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="stats")
    def load(self) -> None:
        """Read what the range needs and show it; then the rest, then check the index."""
        worker = get_current_worker()
        self._loader.load(
            self.range_key, self.routine_id, self._today(), lambda: worker.is_cancelled
        )

    def _post(
        self,
        stats: st.Stats,
        choices: tuple[st.RoutineChoice, ...],
        final: bool,
        changed: bool,
    ) -> threading.Event:
        """Hand `stats` to the event loop; the event is set once they are on the screen."""
        drawn = threading.Event()
        self.app.call_from_thread(self.show_stats, stats, choices, final, changed, drawn)
        return drawn

    def _cold_step(self, done: int, total: int) -> None:
        self._cold_progress = (done, total)  # read by a timer on the event loop

    def reload(self) -> None:
        """Read the history again and check the index against the files."""
        self._loader.reset()
        self.load()

    # --- showing (event loop) --------------------------------------------------------------------

    def _show_cold(self) -> None:
        """Building the index: say so, with a bar that follows the files read."""
        self.mount(
            Vertical(
                Static(
                    "Building the history index from the session files (once). "
                    "The screen stays usable meanwhile.",
                    id="stats-loading-text",
                ),
                ProgressBar(id="stats-progress", show_eta=False),
                id="stats-loading",
            ),
            before="#stats-bar",
        )
        self._cold_timer = self.set_interval(0.1, self._tick_cold, name="cold-progress")

    def _tick_cold(self) -> None:
        done, total = self._cold_progress
        bars = self.query("#stats-progress")
        if total and bars:
            cast(ProgressBar, bars.first()).update(total=total, progress=done)

    def show_stats(
        self,
        stats: st.Stats,
        choices: tuple[st.RoutineChoice, ...],
        final: bool,
        changed: bool = False,
        drawn: threading.Event | None = None,
    ) -> None:
        """Draw everything from `stats` (called from the worker through the event loop)."""
        if not self._mounted:
            self._early = (stats, choices, final, changed, drawn)  # drawn once mounted
            return
        if drawn is not None:
            self.call_after_refresh(drawn.set)
        if not self.is_attached:
            return
        if stats.range_key != self.range_key or stats.routine_id != self.routine_id:
            return  # an older request; a newer one is on its way
        self.stats = stats
        self.complete = final
        if self._cold_timer is not None:
            self._cold_timer.stop()
            self._cold_timer = None
            self.query("#stats-loading").remove()
        self.query_one("#stats-range").set_class(False, "-updating")
        self._update_choices(choices)
        self._show_panes()
        self.call_after_refresh(self._resume_collector)
        if self.on_first_draw is not None:
            self.call_after_refresh(self.on_first_draw)
            self.on_first_draw = None
        if changed:
            self.notify("The history changed on disk; the stats are up to date again.")

    def _show_skipped(self, problems: tuple[object, ...]) -> None:
        """Say once which session files are left out, and why (the home screen lists them too)."""
        shown = tuple(str(problem) for problem in problems)
        if not shown or shown == self._skipped_shown:
            return
        self._skipped_shown = shown
        lines = [f"{format_count(len(shown), 'session file')} left out of these statistics:"]
        lines += [*shown[:3], *(["…"] if len(shown) > 3 else [])]
        self.notify("\n".join(lines), severity="warning", timeout=15, markup=False)

    def _mark_complete(self, range_key: st.RangeKey, routine_id: str | None) -> None:
        """The index was checked and nothing changed: what is on show is final."""
        stats = self.stats
        if stats is not None and (stats.range_key, stats.routine_id) == (range_key, routine_id):
            self.complete = stats.bests_complete and not stats.partial

    def _update_choices(self, choices: tuple[st.RoutineChoice, ...]) -> None:
        options = [("All routines", ALL_ROUTINES)] + [(c.name, c.routine_id) for c in choices]
        wanted = tuple(options)
        if self._choices_shown != wanted:
            self._choices_shown = wanted
            select = self.query_one("#stats-routine", Select)
            with select.prevent(Select.Changed):
                # Names from history are the user's text, never markup.
                select.set_options((Text(name), key) for name, key in options)
                select.value = self.routine_id or ALL_ROUTINES

    def _show_range(self) -> None:
        self.query_one("#stats-range", Static).update(self._range_text())

    def _range_text(self) -> str:
        parts = []
        for key, range_key in RANGE_KEYS.items():
            label = st.RANGES[range_key][0]
            if range_key == self.range_key:
                parts.append(f"[reverse] {key} {label} [/]")
            else:
                parts.append(f" [dim]{key}[/] {label} ")
        return "".join(parts)

    def _show_panes(self) -> None:
        """Draw the pane on show; the others are drawn when their tab is opened."""
        pane = self._active_pane()
        if pane is not None and self.stats is not None:
            pane.show(self.stats)

    def _active_pane(self) -> StatsPane | None:
        active = self.query_one("#stats-tabs", TabbedContent).active_pane
        if active is None:
            return None
        panes = active.query(StatsPane)
        return panes.first() if panes else None

    @on(TabbedContent.TabActivated, "#stats-tabs")
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        active = event.pane
        make = PANES.get(active.id or "")
        if make is not None and not active.query(StatsPane):
            await active.mount(make())
        self._show_panes()
        self.call_after_refresh(self._focus_pane)

    def _focus_pane(self) -> None:
        pane = self._active_pane()
        if pane is None:
            return
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
