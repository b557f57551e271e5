"""The Textual application: owns the folders, the loaded library, and how cues reach the ear."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from backtimer.services.stats_memo import StatsMemo
from backtimer.storage.config import Config, session_settings
from backtimer.storage.paths import exposed_data_dir
from backtimer.tui.dialogs.notice import NoticeScreen, notice_seen, remember_notice
from backtimer.tui.screens.home import HomeScreen
from backtimer.tui.startup import freeze_startup_objects
from backtimer.tui.theme import use_config_theme

# Only what the home screen's first frame needs is imported up front: the workout screen, the
# cues and the history store are imported when a session starts (see benchmarks/bench_startup.py).
if TYPE_CHECKING:
    from backtimer.domain.journal import Leg
    from backtimer.domain.routine import Routine
    from backtimer.engine import Cue, Settings
    from backtimer.services.cues import Dispatcher
    from backtimer.services.recorder import MobilityInstead, RunOptions
    from backtimer.services.session_gate import StartCheck
    from backtimer.storage.library import Library
    from backtimer.storage.paths import Dirs
    from backtimer.tui.screens.run import Clock, RunScreen

CueSink: TypeAlias = "Callable[[Cue], None]"
WallClock: TypeAlias = Callable[[], datetime]
"""The local time now, timezone-aware: decides what "today" is."""


def local_now() -> datetime:
    """The real local time, timezone-aware."""
    return datetime.now().astimezone()


class BacktimerApp(App[int]):
    """backtimer's full-screen app."""

    CSS_PATH = Path(__file__).with_name("backtimer.tcss")
    """Absolute, so subclasses defined elsewhere (benchmarks, scripts) find it too."""
    TITLE = "backtimer"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),
        Binding("question_mark", "help", "Keys", show=False),
    ]

    def __init__(
        self,
        dirs: Dirs,
        *,
        library: Library | None = None,
        run: Routine | None = None,
        run_options: RunOptions | None = None,
        config: Config | None = None,
        clock: Clock | None = None,
        cue: CueSink | None = None,
        now: WallClock | None = None,
        fsync: bool = True,
        start_screen: str | None = None,
        handle_signals: bool = False,
        quiet: bool = False,
    ) -> None:
        super().__init__()
        self.dirs = dirs
        self.library = library
        self.config = config or Config()
        self._dispatcher: Dispatcher | None = None
        self._run_first = run
        self._run_options = run_options
        self._clock = clock
        self._cue = cue
        self._fsync = fsync
        self._start_screen = start_screen
        self.quiet = quiet
        """No sound in any session of this run of the app (`backtimer --quiet`)."""
        """"stats" opens the stats screen over the home screen (`backtimer stats`)."""
        self.now: WallClock = now or local_now
        """The wall clock for today's plan and journal entries (tests freeze it)."""
        self.stats_memo = StatsMemo()
        """What the stats screen keeps between visits."""
        self._handle_signals = handle_signals
        """SIGTERM and SIGHUP save the session before the app ends (`backtimer` itself)."""
        self.exit_notes: list[str] = []
        """Lines for the terminal once the app has closed (where a session went, when not home)."""

    @cached_property
    def settings(self) -> Settings:
        """The engine settings from the config; made when a session first needs them."""
        return session_settings(self.config)

    def on_mount(self) -> None:
        freeze_startup_objects()
        if self._handle_signals:
            from backtimer.tui.leaving import handle_stop_signals

            handle_stop_signals(self)
        use_config_theme(self, fsync=self._fsync)
        exposed = exposed_data_dir(self.dirs.data)
        if exposed:
            self.notify(
                exposed[:1].upper() + exposed[1:] + ".",
                severity="warning",
                timeout=10,
                markup=False,
            )
        self.push_screen(HomeScreen())
        if notice_seen(self.dirs):
            self._open_first_screen()
        else:
            # The notice (not medical advice, the pain rule, the red flag) is read before
            # anything else opens, a session asked for on the command line included.
            self.push_screen(NoticeScreen(), callback=self._notice_closed)

    def _open_first_screen(self) -> None:
        """The screen asked for on the command line, if any: a session, or the stats."""
        if self._run_first is not None:
            self.start_run(self._run_first, self._run_options, home_on_block=False)
        elif self._start_screen == "stats":
            self.action_stats()

    def _notice_closed(self, _: None) -> None:
        problem = remember_notice(self.dirs)
        if problem:
            self.notify(problem, title="Could not save a setting", severity="warning")
        self._open_first_screen()

    @work(thread=True, exclusive=True, group="start")
    def start_run(
        self,
        routine: Routine,
        options: RunOptions | None = None,
        *,
        home_on_block: bool = True,
        pain_before: int | None = None,
    ) -> None:
        """Start a session of `routine` now, if the one gate lets it (off the event loop).

        Every way in (home, library, palette, `backtimer run`) comes through here; while a red
        flag is open the user is told why nothing starts, and a routine of the daily rotation
        runs only today's picks from it (or says why it does not start). `home_on_block` False (a session asked
        for on the command line) closes the app instead, after the message.
        """
        from backtimer.services.recorder import RunOptions
        from backtimer.services.session_gate import check_start

        options = options or RunOptions()
        check = check_start(self.dirs.data, speed=options.speed, now=self.now())
        if not check.allowed:
            self.call_from_thread(self._blocked, check.reason, home_on_block)
            return
        if routine.rotation or routine.ladder:
            from backtimer.services.rotation import todays_part

            # Only today's picks of the daily rotation, or a ladder's current rung.
            part = todays_part(self.dirs, routine, now=self.now())
            if part.routine is None:
                self.call_from_thread(self._blocked, part.reason, home_on_block)
                return
            routine = part.routine
        leg: Leg | None = None
        if routine.diagnosed_leg_symptoms:
            from backtimer.services.leg_symptoms import leg_setup

            # Program C: a clinician's diagnosis confirmed once, and the affected leg.
            setup = leg_setup(self.dirs.data, [routine])
            if not setup.complete:
                ask = partial(self._ask_leg, routine, options, check, pain_before, home_on_block)
                self.call_from_thread(ask, setup.needs_confirmation, setup.leg)
                return
            leg = setup.leg
        self.call_from_thread(self._push_run, routine, options, check, pain_before, leg)

    def _ask_leg(
        self,
        routine: Routine,
        options: RunOptions,
        check: StartCheck,
        pain_before: int | None,
        home_on_block: bool,
        confirm: bool,
        current: Leg | None,
    ) -> None:
        """Ask program C's question; start the session only on a yes."""
        from backtimer.tui.dialogs.leg import LegScreen

        def answered(leg: Leg | None) -> None:
            if leg is None:
                from backtimer.services.leg_symptoms import NOT_DIAGNOSED

                self._blocked(NOT_DIAGNOSED, home_on_block)
            else:
                self._record_leg(routine, options, check, pain_before, confirm, leg)

        self.push_screen(LegScreen(confirm=confirm, current=current), answered)

    @work(thread=True, exclusive=True, group="start")
    def _record_leg(
        self,
        routine: Routine,
        options: RunOptions,
        check: StartCheck,
        pain_before: int | None,
        confirm: bool,
        leg: Leg,
    ) -> None:
        """Save the confirmation and the leg (off the event loop), then start the session."""
        from backtimer.services.leg_symptoms import record_answer

        try:
            record_answer(self.dirs.data, leg, confirm=confirm, now=self.now(), fsync=self._fsync)
        except (OSError, ValueError) as error:
            message = f"Could not save your answer: {error}"
            self.call_from_thread(self.notify, message, severity="error", timeout=10)
        self.call_from_thread(self._push_run, routine, options, check, pain_before, leg)

    def _blocked(self, reason: str, stay: bool) -> None:
        from backtimer.tui.dialogs.blocked import BlockedScreen

        def closed(_: None) -> None:
            if not stay:
                self.exit(3, return_code=3, message=reason)

        self.push_screen(BlockedScreen(reason), closed)

    def _push_run(
        self,
        routine: Routine,
        options: RunOptions,
        check: StartCheck,
        pain_before: int | None = None,
        leg: Leg | None = None,
    ) -> RunScreen:
        """Open the workout screen; only `start_run` calls this, once the gate said yes."""
        from backtimer.services.cues import session_dispatcher
        from backtimer.services.session_gate import run_settings
        from backtimer.storage.history.store import HistoryStore
        from backtimer.tui.screens.run import RunScreen

        if self._cue is None:
            if self._dispatcher is not None:
                self._dispatcher.close()
            quiet = options.quiet or self.quiet
            self._dispatcher = session_dispatcher(self.config, self.bell, quiet, self.dirs.data)
            for message in self._dispatcher.pop_messages():
                self.notify(message, title="Cues", severity="warning", timeout=10)
        speech_wpm = None if self._dispatcher is None else self._dispatcher.speech_wpm
        screen = RunScreen(
            routine,
            HistoryStore(self.dirs.data),
            settings=replace(
                run_settings(self.settings, speed=options.speed, check=check),
                affected_leg=leg,
                speech_wpm=speech_wpm,
            ),
            options=options,
            clock=self._clock,
            cue=self.cue,
            fsync=self._fsync,
            pain_before=pain_before,
        )
        self.push_screen(screen, callback=self._run_closed)
        return screen

    def _run_closed(self, instead: MobilityInstead | None) -> None:
        """A session ended: today's plan has changed. Pain before it may have asked for the
        mobility routine instead."""
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.reload(to_next=True)
        if instead is not None:
            self._start_mobility(instead)

    @work(thread=True, exclusive=True, group="mobility")
    def _start_mobility(self, instead: MobilityInstead) -> None:
        """Start the mobility routine with the pain rating already taken (off the event loop)."""
        from backtimer.storage.library import load_library
        from backtimer.storage.plan import MOBILITY_ROUTINE

        routine = load_library(self.dirs).get(MOBILITY_ROUTINE)
        if routine is None:
            message = f"The mobility routine ({MOBILITY_ROUTINE}) could not be loaded."
            self.call_from_thread(self.notify, message, severity="error", timeout=10)
            return
        self.call_from_thread(
            self.start_run, routine, instead.options, pain_before=instead.pain_before
        )

    def cue(self, cue: Cue) -> None:
        """Send a cue to the ear; report an output that stopped working, once."""
        if self._cue is not None:
            self._cue(cue)
        elif self._dispatcher is not None:
            self._dispatcher.send(cue)
            for message in self._dispatcher.pop_messages():
                self.notify(message, title="Cues", severity="warning", timeout=10)

    def on_unmount(self) -> None:
        if self._dispatcher is not None:
            self._dispatcher.close()

    def notify(self, message: str, **options: Any) -> None:
        """A notice, its text as written and never markup: it may carry a name (`Back [/] day`)."""
        super().notify(message, **{**options, "markup": False})

    def action_stats(self) -> None:
        """Show progress, pain and adherence over the history."""
        from backtimer.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands, and on today's plan, starting the next due session (through the
        same gate as every other way in; never offered over a running session) and swapping a
        pick of the daily rotation."""
        yield from super().get_system_commands(screen)
        if isinstance(screen, HomeScreen) and screen.check_action("start_next", ()):
            yield SystemCommand(
                "Start next due session",
                "Start the session that is due next on today's plan",
                screen.action_start_next,
            )
        if isinstance(screen, HomeScreen) and screen.check_action("swap", ()):
            yield SystemCommand(
                "Swap one of today's exercises",
                "Swap a pick of the daily rotation for the next one, for today",
                screen.action_swap,
            )
        if isinstance(screen, HomeScreen):
            yield SystemCommand(
                "Change the affected leg",
                "The leg the sciatica-friendly set's nerve glide and hamstring stretch work",
                self.action_change_leg,
            )

    def action_change_leg(self) -> None:
        """Choose the affected leg again (program C's one-sided work)."""
        from backtimer.tui.dialogs.leg import LegScreen

        def answered(leg: Leg | None) -> None:
            if leg is not None:
                self._save_leg(leg)

        self.push_screen(LegScreen(confirm=False), answered)

    @work(thread=True, exclusive=True, group="leg")
    def _save_leg(self, leg: Leg) -> None:
        """Record the affected leg (off the event loop) and say so."""
        from backtimer.services.leg_symptoms import choose_leg

        try:
            choose_leg(self.dirs.data, leg, now=self.now(), fsync=self._fsync)
        except (OSError, ValueError) as error:
            message = f"Could not save the leg: {error}"
            self.call_from_thread(self.notify, message, severity="error", timeout=10)
            return
        self.call_from_thread(self.notify, f"The {leg} leg from now on.", timeout=4)

    async def action_quit(self) -> None:
        """Ctrl+Q and the palette's quit: a session running asks first and keeps its sets."""
        from backtimer.tui.leaving import quit_app

        quit_app(self)

    def action_help_quit(self) -> None:
        """Ctrl+C: during a session, the same question as Ctrl+Q; elsewhere, how to quit."""
        from backtimer.tui.leaving import quit_app, session_screen

        if session_screen(self) is None:
            super().action_help_quit()
        else:
            quit_app(self)

    def action_help(self) -> None:
        """Show or hide the key panel."""
        if self.screen.query("KeyPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()
