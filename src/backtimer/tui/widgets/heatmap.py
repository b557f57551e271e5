"""A calendar heat map of training days: weeks across, weekdays down, like a contribution graph.

Ranges longer than the width allows are drawn as one block per calendar year, newest first, so
ten years read as ten stacked graphs rather than a strip too wide to see. Shades come from the
theme through component classes (`heatmap--0` … `heatmap--4`); `layout()` is pure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from backtimer.domain.formatting import MONTHS

Cell = tuple[str, int]
"""A character and its shade: -1 for labels, 0 for a day without training, 1–4 for more."""
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
GUTTER = 4


def shade(count: int, most: int) -> int:
    """0 for no sessions, else 1–4 by the day's share of the busiest day in the range."""
    if count <= 0:
        return 0
    return max(1, min(4, math.ceil(4 * count / max(most, 1))))


def thresholds(most: int) -> list[tuple[int, int]]:
    """(lowest, highest) sessions a day for shades 1–4, for the legend."""
    bands = []
    for level in range(1, 5):
        lo = math.floor((level - 1) * most / 4) + 1
        hi = math.floor(level * most / 4)
        bands.append((lo, max(lo, hi)))
    return bands


def _month_starts(monday: date) -> list[date]:
    """The first of a month, if one falls in the week beginning `monday`."""
    return [monday + timedelta(d) for d in range(7) if (monday + timedelta(d)).day == 1]


def _block(
    calendar: Mapping[date, int], start: date, end: date, most: int, cell: int
) -> list[list[Cell]]:
    monday = start - timedelta(days=start.weekday())
    weeks = (end - monday).days // 7 + 1
    header: list[Cell] = [(" ", -1)] * (GUTTER + weeks * cell)
    free = GUTTER
    # The first week is labelled only if that leaves room for the first month that begins.
    starts = [w for w in range(1, weeks) if _month_starts(monday + timedelta(days=7 * w))]
    label_first = not starts or starts[0] * cell >= 4
    for week in range(weeks):
        first = monday + timedelta(days=7 * week)
        month_starts = _month_starts(first)
        if (week == 0 and label_first) or month_starts:
            day = month_starts[0] if month_starts else max(first, start)
            label = MONTHS[day.month - 1] if (week or day.month != 1) else str(day.year)
            at = GUTTER + week * cell
            if at >= free and at + len(label) <= len(header):
                header[at : at + len(label)] = [(ch, -1) for ch in label]
                free = at + len(label) + 1
    rows = [header]
    for weekday in range(7):
        row: list[Cell] = [(ch, -1) for ch in WEEKDAYS[weekday].ljust(GUTTER)]
        for week in range(weeks):
            day = monday + timedelta(days=7 * week + weekday)
            if day < start or day > end:
                row += [(" ", -1)] * cell
                continue
            level = shade(calendar.get(day, 0), most)
            mark = "·" if level == 0 else "■"
            row += [(mark, level)] + [(" ", -1)] * (cell - 1)
        rows.append(row)
    return rows


def layout(calendar: Mapping[date, int], start: date, end: date, width: int) -> list[list[Cell]]:
    """The heat map in rows of cells, with a legend row at the end."""
    most = max(calendar.values(), default=0)
    weeks = ((end - (start - timedelta(days=start.weekday()))).days // 7) + 1
    rows: list[list[Cell]] = []
    if GUTTER + weeks * 2 <= width:
        rows += _block(calendar, start, end, most, 2)
    elif GUTTER + weeks <= width:
        rows += _block(calendar, start, end, most, 1)
    else:
        for year in range(end.year, start.year - 1, -1):
            lo, hi = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
            if rows:
                rows.append([])
            block = _block(calendar, lo, hi, most, 1)
            block[0][:GUTTER] = [(ch, -1) for ch in str(year).ljust(GUTTER)]
            rows += block
    rows.append([])
    legend: list[Cell] = [(ch, -1) for ch in "    none "] + [("·", 0)]
    for level, (low, high) in enumerate(thresholds(most), start=1):
        if most and low <= most:
            label = f" {low}" if low == high else f" {low}–{high}"
            legend += [(ch, -1) for ch in label + " "] + [("■", level)]
    legend += [(ch, -1) for ch in "  sessions a day"]
    rows.append(legend)
    return rows


class Heatmap(Widget):
    """Training days over a range; set `data` to (calendar, start, end)."""

    COMPONENT_CLASSES = {
        "heatmap--label",
        "heatmap--0",
        "heatmap--1",
        "heatmap--2",
        "heatmap--3",
        "heatmap--4",
    }

    data: reactive[tuple[Mapping[date, int], date, date] | None] = reactive(None)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        data = self.data
        if data is None:
            return 1
        return len(layout(data[0], data[1], data[2], width))

    def render(self) -> RenderResult:
        data = self.data
        if data is None:
            return ""
        styles: dict[int, Style] = {-1: self.get_component_rich_style("heatmap--label")}
        for level in range(5):
            styles[level] = self.get_component_rich_style(f"heatmap--{level}")
        text = Text(no_wrap=True, overflow="crop")
        for index, row in enumerate(layout(data[0], data[1], data[2], self.size.width)):
            if index:
                text.append("\n")
            for ch, level in row:
                text.append(ch, styles[level])
        return text
