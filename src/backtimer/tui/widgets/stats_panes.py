"""The four views of the stats screen; each draws a `Stats` handed down with `show()`.

Every pane is a container that composes its own widgets, so the screen can mount the panes not
on view lazily and hand the latest statistics to whichever panes exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from backtimer import stats as st
from backtimer.tui.widgets.charts import ChartData, DateChart
from backtimer.tui.widgets.heatmap import Heatmap

PAIN_BANDS = (float(st.PAIN_LIMIT), float(st.PAIN_HIGH - 1))
SIDE_TITLES = {"both": "Best set each day", "left": "Left", "right": "Right"}


class StatsPane(Widget):
    """A view of the statistics; `show()` redraws it."""

    DEFAULT_CSS = """
    StatsPane {
        height: 1fr;
    }
    """

    def show(self, stats: st.Stats) -> None:
        """Draw `stats`."""
        raise NotImplementedError


def _amount(value: float, unit: str) -> str:
    return st.amount(value, unit)


class ProgressPane(StatsPane):
    """Exercises on the left; the highlighted one's daily bests against its target on the right."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stats: st.Stats | None = None
        self.exercise: str | None = None
        """The key of the exercise on show."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="progress-body"):
            yield OptionList(id="stats-exercises")
            with VerticalScroll(id="progress-detail"):
                yield Static(id="progress-summary")
                for side in ("both", "left", "right"):
                    yield Static(id=f"chart-{side}-title", classes="chart-title")
                    yield DateChart(id=f"chart-{side}", classes="chart")

    def show(self, stats: st.Stats) -> None:
        self.stats = stats
        exercises = self.query_one("#stats-exercises", OptionList)
        keys = [e.key for e in stats.exercises]
        current = self.exercise if self.exercise in keys else (keys[0] if keys else None)
        with exercises.prevent(OptionList.OptionHighlighted):
            exercises.clear_options()
            exercises.add_options([Option(escape(e.title), id=e.key) for e in stats.exercises])
            if current is not None:
                exercises.highlighted = keys.index(current)
        self.exercise = current
        self._show_exercise(stats, current)

    def _show_exercise(self, stats: st.Stats, key: str | None) -> None:
        summary = self.query_one("#progress-summary", Static)
        progress = stats.exercise(key) if key is not None else None
        detail = self.query_one("#progress-detail")
        detail.set_class(progress is not None and progress.per_side, "-per-side")
        if progress is None:
            summary.update(
                "No sets in this range. Try a longer range (y, a) or another routine (f)."
            )
            for side in ("both", "left", "right"):
                self.query_one(f"#chart-{side}", DateChart).data = None
                self.query_one(f"#chart-{side}-title", Static).update("")
            return
        summary.update(progress_text(stats, progress))
        for side in ("both", "left", "right"):
            points = progress.sides.get(side, ())
            chart = self.query_one(f"#chart-{side}", DateChart)
            title = self.query_one(f"#chart-{side}-title", Static)
            if not points:
                chart.data = None
                title.update("")
                continue
            best = progress.bests.get(side)
            latest = points[-1]
            unit = progress.unit
            title.update(
                f"[b]{SIDE_TITLES[side]}[/] · last [b]{_amount(latest.value, unit)}[/] · "
                f"target {_amount(latest.target, unit)}"
                + ("" if best is None or side == "both" else f" · ★ {_amount(best.value, unit)}")
            )
            chart.data = ChartData(
                start=stats.start,
                end=stats.today,
                values=[(p.day, p.value) for p in points],
                unit="s" if progress.unit == "s" else "",
                line=[(p.day, p.target) for p in points],
                marker=None if best is None else (best.day, best.value),
                empty_text="No sets on this side in the range.",
            )

    @on(OptionList.OptionHighlighted, "#stats-exercises")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.exercise = event.option.id
        if self.stats is not None:
            self._show_exercise(self.stats, self.exercise)
            self.query_one("#progress-detail", VerticalScroll).scroll_home(animate=False)


def progress_text(stats: st.Stats, progress: st.ExerciseProgress) -> str:
    """The summary above an exercise's charts: sets, personal best, left/right gap."""
    unit = progress.unit
    lines = [f"[b]{escape(progress.title)}[/] · {progress.sets} sets since {stats.start:%d %b %Y}"]
    best = progress.best
    if best is not None:
        side, pb = best
        where = "" if side == "both" else f" ({side})"
        scope = "Personal best" if stats.bests_complete else "Best so far (still reading)"
        lines.append(f"★ {scope}: [b]{_amount(pb.value, unit)}[/]{where} on {pb.day.isoformat()}")
    gap = progress.gap
    if gap is not None:
        weaker = "level" if gap.weaker is None else f"{gap.weaker} weaker"
        lines.append(
            f"Left {_amount(gap.left, unit)} · right {_amount(gap.right, unit)} · "
            f"gap [b]{_amount(gap.gap, unit)} ({gap.percent:.0f}%)[/], {weaker} "
            f"[dim](mean of the last {gap.days} days with both sides)[/]"
        )
    return "\n".join(lines)


