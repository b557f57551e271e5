"""Today's plan, the screen backtimer opens on: what is due, what is done, and one key to start.

It renders the same `TodayPlan` as `backtimer today` (both come from `backtimer.services.today`),
so the two never disagree. Every file is read and written in thread workers; the screen only
redraws.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from backtimer.domain.formatting import format_count, format_long_date
from backtimer.domain.journal import JournalEvent
from backtimer.tui.widgets.footer import QuietFooter
from backtimer.tui.widgets.home_rows import RotationLine, RoutineRow, SuggestionRow

# Reading the plan (in the worker, after the first frame), changing it and the screens it leads to
# are imported where they are used: start-up does not wait for them (benchmarks/bench_startup.py).
if TYPE_CHECKING:
    from backtimer.domain.progression import Suggestion
    from backtimer.domain.schedule import RoutineToday, TodayPlan
    from backtimer.services.today import HomeData
    from backtimer.storage.plan import Plan
    from backtimer.tui.app import BacktimerApp


class HomeScreen(Screen[None]):
    """Today's plan; the screen backtimer opens on."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    """Below 60 columns the parts that sit side by side are stacked."""

    BINDINGS = [
        Binding("enter", "start", "Start", id="start"),
        Binding("n", "start_next", "Start next due", id="start-next", show=False),
        Binding("a", "decide(True)", "Accept", id="accept"),
        Binding("x", "decide(False)", "Decline", id="decline"),
        Binding("c", "clinician", "Seen a clinician", id="clinician"),
        Binding("f", "follow", "Follow", id="follow"),
        Binding("t", "target", "Set target", id="target"),
        Binding("w", "swap", "Swap", id="swap"),
        Binding("l", "library", "Library", id="library"),
        Binding("s", "app.stats", "Stats", id="stats"),
        Binding("q", "app.quit", "Quit", id="quit"),
        # Before the list's own scrolling keys: the cursor moves, and the list follows it.
        Binding("down,j", "app.focus_next", "Down", show=False, priority=True),
        Binding("up,k", "app.focus_previous", "Up", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__(classes="-loading")  # here, not on mount: that would restyle every widget
        self.data: HomeData | None = None
        self._asked: set[date] = set()
        """Training days whose next-day rating was asked for in this run (answered or not)."""
        self._load_requested = False
        self._to_next = False

    @property
    def backtimer(self) -> BacktimerApp:
        """The app, typed."""
        return cast("BacktimerApp", self.app)

    @property
    def plan(self) -> TodayPlan | None:
        """Today's plan, once loaded."""
        return None if self.data is None else self.data.loaded.plan

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            # Plain text, never markup: names, reasons and file problems are the user's text.
            yield Static(id="home-red-flag", markup=False)
            yield Static(id="home-problems", markup=False)
            with Vertical(id="home-top"):
                yield Static("Loading today's plan…", id="home-date", markup=False)
                yield Static(id="home-facts", markup=False)
                yield Static(id="home-last", markup=False)
            yield Static(id="home-next", markup=False)
            yield RotationLine(id="home-rotation", markup=False)
            yield VerticalScroll(id="home-list", can_focus=False)  # its rows take the cursor
        yield QuietFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = "Today"
        self.set_interval(60, self._check_day)
        # Loaded once first shown (`on_screen_resume`): under `backtimer stats` or a session
        # started from the command line, reading the history for a screen nobody sees yet
        # would only slow down the one on top.

    # ------------------------------------------------------------------ loading

    def reload(self, *, to_next: bool = False) -> None:
        """Read the plan, history and journal off the event loop, then redraw; `to_next` (after
        a session) moves the cursor to what is due next."""
        self._to_next = self._to_next or to_next
        self._load_requested = True
        self._load()

    @work(thread=True, exclusive=True, group="home-load")
    def _load(self) -> None:
        from backtimer.services.today import load_home

        app = self.backtimer
        dirs = app.dirs
        try:
            data = load_home(dirs, now=app.now(), library=app.library)
        except OSError as error:
            message = f"{error.filename or dirs.data}: {error.strerror or error}"
            app.call_from_thread(self._show_failure, message)
            return
        if get_current_worker().is_cancelled:
            return  # a newer load is under way: its data is fresher than this
        app.call_from_thread(self.call_next, self.show, data)

    def _show_failure(self, message: str) -> None:
        self.remove_class("-loading")
        self._show_problems([f"Today's plan could not be read: {message}"])

    def _check_day(self) -> None:
        """Past midnight with the app open: today is a new day."""
        plan = self.plan
        if plan is not None and self.backtimer.now().date() != plan.today:
            self.reload()

    async def show(self, data: HomeData) -> None:
        """Draw today's plan and ask for the next-day rating if it is due."""
        from backtimer.services.today import facts_text, last_text

        focused = self._focus_order()
        self.data = data
        self.backtimer.library = data.library
        plan = data.loaded.plan
        self.remove_class("-loading")
        today = plan.today
        self.query_one("#home-date", Static).update(format_long_date(today))
        self.query_one("#home-facts", Static).update(facts_text(plan))
        self.query_one("#home-last", Static).update(last_text(plan.last_session, plan.needs_rating))
        self.set_class(plan.next_due is not None, "-has-next")
        self.query_one("#home-rotation", RotationLine).show(plan)
        red_flag = self.query_one("#home-red-flag", Static)
        if plan.red_flag is not None:
            red_flag.update(
                f"RED FLAG  {plan.red_flag.reason}\nPress c once you have seen a clinician."
            )
        self.set_class(plan.red_flag is not None, "-red-flag")
        self._show_problems(list(data.loaded.problems))
        await self._fill_list(plan, focused)
        self._show_next()
        self.refresh_bindings()
        self.call_after_refresh(self._ask_rating)

    async def _fill_list(self, plan: TodayPlan, focused: list[str]) -> None:
        rows: list[Widget] = []
        for row in plan.routines:
            rows.append(RoutineRow(row, is_next=row.routine.id == plan.next_due))
            notices = [s for s in row.suggestions if s.kind != "red_flag"]
            rows += [SuggestionRow(row, s, index) for index, s in enumerate(notices)]
        if not rows:
            rows.append(
                Static("You follow no routines yet. Press f to choose some.", id="home-empty")
            )
        listing = self.query_one("#home-list", VerticalScroll)
        with self.app.batch_update():
            await listing.remove_children()
            await listing.mount_all(rows)
        ids = {w.id: w for w in rows if w.can_focus}
        wanted = [*focused, f"routine-{plan.next_due}"]
        target = next((ids[i] for i in wanted if i in ids), None)
        target = target or next(iter(ids.values()), None)
        if target is not None:
            self.call_after_refresh(self.set_focus, target)

    def _focus_order(self) -> list[str]:
        """Where the cursor should go once the list is drawn again: the row it is on, else the
        rows after it, else those before it (an answered suggestion leaves the list)."""
        if self._to_next:  # after a session: back to what is due next
            self._to_next = False
            return []
        rows = [w.id for w in self.query("#home-list > .home-row, #home-list > .home-suggestion")]
        focused = self.focused.id if self.focused is not None else None
        if focused not in rows:
            return []
        at = rows.index(focused)
        return [i for i in [*rows[at:], *reversed(rows[:at])] if i is not None]

    def _show_problems(self, problems: list[str]) -> None:
        """Files that could not be read stay named above the plan until they are fixed."""
        banner = self.query_one("#home-problems", Static)
        if not problems:
            banner.display = False
            return
        count = len(problems)
        lines = [f"{format_count(count, 'problem')} reading your files:"]
        lines += [f"  {problem}" for problem in problems[:4]]
        if count > 4:
            lines.append(f"  … and {count - 4} more (`backtimer today` lists them all)")
        banner.update("\n".join(lines))
        banner.display = True

    # ------------------------------------------------------------------ rows

    def focused_row(self) -> RoutineToday | None:
        """The routine under the cursor (a suggestion's own routine when one is focused)."""
        focused = self.focused
        if isinstance(focused, RoutineRow | SuggestionRow):
            return focused.row
        return None

    def focused_suggestion(self) -> Suggestion | None:
        """The change `a`/`x` answer: the focused one, or the focused routine's first."""
        focused = self.focused
        if isinstance(focused, SuggestionRow):
            return focused.suggestion if focused.suggestion.is_change else None
        if isinstance(focused, RoutineRow):
            return next((s for s in focused.row.suggestions if s.is_change), None)
        return None

    def on_descendant_focus(self) -> None:
        self._show_next()
        self.refresh_bindings()

    def _show_next(self) -> None:
        """The banner names what Enter starts: the highlighted routine, or the next due one."""
        from backtimer.services.today import next_text

        if (plan := self.plan) is not None:
            self.query_one("#home-next", Static).update(next_text(plan, self.focused_row()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        plan = self.plan
        if action == "swap":
            return plan is not None and plan.rotation is not None and bool(plan.rotation.picks)
        if action in ("start", "start_next", "decide", "clinician", "target"):
            if plan is None:  # still reading: keys that may not apply stay out of the footer
                return False if action in ("decide", "clinician") else None
        else:
            return True
        assert plan is not None
        if action == "start":
            return bool(plan.routines)  # under a red flag too: the gate then says why not
        if action == "start_next":
            return plan.next_due is not None or plan.red_flag is not None
        if action == "decide":
            if not any(s.is_change for row in plan.routines for s in row.suggestions):
                return False
            return self.focused_suggestion() is not None or None
        if action == "clinician":
            return plan.red_flag is not None
        return bool(plan.routines)  # target

    # ------------------------------------------------------------------ actions

    def action_start(self) -> None:
        """Start the highlighted routine, or the next due one (the app's gate may refuse)."""
        plan = self.plan
        if plan is None:
            return
        row = self.focused_row() or (plan.get(plan.next_due) if plan.next_due else None)
        if row is not None:
            self.backtimer.start_run(row.routine)

    def action_start_next(self) -> None:
        """Start the next due session, whatever is highlighted (the app's gate may refuse)."""
        plan = self.plan
        if plan is None:
            return
        row = plan.get(plan.next_due) if plan.next_due else None
        if row is None and plan.red_flag is not None and plan.routines:
            row = plan.routines[0]  # nothing is due under a red flag: the gate says why
        if row is not None:
            self.backtimer.start_run(row.routine)

    def action_decide(self, accepted: bool) -> None:
        """Accept or decline the highlighted suggestion; the journal records either answer."""
        from backtimer.domain.progression import answer
        from backtimer.storage.plan import plan_path

        suggestion = self.focused_suggestion()
        if suggestion is None or self.data is None:
            return
        events = answer(suggestion, accepted=accepted, at=self.backtimer.now())
        advance: Plan | None = None
        if accepted and suggestion.kind == "advance_step" and suggestion.next_routine:
            if not self.data.plan_readable:
                self.notify(
                    f"{plan_path(self.backtimer.dirs.data)} has problems (see above): fix or "
                    "delete it before moving on to the next step.",
                    severity="error",
                    timeout=10,
                )
                return
            advance = self.data.plan.advanced(suggestion.routine_id, suggestion.next_routine)
        done = "Accepted" if accepted else "Declined"
        self.save(*events, plan=advance, message=f"{done}: {suggestion.reason}")

    def action_clinician(self) -> None:
        """After a red flag: confirm that a clinician has seen it, then progression resumes."""
        from backtimer.tui.screens.home_dialogs import ask_clinician

        ask_clinician(self)

    def action_follow(self) -> None:
        """Choose which routines to follow."""
        from backtimer.tui.screens.home_dialogs import ask_follow

        ask_follow(self)

    def action_target(self) -> None:
        """Set a target by hand."""
        from backtimer.tui.screens.home_dialogs import ask_target

        ask_target(self)

    def action_swap(self) -> None:
        """Swap one of today's rotation picks for the next in the rotation, for today."""
        from backtimer.tui.dialogs.swap import SwapScreen

        app, plan = self.backtimer, self.plan
        if plan is not None and plan.rotation is not None and plan.rotation.picks:
            swap = SwapScreen(plan.rotation.picks, app.dirs, app.now)
            self.app.push_screen(swap, lambda done: self.reload() if done else None)

    def action_library(self) -> None:
        """Browse every routine."""
        from backtimer.tui.screens.routines import RoutinesScreen

        self.app.push_screen(RoutinesScreen())

    # ------------------------------------------------------------------ next-day rating

    def on_screen_resume(self) -> None:
        if not self._load_requested:
            if self.app.screen is self:  # not when a screen was pushed over it straight away
                self.call_after_refresh(self.reload)  # reading now would slow the first frame
            return
        self._ask_rating()

    def _ask_rating(self) -> None:
        """Ask how the back felt since the last training day, once per run, when on top."""
        from backtimer.tui.screens.home_dialogs import ask_rating

        ask_rating(self, self._asked)

    # ------------------------------------------------------------------ saving

    @work(thread=True, group="home-save")
    def save(self, *events: JournalEvent, plan: Plan | None = None, message: str) -> None:
        """Save the plan and/or record the events off the event loop, then reload."""
        from backtimer.services.today import save_choice

        problem = save_choice(self.backtimer.dirs.data, events, plan=plan)
        if problem is not None:
            self.app.call_from_thread(
                self.notify, f"Not saved: {problem}", title="Could not save", severity="error"
            )
        else:
            self.app.call_from_thread(self.notify, message, timeout=6)
        self.app.call_from_thread(self.reload)
