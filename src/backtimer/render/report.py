"""The report to take to a clinician: adherence, hold and rep trends, pain, warning signs, sides.

Pure: a `Stats` in, Markdown or HTML text out. The HTML is one self-contained page (styles
inline, no scripts, nothing fetched) that prints cleanly; every piece of text that came from a
routine or a session file is escaped, since a routine file can say anything.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from backtimer.domain import stats as st
from backtimer.domain.formatting import (
    format_amount,
    format_count,
    format_date,
    format_date_range,
    format_per_week,
    format_percent,
)
from backtimer.domain.text import visible
from backtimer.render.report_page import STYLE as PAGE_ONE_STYLE
from backtimer.render.report_page import PageOne, page_one, page_one_html

DISCLAIMER = (
    "Made by backtimer from the user's own training log. It is a record, not a diagnosis, "
    "and not medical advice."
)


@dataclass(frozen=True)
class Table:
    """A heading, a sentence or two, and rows of cells (plain text, escaped on output)."""

    title: str
    intro: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = "Nothing in this period."


@dataclass(frozen=True)
class Report:
    """The report's content, independent of its format."""

    title: str
    period: str
    contents: str
    """The first line of the file: what it holds, so nobody opens it unawares."""
    facts: tuple[str, ...]
    tables: tuple[Table, ...]
    page_one: PageOne | None = None
    """The charts page of the HTML report; the tables follow as its appendix."""


def _change(early: float, late: float, unit: str) -> str:
    diff = late - early
    if abs(diff) < 0.05:
        return "no change"
    sign = "+" if diff > 0 else "−"
    return f"{sign}{format_amount(abs(diff), unit)}"


def build(stats: st.Stats, *, since: date | None, generated: date) -> Report:
    """Gather what the report says from `stats`."""
    period = format_date_range(stats.start, stats.today)
    if since is None:
        period += " (the whole history)"
    prescribed = stats.prescribed_total
    facts = (
        f"Period: {period}; report made on {format_date(generated)}.",
        f"Sessions done: {stats.counted} ({format_per_week(stats.done_a_week)} a week; the "
        f"routines followed prescribe {format_per_week(stats.prescribed_a_week)} a week: "
        f"{format_percent(stats.counted, prescribed)}).",
        f'"A week" is always per 7 days: sessions over the {format_count(stats.range_days, "day")} '
        "of the period, or over the days a routine was followed, times 7.",
        f"Training days: {stats.training_days} of {stats.range_days}. Current streak: "
        f"{format_count(stats.streak, 'day')}; longest: {format_count(stats.longest_streak, 'day')}.",
        f"Leg symptoms (shooting, tingling or numbness down a leg) reported in "
        f"{format_count(len(stats.red_flags), 'session')}.",
    )
    return Report(
        title="Back training report",
        period=period,
        contents=f"Private health record: one person's back training, pain ratings and warning "
        f"signs, {format_date_range(stats.start, stats.today)}.",
        facts=facts,
        tables=(
            _adherence(stats),
            _progress(stats),
            _sides(stats),
            _pain(stats),
            _red_flags(stats),
        ),
        page_one=page_one(stats),
    )


def _adherence(stats: st.Stats) -> Table:
    rows = []
    for r in stats.routines:
        prescribed = "–" if r.prescribed_per_week is None else f"{r.prescribed_per_week:g}"
        share = "–" if r.percent is None else format_percent(r.percent, 100)
        rows.append((r.name, str(r.done), format_per_week(r.per_week), prescribed, share))
    return Table(
        "Adherence",
        "Sessions done per routine, a week (per 7 days) while it was followed, against what it "
        "prescribes. A routine you follow counts through today, done or not; one you no longer "
        "follow, from its first session to its last.",
        ("Routine", "Sessions", "A week", "Prescribed a week", "Done"),
        tuple(rows),
    )


def _progress(stats: st.Stats) -> Table:
    rows = []
    for e in stats.exercises:
        for side, points in e.sides.items():
            change = st.trend(points)
            if change is None:
                continue
            early, late = change
            best = e.bests.get(side)
            rows.append(
                (
                    e.title,
                    "" if side == "both" else side,
                    format_amount(early, e.unit),
                    format_amount(late, e.unit),
                    _change(early, late, e.unit),
                    format_amount(points[-1].target, e.unit),
                    "–"
                    if best is None
                    else f"{format_amount(best.value, e.unit)} ({format_date(best.day)})",
                )
            )
    return Table(
        "Holds and reps",
        "Each day's best set: the mean of the first two weeks in the period against the last "
        "two, the current target, and the personal best. For repeated holds, the seconds of "
        "each hold, as their target is per hold.",
        ("Exercise", "Side", "First 2 weeks", "Last 2 weeks", "Change", "Target now", "Best"),
        tuple(rows),
    )


