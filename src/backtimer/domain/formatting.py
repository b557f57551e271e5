"""How numbers read to a person: durations, doses, dates, shares. One rule each, used everywhere.

Every screen, the command line, the report and the spoken cues write a duration, a dose or a day
through these functions, so the same value reads the same wherever it appears. Machine output
(JSON, CSV, TOML) keeps raw numbers and ISO dates, and the workout clock keeps its `m:ss` digits.

Durations:
- under a minute, in seconds: `45 s`, and to a tenth when measured: `45.2 s`;
- from a minute, minutes and whole seconds: `1 min`, `1 min 30 s`;
- from ten minutes, whole minutes: `25 min`;
- from an hour, hours and minutes: `1 h`, `1 h 5 min`.

Dates (English names, whatever the locale): `1 Dec`, `Tue 1 Dec`, `Tue 1 Dec 2026`,
`Tuesday 1 December 2026`, and ranges `1 Nov – 1 Dec 2026`.
"""

from __future__ import annotations

from datetime import date

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _tenths(value: float) -> str:
    """`12`, `12.5`: a whole number without a point, otherwise one decimal."""
    rounded = round(float(value), 1)
    return f"{rounded:.0f}" if rounded.is_integer() else f"{rounded:.1f}"


def _parts(seconds: float) -> tuple[int, int, float]:
    """Hours, minutes and seconds of a duration, at the precision it is written with.

    Under a minute seconds keep a tenth; from a minute they are whole; from ten minutes they
    round into the minutes (half a minute up); from an hour only hours and minutes remain.
    """
    tenths = round(max(0.0, seconds), 1)
    if tenths < 60:
        return 0, 0, tenths
    total = round(tenths)
    minutes, secs = divmod(total, 60)
    if minutes >= 10:
        minutes, secs = minutes + (1 if secs >= 30 else 0), 0
    hours, minutes = divmod(minutes, 60)
    return hours, minutes, float(secs)


def format_duration(seconds: float) -> str:
    """`45 s`, `45.2 s`, `1 min 30 s`, `25 min`, `1 h 5 min`: a duration, short and readable."""
    hours, minutes, secs = _parts(seconds)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min {secs:.0f} s" if secs else f"{minutes} min"
    return f"{_tenths(secs)} s"


def format_count(count: float, word: str) -> str:
    """`1 day`, `4 days`, `0 sets`: a count with its noun, singular only for one."""
    text = _tenths(count)
    return f"{text} {word}" if text == "1" else f"{text} {word}s"


def spoken_duration(seconds: float) -> str:
    """`45 seconds`, `1 minute 30 seconds`, `1 hour 5 minutes`: a duration said aloud.

    The same parts as `format_duration`, in words, with whole seconds (a tenth is not said).
    """
    hours, minutes, secs = _parts(round(seconds))
    said = []
    if hours:
        said.append(format_count(hours, "hour"))
    if minutes:
        said.append(format_count(minutes, "minute"))
    if secs or not said:
        said.append(format_count(secs, "second"))
    return " ".join(said)


def format_reps(count: float) -> str:
    """`1 rep`, `12 reps`, and `12.5 reps` for a mean."""
    return format_count(count, "rep")


def format_amount(value: float, unit: str) -> str:
    """A dose or a result with its unit: `30 s`, `45.2 s`, `2 min`, `1 rep`, `12 reps`."""
    return format_reps(value) if unit == "reps" else format_duration(value)


def format_holds(count: int | None, each_s: float) -> str:
    """`6 × 8 s`: a repeated hold, as a number of holds and the seconds of each."""
    return f"{'?' if count is None else count} × {format_duration(each_s)}"


def format_result(
    unit: str, actual_s: float | None, reps: int | None, hold_s: float | None = None
) -> str:
    """What one set achieved: `12 reps` for a reps exercise, `6 × 8 s` for a repeated hold
    (`hold_s` given: the holds completed and the seconds of each), else the time held, else
    `done`."""
    if hold_s is not None:
        return format_holds(reps, hold_s)
    if unit == "reps" and reps is not None:
        return format_reps(reps)
    if actual_s is not None:
        return format_duration(actual_s)
    if reps is not None:
        return format_reps(reps)
    return "done"


def format_short_day(day: date) -> str:
    """`1 Dec`: a day in a line that already says when (chart ticks, "last time")."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def format_day(day: date) -> str:
    """`Tue 1 Dec`: a recent day."""
    return f"{WEEKDAYS[day.weekday()]} {format_short_day(day)}"


def format_date(day: date) -> str:
    """`Tue 1 Dec 2026`: a day in a list or table, any year."""
    return f"{format_day(day)} {day.year}"


def format_long_date(day: date) -> str:
    """`Tuesday 1 December 2026`: a day as a heading."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def format_date_range(start: date, end: date) -> str:
    """`1 Nov – 1 Dec 2026`, `1 Dec 2025 – 4 Jan 2026`, `1 Dec 2026`: from one day to another."""
    last = f"{format_short_day(end)} {end.year}"
    if start == end:
        return last
    first = (
        format_short_day(start)
        if start.year == end.year
        else f"{format_short_day(start)} {start.year}"
    )
    return f"{first} – {last}"


def format_percent(part: float, whole: float) -> str:
    """`80%`: `part` as a share of `whole`, or `–` when there is nothing to share."""
    return f"{100 * part / whole:.0f}%" if whole else "–"


def format_per_week(count: float) -> str:
    """`2.5`: a figure a week, to a tenth."""
    return f"{count:.1f}"
