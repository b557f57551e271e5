"""A column chart over dates: labelled y axis, dated x axis, a reference line and a marked best.

Drawn by hand rather than with a plotting library: each column of cells covers a span of days
and shows one value as a bar of eighth-blocks, so a hold's progress reads like a contribution
graph turned upright. A reference line (the target, or the pain limit) is drawn where the bar
does not reach it, so a gap in the line means the target was met. Colours come from the theme
through component classes; which class a bar gets is decided by `bands`.

`layout()` does the arithmetic without Textual so it can be tested on its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter
from typing import Literal

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from backtimer.domain.formatting import MONTHS, format_duration, format_short_day

Role = Literal[
    "bar", "bar-warn", "bar-high", "line", "line-bar", "axis", "label", "marker", "empty"
]
Aggregate = Literal["max", "mean"]
BARS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class ChartData:
    """What one chart shows: values by day over [start, end], and how to draw them."""

    start: date
    end: date
    values: Sequence[tuple[date, float]]
    unit: str = ""
    """Appended to the y-axis labels ("s"); empty for counts and ratings."""
    line: Sequence[tuple[date, float]] = ()
    """The reference line by day (held until the next point), e.g. the target."""
    y_max: float | None = None
    """Fixed top of the scale (10 for pain); otherwise from the values and the line."""
    aggregate: Aggregate = "max"
    """How days sharing a column combine."""
    marker: tuple[date, float] | None = None
    """A point to mark with a star (the personal best), when it falls in the range."""
    bands: tuple[float, float] | None = None
    """Values above the first are drawn as warnings, above the second as high."""
    empty_text: str = "No data in this range."
    title: str = ""
    """A line of Rich markup drawn above the chart (the chart takes the rows below it)."""


@dataclass
class Layout:
    """Characters and roles, row by row, top first."""

    rows: list[list[tuple[str, Role]]] = field(default_factory=list)

    def text(self) -> str:
        """The characters alone (for tests and plain output)."""
        return "\n".join("".join(ch for ch, _ in row).rstrip() for row in self.rows)


def nice_max(value: float) -> float:
    """A round number at or above `value` for the top of an axis (1, 1.2, 1.5, 2 … 8 × 10^n)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        top = step * 10.0**exponent
        if top >= value - 1e-9:
            return top
    return 10.0 ** (exponent + 1)


def number(value: float) -> str:
    """Compact: 60, 62.5, 1.2k."""
    if value >= 10_000:
        return f"{value / 1000:.0f}k"
    if value >= 1000:
        return f"{value / 1000:.1f}k"
    return f"{value:.0f}" if float(value).is_integer() or value >= 100 else f"{value:.1f}"


def _axis_number(value: float, unit: str) -> str:
    """A value on the axis as it reads everywhere else: `40 s`, `1 min 20 s`, `12`."""
    return format_duration(value) if unit == "s" else number(value)


