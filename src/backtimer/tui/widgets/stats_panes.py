"""The four views of the stats screen; each draws a `Stats` handed down with `show()`.

Every pane is a container that composes its own widgets, so the screen can mount the panes not
on view lazily and hand the latest statistics to whichever panes exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from backtimer.domain import stats as st
from backtimer.domain.formatting import (
    format_amount,
    format_count,
    format_date,
    format_per_week,
    format_percent,
)
from backtimer.domain.progression.red_flag import is_real_flag
from backtimer.tui.widgets.charts import ChartData, DateChart
from backtimer.tui.widgets.heatmap import Heatmap

SIDE_TITLES = {"both": "Best set each day", "left": "Left", "right": "Right"}


class StatsPane(Widget):
    """A view of the statistics; `show()` draws them unless they are on show already."""

    DEFAULT_CSS = """
    StatsPane {
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stats: st.Stats | None = None
        """The statistics on show."""

    def show(self, stats: st.Stats) -> None:
        """Draw `stats` (statistics are immutable: the same object is not drawn twice)."""
        if stats is not self.stats:
            self.stats = stats
            self.draw(stats)

    def draw(self, stats: st.Stats) -> None:
        """Draw `stats`; each pane says how."""
        raise NotImplementedError


class ProgressPane(StatsPane):
    """Exercises on the left; the highlighted one's daily bests against its target on the right."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.exercise: str | None = None
        """The key of the exercise on show."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="progress-body"):
            yield OptionList(id="stats-exercises")
            with VerticalScroll(id="progress-detail"):
                yield Static(id="progress-summary")
                # Both sides together, or left (upper) and right (lower).
                yield DateChart(id="chart-upper", classes="chart")
                yield DateChart(id="chart-lower", classes="chart")

    def draw(self, stats: st.Stats) -> None:
        exercises = self.query_one("#stats-exercises", OptionList)
        keys = [e.key for e in stats.exercises]
        current = self.exercise if self.exercise in keys else (keys[0] if keys else None)
        with exercises.prevent(OptionList.OptionHighlighted):
            exercises.clear_options()
            exercises.add_options([Option(Content(e.title), id=e.key) for e in stats.exercises])
            if current is not None:
                exercises.highlighted = keys.index(current)
        self.exercise = current
        self._show_exercise(stats, current)

    def _show_exercise(self, stats: st.Stats, key: str | None) -> None:
        summary = self.query_one("#progress-summary", Static)
        progress = stats.exercise(key) if key is not None else None
        detail = self.query_one("#progress-detail")
        per_side = progress is not None and progress.per_side
        detail.set_class(per_side, "-per-side")
        upper = self.query_one("#chart-upper", DateChart)
        lower = self.query_one("#chart-lower", DateChart)
        if progress is None:
            summary.update(
                "No sets in this range. Try a longer range (y, a) or another routine (f)."
            )
            upper.data = lower.data = None
            return
        summary.update(progress_text(stats, progress))
        sides = ("left", "right") if per_side else ("both", None)
        for chart, side in zip((upper, lower), sides, strict=True):
            chart.data = None if side is None else side_chart(stats, progress, side)

    @on(OptionList.OptionHighlighted, "#stats-exercises")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.exercise = event.option.id
        if self.stats is not None:
            self._show_exercise(self.stats, self.exercise)
            self.query_one("#progress-detail", VerticalScroll).scroll_home(animate=False)


def side_chart(stats: st.Stats, progress: st.ExerciseProgress, side: str) -> ChartData:
    """One side's daily bests against the target, titled with the latest and the best."""
    points = progress.sides.get(side, ())
    best = progress.bests.get(side)
    unit = progress.unit
    title = f"[b]{SIDE_TITLES[side]}[/]"
    if points:
        latest = points[-1]
        title += f" · last [b]{format_amount(latest.value, unit)}[/] · target {format_amount(latest.target, unit)}"
        if best is not None and side != "both":
            title += f" · ★ {format_amount(best.value, unit)}"
    return ChartData(
        start=stats.start,
        end=stats.today,
        values=[(p.day, p.value) for p in points],
        unit="s" if unit == "s" else "",
        line=[(p.day, p.target) for p in points],
        marker=None if best is None else (best.day, best.value),
        empty_text="No sets on this side in the range.",
        title=title,
    )


def progress_text(stats: st.Stats, progress: st.ExerciseProgress) -> Content:
    """The summary above an exercise's charts: sets, personal best, left/right gap."""
    unit = progress.unit
    sets = format_count(progress.sets, "set")
    # The title is the user's text (an exercise's name), never markup.
    title = Content.from_markup("[b]$title[/]", title=progress.title)
    lines = [f" · {sets} since {format_date(stats.start)}"]
    best = progress.best
    if best is not None:
        side, pb = best
        where = "" if side == "both" else f" ({side})"
        scope = "Personal best" if stats.bests_complete else "Best so far (still reading)"
        lines.append(
            f"★ {scope}: [b]{format_amount(pb.value, unit)}[/]{where} on {format_date(pb.day)}"
        )
    gap = progress.gap
    if gap is not None:
        weaker = "level" if gap.weaker is None else f"{gap.weaker} weaker"
        lines.append(
            f"Left {format_amount(gap.left, unit)} · right {format_amount(gap.right, unit)} · "
            f"gap [b]{format_amount(gap.gap, unit)} ({format_percent(gap.percent, 100)})[/], {weaker} "
            f"[dim](mean of the last {format_count(gap.days, 'day')} with both sides)[/]"
        )
    return title + Content.from_markup("\n".join(lines))


class PainPane(StatsPane):
    """Pain before, during, after and the next day, on one time axis each."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="pain-body"):
            yield Static(
                "Highest pain (0–10) each day, by when it was rated. The line is your pain "
                f"limit (the rule's {st.PAIN_LIMIT}, or lower if you set one); amber above it, "
                f"red from {st.PAIN_HIGH}.",
                id="pain-summary",
            )
            for when in st.PAIN_MOMENTS:
                yield DateChart(id=f"pain-{when}", classes="chart pain-chart")

    def draw(self, stats: st.Stats) -> None:
        for series in stats.pain:
            chart = self.query_one(f"#pain-{series.when}", DateChart)
            mean, high = series.mean, series.high
            label = series.label.capitalize()
            if stats.partial and series.when == "next-day":
                title = f"[b]{label}[/]  reading the journal…"
            elif mean is None or high is None:
                title = f"[b]{label}[/]  no ratings in this range"
            else:
                title = (
                    f"[b]{label}[/]  mean [b]{mean:.1f}[/]  highest [b]{high}[/]  "
                    f"over {series.limit} on {series.over_limit_days} of {format_count(len(series.days), 'day')}"
                )
            chart.data = ChartData(
                start=stats.start,
                end=stats.today,
                values=[(d.day, float(d.high)) for d in series.days],
                line=[(stats.start, float(stats.pain_limit))],
                y_max=10,
                bands=(float(stats.pain_limit), float(st.PAIN_HIGH - 1)),
                empty_text="No ratings in this range.",
                title=title,
            )


class AdherencePane(StatsPane):
    """The calendar of training days, the streak, and sessions a week against prescribed."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="adherence-body"):
            yield Static(id="adherence-summary")
            yield Heatmap(id="stats-heatmap")
            yield DateChart(id="weekly-chart", classes="chart")
            yield Static(id="routine-adherence")

    def draw(self, stats: st.Stats) -> None:
        prescribed = stats.prescribed_total
        share = f" ({format_percent(stats.counted, prescribed)})" if prescribed else ""
        against = (
            "reading the library…"
            if stats.partial
            else f"against [b]{format_per_week(stats.prescribed_a_week)}[/] prescribed{share}"
        )
        self.query_one("#adherence-summary", Static).update(
            f"Streak [b]{format_count(stats.streak, 'day')}[/] "
            f"(longest {format_count(stats.longest_streak, 'day')})  ·  "
            f"trained on [b]{stats.training_days}[/] of {format_count(stats.range_days, 'day')}\n"
            f"Sessions a week (per 7 days) [b]{format_per_week(stats.done_a_week)}[/] {against}"
        )
        self.query_one("#stats-heatmap", Heatmap).data = (stats.calendar, stats.start, stats.today)
        self.query_one("#weekly-chart", DateChart).data = ChartData(
            start=stats.start,
            end=stats.today,
            values=[
                (w.start + timedelta(days=d), float(w.done)) for w in stats.weeks for d in range(7)
            ],
            line=[]
            if stats.partial
            else [(max(w.start, stats.start), w.prescribed) for w in stats.weeks],
            aggregate="mean",
            empty_text="No weeks in this range.",
            title="[b]Sessions a week[/] against prescribed (line)",
        )
        self.query_one("#routine-adherence", Static).update(
            "" if stats.partial else routine_table(stats)
        )


def routine_table(stats: st.Stats) -> Content:
    """Each routine's sessions a week against its prescription, as aligned text."""
    rows = [Content.from_markup("[b]Routine                         done  a week  prescribed[/]")]
    for routine in stats.routines:
        if routine.prescribed_per_week is None:
            prescribed = "not in library"
        else:
            prescribed = f"{routine.prescribed_per_week:g}"
            if routine.percent is not None:
                prescribed += f" ({format_percent(routine.percent, 100)})"
        name = routine.name[:30].ljust(30)  # the user's text, never markup
        rows.append(
            Content(
                f"{name} {routine.done:>5}  {format_per_week(routine.per_week):>6}  {prescribed}"
            )
        )
    return Content("\n").join(rows)


@dataclass
class OpenSession(Message):
    """The user chose a session in the list."""

    path: Path


class SessionTable(DataTable[str | Text]):
    """The list of sessions; the footer says that Enter opens one."""

    BINDINGS = [Binding("enter", "select_cursor", "Open session", id="open-session")]


class SessionsPane(StatsPane):
    """Every session in the range, newest first; Enter opens one."""

    def compose(self) -> ComposeResult:
        yield SessionTable(id="stats-sessions", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#stats-sessions", DataTable)
        table.add_columns("Date", "Time", "Routine", "Status", "Sets", "Pain", "Notes")

    def draw(self, stats: st.Stats) -> None:
        table = self.query_one("#stats-sessions", DataTable)
        table.clear()
        for session in stats.sessions:
            before, after = stats.pain_before_after.get(session.key, (None, None))
            pain = ""
            if before is not None or after is not None:
                pain = f"{'–' if before is None else before} → {'–' if after is None else after}"
            notes = []
            if is_real_flag(session):  # a demo's answer is no warning sign
                notes.append("leg symptoms")
            if session.is_demo:
                notes.append(f"demo ×{session.speed:g}")
            table.add_row(
                format_date(session.day),
                f"{session.started:%H:%M}",
                Text(session.routine_name),
                session.status.replace("_", " "),
                str(session.set_count),
                pain,
                ", ".join(notes),
                key=session.file,
            )

    @on(DataTable.RowSelected, "#stats-sessions")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(OpenSession(Path(event.row_key.value)))
