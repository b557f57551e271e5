"""Build a `Routine` from a TOML file, strictly, reporting every problem at once.

Each problem names the file, the line of the key, the key path, what was expected and what was
found, with a "did you mean" for misspelt keys. The format is documented in `routines/README.md`.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from backtimer.domain.routine import (
    Band,
    Dose,
    Exercise,
    Frequency,
    Kind,
    Repeat,
    Routine,
    Sides,
    Tempo,
    Variant,
)
from backtimer.domain.vocabulary import is_id
from backtimer.storage.toml.read import (
    KeyPath,
    ReadFailure,
    format_path,
    line_of,
    locate_keys,
    read_toml,
)

E = TypeVar("E", bound=StrEnum)

"""A whole id (use `fullmatch`): no spaces, no capitals, nothing around it."""

MAX_SECONDS = {
    Kind.HOLD: 600.0,
    Kind.MOVEMENT: 1800.0,
    Kind.ACTIVITY: 4 * 3600.0,
    Kind.REPEATED_HOLD: 120.0,
}
"""The longest dose each timed kind accepts: a 'hold' of a week is a typo, not a plan."""
MAX_REPS = 500
MAX_TEXT = 400
MAX_PROBLEMS = 100
"""Problems listed per file; past this a count stands in for the rest (the file is not a routine)."""

ROUTINE_KEYS = (
    "id",
    "name",
    "program",
    "step",
    "order",
    "description",
    "equipment",
    "frequency",
    "pain_limit",
    "lead_in_s",
    "next",
    "exercise",
)
EXERCISE_KEYS = (
    "id",
    "name",
    "kind",
    "cue",
    "sets",
    "sides",
    "rest_s",
    "side_gap_s",
    "lead_in_s",
    "pain_limit",
    "seconds_per_rep",
    "dose",
    "tempo",
    "band",
    "repeat",
    "variant",
    "current_variant",
)
DOSE_KEYS = ("target", "min", "max", "step")
TEMPO_KEYS = ("lower_s", "pause_s", "up_s", "top_s")
BAND_KEYS = ("target", "low", "high")
REPEAT_KEYS = ("count", "relax_s")
VARIANT_KEYS = ("id", "name", "cue", "sides", "dose")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file."""

    file: str
    message: str
    line: int | None = None
    key: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING: Any = _Missing()


def describe(value: Any) -> str:
    """How a found value is shown in a message: its type and a short rendering."""
    if value is MISSING:
        return "nothing (the key is missing)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, float):
        return f"the number {value:g}"
    if isinstance(value, int):
        digits = str(value)
        return f"a number of {len(digits)} digits" if len(digits) > 20 else f"the number {digits}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    return f"a {type(value).__name__}"


