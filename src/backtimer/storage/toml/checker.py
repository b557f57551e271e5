"""The one checker for every TOML file backtimer reads: pull typed values out, report what is wrong.

A `Checker` is made for one file. Each method takes a table, the path of that table and a key,
and returns the value when it is right; otherwise it records a `Problem` (file, line, key,
"expected ..., found ...") and returns None. Routines and config collect every problem; session
and journal files, which are skipped whole when anything is wrong, use `first_only=True` and get
a `CheckFailed` at the first one. Lines are looked up only when a problem is found, so checking a
good file costs no more than reading its values.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from backtimer.domain.pain import PROGRAM_PAIN_LIMIT
from backtimer.storage.toml.keys import KeyPath, format_path, line_of, locate_keys
from backtimer.storage.toml.problem import MISSING, Problem, expected_found, unknown_key
from backtimer.storage.toml.text_checks import TextChecks

E = TypeVar("E", bound=StrEnum)
S = TypeVar("S", bound=str)

MAX_PROBLEMS = 100
"""Problems listed per file; past this a count stands in for the rest (the file is not ours)."""

MAX_TEXT = 400
"""The longest text a hand-written file takes for one key (a name, a cue, a theme)."""

DATE_TIME_WORDS = "a date-time with a UTC offset, like 2026-11-22T07:15:00+01:00"
DATE_WORDS = "a date, like 2026-03-02"
YEARS = (1970, 2200)
"""The first and last year a date in a file may fall in. A date-time in year 1 or 9999 is valid
TOML, but moving it to another time zone overflows, so it is refused where it is read."""
YEARS_WORDS = f"a date from the years {YEARS[0]} to {YEARS[1]}"


def in_years(value: date) -> bool:
    """True for a date (or date-time) in `YEARS`."""
    return YEARS[0] <= value.year <= YEARS[1]


class CheckFailed(Exception):
    """The first problem found by a checker made with `first_only=True`."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class Checker(TextChecks):
    """Collects the problems of one file while values are pulled out of its tables."""

    def __init__(
        self,
        file: str,
        text: str,
        *,
        first_only: bool = False,
        max_text: int | None = None,
        max_problems: int = MAX_PROBLEMS,
        refuse_control: bool = False,
        echo: bool = True,
    ) -> None:
        self.file = file
        self.refuse_control = refuse_control
        """Whether text holding a control character (`domain.text`) is an error."""
        self.echo = echo  # False: not recognisably backtimer's (`looks_ours`), so not quoted
        self.first_only = first_only
        self.max_text = max_text
        """The longest text value accepted, or None for no limit."""
        self.max_problems = max_problems
        self.problems: list[Problem] = []
        self.count = 0
        """Every problem found, including those past `max_problems` that are not kept."""
        self.stopped = False
        """Whether checking gave up early, so `count` is a lower bound."""
        self._text = text
        self._lines: dict[KeyPath, int] | None = None

    def line(self, path: KeyPath) -> int | None:
        """The line of `path` (or of its nearest enclosing table) in the file."""
        if self._lines is None:
            self._lines = locate_keys(self._text)
        return line_of(self._lines, path) if path else None

    def full(self) -> bool:
        """True once enough problems are found that checking more tables is wasted work.

        A megabyte of `[[exercise]]` headers would otherwise take seconds to check in full.
        """
        if self.count >= self.max_problems:
            self.stopped = True
        return self.stopped

    def error(self, path: KeyPath, message: str) -> None:
        """Record that the key at `path` is wrong, and why (by its line only, unless `echo`)."""
        self.count += 1
        if len(self.problems) < self.max_problems:
            key = format_path(path) if self.echo else ""
            problem = Problem(self.file, message, self.line(path), key)
            if self.first_only:
                raise CheckFailed(problem)
            self.problems.append(problem)

    def expected(self, path: KeyPath, expected: str, found: Any) -> None:
        """Record `expected <expected>, found <found>` for the key at `path`."""
        self.error(path, expected_found(expected, found, echo=self.echo))

    def report(self) -> list[Problem]:
        """The problems kept, in file order, and a last one saying how many more there were."""
        hidden = self.count - len(self.problems)
        # In file order, so they can be fixed from the top; those with no line come first.
        problems = sorted(self.problems, key=lambda problem: problem.line or 0)
        if hidden <= 0 and not self.stopped:
            return problems
        if self.stopped:
            more = f"at least {hidden} more problems" if hidden else "possibly more problems"
            note = f"... and {more} not shown (checking stopped early); fix these first"
        else:
            note = f"... and {hidden} more problems not shown; fix these first"
        return [*problems, Problem(self.file, note)]

    def table(
        self, value: Any, path: KeyPath, allowed: Sequence[str] | frozenset[str]
    ) -> dict[str, Any] | None:
        """Check `value` is a table holding only `allowed` keys; suggest the likely one for typos."""
        if not isinstance(value, dict):
            self.expected(path, "a table", value)
            return None
        known = allowed if isinstance(allowed, frozenset) else frozenset(allowed)
        if value.keys() <= known:
            return value
        listed = sorted(allowed) if isinstance(allowed, frozenset) else list(allowed)
        for key in value:
            if key not in known:
                if self.count >= self.max_problems:
                    self.count += 1  # counted, not shown: skip the costly suggestion
                    continue
                close = difflib.get_close_matches(key, listed, n=1, cutoff=0.6)
                hint = (
                    f"; did you mean {close[0]!r}?"
                    if close
                    else f" (known keys: {', '.join(listed)})"
                )
                self.error((*path, key), unknown_key(key, hint, echo=self.echo))
        return value

    def integer(
        self,
        table: dict[str, Any],
        path: KeyPath,
        key: str,
        low: int,
        high: int | None = None,
        default: Any = MISSING,
    ) -> int | None:
        """A whole number from `low` to `high` (no upper limit when `high` is None)."""
        value = table.get(key, default)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < low
            or (high is not None and value > high)
        ):
            span = f" from {low} to {high}" if high is not None else f", at least {low}"
            self.expected((*path, key), f"a whole number{span}", value)
            return None
        return value

    def pain_limit(
        self, table: dict[str, Any], path: KeyPath, key: str, default: Any = MISSING
    ) -> int | None:
        """A pain limit: 0, 1 or 2. Higher is refused with the program's pain rule, and the
        caller's default applies."""
        value = self.integer(table, path, key, 0, 10, default=default)
        if value is not None and value > PROGRAM_PAIN_LIMIT:
            self.error(
                (*path, key),
                f"{expected_found('0, 1 or 2', value)}: the pain rule allows at most "
                f"{PROGRAM_PAIN_LIMIT}/10 during and after an exercise (above that the exercise "
                f"is too much for the day), so a limit may be lowered, never raised; using "
                f"{PROGRAM_PAIN_LIMIT}",
            )
            return None
        return value

    def number(
        self,
        table: dict[str, Any],
        path: KeyPath,
        key: str,
        low: float,
        high: float | None = None,
        default: Any = MISSING,
        *,
        unit: str | None = None,
        positive: bool = False,
    ) -> float | None:
        """A finite number of at least `low` (more than `low` if `positive`) and at most `high`."""
        value = table.get(key, default)
        if value is None:
            return None
        # Compare before any float(): an int of 400 digits is valid TOML but overflows a float.
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (isinstance(value, float) and not math.isfinite(value))
            or value < low
            or (high is not None and value > high)
            or (positive and value <= low)
        ):
            span = f"more than {low:g}" if positive else f"at least {low:g}"
            if high is not None:
                span += f" and at most {high:g}"
            of = f" of {unit}" if unit else ""
            self.expected((*path, key), f"a number{of}, {span}", value)
            return None
        return float(value)

    def boolean(
        self, table: dict[str, Any], path: KeyPath, key: str, default: Any = MISSING
    ) -> bool | None:
        """`true` or `false`."""
        value = table.get(key, default)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.expected((*path, key), "true or false", value)
            return None
        return value

    def option(
        self,
        table: dict[str, Any],
        path: KeyPath,
        key: str,
        options: Sequence[S],
        default: Any = MISSING,
    ) -> S | None:
        """One of the words in `options`, with a "did you mean" for a near miss."""
        value = table.get(key, default)
        if value is None:
            return None
        for option in options:
            if option == value:
                return option
        close = (
            difflib.get_close_matches(value, options, n=1, cutoff=0.5)
            if isinstance(value, str)
            else []
        )
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        listed = ", ".join(repr(str(option)) for option in options)
        self.expected((*path, key), f"one of {listed}{hint}", value)
        return None

    def choice(
        self, table: dict[str, Any], path: KeyPath, key: str, enum: type[E], default: Any = MISSING
    ) -> E | None:
        """One of the values of `enum`, as that member."""
        found = self.option(table, path, key, [member.value for member in enum], default)
        return None if found is None else enum(found)

    def date_time(
        self, table: dict[str, Any], path: KeyPath, key: str, default: Any = MISSING
    ) -> datetime | None:
        """A date-time with a UTC offset (one without is ambiguous across time zones)."""
        value = table.get(key, default)
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            self.expected((*path, key), DATE_TIME_WORDS, value)
            return None
        if not in_years(value):
            self.expected((*path, key), YEARS_WORDS, value)
            return None
        return value

    def date(
        self, table: dict[str, Any], path: KeyPath, key: str, default: Any = MISSING
    ) -> date | None:
        """A calendar date, without a time."""
        value = table.get(key, default)
        if value is None:
            return None
        if not isinstance(value, date) or isinstance(value, datetime):
            self.expected((*path, key), DATE_WORDS, value)
            return None
        if not in_years(value):
            self.expected((*path, key), YEARS_WORDS, value)
            return None
        return value

    def tables(self, table: dict[str, Any], path: KeyPath, key: str) -> list[dict[str, Any]] | None:
        """The `[[key]]` tables under `table`: an empty list when there are none."""
        value = table.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            header = format_path((*path, key))
            self.expected((*path, key), f"a list of [[{header}]] tables", value)
            return None
        return value
