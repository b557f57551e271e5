"""Page one of the clinician report: the charts' data, the SVG's structure, the page's layout."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from backtimer.domain import stats as st
from backtimer.domain.stats.rows import Details, SessionRow, SetRow
from backtimer.render import chart_data as cd
from backtimer.render.report import build, to_html
from backtimer.render.svg_charts import adherence_svg, pain_svg, progress_svg

TODAY = date(2026, 11, 1)  # a Sunday


def sided_stats(days: int = 21) -> st.Stats:
    rows, details = [], {}
    for n in range(days):
        day = TODAY - timedelta(days=n)
        if n % 7 == 3:
            continue  # a day off each week
        started = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
        rows.append(SessionRow(n, f"id{n}", "mine", "Mine", started, day, "completed", 1.0,
                               False, 2, f"/{n}.toml"))  # fmt: skip
        target = 30 if n > 10 else 35
        details[n] = Details(
            (
                SetRow("plank", "Side plank", "hold", "standard", "left", "s", target, 20, 1, None),
                SetRow(
                    "plank", "Side plank", "hold", "standard", "right", "s", target, 28, 1, None
                ),
            ),
            (("before", 1), ("after", 3 if n == 5 else 1)),
        )
    rows.reverse()
    return st.compute(rows, details, today=TODAY, range_key="all", prescribed={"mine": 7.0})


def test_pain_weekly_means_average_every_rating_of_the_week() -> None:
    days = (
        st.PainDay(date(2026, 10, 19), 2.0, 2, 1),  # Monday
        st.PainDay(date(2026, 10, 21), 1.0, 1, 3),
        st.PainDay(date(2026, 11, 1), 4.0, 4, 1),  # the next Sunday but one
    )
    series = cd.weekly_means(days, date(2026, 10, 19), TODAY)
    assert series.points == (
        (date(2026, 10, 19), (2.0 + 3.0) / 4),
        (date(2026, 10, 26), 4.0),
    )


def test_a_week_without_ratings_is_a_gap_not_a_zero() -> None:
    days = (st.PainDay(date(2026, 10, 5), 2.0, 2, 1), st.PainDay(date(2026, 10, 19), 1.0, 1, 1))
    series = cd.weekly_means(days, date(2026, 10, 5), date(2026, 10, 25))
    assert [v for _d, v in series.points] == [2.0, None, 1.0]


def test_the_highest_pain_rating_is_marked_with_its_day() -> None:
    chart = cd.pain_chart(sided_stats())
    assert chart.highest == cd.Highest("after", TODAY - timedelta(days=5), 3)
    assert chart.limit == 2
    assert "highest 3 (after" in pain_svg(chart)


def test_the_target_is_a_step_line_changing_on_the_day_it_changed() -> None:
    points = tuple(st.Point(date(2026, 10, d), 20, 30 if d < 10 else 35) for d in (1, 3, 8, 10, 12))
    target = cd.step_target(points, TODAY)
    assert target.points == (
        (date(2026, 10, 1), 30),
        (date(2026, 10, 10), 35),
        (TODAY, 35),
    )


def test_left_and_right_are_kept_apart() -> None:
    (chart,) = cd.progress_charts(sided_stats())
    sides = {s.label: {v for _d, v in s.points} for s in chart.sides}
    assert sides == {"left": {20}, "right": {28}}
    svg = progress_svg(chart)
    assert 'data-label="left"' in svg and 'data-label="right"' in svg


def test_adherence_shows_every_week_including_the_empty_ones() -> None:
    weeks = (
        cd.AdherenceWeek(date(2026, 10, 5), 3, 3.0),
        cd.AdherenceWeek(date(2026, 10, 12), 0, 3.0),
        cd.AdherenceWeek(date(2026, 10, 19), 2, 3.0),
    )
    svg = adherence_svg(weeks)
    done = svg[svg.index('class="done"') : svg.index('class="prescribed"')]
    assert done.count("<rect") == 2
    assert svg.count('class="gap"') == 1


def test_svg_structure_golden() -> None:
    """The charts' structure: what is drawn, not its pixels."""
    page = to_html(build(sided_stats(), since=None, generated=TODAY))
    charts = re.findall(r'<svg class="chart"[^>]*aria-label="([^"]*)"', page)
    assert charts == [
        "Pain over time: weekly means",
        "Side plank: each day&#x27;s best against the target",
        "Sessions a week: done against prescribed",
    ]
    pain = page[page.index("<svg") : page.index("</svg>")]
    assert re.findall(r'data-label="([^"]*)"', pain) == ["before", "during", "after", "next day"]
    assert 'class="limit"' in pain and ">limit 2<" in pain
    assert 'class="highest"' in pain
    # Told apart without colour: each series its own dash pattern and marker shape.
    styles = []
    for group in re.findall(r'<g class="series" data-label="[^"]*">(.*?)</g></g>', pain):
        dash = re.search(r'stroke-dasharray="([^"]*)"', group)
        marker = re.search(r"<(circle|rect|path) ", group.split('<g fill="#fff"')[1])
        styles.append((dash and dash.group(1), marker and marker.group(1)))
    assert len(styles) == 4 and len(set(styles)) == 4, styles
    assert page.index('class="page-one"') < page.index('class="appendix"')
    assert "break-before: page" in page
    for forbidden in ("<script", "@font-face", "@import", "url(", "href=", "src="):
        assert forbidden not in page
