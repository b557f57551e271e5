"""The ranges statistics are shown for, and what every part of the statistics shares."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final, Literal

RangeKey = Literal["4w", "3m", "1y", "all"]
RANGES: Final[dict[RangeKey, tuple[str, int | None]]] = {
    "4w": ("4 weeks", 28),
    "3m": ("3 months", 91),
    "1y": ("1 year", 365),
    "all": ("all", None),
}
"""Range key → (label, days back including today; None for the whole history)."""


def range_start(key: RangeKey, today: date, first: date | None = None) -> date:
    """The first day of a range ending today; for "all", the first day of history (or today)."""
    days = RANGES[key][1]
    if days is None:
        return first if first is not None and first <= today else today
    return today - timedelta(days=days - 1)


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())