def _sides(stats: st.Stats) -> Table:
    rows = []
    for e in stats.exercises:
        gap = e.gap
        if gap is None:
            continue
        rows.append(
            (
                e.title,
                format_amount(gap.left, e.unit),
                format_amount(gap.right, e.unit),
                f"{format_amount(gap.gap, e.unit)} ({format_percent(gap.percent, 100)})",
                gap.weaker or "level",
            )
        )
    return Table(
        "Left and right",
        f"Mean of each day's best over the latest {st.GAP_DAYS} days both sides were trained.",
        ("Exercise", "Left", "Right", "Gap", "Weaker"),
        tuple(rows),
        "No exercise trained side by side in this period.",
    )


def _pain(stats: st.Stats) -> Table:
    limit = stats.pain_limit
    rows = []
    for series in stats.pain:
        mean = series.mean
        if mean is None:
            rows.append((series.label, "no ratings", "", "", ""))
            continue
        early, late = series.halves()
        trend = "–"
        if early is not None and late is not None:
            trend = f"{early:.1f} → {late:.1f}"
        rows.append(
            (
                series.label,
                f"{mean:.1f}",
                str(series.high),
                trend,
                f"{series.over_limit_days} of {len(series.days)}",
            )
        )
    return Table(
        "Pain (0–10)",
        f"Ratings before, during and after sessions, and the next day. The pain rule allows "
        f"{st.PAIN_LIMIT} at most during and after an exercise"
        + ("." if limit == st.PAIN_LIMIT else f"; the limit set is {limit}."),
        ("When", "Mean", "Highest", "First half → second half", f"Days over {limit}"),
        tuple(rows),
    )


def _red_flags(stats: st.Stats) -> Table:
    rows: list[tuple[str, ...]] = [
        (format_date(s.day), s.routine_name, "leg symptoms reported") for s in stats.red_flags
    ]
    rows += [(format_date(w.day), w.routine_name, w.what) for w in stats.warnings]
    rows.sort(key=lambda row: row[0])
    return Table(
        "Warning signs",
        f"Leg symptoms, pain of {st.PAIN_HIGH}/10 or more, and sets stopped because of pain.",
        ("Date", "Routine", "What"),
        tuple(rows),
        "None in this period.",
    )


# --- Markdown --------------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    # A control character is written out (`\\x1b`): a report printed to a terminal sends none.
    escaped = "".join("\\" + ch if ch in "\\`*_[]<>|#" else ch for ch in visible(text))
    return escaped.replace("\n", " ")


def to_markdown(report: Report) -> str:
    """The report as Markdown (tables in the common pipe syntax)."""
    lines = [_md_cell(report.contents), "", f"# {report.title}", "", f"*{DISCLAIMER}*", ""]
    lines += [f"- {_md_cell(fact)}" for fact in report.facts]
    for table in report.tables:
        lines += ["", f"## {table.title}", "", _md_cell(table.intro), ""]
        if not table.rows:
            lines.append(table.empty)
            continue
        lines.append("| " + " | ".join(_md_cell(h) for h in table.header) + " |")
        lines.append("|" + "|".join("---" for _ in table.header) + "|")
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


# --- HTML ------------------------------------------------------------------------------------------

_STYLE = """
body { font: 10pt/1.35 system-ui, sans-serif; color: #111; margin: 1em auto; max-width: 60em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; margin-top: 0.5em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; }
.note { color: #444; font-style: italic; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
  tr { break-inside: avoid; } }
"""


def _h(text: str) -> str:
    return html.escape(visible(text), quote=True)


def to_html(report: Report) -> str:
    """The report as one self-contained, printable HTML page."""
    out = [
        f"<!-- {html.escape(visible(report.contents), quote=False).replace('--', '–')} -->",
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_h(report.title)}: {_h(report.period)}</title>",
        f"<style>{_STYLE}{PAGE_ONE_STYLE}</style>",
        "</head>",
        "<body>",
        f'<p class="contents">{_h(report.contents)}</p>',
        f"<h1>{_h(report.title)}</h1>",
        f'<p class="note">{_h(DISCLAIMER)}</p>',
    ]
    if report.page_one is not None:
        out += [page_one_html(report.page_one), '<section class="appendix">',
                "<h1>Appendix: the detail</h1>"]  # fmt: skip
    out += [
        "<ul>",
        *[f"<li>{_h(fact)}</li>" for fact in report.facts],
        "</ul>",
    ]
    for table in report.tables:
        out += [f"<h2>{_h(table.title)}</h2>", f"<p>{_h(table.intro)}</p>"]
        if not table.rows:
            out.append(f"<p>{_h(table.empty)}</p>")
            continue
        out.append("<table>")
        out.append("<tr>" + "".join(f"<th>{_h(h)}</th>" for h in table.header) + "</tr>")
        out += [_html_row(row) for row in table.rows]
        out.append("</table>")
    if report.page_one is not None:
        out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_row(row: Sequence[str]) -> str:
    cells = []
    for cell in row:
        numeric = bool(cell) and (cell[0].isdigit() or cell[0] in "+−")
        cells.append(f'<td class="num">{_h(cell)}</td>' if numeric else f"<td>{_h(cell)}</td>")
    return "<tr>" + "".join(cells) + "</tr>"