class PainPane(StatsPane):
    """Pain before, during, after and the next day, on one time axis each."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="pain-body"):
            yield Static(
                "Highest pain (0–10) each day, by when it was rated. The line is the pain "
                f"rule's limit of {st.PAIN_LIMIT}; amber above it, red from {st.PAIN_HIGH}.",
                id="pain-summary",
            )
            for when in st.PAIN_WHENS:
                yield Static(id=f"pain-{when}-title", classes="chart-title")
                yield DateChart(id=f"pain-{when}", classes="chart pain-chart")

    def show(self, stats: st.Stats) -> None:
        for series in stats.pain:
            title = self.query_one(f"#pain-{series.when}-title", Static)
            chart = self.query_one(f"#pain-{series.when}", DateChart)
            mean, high = series.mean, series.high
            label = series.label.capitalize()
            if mean is None or high is None:
                title.update(f"[b]{label}[/]  no ratings in this range")
            else:
                title.update(
                    f"[b]{label}[/]  mean [b]{mean:.1f}[/]  highest [b]{high}[/]  "
                    f"over {st.PAIN_LIMIT} on {series.over_limit_days} of {len(series.days)} days"
                )
            chart.data = ChartData(
                start=stats.start,
                end=stats.today,
                values=[(d.day, float(d.high)) for d in series.days],
                line=[(stats.start, float(st.PAIN_LIMIT))],
                y_max=10,
                bands=PAIN_BANDS,
                empty_text="No ratings in this range.",
            )


class AdherencePane(StatsPane):
    """The calendar of training days, the streak, and sessions a week against prescribed."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="adherence-body"):
            yield Static(id="adherence-summary")
            yield Heatmap(id="stats-heatmap")
            yield Static("[b]Sessions a week[/] against prescribed (line)", classes="chart-title")
            yield DateChart(id="weekly-chart", classes="chart")
            yield Static(id="routine-adherence")

    def show(self, stats: st.Stats) -> None:
        prescribed = stats.prescribed_total
        done = sum(w.done for w in stats.weeks)
        weeks = max(1, len(stats.weeks))
        share = f" ({100 * done / prescribed:.0f}%)" if prescribed else ""
        self.query_one("#adherence-summary", Static).update(
            f"Streak [b]{stats.streak}[/] days (longest {stats.longest_streak})  ·  "
            f"trained on [b]{stats.training_days}[/] of {stats.range_days} days\n"
            f"Sessions a week [b]{done / weeks:.1f}[/] against [b]{prescribed / weeks:.1f}[/] "
            f"prescribed{share}"
        )
        self.query_one("#stats-heatmap", Heatmap).data = (stats.calendar, stats.start, stats.today)
        self.query_one("#weekly-chart", DateChart).data = ChartData(
            start=stats.start,
            end=stats.today,
            values=[
                (w.start + timedelta(days=d), float(w.done)) for w in stats.weeks for d in range(7)
            ],
            line=[(max(w.start, stats.start), w.prescribed) for w in stats.weeks],
            aggregate="mean",
            empty_text="No weeks in this range.",
        )
        self.query_one("#routine-adherence", Static).update(routine_table(stats))


def routine_table(stats: st.Stats) -> str:
    """Each routine's sessions a week against its prescription, as aligned text."""
    rows = ["[b]Routine                         done  a week  prescribed[/]"]
    for routine in stats.routines:
        if routine.prescribed_per_week is None:
            prescribed = "not in library"
        else:
            prescribed = f"{routine.prescribed_per_week:g}"
            if routine.percent is not None:
                prescribed += f" ({routine.percent:.0f}%)"
        name = escape(routine.name[:30].ljust(30))
        rows.append(f"{name} {routine.done:>5}  {routine.per_week:>6.1f}  {prescribed}")
    return "\n".join(rows)


@dataclass
class OpenSession(Message):
    """The user chose a session in the list."""

    path: Path


class SessionsPane(StatsPane):
    """Every session in the range, newest first; Enter opens one."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: st.Stats | None = None

    def compose(self) -> ComposeResult:
        yield DataTable(id="stats-sessions", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#stats-sessions", DataTable)
        table.add_columns("Date", "Time", "Routine", "Status", "Sets", "Pain", "Notes")

    def show(self, stats: st.Stats) -> None:
        if self._shown is stats:
            return
        self._shown = stats
        table = self.query_one("#stats-sessions", DataTable)
        table.clear()
        for session in stats.sessions:
            before, after = stats.pain_before_after.get(session.key, (None, None))
            pain = ""
            if before is not None or after is not None:
                pain = f"{'–' if before is None else before} → {'–' if after is None else after}"
            notes = []
            if session.red_flag:
                notes.append("leg symptoms")
            if session.is_demo:
                notes.append(f"demo ×{session.speed:g}")
            table.add_row(
                f"{session.day:%a %d %b %Y}",
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
