"""The report's charts drawn as inline SVG, by hand.

Hand-written SVG adds no dependency and costs nothing at start-up (matplotlib would add tens of
megabytes and about half a second of import; pygal a dependency and its own styling to undo).
Each chart is a few lines, axes and labels; what it needs is little, and it prints sharply at any
size. Series differ by line style and marker shape, not colour alone, so a black-and-white
print keeps them apart. Text is escaped: an exercise name can say anything.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, timedelta

from backtimer.domain.formatting import format_date
from backtimer.domain.text import visible
from backtimer.render.chart_data import AdherenceWeek, PainChart, ProgressChart, Series

WIDTH, HEIGHT = 600, 190
LEFT, RIGHT, TOP, BOTTOM = 36, 110, 14, 24
STYLES = (
    # (stroke dash pattern, marker) per series, in order: told apart without colour.
    ("", "circle"),
    ("6 3", "square"),
    ("2 2", "triangle"),
    ("8 3 2 3", "diamond"),
)
SIDE_STYLES = {"both": ("", "circle"), "left": ("", "circle"), "right": ("6 3", "square")}


def _t(text: str) -> str:
    return html.escape(visible(text), quote=True)


class _Frame:
    """Maps days and values to the plot area of a chart."""

    def __init__(self, start: date, end: date, low: float, high: float, width: int = WIDTH):
        self.start, self.days = start, max((end - start).days, 1)
        self.low, self.high = low, high if high > low else low + 1
        self.width = width

    def x(self, day: date) -> float:
        return LEFT + (self.width - LEFT - RIGHT) * (day - self.start).days / self.days

    def y(self, value: float) -> float:
        span = self.high - self.low
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - self.low) / span)


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "square":
        return f'<rect x="{x - 2.5:.1f}" y="{y - 2.5:.1f}" width="5" height="5"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f} {y - 3.2:.1f}l3 5.4h-6z"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f} {y - 3.5:.1f}l3.5 3.5l-3.5 3.5l-3.5-3.5z"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6"/>'


def _line(f: _Frame, series: Series, dash: str, marker: str, *, markers: bool = True) -> str:
    """A polyline broken where a value is missing, with a marker on each point."""
    runs: list[list[str]] = [[]]
    marks = []
    for day, value in series.points:
        if value is None:
            runs.append([])
            continue
        x, y = f.x(day), f.y(value)
        runs[-1].append(f"{x:.1f},{y:.1f}")
        if markers:
            marks.append(_marker(marker, x, y))
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    lines = "".join(
        f'<polyline fill="none" stroke="#000" stroke-width="1.4"{dash_attr} points="{" ".join(r)}"/>'
        for r in runs
        if r
    )
    return (
        f'<g class="series" data-label="{_t(series.label)}">{lines}'
        f'<g fill="#fff" stroke="#000">{"".join(marks)}</g></g>'
    )


def _steps(f: _Frame, series: Series) -> str:
    """The target: flat until it changes, then up (or down) at the day it did."""
    points: list[str] = []
    previous: float | None = None
    for day, value in series.points:
        if value is None:
            continue
        if previous is not None:
            points.append(f"{f.x(day):.1f},{f.y(previous):.1f}")
        points.append(f"{f.x(day):.1f},{f.y(value):.1f}")
        previous = value
    return (
        '<g class="target"><polyline fill="none" stroke="#777" stroke-width="1.2" '
        f'stroke-dasharray="1 2" points="{" ".join(points)}"/></g>'
    )


def _axes(f: _Frame, ticks: Sequence[float], unit: str) -> str:
    out = []
    for value in ticks:
        y = f.y(value)
        out.append(
            f'<line x1="{LEFT}" x2="{f.width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#ddd" stroke-width="0.6"/>'
        )
        out.append(f'<text x="{LEFT - 4}" y="{y + 3:.1f}" text-anchor="end">{value:g}</text>')
    bottom = HEIGHT - BOTTOM
    out.append(
        f'<line x1="{LEFT}" x2="{f.width - RIGHT}" y1="{bottom}" y2="{bottom}" stroke="#000"/>'
    )
    out.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{bottom}" stroke="#000"/>')
    start = f.start
    end = date.fromordinal(start.toordinal() + f.days)
    out.append(f'<text x="{LEFT}" y="{HEIGHT - 8}">{_t(format_date(start))}</text>')
    out.append(
        f'<text x="{f.width - RIGHT}" y="{HEIGHT - 8}" text-anchor="end">'
        f"{_t(format_date(end))}</text>"
    )
    if unit:
        out.append(f'<text x="{LEFT - 30}" y="{TOP - 4}">{_t(unit)}</text>')
    return "".join(out)


def _legend(entries: Sequence[tuple[str, str, str]], width: int = WIDTH) -> str:
    """A key at the right: each label with its line style and marker (or a plain line)."""
    out = []
    x = width - RIGHT + 10
    for n, (label, dash, marker) in enumerate(entries):
        y = TOP + 8 + n * 16
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        colour = "#777" if marker == "" and label == "target" else "#000"
        out.append(
            f'<line x1="{x}" x2="{x + 24}" y1="{y}" y2="{y}" stroke="{colour}" '
            f'stroke-width="1.4"{dash_attr}/>'
        )
        if marker:
            out.append(f'<g fill="#fff" stroke="#000">{_marker(marker, x + 12, y)}</g>')
        out.append(f'<text x="{x + 30}" y="{y + 3}">{_t(label)}</text>')
    return '<g class="legend">' + "".join(out) + "</g>"


def _svg(title: str, body: str, width: int = WIDTH) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {width} {HEIGHT}" '
        f'role="img" aria-label="{_t(title)}" font-size="10" font-family="sans-serif">'
        f"<title>{_t(title)}</title>{body}</svg>"
    )


def _ticks(high: float) -> list[float]:
    step = 1.0
    for step in (1, 2, 5, 10, 20, 30, 60, 120, 300):
        if high / step <= 5:
            break
    return [n * step for n in range(int(high // step) + 1)]


def pain_svg(chart: PainChart) -> str:
    f = _Frame(chart.start, chart.end, 0, 10)
    body = [_axes(f, [0, 2, 4, 6, 8, 10], "0–10")]
    y = f.y(chart.limit)
    body.append(
        f'<g class="limit"><line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
        f'y2="{y:.1f}" stroke="#000" stroke-width="1" stroke-dasharray="10 4"/>'
        f'<text x="{WIDTH - RIGHT - 2}" y="{y - 3:.1f}" text-anchor="end">'
        f"limit {chart.limit}</text></g>"
    )
    legend = []
    for series, (dash, marker) in zip(chart.series, STYLES, strict=False):
        body.append(_line(f, series, dash, marker))
        legend.append((series.label, dash, marker))
    if chart.highest is not None:
        h = chart.highest
        x, y = f.x(h.day), f.y(h.value)
        body.append(
            f'<g class="highest"><circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="none" '
            f'stroke="#000" stroke-width="1.2"/><text x="{x + 7:.1f}" y="{y - 4:.1f}">'
            f"highest {h.value} ({_t(h.label)}, {_t(format_date(h.day))})</text></g>"
        )
    body.append(_legend(legend))
    return _svg("Pain over time: weekly means", "".join(body))


def progress_svg(chart: ProgressChart, width: int = WIDTH) -> str:
    values = [v for s in (*chart.sides, chart.target) for _d, v in s.points if v is not None]
    high = max(values, default=1) * 1.1
    f = _Frame(chart.start, chart.end, 0, high, width)
    body = [_axes(f, _ticks(high), chart.unit), _steps(f, chart.target)]
    legend = [("target", "1 2", "")]
    for series in chart.sides:
        dash, marker = SIDE_STYLES.get(series.label, STYLES[0])
        body.append(_line(f, series, dash, marker))
        legend.append(("best a day" if series.label == "both" else series.label, dash, marker))
    body.append(_legend(legend, width))
    return _svg(f"{chart.title}: each day's best against the target", "".join(body), width)


def adherence_svg(weeks: Sequence[AdherenceWeek]) -> str:
    if not weeks:
        return _svg("Sessions a week", "")
    high = max(max(w.done for w in weeks), max(w.prescribed for w in weeks), 1)
    f = _Frame(weeks[0].start, weeks[-1].start + timedelta(days=6), 0, high * 1.1)
    slot = (WIDTH - LEFT - RIGHT) / len(weeks)
    body = [_axes(f, _ticks(high * 1.1), "sessions")]
    bars, plan = [], []
    for n, w in enumerate(weeks):
        x = LEFT + slot * n
        if w.done:
            y = f.y(w.done)
            bars.append(
                f'<rect x="{x + slot * 0.15:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
                f'height="{HEIGHT - BOTTOM - y:.1f}"/>'
            )
        else:  # a gap: marked so it cannot be mistaken for a missing bar
            bars.append(
                f'<text class="gap" x="{x + slot / 2:.1f}" y="{HEIGHT - BOTTOM - 3}" '
                'text-anchor="middle">0</text>'
            )
        y = f.y(w.prescribed)
        plan.append(f"{x:.1f},{y:.1f} {x + slot:.1f},{y:.1f}")
    body.append(f'<g class="done" fill="#999" stroke="#000" stroke-width="0.6">{"".join(bars)}</g>')
    body.append(
        '<g class="prescribed"><polyline fill="none" stroke="#000" stroke-width="1.4" '
        f'stroke-dasharray="6 3" points="{" ".join(plan)}"/></g>'
    )
    body.append(_legend([("done", "", "square"), ("prescribed", "6 3", "")]))
    return _svg("Sessions a week: done against prescribed", "".join(body))
