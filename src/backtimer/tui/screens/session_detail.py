"""One session's full record: when, how it went, pain check-ins and every set, read from its file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from backtimer.domain.formatting import (
    format_duration,
    format_long_date,
)
from backtimer.domain.pain import pain_choice_words
from backtimer.domain.records import SessionRecord
from backtimer.render.summary import set_result, set_target
from backtimer.storage.history.toml_io import HistoryFileError, read_session_file

if TYPE_CHECKING:
    from backtimer.tui.app import BacktimerApp

PAIN_WHEN = {"before": "before", "exercise": "during", "after": "after"}
STOP = {"fatigue": "tired", "pain": "pain", "form": "form", "other": "other"}


def exercise_names(record: SessionRecord) -> dict[str, str]:
    """Exercise id → the name the session recorded for it."""
    return {item.exercise_id: item.exercise_name for item in record.sets}


def record_text(record: SessionRecord, path: Path) -> Content:
    """The session's header lines; names and notes are the user's text, never markup."""
    status = record.status.replace("_", " ")
    names = exercise_names(record)
    lines = [Content.from_markup("[b]$name[/]", name=record.routine_name)]
    when = f"{format_long_date(record.started.date())}, {record.started:%H:%M}"
    if record.ended is not None:
        took = (record.ended - record.started).total_seconds()
        when += f" – {record.ended:%H:%M} ({format_duration(took)})"
    lines.append(Content(f"{when}  ·  {status}"))
    if record.is_demo:
        lines.append(
            Content.from_markup(f"[b]Demo run at {record.speed:g}× speed[/]: left out of stats.")
        )
    if record.red_flag and record.is_demo:
        lines.append(
            Content("Leg symptoms answered in a demo run: not counted (demo runs ask nothing).")
        )
    elif record.red_flag:
        lines.append(
            Content.from_markup(
                "[b]Leg symptoms reported[/] (shooting, tingling or numbness): see a clinician."
            )
        )
    elif record.red_flag is False:
        lines.append(Content("No leg symptoms."))
    elif record.red_flag_skipped:
        lines.append(
            Content("Leg symptoms: not answered, so unknown; the next session asks first.")
        )
    if record.pains:
        checks = []
        for pain in record.pains:
            label = PAIN_WHEN[pain.when]
            if pain.exercise_id:
                label += f" ({names.get(pain.exercise_id, pain.exercise_id)})"
            checks.append(
                Content.from_markup("$label [b]$value[/]", label=label, value=str(pain.value))
            )
        lines.append(Content("Pain: ") + Content(", ").join(checks))
    for choice in record.pain_choices:
        value = "" if choice.value is None else f" at {choice.value}/10"
        name = names.get(choice.exercise_id, choice.exercise_id)
        words = pain_choice_words(choice)
        lines.append(Content(f"Pain over the limit{value} in {name}: {words}"))
    if record.notes:
        lines.append(Content(f"Notes: {record.notes}"))
    lines.append(Content.from_markup("[dim]$path[/]", path=str(path)))
    return Content("\n").join(lines)


class SessionDetailScreen(Screen[None]):
    """A session's full record; Escape goes back to the list."""

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back", id="back")]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.record: SessionRecord | None = None
        self.variants: dict[str, str] = {}
        """`exercise_id:variant_id` → the variant's name (see `variant_names`)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="session-body"):
            yield Static("Reading the session…", id="session-text")
            yield DataTable(id="session-sets", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Session"
        table = self.query_one("#session-sets", DataTable)
        table.add_columns("Exercise", "Side", "Set", "Target", "Done", "Pain", "Ended", "Notes")
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        """Read the session file (and the routines, for the variants' names) off the event loop."""
        from backtimer.services.stats_loading import variant_names
        from backtimer.storage.library import load_library

        try:
            record = read_session_file(self.path)
        except HistoryFileError as error:
            self.app.call_from_thread(self._show_problem, error.message)
            return
        app = cast("BacktimerApp", self.app)
        self.variants = variant_names(app.library or load_library(app.dirs))
        self.app.call_from_thread(self.show_record, record)

    def _show_problem(self, message: str) -> None:
        self.query_one("#session-text", Static).update(
            Content.from_markup(
                "[b]This session cannot be read:[/] $message\n[dim]$path[/]",
                message=message,
                path=str(self.path),
            )
        )

    def show_record(self, record: SessionRecord) -> None:
        """Fill the header and the table of sets."""
        self.record = record
        self.query_one("#session-text", Static).update(record_text(record, self.path))
        table = self.query_one("#session-sets", DataTable)
        for item in record.sets:
            done = set_result(item)
            notes = []
            if item.stop_reason:
                notes.append(f"stopped: {STOP[item.stop_reason]}")
            if item.overtime:
                notes.append("past target")
            if item.notes:
                notes.append(item.notes)
            variant = self.variants.get(f"{item.exercise_id}:{item.variant_id}")
            if variant is None:  # no routine describes it any more: its id is all there is
                variant = "" if item.variant_id in ("", "standard") else item.variant_id
            variant = f" ({variant})" if variant else ""
            table.add_row(
                Text(f"{item.exercise_name}{variant}"),
                "" if item.side == "both" else item.side,
                str(item.set_number),
                set_target(item),
                done,
                "" if item.pain is None else str(item.pain),
                f"{item.ended_at:%H:%M:%S}",
                Text("; ".join(notes)),
            )
        table.focus()
