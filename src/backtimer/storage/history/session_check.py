"""Check a parsed session file and build its `SessionRecord`; the first problem stops it.

Ten years hold some 66,000 sets, so a set whose every key is plainly right is built inline by
`_quick_set`; only a set with something wrong goes through the checker, which says what.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any, Final, TypeVar

from backtimer.domain.records import (
    MAX_RECORD_TEXT,
    MAX_SET_COUNT,
    MAX_SET_SECONDS,
    SCHEMA_VERSION,
    PainCheck,
    PainChoice,
    PauseRecord,
    SessionRecord,
    SetRecord,
)
from backtimer.domain.text import CONTROL_IN_PARAGRAPH, visible
from backtimer.domain.training import SPEEDS
from backtimer.domain.vocabulary import (
    PAIN_CHOICES_READ,
    PAIN_WHENS,
    PAUSE_REASONS,
    RECORD_KINDS,
    SIDES,
    STATUSES,
    STOP_REASONS,
    UNITS,
    PainWhen,
)
from backtimer.storage.toml import MISSING, YEARS, Checker, KeyPath

T = TypeVar("T")

_TOP_KEYS: Final = frozenset(
    (
        "schema",
        "id",
        "routine_id",
        "routine_name",
        "routine_fingerprint",
        "status",
        "speed",
        "started",
        "ended",
        "red_flag",
        "red_flag_skipped",
        "pain_after_skipped",
        "notes",
        "pain",
        "pain_choice",
        "pause",
        "set",
    )
)
_SET_KEYS: Final = frozenset(
    (
        "exercise_id",
        "exercise_name",
        "kind",
        "variant_id",
        "side",
        "set_number",
        "target",
        "target_unit",
        "actual_s",
        "reps",
        "overtime",
        "stop_reason",
        "pain",
        "notes",
        "warmup",
        "hold_s",
        "holds",
        "ended_at",
    )
)
_PAIN_KEYS: Final = frozenset(("when", "value", "at", "exercise_id"))
_CHOICE_KEYS: Final = frozenset(
    ("exercise_id", "choice", "at", "value", "variant_id", "target", "new_target", "new_variant_id")
)


MAX_PAUSE_SECONDS: Final = 366 * 24 * 3600.0
"""The longest pause a record holds: a laptop left asleep for a year."""

SESSION_MARKS: Final = {"schema": int, "id": str, "started": datetime}
"""Keys every session file has: a file without them is not quoted in messages."""

_FIRST_YEAR, _LAST_YEAR = YEARS


def _quick_set(t: dict[str, Any]) -> SetRecord | None:
    """The set when every key is plainly right, else None (then `_set_from_table` explains).

    Ten years hold some 66,000 sets, so the common case is checked inline, without the
    per-key helpers that build error messages.
    """
    g = t.get
    exercise_id, name, kind, variant = (
        g("exercise_id"),
        g("exercise_name"),
        g("kind"),
        g("variant_id"),
    )
    side, number, target, unit = g("side"), g("set_number"), g("target"), g("target_unit")
    ended_at, actual, reps, overtime = g("ended_at"), g("actual_s"), g("reps"), g("overtime", False)
    stop, pain, notes, warmup = g("stop_reason"), g("pain"), g("notes", ""), g("warmup", False)
    hold_s, holds = g("hold_s"), g("holds")
    if (
        t.keys() <= _SET_KEYS
        and type(exercise_id) is str
        and type(name) is str
        and type(kind) is str
        and kind in RECORD_KINDS
        and type(variant) is str
        and type(side) is str
        and side in SIDES
        and type(number) is int
        and 1 <= number <= MAX_SET_COUNT
        and (type(target) is float or type(target) is int)
        and type(unit) is str
        and unit in UNITS
        and 0 <= target <= (MAX_SET_COUNT if unit == "reps" else MAX_SET_SECONDS)
        and type(ended_at) is datetime
        and ended_at.tzinfo is not None
        and _FIRST_YEAR <= ended_at.year <= _LAST_YEAR
        and (
            actual is None
            or ((type(actual) is float or type(actual) is int) and 0 <= actual <= MAX_SET_SECONDS)
        )
        and (reps is None or (type(reps) is int and 0 <= reps <= MAX_SET_COUNT))
        and type(overtime) is bool
        and (stop is None or (type(stop) is str and stop in STOP_REASONS))
        and (pain is None or (type(pain) is int and 0 <= pain <= 10))
        and type(notes) is str
        and len(exercise_id) <= MAX_RECORD_TEXT
        and len(name) <= MAX_RECORD_TEXT
        and len(variant) <= MAX_RECORD_TEXT
        and len(notes) <= MAX_RECORD_TEXT
        and type(warmup) is bool
        and (
            hold_s is None
            or ((type(hold_s) is float or type(hold_s) is int) and 0 <= hold_s <= MAX_SET_SECONDS)
        )
        and (holds is None or (type(holds) is int and 0 <= holds <= MAX_SET_COUNT))
    ):
        # The membership tests above narrow these strings to their Literal types.
        return SetRecord(
            exercise_id, name, kind, variant, side, number, float(target), unit, ended_at,
            None if actual is None else float(actual), reps, overtime, stop, pain, notes, warmup,
            None if hold_s is None else float(hold_s), holds,
        )  # fmt: skip
    return None


def _set_from_table(table: dict[str, Any], base: KeyPath, check: Checker) -> SetRecord:
    quick = _quick_set(table)
    if quick is not None:
        return quick
    check.table(table, base, _SET_KEYS)
    number = check.integer(table, base, "set_number", 1, MAX_SET_COUNT)
    unit = check.option(table, base, "target_unit", UNITS)
    target = check.number(
        table, base, "target", 0, MAX_SET_COUNT if unit == "reps" else MAX_SET_SECONDS
    )
    item = SetRecord(
        exercise_id=_present(check.text(table, base, "exercise_id", strip=False)),
        exercise_name=_present(check.text(table, base, "exercise_name", strip=False)),
        kind=_present(check.option(table, base, "kind", RECORD_KINDS)),
        variant_id=_present(check.text(table, base, "variant_id", strip=False)),
        side=_present(check.option(table, base, "side", SIDES)),
        set_number=_present(number),
        target=_present(target),
        target_unit=_present(unit),
        ended_at=_present(check.date_time(table, base, "ended_at")),
        actual_s=check.number(table, base, "actual_s", 0, MAX_SET_SECONDS, default=None),
        reps=check.integer(table, base, "reps", 0, MAX_SET_COUNT, default=None),
        overtime=_present(check.boolean(table, base, "overtime", default=False)),
        stop_reason=check.option(table, base, "stop_reason", STOP_REASONS, default=None),
        pain=check.integer(table, base, "pain", 0, 10, default=None),
        notes=_present(check.text(table, base, "notes", default="", strip=False)),
        warmup=_present(check.boolean(table, base, "warmup", default=False)),
        hold_s=check.number(table, base, "hold_s", 0, MAX_SET_SECONDS, default=None),
        holds=check.integer(table, base, "holds", 0, MAX_SET_COUNT, default=None),
    )
    return item


def _present(value: T | None) -> T:
    """A required value: a `first_only` checker has already raised when it is absent or wrong."""
    assert value is not None
    return value


def record_from_table(data: dict[str, Any], check: Checker) -> SessionRecord:
    """Build a `SessionRecord` from a parsed session file, checking every key.

    `check` must be made with `first_only=True`: it raises `CheckFailed` at the first problem.
    """
    schema = _present(check.integer(data, (), "schema", 1))
    if schema > SCHEMA_VERSION:
        check.error(
            ("schema",),
            f"the file uses format version {schema}, written by a newer backtimer; "
            f"this version reads up to {SCHEMA_VERSION}. Upgrade backtimer to read it",
        )
    check.table(data, (), _TOP_KEYS)
    session_id = _present(check.text(data, (), "id", allow_empty=False, strip=False))
    speed = _present(check.number(data, (), "speed", *SPEEDS))
    pains = []
    for index, table in enumerate(_present(check.tables(data, (), "pain"))):
        base: KeyPath = ("pain", index)
        check.table(table, base, _PAIN_KEYS)
        value = _present(check.integer(table, base, "value", 0, 10))
        when: PainWhen = _present(check.option(table, base, "when", PAIN_WHENS))
        exercise = check.text(table, base, "exercise_id", default=None, strip=False)
        if exercise is None and when == "exercise":
            check.expected((*base, "exercise_id"), 'an exercise id when when = "exercise"', MISSING)
        at = _present(check.date_time(table, base, "at"))
        pains.append(PainCheck(when, value, at, exercise))
    choices = []
    for index, table in enumerate(_present(check.tables(data, (), "pain_choice"))):
        base = ("pain_choice", index)
        check.table(table, base, _CHOICE_KEYS)
        choices.append(
            PainChoice(
                exercise_id=_present(check.text(table, base, "exercise_id", strip=False)),
                choice=_present(check.option(table, base, "choice", PAIN_CHOICES_READ)),
                at=_present(check.date_time(table, base, "at")),
                value=check.integer(table, base, "value", 0, 10, default=None),
                variant_id=check.text(table, base, "variant_id", default=None, strip=False),
                target=check.number(table, base, "target", 0, MAX_SET_SECONDS, default=None),
                new_target=check.number(
                    table, base, "new_target", 0, MAX_SET_SECONDS, default=None
                ),
                new_variant_id=check.text(table, base, "new_variant_id", default=None, strip=False),
            )
        )
    pauses = tuple(
        _pause_from_table(table, ("pause", index), check)
        for index, table in enumerate(_present(check.tables(data, (), "pause")))
    )
    sets = tuple(
        _set_from_table(table, ("set", index), check)
        for index, table in enumerate(_present(check.tables(data, (), "set")))
    )
    return SessionRecord(
        id=session_id,
        routine_id=_present(check.text(data, (), "routine_id", strip=False)),
        routine_name=_present(check.text(data, (), "routine_name", strip=False)),
        routine_fingerprint=_present(check.text(data, (), "routine_fingerprint", strip=False)),
        started=_present(check.date_time(data, (), "started")),
        status=_present(check.option(data, (), "status", STATUSES)),
        ended=check.date_time(data, (), "ended", default=None),
        speed=speed,
        sets=sets,
        pains=tuple(pains),
        pain_choices=tuple(choices),
        red_flag=check.boolean(data, (), "red_flag", default=None),
        red_flag_skipped=bool(check.boolean(data, (), "red_flag_skipped", default=False)),
        notes=_present(check.text(data, (), "notes", default="", strip=False)),
        pain_after_skipped=bool(check.boolean(data, (), "pain_after_skipped", default=False)),
        pauses=pauses,
    )


def _pause_from_table(table: dict[str, Any], base: KeyPath, check: Checker) -> PauseRecord:
    check.table(table, base, ("at", "seconds", "reason"))
    return PauseRecord(
        at=_present(check.date_time(table, base, "at")),
        seconds=_present(check.number(table, base, "seconds", 0, MAX_PAUSE_SECONDS)),
        reason=_present(check.option(table, base, "reason", PAUSE_REASONS)),
    )


# --- shown, not obeyed -------------------------------------------------------------------------

_MAY_HOLD_CONTROL: Final = re.compile(r"\\|" + CONTROL_IN_PARAGRAPH.pattern)
"""An escape (`\\u001b`) or a raw control character somewhere in a file's text. Files backtimer
writes from checked routines have neither, so they skip the field-by-field pass."""


def visible_record(record: SessionRecord, text: str) -> SessionRecord:
    """`record` with every control character in its texts written out (`\\x1b`), so a name
    read from history is shown and never sent to the terminal as an escape sequence.

    `text` is the file's text: a record whose file holds no escape and no control character is
    returned as it is, at the cost of one search.
    """
    if _MAY_HOLD_CONTROL.search(text) is None:
        return record
    sets = tuple(
        replace(
            item,
            exercise_id=visible(item.exercise_id),
            exercise_name=visible(item.exercise_name),
            variant_id=visible(item.variant_id),
            notes=visible(item.notes, paragraph=True),
        )
        for item in record.sets
    )
    pains = tuple(replace(pain, exercise_id=_maybe(pain.exercise_id)) for pain in record.pains)
    choices = tuple(
        replace(
            choice,
            exercise_id=visible(choice.exercise_id),
            variant_id=_maybe(choice.variant_id),
            new_variant_id=_maybe(choice.new_variant_id),
        )
        for choice in record.pain_choices
    )
    return replace(
        record,
        id=visible(record.id),
        routine_id=visible(record.routine_id),
        routine_name=visible(record.routine_name),
        routine_fingerprint=visible(record.routine_fingerprint),
        notes=visible(record.notes, paragraph=True),
        sets=sets,
        pains=pains,
        pain_choices=choices,
    )


def _maybe(text: str | None) -> str | None:
    return None if text is None else visible(text)
