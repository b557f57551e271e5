"""Page one of the report: the headline, four charts and the warning signs, on one A4 page.

Pure: a `Stats` in, a `PageOne` out, and its HTML. The charts are inline SVG
(`render.svg_charts`); the detail tables follow on the next page as an appendix.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from backtimer.domain import stats as st
from backtimer.domain.formatting import (
    format_count,
    format_date,
    format_date_range,
    format_per_week,
    format_percent,
)
from backtimer.domain.text import visible
from backtimer.render import chart_data as cd
from backtimer.render import svg_charts as svg


@dataclass(frozen=True)
class PageOne:
    headline: tuple[str, ...]
    pain: cd.PainChart
    progress: tuple[cd.ProgressChart, ...]
    adherence: tuple[cd.AdherenceWeek, ...]
    warnings: tuple[str, ...]
    """Every warning sign of the period, oldest first, or none."""


def warning_lines(stats: st.Stats) -> tuple[str, ...]:
    """Leg symptoms, high pain and sets stopped for pain, each with its date."""
    found = [(s.day, s.routine_name, "leg symptoms reported") for s in stats.red_flags]
    found += [(w.day, w.routine_name, w.what) for w in stats.warnings]
    found.sort(key=lambda item: item[0])
    return tuple(f"{format_date(day)}: {what} ({name})" for day, name, what in found)


def page_one(stats: st.Stats) -> PageOne:
    flags = ", ".join(format_date(s.day) for s in stats.red_flags) or "none"
    headline = (
        f"Period: {format_date_range(stats.start, stats.today)}.",
        f"Sessions a week: {format_per_week(stats.done_a_week)} done, "
        f"{format_per_week(stats.prescribed_a_week)} prescribed.",
        f"Adherence: {format_percent(stats.counted, stats.prescribed_total)} "
        f"({stats.counted} sessions).",
        f"Streak: {format_count(stats.streak, 'day')} now; longest "
        f"{format_count(stats.longest_streak, 'day')}.",
        f"Red flags (leg symptoms): {flags}.",
    )
    return PageOne(
        headline,
        cd.pain_chart(stats),
        cd.progress_charts(stats),
        cd.adherence_weeks(stats),
        warning_lines(stats),
    )


STYLE = """
@page { size: A4; margin: 10mm; }
.page-one { break-after: page; }
.page-one h2 { font-size: 1.05em; margin: 0.5em 0 0.1em; }
.headline { display: flex; flex-wrap: wrap; gap: 0 1.5em; margin: 0.2em 0; padding: 0;
  list-style: none; font-size: 0.95em; }
.chart { display: block; width: 100%; }
.pain .chart { height: 52mm; }
.progress { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1em; }
.progress h3 { font-size: 0.9em; margin: 0.2em 0 0; }
.progress .chart { height: 36mm; }
.adherence .chart { height: 38mm; }
.warnings { font-size: 0.9em; margin: 0.2em 0; }
.appendix { break-before: page; }
"""


def _h(text: str) -> str:
    return html.escape(visible(text), quote=True)


def page_one_html(page: PageOne) -> str:
    out = ['<section class="page-one">', '<ul class="headline">']
    out += [f"<li>{_h(line)}</li>" for line in page.headline]
    out += [
        "</ul>",
        '<div class="pain"><h2>Pain over time (weekly means, 0–10)</h2>',
        svg.pain_svg(page.pain),
        "</div>",
    ]
    out.append('<h2>Holds and reps: each day\'s best against the target</h2><div class="progress">')
    if not page.progress:
        out.append("<p>No holds or reps recorded in this period.</p>")
    for chart in page.progress:
        out += [f"<div><h3>{_h(chart.title)}</h3>", svg.progress_svg(chart, 420), "</div>"]
    out += [
        "</div>",
        '<div class="adherence"><h2>Sessions a week: done against prescribed</h2>',
        svg.adherence_svg(page.adherence),
        "</div>",
        "<h2>Warning signs</h2>",
    ]
    if page.warnings:
        out.append('<p class="warnings">' + "; ".join(_h(w) for w in page.warnings) + ".</p>")
    else:
        out.append('<p class="warnings">None.</p>')
    out.append("</section>")
    return "\n".join(out)
