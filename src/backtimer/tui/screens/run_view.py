"""The workout screen's picture: one moment of a session, drawn from the engine's view.

`RunScreen` (in `run`) builds on this: it runs the session, saves it and takes the keys. Lines
are only updated when their text changes, since each update costs a layout pass.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from backtimer.domain.routine import Routine
from backtimer.engine import Phase, Session, SessionView
from backtimer.render.summary import checkin_lines, summary_rows
from backtimer.services.recorder import MobilityInstead
from backtimer.services.workout_text import (
    Answer,
    answers_for,
    clock_value,
    key_facts,
    phase_text,
    question_text,
    summary_text,
    target_text,
    timeless,
    where_text,
)
from backtimer.storage.history.writer import SaveResult
from backtimer.tui.widgets.bigtext import Countdown, PhaseWord
from backtimer.tui.widgets.footer import QuietFooter
from backtimer.tui.widgets.question import QuestionPanel


class RunView(Screen[MobilityInstead | None]):
    """Draws the session's state: the clock, the bar, the words, a check-in or the summary."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-medium"), (36, "-tall")]
    """Below 36 rows the blank lines between parts go, and below 22 the phase word is one plain
    line, so the clock keeps the room to stay large (7 rows at 80×24 with six form points)."""
    AUTO_FOCUS = ""
    """Nothing here takes focus: every key belongs to the screen, so one press always acts."""

    phase: reactive[Phase] = reactive(Phase.PAIN_BEFORE, init=False)

    routine: Routine
    session: Session
    _view: SessionView
    """The view drawn last."""

    def __init__(self) -> None:
        super().__init__()
        self._steady: SessionView | None = None
        """The last fully drawn view with its running times blanked (see `timeless`)."""
        self._save_problem: str | None = None
        self._answers: list[Answer] = []
        self._asked: tuple[str, list[Answer]] | None = None
        self._shown: dict[str, object] = {}
        self._keys: object = None
        """The facts about the view the keys on show depend on, as last drawn."""
        self._lines: dict[str, Static] = {}
        """What each line last showed, so unchanged lines are left alone."""

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        # Each second only the clock (its figures and bar) changes, and Textual re-renders every
        # widget whose container overlaps a change: the lines that stay put sit in containers of
        # their own, above and below.
        yield Header()
        with Vertical(id="run-head"):
            with Horizontal(id="run-top"):
                yield Static(id="run-exercise")
                yield Static(id="run-where")
            yield PhaseWord(id="run-phase")
        yield Countdown(id="run-clock")
        with Vertical(id="run-info"):
            yield Static(id="run-target")
            with Center():
                yield Static(id="run-cue")
            yield QuestionPanel(id="run-question")
            summary: DataTable[Text] = DataTable(
                id="run-summary", cursor_type="none", zebra_stripes=True
            )
            summary.can_focus = False
            yield summary
            yield Static(id="run-next")
            yield Static(id="run-save-problem")
        yield QuietFooter(compact=True)

    def find_widgets(self) -> None:
        """Keep the widgets redrawn every second at hand (once mounted)."""
        self._clock_digits = self.query_one("#run-clock", Countdown)
        self._phase_word = self.query_one("#run-phase", PhaseWord)

    def refresh_view(self) -> None:
        """Draw the engine's snapshot."""
        view = self.session.view()
        self._view = view
        self._steady = timeless(view)
        if view.phase is not self.phase:
            self.phase = view.phase
        self._show("#run-exercise", view.exercise.name.upper())
        self._show("#run-where", where_text(view))
        self._draw_time(view)
        self._show("#run-target", target_text(view))
        quiet = view.phase.is_question or view.phase is Phase.SUMMARY
        points = "" if quiet else "\n".join(f"• {point}" for point in view.form_points)
        self._show("#run-cue", points)
        if view.phase is not Phase.SUMMARY:
            self._show("#run-next", view.next_text)
        self._draw_question(view)
        self._draw_summary(view)
        keys = key_facts(view)
        if keys != self._keys:
            self._keys = keys
            self.refresh_bindings()
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
        phase = phase_text(view)
        if phase != self._shown.get("#run-phase"):
            self._shown["#run-phase"] = phase
            self._phase_word.update(phase)
        clock = clock_value(view)
        if clock != self._shown.get("#run-clock"):
            self._shown["#run-clock"] = clock
            self._clock_digits.update(clock)
        progress = round(min(1.0, max(0.0, view.progress)), 3)
        if progress != self._shown.get("#run-progress"):
            self._shown["#run-progress"] = progress
            self._clock_digits.set_fraction(progress)

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
            line.update(Content(text))  # the user's text, never markup

    def watch_phase(self) -> None:
        self.refresh_bindings()

    def _draw_question(self, view: SessionView) -> None:
        if not view.phase.is_question or view.question is None:
            self._answers = []
            self._asked = None
            return
        answers = answers_for(view)
        self._answers = answers
        # The limit the engine compares this answer with: the exercise's during it, else the
        # session's (the lowest of every exercise's).
        during = view.phase is Phase.PAIN_EXERCISE
        limit = self.session.pain_limit(view.exercise if during else None)
        question = question_text(view, limit)
        if (question, answers) != self._asked:
            self._asked = (question, answers)
            self.query_one("#run-question", QuestionPanel).ask(question, answers)

    def _draw_summary(self, view: SessionView) -> None:
        if view.phase is not Phase.SUMMARY:
            return
        table = self.query_one("#run-summary", DataTable)
        if table.columns:
            return
        table.add_columns("Exercise", "Target", "Done", "Pain")
        for row in summary_rows(self.routine, self.session.records, self.session.pains):
            table.add_row(*(Text(cell) for cell in (row.name, row.target, row.actual, row.pain)))
        # Ended before any set: a sentence says so, not an empty table.
        table.display = bool(table.row_count)
        completed = self.session.status == "completed"
        tension = self.session.time_under_tension()
        text = summary_text(
            view,
            completed=completed,
            tension=tension,
            sets_done=bool(table.row_count),
            checkins=checkin_lines(self.session, self.routine),
        )
        self._show("#run-next", text)

    def _save_result(self, result: SaveResult) -> None:
        problem = None if result.ok else result.message
        if problem != self._save_problem:
            self._save_problem = problem
            banner = self.query_one("#run-save-problem", Static)
            banner.update(
                Content(
                    ""
                    if problem is None
                    else f"NOT SAVED: {problem}  (r: retry, o: save elsewhere)"
                )
            )
            self.set_class(problem is not None, "-save-problem")
            self.refresh_bindings()
            if problem is not None:
                self.notify(problem, title="Session not saved yet", severity="error", timeout=10)
