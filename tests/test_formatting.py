"""One way to write a duration, a dose, a day and a share, wherever it is shown or said."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from backtimer.domain.formatting import (
    format_amount,
    format_count,
    format_date,
    format_date_range,
    format_day,
    format_duration,
    format_long_date,
    format_per_week,
    format_percent,
    format_reps,
    format_result,
    format_short_day,
    spoken_duration,
)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (1, "1 s"),
        (45, "45 s"),
        (45.0, "45 s"),
        (45.24, "45.2 s"),
        (58.24, "58.2 s"),
        (59.9, "59.9 s"),
        (59.96, "1 min"),
        (60, "1 min"),
        (60.4, "1 min"),
        (90, "1 min 30 s"),
        (128.4, "2 min 8 s"),
        (599, "9 min 59 s"),
        (600, "10 min"),
        (629, "10 min"),
        (630, "11 min"),
        (3599, "1 h"),
        (3600, "1 h"),
        (3900, "1 h 5 min"),
        (7200, "2 h"),
        (-3, "0 s"),
    ],
)
def test_durations(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0, "0 seconds"),
        (1, "1 second"),
        (12.4, "12 seconds"),
        (59.9, "1 minute"),
        (60, "1 minute"),
        (61, "1 minute 1 second"),
        (90, "1 minute 30 seconds"),
        (120, "2 minutes"),
        (3900, "1 hour 5 minutes"),
    ],
)
def test_spoken_durations_follow_the_written_ones(seconds: float, said: str) -> None:
    assert spoken_duration(seconds) == said


def test_reps_singular_and_plural() -> None:
    assert format_reps(0) == "0 reps"
    assert format_reps(1) == "1 rep"
    assert format_reps(1.0) == "1 rep"
    assert format_reps(12) == "12 reps"
    assert format_reps(12.5) == "12.5 reps"
    assert format_reps(1.04) == "1 rep"


def test_counts_take_the_singular_only_for_one() -> None:
    assert format_count(1, "day") == "1 day"
    assert format_count(0, "day") == "0 days"
    assert format_count(4, "set") == "4 sets"


def test_amounts_by_unit() -> None:
    assert format_amount(90, "s") == "1 min 30 s"
    assert format_amount(30, "s") == "30 s"
    assert format_amount(12, "reps") == "12 reps"
    assert format_amount(1, "reps") == "1 rep"


def test_results_say_what_a_set_achieved() -> None:
    assert format_result("reps", 31.7, 12) == "12 reps"
    assert format_result("s", 45.24, None) == "45.2 s"
    assert format_result("s", 75.0, None) == "1 min 15 s"
    assert format_result("s", None, 3) == "3 reps"
    assert format_result("s", None, None) == "done"


def test_dates() -> None:
    day = date(2026, 12, 1)
    assert format_short_day(day) == "1 Dec"
    assert format_day(day) == "Tue 1 Dec"
    assert format_date(day) == "Tue 1 Dec 2026"
    assert format_long_date(day) == "Tuesday 1 December 2026"


def test_date_ranges() -> None:
    assert format_date_range(date(2026, 11, 1), date(2026, 12, 1)) == "1 Nov – 1 Dec 2026"
    assert format_date_range(date(2025, 12, 1), date(2026, 1, 4)) == "1 Dec 2025 – 4 Jan 2026"
    assert format_date_range(date(2026, 12, 1), date(2026, 12, 1)) == "1 Dec 2026"


def test_shares_and_weekly_figures() -> None:
    assert format_percent(3, 4) == "75%"
    assert format_percent(1, 0) == "–"
    assert format_per_week(2.25) == "2.2"
    assert format_per_week(3) == "3.0"


SRC = Path(__file__).resolve().parent.parent / "src" / "backtimer"
HAND_WRITTEN_DAY = re.compile(r"%-?[aAbBd]\b|%-d")


def test_no_screen_writes_a_day_by_hand() -> None:
    """Weekday and month names come from the formatter family, whatever the locale."""
    found = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*.py")
        if path.name != "formatting.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if HAND_WRITTEN_DAY.search(line) and "%Y-%m-%dT" not in line
    ]
    assert found == []