class _Checker:
    """Collects problems for one file while values are pulled out of its tables."""

    def __init__(self, file: str, lines: dict[KeyPath, int]) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []
        self.count = 0
        """Every problem found, including those past `MAX_PROBLEMS` that are not kept."""
        self.stopped = False
        """Whether checking gave up early, so `count` is a lower bound."""

    def full(self) -> bool:
        """True once enough problems are found that checking more tables is wasted work.

        A megabyte of `[[exercise]]` headers would otherwise take seconds to check in full.
        """
        if self.count >= MAX_PROBLEMS:
            self.stopped = True
        return self.stopped

    def error(self, path: KeyPath, message: str) -> None:
        self.count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(
                Problem(self.file, message, line_of(self.lines, path), format_path(path))
            )

    def report(self) -> list[Problem]:
        """The problems kept, and a last one saying how many more there were."""
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

    def expected(self, path: KeyPath, expected: str, found: Any) -> None:
        self.error(path, f"expected {expected}, found {describe(found)}")

    def table(self, value: Any, path: KeyPath, allowed: Iterable[str]) -> dict[str, Any] | None:
        """Check `value` is a table holding only `allowed` keys; suggest the likely one for typos."""
        if not isinstance(value, dict):
            self.expected(path, "a table", value)
            return None
        allowed = tuple(allowed)
        for key in value:
            if key not in allowed:
                if self.count >= MAX_PROBLEMS:
                    self.count += 1  # counted, not shown: skip the costly suggestion
                    continue
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = (
                    f"; did you mean {close[0]!r}?"
                    if close
                    else f" (known keys: {', '.join(allowed)})"
                )
                self.error((*path, key), f"unknown key {key!r}{hint}")
        return value

    def text(
        self,
        table: dict[str, Any],
        path: KeyPath,
        key: str,
        default: Any = MISSING,
        *,
        allow_empty: bool = True,
    ) -> str | None:
        value = table.get(key, default)
        if value is MISSING:
            self.expected((*path, key), "text", MISSING)
            return None
        if not isinstance(value, str):
            self.expected((*path, key), "text in quotes", value)
            return None
        if len(value) > MAX_TEXT:
            self.error((*path, key), f"expected at most {MAX_TEXT} characters, found {len(value)}")
            return None
        if not allow_empty and not value.strip():
            self.expected((*path, key), "text that is not empty", value)
            return None
        return value.strip()

    def identifier(self, table: dict[str, Any], path: KeyPath, key: str = "id") -> str | None:
        if self.text(table, path, key) is None:
            return None
        value: str = table[key]  # checked above: text, unstripped
        if not is_id(value):
            self.expected(
                (*path, key), "an id of lower-case letters, digits, '-' or '_' (at most 64)", value
            )
            return None
        return value

    def integer(
        self,
        table: dict[str, Any],
        path: KeyPath,
        key: str,
        low: int,
        high: int,
        default: Any = MISSING,
    ) -> int | None:
        value = table.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.expected((*path, key), f"a whole number from {low} to {high}", value)
            return None
        if not low <= value <= high:
            self.expected((*path, key), f"a whole number from {low} to {high}", value)
            return None
        return value

    def number(
        self,
        table: dict[str, Any],
        path: KeyPath,
        key: str,
        low: float,
        high: float,
        default: Any = MISSING,
        *,
        unit: str = "seconds",
        positive: bool = False,
    ) -> float | None:
        value = table.get(key, default)
        span = f"more than {low:g}" if positive else f"at least {low:g}"
        wanted = f"a number of {unit}, {span} and at most {high:g}"
        if isinstance(value, bool) or not isinstance(value, int | float) or value is MISSING:
            self.expected((*path, key), wanted, value)
            return None
        # Compare before any float(): an int of 400 digits is valid TOML but overflows a float.
        if isinstance(value, float) and not math.isfinite(value):
            self.expected((*path, key), wanted, value)
            return None
        if value < low or value > high or (positive and value <= low):
            self.expected((*path, key), wanted, value)
            return None
        return float(value)

    def choice(
        self, table: dict[str, Any], path: KeyPath, key: str, enum: type[E], default: Any = MISSING
    ) -> E | None:
        value = table.get(key, default)
        options = [member.value for member in enum]
        if isinstance(value, enum):
            return value
        if not isinstance(value, str) or value not in options:
            close = (
                difflib.get_close_matches(value, options, n=1, cutoff=0.5)
                if isinstance(value, str)
                else []
            )
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            listed = ", ".join(repr(option) for option in options)
            self.expected((*path, key), f"one of {listed}{hint}", value)
            return None
        return enum(value)


def parse_routine_text(
    data: dict[str, Any], text: str, file: str, *, source: str = "shipped"
) -> tuple[Routine | None, list[Problem]]:
    """Validate parsed TOML `data` (from `text`) and build a Routine, or return its problems."""
    check = _Checker(file, locate_keys(text))
    routine = _routine(check, data, source, file)
    if check.count:
        return None, check.report()
    return routine, []


def load_routine_file(
    path: Path, *, source: str = "shipped"
) -> tuple[Routine | None, list[Problem]]:
    """Read and validate one routine file. Never raises for bad input."""
    shown = str(path)
    result = read_toml(path)
    if isinstance(result, ReadFailure):
        return None, [Problem(shown, result.message, result.line)]
    data, text = result
    return parse_routine_text(data, text, shown, source=source)