def _columns(start: date, end: date, width: int) -> list[tuple[date, date]]:
    days = (end - start).days + 1
    spans = []
    for column in range(width):
        lo = start + timedelta(days=column * days // width)
        hi = start + timedelta(days=max(column * days // width, (column + 1) * days // width - 1))
        spans.append((lo, hi))
    return spans


def _bucket(
    values: Sequence[tuple[date, float]], spans: Sequence[tuple[date, date]], how: Aggregate
) -> list[float | None]:
    out: list[float | None] = []
    ordered = sorted(values)
    index = 0
    for lo, hi in spans:
        while index < len(ordered) and ordered[index][0] < lo:
            index += 1
        found = []
        probe = index
        while probe < len(ordered) and ordered[probe][0] <= hi:
            found.append(ordered[probe][1])
            probe += 1
        if not found:
            out.append(None)
        elif how == "max":
            out.append(max(found))
        else:
            out.append(sum(found) / len(found))
    return out


def _held(
    line: Sequence[tuple[date, float]], spans: Sequence[tuple[date, date]]
) -> list[float | None]:
    """The line's value in each column: the latest point on or before the column's end.

    A line of several points stops at its last one (a target no longer trained has no line).
    """
    ordered = sorted(line)
    out: list[float | None] = []
    index = -1
    last = ordered[-1][0] if len(ordered) > 1 else None
    for lo, hi in spans:
        if last is not None and lo > last:
            out.append(None)
            continue
        while index + 1 < len(ordered) and ordered[index + 1][0] <= hi:
            index += 1
        out.append(ordered[index][1] if index >= 0 else None)
    return out


def _ticks(spans: Sequence[tuple[date, date]]) -> list[tuple[int, str]]:
    """Columns where a period starts, with its label: days, months or years by the span."""
    days = (spans[-1][1] - spans[0][0]).days + 1
    ticks = []
    for column, (lo, hi) in enumerate(spans):
        if days <= 45:
            day = next((lo + timedelta(d) for d in range((hi - lo).days + 1)
                        if (lo + timedelta(d)).weekday() == 0), None)  # fmt: skip
            if day is not None:
                ticks.append((column, format_short_day(day)))
        elif days <= 400:
            first = date(hi.year, hi.month, 1)
            if lo <= first <= hi:
                label = MONTHS[first.month - 1]
                ticks.append((column, f"{label} {first.year}" if first.month == 1 else label))
        else:
            first = date(hi.year, 1, 1)
            if lo <= first <= hi:
                ticks.append((column, str(first.year)))
    return ticks


def layout(data: ChartData, width: int, height: int) -> Layout:
    """Lay the chart out in `width` × `height` cells (the last two rows are the date axis)."""
    result = Layout()
    if width < 12 or height < 4:
        return result
    if not data.values:
        result.rows.append([(ch, "label") for ch in data.empty_text[:width]])
        return result
    plot_rows = height - 2
    spans_guess = _columns(data.start, data.end, max(1, width - 7))
    values_guess = [v for v in _bucket(data.values, spans_guess, data.aggregate) if v is not None]
    top = data.y_max or nice_max(
        max([*values_guess, *(v for _, v in data.line), 0.0]) * (1.12 if data.marker else 1.0)
    )
    middle = plot_rows // 2
    labels = {
        0: _axis_number(top, data.unit),
        middle: _axis_number(top * (plot_rows - middle) / plot_rows, data.unit),
        plot_rows - 1: "0",
    }
    gutter = max(len(label) for label in labels.values()) + 1
    plot_width = width - gutter
    spans = _columns(data.start, data.end, plot_width)
    bars = _bucket(data.values, spans, data.aggregate)
    line = _held(data.line, spans) if data.line else [None] * plot_width
    marker_column = None
    if data.marker is not None:
        marker_column = next(
            (c for c, (lo, hi) in enumerate(spans) if lo <= data.marker[0] <= hi), None
        )
    eighths = plot_rows * 8
    for row in range(plot_rows):
        cells: list[tuple[str, Role]] = []
        label = labels.get(row, "")
        cells += [(ch, "axis") for ch in label.rjust(gutter - 1)]
        cells.append(("┤" if row in labels else "│", "axis"))
        base = (plot_rows - 1 - row) * 8  # eighths below this row
        for column in range(plot_width):
            value = bars[column]
            level = 0 if value is None else round(min(value, top) / top * eighths)
            if value is not None and value > 0:
                level = max(level, 1)
            fill = max(0, min(8, level - base))
            ref = line[column]
            ref_row = None
            if ref is not None:
                ref_row = plot_rows - 1 - min(plot_rows - 1, int(ref / top * plot_rows))
            if fill == 8 and ref_row == row:
                cells.append(("─", "line-bar"))  # the line drawn across a bar that passed it
            elif fill:
                cells.append((BARS[fill], _band(value, data.bands)))
            elif marker_column == column and value is not None and base - 8 < level <= base:
                cells.append(("★", "marker"))
            elif ref_row == row:
                cells.append(("─", "line"))
            else:
                cells.append((" ", "empty"))
        result.rows.append(cells)
    result.rows.append(_axis_row(spans, gutter))
    result.rows.append(_date_row(spans, gutter, width))
    return result


def _band(value: float | None, bands: tuple[float, float] | None) -> Role:
    if value is None or bands is None:
        return "bar"
    if value > bands[1]:
        return "bar-high"
    if value > bands[0]:
        return "bar-warn"
    return "bar"


def _axis_row(spans: Sequence[tuple[date, date]], gutter: int) -> list[tuple[str, Role]]:
    ticks = {column for column, _ in _ticks(spans)}
    axis: Role = "axis"
    row: list[tuple[str, Role]] = [(" ", axis)] * (gutter - 1) + [("└", axis)]
    for column in range(len(spans)):
        row.append(("┴" if column in ticks else "─", "axis"))
    return row


def _date_row(
    spans: Sequence[tuple[date, date]], gutter: int, width: int
) -> list[tuple[str, Role]]:
    chars = [" "] * width
    free = gutter
    ticks = _ticks(spans)
    days = (spans[-1][1] - spans[0][0]).days + 1
    if days <= 400 and (not ticks or ticks[0][0] > 7):
        first = spans[0][0]
        ticks.insert(0, (0, format_short_day(first)))
    if ticks and not ticks[0][1][-4:].isdigit():  # the first label says which year it is
        column, label = ticks[0]
        ticks[0] = (column, f"{label} {spans[column][1].year}")
    for column, label in ticks:
        at = gutter + column
        if at < free or at + len(label) > width:
            continue
        chars[at : at + len(label)] = label
        free = at + len(label) + 1
    return [(ch, "axis") for ch in chars]


class DateChart(Widget):
    """A `ChartData` drawn to the widget's size; set `data` to change it.

    Drawn line by line (Textual's line API) from strips made once per data and size: a chart
    is repainted with every frame of the screen around it, and going through rich Text and
    Textual's content layout for each of those cost more than the rest of the chart together.
    """

    COMPONENT_CLASSES = {
        "chart--bar",
        "chart--bar-warn",
        "chart--bar-high",
        "chart--line",
        "chart--axis",
        "chart--label",
        "chart--marker",
    }

    data: reactive[ChartData | None] = reactive(None, layout=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._strips: tuple[ChartData | None, Size, list[Strip]] | None = None
        """The strips made, with the data and size they were made for."""

    def notify_style_update(self) -> None:
        """The theme or classes changed: make the strips again with the new colours."""
        self._strips = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        strips = self._make_strips()
        if y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, self.rich_style)

    def _make_strips(self) -> list[Strip]:
        made = self._strips
        if made is not None and made[0] is self.data and made[1] == self.size:
            return made[2]
        strips: list[Strip] = []
        data = self.data
        width = self.size.width
        if data is not None:
            base = self.rich_style
            styles: dict[Role, Style] = {"empty": base}
            roles: tuple[Role, ...] = (
                "bar", "bar-warn", "bar-high", "line", "axis", "label", "marker",
            )  # fmt: skip
            for role in roles:
                styles[role] = base + self.get_component_rich_style(f"chart--{role}")
            line = self.get_component_rich_style("chart--line")
            bar = self.get_component_rich_style("chart--bar")
            styles["line-bar"] = base + line + Style(bgcolor=bar.color)
            height = self.size.height
            if data.title:
                title = Text.from_markup(data.title, style=base, end="")
                title.truncate(width)
                strips.append(Strip(title.render(self.app.console)).adjust_cell_length(width, base))
                height -= 1
            for row in layout(data, width, height).rows:
                segments = [
                    Segment("".join(ch for ch, _ in run), styles[role])
                    for role, run in groupby(row, key=itemgetter(1))
                ]
                strips.append(Strip(segments).adjust_cell_length(width, base))
        self._strips = (data, self.size, strips)
        return strips
