"""The workout screen: runs a session hands-free, big enough to read from across the room.

The engine owns time. This screen only asks it to catch up (`advance()`) at the moments something
on screen changes — the next whole second of a countdown, or a phase boundary — and draws the
snapshot it returns. A one-shot timer is set for exactly that moment, so the screen does no work
between changes and a phase ends on its deadline, not on the next tick.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Digits, Footer, Header, Static

from backtimer.domain.formatting import format_amount, format_duration
from backtimer.domain.routine import Kind, Routine
from backtimer.engine import Cue, Event, Phase, Session, SessionEnded, SessionView, Settings
from backtimer.render.summary import last_time, summary_rows
from backtimer.services.recorder import Recorder, RunOptions, TimeBase
from backtimer.storage.history.store import HistoryStore
from backtimer.storage.history.writer import SaveResult
from backtimer.tui.dialogs.confirm import ConfirmScreen, FolderScreen
from backtimer.tui.dialogs.jump import JumpScreen
from backtimer.tui.widgets.progress import ProgressLine
from backtimer.tui.widgets.question import Answer, QuestionPanel

Clock = Callable[[], float]
CueSink = Callable[[Cue], None]

PHASE_WORDS = {
    Phase.PAIN_BEFORE: "CHECK-IN",
    Phase.LEAD_IN: "GET INTO POSITION",
    Phase.RELAX: "RELAX",
    Phase.SWITCH: "SWITCH SIDES",
    Phase.REST: "REST",
    Phase.STOP_REASON: "WHY DID YOU STOP?",
    Phase.PAIN_EXERCISE: "CHECK-IN",
    Phase.PAIN_OVER_LIMIT: "PAIN ABOVE YOUR LIMIT",
    Phase.PAIN_AFTER: "CHECK-IN",
    Phase.RED_FLAG: "CHECK-IN",
    Phase.SUMMARY: "SESSION DONE",
}
WORK_WORDS = {
    Kind.HOLD: "HOLD",
    Kind.REPS: "REPS",
    Kind.REPS_TO_FAILURE: "REPS TO FAILURE",
    Kind.REPEATED_HOLD: "HOLD",
    Kind.MOVEMENT: "MOVE",
    Kind.ACTIVITY: "GO",
}
PAIN_KEYS = [str(n) for n in range(10)]
TEN_KEY = "t"
"""Pain 10 has its own key, so every rating stays one keystroke."""


def clock_text(seconds: float) -> str:
    """`0:45`, `1:05`, `1:02:03`: whole seconds, rounded up while counting down."""
    total = max(0, math.ceil(seconds - 1e-6))
    minutes, secs = divmod(total, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def until_next_change(value: float, *, counting_down: bool) -> float:
    """Seconds until the whole-second display of `value` changes."""
    fraction = value - math.floor(value)
    if counting_down:
        return fraction if fraction > 1e-3 else 1.0
    return 1.0 - fraction if fraction < 1 - 1e-3 else 1.0


class RunScreen(Screen[None]):
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
        Binding("k", "keep_going", "Keep going", id="keep-going"),
        Binding("s", "skip", "Skip", id="skip"),
        Binding("b", "back", "Back", id="back"),
        Binding("g", "jump", "Go to", id="jump"),
        Binding("q,escape", "quit_session", "End session", id="end"),
        Binding("r", "retry_save", "Retry save", id="retry-save"),
        Binding("o", "save_elsewhere", "Save elsewhere", id="save-elsewhere"),
    ]

    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-tall")]
    """Below 22 rows the banner and margins shrink so the clock and the target still fit."""
    AUTO_FOCUS = ""
    """Nothing here takes focus: every key belongs to the screen, so one press always acts."""

    phase: reactive[Phase] = reactive(Phase.PAIN_BEFORE, init=False)

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
    ) -> None:
        super().__init__()
        self.routine = routine
        self.options = options or RunOptions()
        speed = self.options.speed
        if clock is None:
            origin = time.monotonic()
            clock = (
                (lambda: origin + (time.monotonic() - origin) * speed)
                if speed != 1
                else time.monotonic
            )
        self.clock: Clock = clock
        self.session = Session(routine, clock, settings=settings, targets=targets)
        base = TimeBase(datetime.now().astimezone(), self.session.started_at, speed)
        self.store = store
        self.recorder = Recorder(
            store, routine, base, on_result=self._save_result_from_thread, fsync=fsync
        )
        self._cue = cue
        self._timer: asyncio.TimerHandle | None = None
        self._view: SessionView = self.session.view()
        self._steady: SessionView | None = None
        """The last fully drawn view with its running times blanked (see `_timeless`)."""
        self._save_problem: str | None = None
        self._answers: list[Answer] = []
        self._asked: tuple[str, list[Answer]] | None = None
        self._shown: dict[str, object] = {}
        self._lines: dict[str, Static] = {}
        """What each line last showed, so unchanged lines are left alone."""

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        # Each second only the clock and the bar change, and Textual re-renders every widget
        # whose container overlaps a change: the lines that stay put sit in containers of their
        # own, above and below.
        yield Header()
        with Vertical(id="run-head"):
            with Horizontal(id="run-top"):
                yield Static(id="run-exercise")
                yield Static(id="run-where")
            yield Static(id="run-phase")
        yield Digits("", id="run-clock")
        yield ProgressLine(id="run-progress")
        with Vertical(id="run-info"):
            yield Static(id="run-target")
            yield Static(id="run-cue")
            yield QuestionPanel(id="run-question")
            summary: DataTable[str] = DataTable(
                id="run-summary", cursor_type="none", zebra_stripes=True
            )
            summary.can_focus = False
            yield summary
            yield Static(id="run-next")
            yield Static(id="run-save-problem")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._clock_digits = self.query_one("#run-clock", Digits)
        self._progress = self.query_one("#run-progress", ProgressLine)
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
        since = datetime.now().astimezone() - timedelta(days=120)
        result = self.store.load(since=since)
        sessions = [s for s in result.sessions if s.routine_id == self.routine.id]
        found = last_time(sessions, self.routine)
        self.app.call_from_thread(self._set_last_time, found)

    def _set_last_time(self, found: dict[str, str]) -> None:
        self.session.last.update(found)
        self.refresh_view()

    # ------------------------------------------------------------------ time

    def tick(self) -> None:
        """Let the engine catch up with the clock, act on what happened, redraw, and re-arm."""
        events = self.session.advance()
        if events:
            self.handle(events)
            return
        # Only time moved: nothing to save, and unless the engine says otherwise, only the
        # clock, the bar and the phase line (a tempo count) can have changed.
        view = self.session.view()
        if _timeless(view) == self._steady:
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
        if changed:
            self.recorder.sync(self.session)
        self.refresh_view()
        self._schedule()

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        view = self._view
        if view.paused or view.phase is Phase.SUMMARY:
            return
        delays: list[float] = []
        if view.remaining is not None:
            delays.append(until_next_change(view.remaining, counting_down=True))
        if view.tempo_remaining is not None:
            delays.append(until_next_change(view.tempo_remaining, counting_down=True))
        if view.phase is Phase.WORK and view.elapsed is not None and view.remaining is None:
            delays.append(until_next_change(view.elapsed, counting_down=False))
        if not delays:
            return  # waiting for an answer: nothing changes until a key is pressed
        delay = max(0.001, min(delays) / self.options.speed + 0.002)
        # A loop handle rather than `set_timer`, which starts a Timer and an asyncio task for
        # every tick; `call_next` still runs the tick in the screen's message loop.
        self._timer = self._loop.call_later(delay, self.call_next, self.tick)

    # ------------------------------------------------------------------ drawing

    def refresh_view(self) -> None:
        """Draw the engine's snapshot."""
        view = self.session.view()
        self._view = view
        self._steady = _timeless(view)
        if view.phase is not self.phase:
            self.phase = view.phase
        self._show("#run-exercise", view.exercise.name.upper())
        self._show("#run-where", self._where(view))
        self._draw_time(view)
        self._show("#run-target", self._target_text(view))
        quiet = view.phase.is_question or view.phase is Phase.SUMMARY
        self._show("#run-cue", "" if quiet else view.form_cue)
        if view.phase is not Phase.SUMMARY:
            self._show("#run-next", view.next_text)
        self._draw_question(view)
        self._draw_summary(view)
        self.set_class(view.paused, "-paused")
        self.set_class(view.overtime, "-overtime")
        self.set_class(view.phase in (Phase.REST, Phase.SWITCH, Phase.RELAX), "-rest")
        self.set_class(view.phase is Phase.WORK, "-work")
        self.set_class(view.phase is Phase.LEAD_IN, "-lead-in")
        self.set_class(view.phase.is_question, "-question")
        self.set_class(view.phase is Phase.SUMMARY, "-summary")
        self.set_class(self._save_problem is not None, "-save-problem")

    def _draw_time(self, view: SessionView) -> None:
        """The lines that follow the clock: the phase line, the big digits and the bar."""
        self._show("#run-phase", self._phase_text(view))
        clock = self._clock_value(view)
        if clock != self._shown.get("#run-clock"):
            self._shown["#run-clock"] = clock
            self._clock_digits.update(clock)
        progress = round(min(1.0, max(0.0, view.progress)), 3)
        if progress != self._shown.get("#run-progress"):
            self._shown["#run-progress"] = progress
            self._progress.fraction = progress

    @property
    def answers(self) -> tuple[Answer, ...]:
        """The answers the question on screen takes, each with its key (empty when none)."""
        return tuple(self._answers)

    def _show(self, selector: str, text: str) -> None:
        """Update a line only when its text changes: each update costs a layout pass."""
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            line = self._lines.get(selector)
            if line is None:
                line = self._lines[selector] = self.query_one(selector, Static)
            line.update(text)

    def watch_phase(self) -> None:
        self.refresh_bindings()

    def _where(self, view: SessionView) -> str:
        parts = [f"Exercise {view.exercise_index + 1} of {view.exercise_count}"]
        if view.sets > 1:
            parts.append(f"Set {view.set_number} of {view.sets}")
        if view.side is not None:
            parts.append(f"{view.side.upper()} SIDE")
        return " · ".join(parts)

    def _phase_text(self, view: SessionView) -> str:
        if view.paused:
            return "PAUSED · space to resume"
        if view.phase is Phase.WORK:
            if view.tempo_word is not None and view.tempo_remaining is not None:
                return f"{view.tempo_word} {math.ceil(view.tempo_remaining - 1e-6)}"
            word = WORK_WORDS[view.exercise.kind]
            if view.overtime:
                return "TARGET REACHED · KEEP GOING · Enter to stop"
            if view.hold_number is not None and view.holds is not None:
                return f"{word} {view.hold_number} of {view.holds}"
            return word
        if view.phase is Phase.RELAX and view.hold_number is not None and view.holds is not None:
            return f"RELAX · next hold {view.hold_number} of {view.holds}"
        return PHASE_WORDS.get(view.phase, view.phase.value.upper())

    def _clock_value(self, view: SessionView) -> str:
        if view.phase.is_question or view.phase is Phase.SUMMARY:
            return ""
        if view.phase is Phase.WORK and view.reps is not None:
            return str(view.reps)
        if view.overtime and view.elapsed is not None:
            return "+" + clock_text(max(0.0, view.elapsed - view.target))
        if view.remaining is not None:
            return clock_text(view.remaining)
        if view.elapsed is not None:
            return clock_text(view.elapsed)
        return ""

    def _target_text(self, view: SessionView) -> str:
        if view.phase is Phase.SUMMARY or view.phase.is_question:
            return ""
        parts = [f"Target {format_amount(view.target, view.unit)}"]
        if view.variant_name and view.variant_name != "standard":
            parts.append(view.variant_name)
        if view.last_text:
            parts.append(f"Last time {view.last_text}")
        if view.verdict:
            parts.append(view.verdict)
        return " · ".join(parts)

    def _draw_question(self, view: SessionView) -> None:
        if not view.phase.is_question or view.question is None:
            self._answers = []
            self._asked = None
            return
        answers = self._answers_for(view)
        self._answers = answers
        question = view.question
        if view.phase.is_pain_check:
            limit = self.session.pain_limit(view.exercise)
            question += f"\nOne key: 0–9, or t for 10.  Up to {limit} counts as fine."
        if (question, answers) != self._asked:
            self._asked = (question, answers)
            self.query_one("#run-question", QuestionPanel).ask(question, answers)

    def _answers_for(self, view: SessionView) -> list[Answer]:
        if view.phase.is_pain_check:
            keys = [*PAIN_KEYS, TEN_KEY]
            return [Answer(str(n), str(n), keys[n]) for n in range(11)]
        if view.phase is Phase.RED_FLAG:
            return [
                Answer(option.value, option.label, "y" if index == 0 else "n")
                for index, option in enumerate(view.options)
            ]
        return [
            Answer(option.value, option.label, str(index + 1))
            for index, option in enumerate(view.options)
        ]

    def _draw_summary(self, view: SessionView) -> None:
        if view.phase is not Phase.SUMMARY:
            return
        table = self.query_one("#run-summary", DataTable)
        if table.row_count:
            return
        table.add_columns("Exercise", "Target", "Done", "Pain")
        for row in summary_rows(self.routine, self.session.records, self.session.pains):
            table.add_row(row.name, row.target, row.actual, row.pain)
        status = "completed" if self.session.status == "completed" else "ended early"
        lines = [f"Session {status}."]
        tension = self.session.time_under_tension()
        if tension:  # mobility and walks are not tension: "0 s" would read as nothing done
            lines[0] += f" Time under tension {format_duration(tension)}."
        lines += list(view.advice)
        lines.append("Press Enter or q to finish.")
        self._show("#run-next", "\n".join(lines))

    # ------------------------------------------------------------------ saving

    def _save_result_from_thread(self, result: SaveResult) -> None:
        # Never block the saving thread on the screen: closing the screen waits for that thread.
        # Once the loop has closed the result stays in recorder.last_result.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._save_result, result)

    def _save_result(self, result: SaveResult) -> None:
        problem = None if result.ok else result.message
        if problem != self._save_problem:
            self._save_problem = problem
            banner = self.query_one("#run-save-problem", Static)
            banner.update(
                "" if problem is None else f"NOT SAVED: {problem}  (r: retry, o: save elsewhere)"
            )
            self.set_class(problem is not None, "-save-problem")
            self.refresh_bindings()
            if problem is not None:
                self.notify(problem, title="Session not saved yet", severity="error", timeout=10)

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self._view
        question = view.phase.is_question
        summary = view.phase is Phase.SUMMARY
        if action == "finish":
            return False if summary else (True if view.can_finish else None)
        if action == "leave":
            return summary
        if action in ("add_rep", "remove_rep"):
            return bool(view.can_count)
        if action == "rest":
            return bool(view.can_adjust_rest)
        if action == "mark_done":
            return bool(view.can_mark_done)
        if action == "keep_going":
            return bool(view.exercise.kind is Kind.HOLD and not question and not summary)
        if action in ("retry_save", "save_elsewhere"):
            return self._save_problem is not None
        if action in ("toggle_pause", "skip", "back", "jump"):
            if summary:
                return False
            return None if question else True
        return True

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
        """Leave the summary."""
        self.dismiss(None)

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

    def action_keep_going(self) -> None:
        """Holds carry on past the target until Enter (or stop by themselves again)."""
        on = not self.session.settings.keep_going
        self.handle(self.session.set_keep_going(on))
        state = "on: holds go on past the target until Enter" if on else "off"
        self.notify(f"Keep going {state}.", timeout=3)

    def action_skip(self) -> None:
        """Skip the rest of this step."""
        self.handle(self.session.skip())

    def action_back(self) -> None:
        """Back to the start of this exercise, or the one before."""
        self.handle(self.session.back())

    def action_jump(self) -> None:
        """Go to any exercise."""
        names = [exercise.name for exercise in self.routine.exercises]

        def chosen(index: int | None) -> None:
            if index is not None:
                self.handle(self.session.jump(index))

        self.app.push_screen(JumpScreen(names, self._view.exercise_index), chosen)

    def action_quit_session(self) -> None:
        """Ask once, then wrap up: closing check-ins, then the summary. Sets done stay saved."""
        if self._view.phase is Phase.SUMMARY:
            self.dismiss(None)
            return
        if self.session.status != "in_progress" or self._view.phase in (
            Phase.PAIN_AFTER,
            Phase.RED_FLAG,
        ):
            self.handle(self.session.quit())
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.handle(self.session.wrap_up())

        self.app.push_screen(
            ConfirmScreen(
                "End the session now? Every set done so far is saved.",
                yes="End session",
                no="Keep training",
            ),
            confirmed,
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


def _timeless(view: SessionView) -> SessionView:
    """`view` without the values that change as time passes: equal for two moments of one step."""
    return replace(
        view,
        remaining=None,
        elapsed=None,
        progress=0.0,
        tempo_remaining=None,
        rest_remaining=None,
    )