def _routine(check: _Checker, data: dict[str, Any], source: str, file: str) -> Routine | None:
    top = check.table(data, (), ROUTINE_KEYS)
    if top is None:
        return None
    routine_id = check.identifier(top, ())
    name = check.text(top, (), "name", allow_empty=False)
    program = check.text(top, (), "program", allow_empty=False)
    step = check.integer(top, (), "step", 1, 99, default=None)
    order = check.integer(top, (), "order", 1, 999, default=None)
    description = check.text(top, (), "description", default="")
    equipment = _text_list(check, top, "equipment")
    frequency = check.choice(top, (), "frequency", Frequency)
    pain_limit = check.integer(top, (), "pain_limit", 0, 10, default=2)
    lead_in = check.number(top, (), "lead_in_s", 0, 120, default=5.0)
    next_id = top.get("next")
    if next_id is not None:
        next_id = check.identifier(top, (), "next")

    raw_exercises = top.get("exercise", MISSING)
    exercises: list[Exercise] = []
    if raw_exercises is MISSING:
        check.error(("exercise",), "expected at least one [[exercise]] table, found none")
    elif not isinstance(raw_exercises, list) or not raw_exercises:
        check.expected(("exercise",), "a list of [[exercise]] tables", raw_exercises)
    else:
        seen: dict[str, int] = {}
        for index, raw in enumerate(raw_exercises):
            if check.full():
                break
            exercise = _exercise(
                check, raw, ("exercise", index), default_limit=pain_limit, default_lead=lead_in
            )
            # Duplicates are found by the id as written, even when an exercise has other faults.
            written = _written_id(raw)
            if written in seen:
                check.error(
                    ("exercise", index, "id"),
                    f"duplicate exercise id {written!r} (also exercise[{seen[written]}])",
                )
            if written is not None:
                seen.setdefault(written, index)
            if exercise is not None:
                exercises.append(exercise)

    if next_id is not None and next_id == routine_id:
        check.error(("next",), "a routine cannot come next after itself")
    if (
        routine_id is None
        or name is None
        or program is None
        or frequency is None
        or pain_limit is None
        or lead_in is None
        or description is None
        or equipment is None
        or check.count
    ):
        return None
    return Routine(
        id=routine_id,
        name=name,
        program=program,
        step=step,
        order=order,
        description=description,
        equipment=equipment,
        frequency=frequency,
        pain_limit=pain_limit,
        lead_in=lead_in,
        exercises=tuple(exercises),
        next=next_id,
        source=source,
        path=file,
    )


def _text_list(check: _Checker, table: dict[str, Any], key: str) -> tuple[str, ...] | None:
    path: KeyPath = (key,)
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        check.expected(path, 'a list of text, like ["roman chair"]', value)
        return None
    return tuple(item.strip() for item in value)


