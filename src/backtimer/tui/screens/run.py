"""The workout screen: runs a session hands-free, big enough to read from across the room.

How a moment of the session is drawn is in `run_view`; this module runs the session, saves
it and takes the keys.

The engine owns time. This screen only asks it to catch up (`advance()`) at the moments something
on screen changes — the next whole second of a countdown, or a phase boundary — and draws the
snapshot it returns. A one-shot timer is set for exactly that moment, so the screen does no work
between changes and a phase ends on its deadline, not on the next tick.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from textual import events, on, work
from textual.binding import Binding

from backtimer.domain.formatting import format_duration
from backtimer.domain.pain import loads_the_back
from backtimer.domain.routine import Routine
from backtimer.engine import Cue, Event, Phase, Session, SessionEnded, Settings
from backtimer.services.recorder import (
    MobilityInstead,
    Recorder,
    RunOptions,
    TimeBase,
    last_time_texts,
    run_clock,
)
from backtimer.services.session_clock import SleepAware
from backtimer.services.workout_text import key_state, next_redraw, skip_question, timeless
from backtimer.storage.history.store import HistoryStore
from backtimer.storage.history.writer import SaveResult
from backtimer.tui.dialogs.confirm import ConfirmScreen, FolderScreen
from backtimer.tui.dialogs.jump import JumpScreen
from backtimer.tui.screens.run_leave import RunLeave
from backtimer.tui.widgets.question import QuestionPanel

Clock = Callable[[], float]
CueSink = Callable[[Cue], None]


class RunScreen(RunLeave):
    """Runs one session of one routine, then shows its summary."""

    BINDINGS = [
        Binding("space", "toggle_pause", "Pause", id="pause", priority=True),
        Binding("enter", "finish", "End set", id="finish", priority=True),
        Binding("enter", "leave", "Finish", id="leave", priority=True),
        Binding("plus,equals_sign,up", "add_rep", "+1 rep", id="add-rep"),
        Binding("minus,down", "remove_rep", "−1 rep", id="remove-rep"),
        Binding("right_square_bracket", "rest(15)", "+15 s", id="rest-more"),
        Binding("left_square_bracket", "rest(-15)", "−15 s", id="rest-less"),
        Binding("d", "mark_done", "Done", id="done"),
        Binding("p", "report_pain", "Pain", id="pain"),
        Binding("k", "keep_going(True)", "Keep going", id="keep-going"),
        Binding("k", "keep_going(False)", "Stop at target", id="stop-at-target"),
        Binding("s", "skip", "Skip", id="skip"),
        Binding("w", "skip_warmup", "Skip warm-up", id="skip-warmup"),
        Binding("b", "back('set')", "Redo set", id="back-set"),
        Binding("b", "back('exercise')", "Previous exercise", id="back-exercise"),
        Binding("g", "jump", "Go to", id="jump"),
        Binding("q,escape", "quit_session", "End session", id="end"),
        Binding("r", "retry_save", "Retry save", id="retry-save"),
        Binding("o", "save_elsewhere", "Save elsewhere", id="save-elsewhere"),
    ]

    def __init__(
        self,
        routine: Routine,
        store: HistoryStore,
        *,
        settings: Settings | None = None,
        targets: dict[str, float] | None = None,
        options: RunOptions | None = None,
        clock: Clock | None = None,
        cue: CueSink | None = None,
        fsync: bool = True,
        pain_before: int | None = None,
    ) -> None:
        super().__init__()
        self.routine = routine
        self.options = options or RunOptions()
        speed = self.options.speed
        self.clock: Clock = clock if clock is not None else run_clock(speed)
        self._slept: Callable[[], float] | None = (
            self.clock.slept if isinstance(self.clock, SleepAware) else None
        )
        """Asked every tick: a protocol check costs more than the rest of a quiet tick."""
        self.session = Session(
            routine, self.clock, settings=settings, targets=targets, pain_before=pain_before
        )
        base = TimeBase(datetime.now().astimezone(), self.session.started_at, speed)
        self.store = store
        self.recorder = Recorder(
            store, routine, base, on_result=self._save_result_from_thread, fsync=fsync
        )
        self._cue = cue
        self._timer: asyncio.TimerHandle | None = None
        self._view = self.session.view()

    def on_mount(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.find_widgets()
        self.sub_title = self.routine.name
        if self.options.speed != 1:
            self.sub_title += f" · demo at {self.options.speed:g}× speed (not counted)"
        self.recorder.sync(self.session)
        self.load_last_time()
        self.tick()

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self.recorder.close()

    @work(thread=True, exclusive=True, group="last-time")
    def load_last_time(self) -> None:
        """Fetch how each exercise went last time, off the event loop."""
        found = last_time_texts(self.store, self.routine, datetime.now().astimezone())
        self.app.call_from_thread(self._set_last_time, found)

    def _set_last_time(self, found: dict[str, str]) -> None:
        self.session.last.update(found)
        self.refresh_view()

    # ------------------------------------------------------------------ time

    def tick(self) -> None:
        """Let the engine catch up with the clock, act on what happened, redraw, and re-arm.

        If the computer slept since the last tick, the session is paused as of the moment it
        fell asleep (and the pause logged) before anything else is caught up.
        """
        slept = self._slept() if self._slept is not None else 0.0
        if slept:
            events = self.session.suspended(slept)
            self.notify(
                f"The computer slept for {format_duration(slept / self.options.speed)}: the session "
                "is paused where it was. Space goes on.",
                timeout=10,
            )
            self.handle(events or [])
            return
        events = self.session.advance()
        if events:
            self.handle(events)
            return
        # Only time moved: nothing to save, and unless the engine says otherwise, only the
        # clock, the bar and the phase line (a tempo count) can have changed.
        view = self.session.view()
        if timeless(view) == self._steady:
            self._view = view
            self._draw_time(view)
        else:
            self.refresh_view()
        self._schedule()

    def handle(self, events: Sequence[Event]) -> None:
        """Send cues to the ear, keep the record saved, and redraw."""
        changed = not events  # an action with no events may still have changed state
        for event in events:
            if isinstance(event, Cue):
                if self._cue is not None:
                    self._cue(event)
            else:
                changed = True
                if isinstance(event, SessionEnded):
                    self.refresh_bindings()
                    if self._mobility_instead():
                        return
        if changed:
            self.recorder.sync(self.session)
        self.refresh_view()
        self._schedule()

    def _mobility_instead(self) -> bool:
        """Pain before was over the limit and the mobility routine was chosen: save this
        session (no sets) and hand over to the mobility routine."""
        session = self.session
        if session.pain_before_choice != "mobility" or not loads_the_back(self.routine):
            return False
        self.recorder.sync(session)
        before = next(entry.value for entry in session.pains if entry.when == "before")
        self.dismiss(MobilityInstead(before, self.options))
        return True

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        delay = next_redraw(self._view, self.options.speed)
        if delay is None:
            return
        # A loop handle rather than `set_timer`, which starts a Timer and an asyncio task for
        # every tick; `call_next` still runs the tick in the screen's message loop.
        self._timer = self._loop.call_later(delay, self.call_next, self.tick)

    # ------------------------------------------------------------------ saving

    def _save_result_from_thread(self, result: SaveResult) -> None:
        # Never block the saving thread on the screen: closing the screen waits for that thread.
        # Once the loop has closed the result stays in recorder.last_result.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._save_result, result)

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "skip_warmup":
            return self.session.in_warmup
        return key_state(
            action, self._view, save_problem=self._save_problem is not None, parameters=parameters
        )

    def on_key(self, event: events.Key) -> None:
        """One keystroke answers a check-in: 0–9 and t (10) for pain, 1–4 or y/n otherwise."""
        if not self._answers:
            return
        for answer in self._answers:
            if event.key == answer.key or event.character == answer.key:
                event.stop()
                event.prevent_default()
                self.answer(answer.value)
                return

    @on(QuestionPanel.Answered)
    def _clicked(self, message: QuestionPanel.Answered) -> None:
        self.answer(message.value)

    def answer(self, value: str) -> None:
        """Answer the question showing."""
        self.handle(self.session.answer(value))

    def action_toggle_pause(self) -> None:
        """Pause or resume."""
        self.handle(self.session.toggle_pause())

    def action_finish(self) -> None:
        """End the running set now."""
        self.handle(self.session.finish())

    def action_leave(self) -> None:
        """Leave the summary (once it is saved, or the user chose what to do with it)."""
        self.leave()

    def action_add_rep(self) -> None:
        """Count a rep."""
        self.handle(self.session.add_rep())

    def action_remove_rep(self) -> None:
        """Take a rep off the count."""
        self.handle(self.session.remove_rep())

    def action_rest(self, delta: float) -> None:
        """Lengthen or shorten the rest."""
        self.handle(self.session.adjust_rest(delta))

    def action_mark_done(self) -> None:
        """Tick off an activity without the timer."""
        self.handle(self.session.mark_done())

    def action_report_pain(self) -> None:
        """Rate pain now, during the exercise; over the limit, choose what to do at once."""
        self.handle(self.session.report_pain())

    def action_keep_going(self, on: bool) -> None:
        """This hold carries on past its target until Enter (or stops there again)."""
        self.handle(self.session.set_keep_going(on))

    def action_skip(self) -> None:
        """Skip the rest of this step."""
        self.handle(self.session.skip())

    def action_skip_warmup(self) -> None:
        """Skip the warm-up: straight on to the first exercise."""
        self.handle(self.session.skip_warmup())

    def action_back(self, target: str) -> None:
        """Do a set again, or go to the previous exercise (`target` names which, for the
        footer; the session decides)."""
        self.handle(self.session.back())

    def action_jump(self) -> None:
        """Go to any exercise."""
        # The session's own list: the warm-up, when there is one, is its first exercise.
        exercises = self.session.routine.exercises
        names = [exercise.name for exercise in exercises]
        stopped = frozenset(i for i in range(len(exercises)) if self.session.stopped_for_pain(i))

        def chosen(index: int | None) -> None:
            if index is not None:
                self.handle(self.session.jump(index))

        self.app.push_screen(JumpScreen(names, self._view.exercise_index, stopped), chosen)

    def action_quit_session(self) -> None:
        """Ask once, then wrap up: closing check-ins, then the summary. Sets done stay saved."""
        if self._view.phase is Phase.SUMMARY:
            self.leave()
            return
        if self.session.status != "in_progress" or self.session.asking_first:
            self.handle(self.session.quit())
            return
        if self._view.phase in (Phase.PAIN_AFTER, Phase.RED_FLAG):
            self.skip_closing_questions()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.handle(self.session.wrap_up())

        saved = "is kept" if self._save_problem else "is saved"
        self.app.push_screen(
            ConfirmScreen(
                f"End the session now? Every set done so far {saved}.",
                yes="End session",
                no="Keep training",
            ),
            confirmed,
        )

    def skip_closing_questions(self) -> None:
        """Ending at the last check-ins skips them: ask first, then save them as skipped."""

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.handle(self.session.quit())

        self.app.push_screen(
            ConfirmScreen(skip_question(self._view), yes="Skip", no="Answer"), confirmed
        )

    def action_retry_save(self) -> None:
        """Try the same folder again."""
        self.recorder.retry()

    def action_save_elsewhere(self) -> None:
        """Ask for another folder and save this session there from now on."""

        def chosen(folder: str | None) -> None:
            if folder:
                self.recorder.relocate(Path(folder).expanduser())

        self.app.push_screen(FolderScreen(str(self.recorder.data_dir)), chosen)