def _exercise(
    check: _Checker,
    raw: Any,
    path: KeyPath,
    *,
    default_limit: int | None,
    default_lead: float | None,
) -> Exercise | None:
    table = check.table(raw, path, EXERCISE_KEYS)
    if table is None:
        return None
    before = check.count
    exercise_id = check.identifier(table, path)
    name = check.text(table, path, "name", allow_empty=False)
    kind = check.choice(table, path, "kind", Kind)
    cue = check.text(table, path, "cue", default="")
    sets = check.integer(table, path, "sets", 1, 20, default=1)
    sides = check.choice(table, path, "sides", Sides, default=Sides.BOTH)
    rest = check.number(table, path, "rest_s", 0, 1800, default=60.0)
    side_gap = check.number(table, path, "side_gap_s", 0, 120, default=5.0)
    lead_in = check.number(
        table, path, "lead_in_s", 0, 120, default=5.0 if default_lead is None else default_lead
    )
    pain_limit = check.integer(
        table, path, "pain_limit", 0, 10, default=2 if default_limit is None else default_limit
    )
    seconds_per_rep = check.number(
        table, path, "seconds_per_rep", 0.5, 60, default=3.0, positive=True
    )

    tempo = band = repeat = None
    if kind is not None:
        tempo = _optional(check, table, path, "tempo", kind, (Kind.REPS,), _tempo)
        band = _optional(check, table, path, "band", kind, (Kind.REPS_TO_FAILURE,), _band)
        repeat = _optional(check, table, path, "repeat", kind, (Kind.REPEATED_HOLD,), _repeat)
        if kind is Kind.REPEATED_HOLD and "repeat" not in table:
            check.error(
                (*path, "repeat"),
                "a repeated hold needs a repeat table: { count = 10, relax_s = 3 }",
            )
        if kind is Kind.REPS_TO_FAILURE and "band" not in table:
            band = Band(target=20, low=15, high=30)
        if kind is Kind.REPS_TO_FAILURE and "dose" in table:
            check.error((*path, "dose"), "reps to technical failure take a band, not a dose")

    dose: Dose | None = None
    if kind is Kind.REPS_TO_FAILURE and band is not None:
        dose = Dose(target=band.target, min=band.low, max=band.high, step=1)
    elif kind is not None and "dose" in table:
        dose = _dose(check, table["dose"], (*path, "dose"), kind)

    variants: list[Variant] = []
    raw_variants = table.get("variant")
    if raw_variants is not None and kind is not None and sides is not None:
        if not isinstance(raw_variants, list) or not raw_variants:
            check.expected(
                (*path, "variant"), "a list of [[exercise.variant]] tables", raw_variants
            )
        else:
            seen: dict[str, int] = {}
            for index, item in enumerate(raw_variants):
                if check.full():
                    break
                variant = _variant(
                    check, item, (*path, "variant", index), kind, dose, sides, "dose" in table
                )
                written = _written_id(item)
                if written in seen:
                    check.error(
                        (*path, "variant", index, "id"),
                        f"duplicate variant id {written!r} (also variant[{seen[written]}])",
                    )
                if written is not None:
                    seen.setdefault(written, index)
                if variant is not None:
                    variants.append(variant)
    elif kind is not None and sides is not None:
        # A reps-to-failure dose comes from its band, whose own problem is already reported.
        if dose is None and "dose" not in table and kind is not Kind.REPS_TO_FAILURE:
            check.error((*path, "dose"), _dose_hint(kind))
        elif dose is not None:
            variants.append(Variant(id="standard", name="standard", dose=dose, sides=sides))

    current_id: str | None = None
    if table.get("current_variant") is not None:
        current_id = check.identifier(table, path, "current_variant")
        # Compared with the ids as written, so it is checked even when a variant has faults.
        if raw_variants is None:
            ids = ["standard"]
        elif isinstance(raw_variants, list):
            ids = [found for item in raw_variants if (found := _written_id(item)) is not None]
        else:
            ids = []
        if current_id is not None and ids and current_id not in ids:
            close = difflib.get_close_matches(current_id, ids, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (variants: {', '.join(ids)})"
            check.error((*path, "current_variant"), f"no variant has the id {current_id!r}{hint}")

    if check.count > before or not variants:
        return None
    assert exercise_id and name and kind and cue is not None and sets and sides
    assert rest is not None and side_gap is not None and lead_in is not None
    assert pain_limit is not None and seconds_per_rep is not None
    return Exercise(
        id=exercise_id,
        name=name,
        kind=kind,
        cue=cue,
        sets=sets,
        rest=rest,
        side_gap=side_gap,
        lead_in=lead_in,
        pain_limit=pain_limit,
        variants=tuple(variants),
        variant_id=current_id or variants[0].id,
        tempo=tempo,
        band=band,
        repeat=repeat,
        seconds_per_rep=seconds_per_rep,
    )


def _written_id(raw: Any) -> str | None:
    """The id a table was given, if it is a well-formed one (checked and reported elsewhere)."""
    value = raw.get("id") if isinstance(raw, dict) else None
    return value if is_id(value) else None


T = TypeVar("T")


def _optional(
    check: _Checker,
    table: dict[str, Any],
    path: KeyPath,
    key: str,
    kind: Kind,
    kinds: tuple[Kind, ...],
    build: Callable[[_Checker, Any, KeyPath], T | None],
) -> T | None:
    if key not in table:
        return None
    if kind not in kinds:
        allowed = " or ".join(repr(k.value) for k in kinds)
        check.error(
            (*path, key),
            f"only an exercise of kind {allowed} takes {key!r}; this one is {kind.value!r}",
        )
        return None
    return build(check, table[key], (*path, key))


def _dose_hint(kind: Kind) -> str:
    if kind.unit == "reps":
        return "expected a dose table, like dose = { target = 10, min = 10, max = 30, step = 2 }"
    return "expected a dose table in seconds, like dose = { target = 30, min = 30, max = 120, step = 10 }"


def _dose(check: _Checker, raw: Any, path: KeyPath, kind: Kind) -> Dose | None:
    table = check.table(raw, path, DOSE_KEYS)
    if table is None:
        return None
    before = check.count
    values: dict[str, float | None] = {}
    for key in DOSE_KEYS:
        default: Any = MISSING if key == "target" else table.get("target", MISSING)
        if key == "step":
            default = 1 if kind.unit == "reps" else 5
        elif key != "target" and key not in table and values.get("target") is None:
            continue  # min and max default to the target, whose problem is already reported
        if kind.unit == "reps":
            got = check.integer(table, path, key, 1, MAX_REPS, default=default)
            values[key] = None if got is None else float(got)
        else:
            longest = MAX_SECONDS[kind]
            values[key] = check.number(table, path, key, 0, longest, default=default, positive=True)
    if check.count > before:
        return None
    target, low, high, step = (values.get(key) for key in DOSE_KEYS)
    assert target is not None and low is not None and high is not None and step is not None
    unit = "reps" if kind.unit == "reps" else "s"
    if low > high:
        check.error((*path, "min"), f"min ({low:g} {unit}) is above max ({high:g} {unit})")
        return None
    if not low <= target <= high:
        check.error(
            (*path, "target"),
            f"expected a target inside the range {low:g}–{high:g} {unit}, found {target:g}",
        )
        return None
    if high > low and step > high - low:
        which = "step" if "step" in table else "the default step"
        check.error(
            (*path, "step"), f"{which} ({step:g}) is larger than the whole range {low:g}–{high:g}"
        )
        return None
    return Dose(target=target, min=low, max=high, step=step)


def _tempo(check: _Checker, raw: Any, path: KeyPath) -> Tempo | None:
    table = check.table(raw, path, TEMPO_KEYS)
    if table is None:
        return None
    lower = check.number(table, path, "lower_s", 0, 30, positive=True)
    pause = check.number(table, path, "pause_s", 0, 30, default=0.0)
    up = check.number(table, path, "up_s", 0, 30, default=2.0, positive=True)
    top = check.number(table, path, "top_s", 0, 30, default=0.0)
    if lower is None or pause is None or up is None or top is None:
        return None
    return Tempo(lower=lower, pause=pause, up=up, top=top)


def _band(check: _Checker, raw: Any, path: KeyPath) -> Band | None:
    table = check.table(raw, path, BAND_KEYS)
    if table is None:
        return None
    target = check.integer(table, path, "target", 1, MAX_REPS, default=20)
    low = check.integer(table, path, "low", 1, MAX_REPS, default=15)
    high = check.integer(table, path, "high", 1, MAX_REPS, default=30)
    if target is None or low is None or high is None:
        return None
    if not low < target < high:
        check.error(path, f"expected low < target < high, found {low} / {target} / {high}")
        return None
    return Band(target=target, low=low, high=high)


def _repeat(check: _Checker, raw: Any, path: KeyPath) -> Repeat | None:
    table = check.table(raw, path, REPEAT_KEYS)
    if table is None:
        return None
    count = check.integer(table, path, "count", 1, 100)
    relax = check.number(table, path, "relax_s", 0, 120, default=3.0)
    if count is None or relax is None:
        return None
    return Repeat(count=count, relax=relax)


def _variant(
    check: _Checker,
    raw: Any,
    path: KeyPath,
    kind: Kind,
    exercise_dose: Dose | None,
    exercise_sides: Sides,
    exercise_wrote_dose: bool,
) -> Variant | None:
    table = check.table(raw, path, VARIANT_KEYS)
    if table is None:
        return None
    before = check.count
    variant_id = check.identifier(table, path)
    name = check.text(table, path, "name", allow_empty=False)
    cue = check.text(table, path, "cue", default="")
    sides = check.choice(table, path, "sides", Sides, default=exercise_sides)
    dose = exercise_dose
    if "dose" in table:
        if kind is Kind.REPS_TO_FAILURE:
            check.error((*path, "dose"), "reps to technical failure take a band, not a dose")
        else:
            dose = _dose(check, table["dose"], (*path, "dose"), kind)
    elif not exercise_wrote_dose and kind is not Kind.REPS_TO_FAILURE:
        check.error((*path, "dose"), "this variant needs a dose (the exercise has none to share)")
    if check.count > before or dose is None:
        return None
    assert variant_id and name and cue is not None and sides
    return Variant(id=variant_id, name=name, dose=dose, sides=sides, cue=cue)
