"""Build a `Routine` from a TOML file, strictly, reporting every problem at once.

Each problem names the file, the line of the key, the key path, what was expected and what was
found, with a "did you mean" for misspelt keys. The format is documented in `routines/README.md`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from backtimer.domain.pain import PROGRAM_PAIN_LIMIT
from backtimer.domain.routine import Exercise, Frequency, Routine
from backtimer.domain.warmup import WARMUP_EXERCISE_ID, WARMUP_IDS, warmup_exercise
from backtimer.storage.routines.exercise import check_exercise, written_id
from backtimer.storage.toml import (
    MAX_TEXT,
    MISSING,
    Checker,
    KeyPath,
    Problem,
    ReadFailure,
    looks_ours,
    read_toml,
)

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
    "rotation",
    "locked_until_mastered",
    "ladder",
    "warmup",
    "diagnosed_leg_symptoms",
    "exercise",
)


_MARKS: Final = dict.fromkeys(ROUTINE_KEYS, object)
"""A routine being written may lack any one key, so a file with any routine key is ours."""


def parse_routine_text(
    data: dict[str, Any], text: str, file: str, *, source: str = "shipped"
) -> tuple[Routine | None, list[Problem]]:
    """Validate parsed TOML `data` (from `text`) and build a Routine, or return its problems."""
    check = Checker(
        file,
        text,
        max_text=MAX_TEXT,
        refuse_control=True,
        echo=looks_ours(data, _MARKS, every=False),
    )
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


def _routine(check: Checker, data: dict[str, Any], source: str, file: str) -> Routine | None:
    top = check.table(data, (), ROUTINE_KEYS)
    if top is None:
        return None
    routine_id = check.identifier(top, ())
    name = check.text(top, (), "name", allow_empty=False)
    program = check.text(top, (), "program", allow_empty=False)
    step = check.integer(top, (), "step", 1, 99, default=None)
    order = check.integer(top, (), "order", 1, 999, default=None)
    description = check.text(top, (), "description", default="", paragraph=True)
    equipment = _text_list(check, top, "equipment")
    frequency = check.choice(top, (), "frequency", Frequency)
    pain_limit = check.pain_limit(top, (), "pain_limit", default=PROGRAM_PAIN_LIMIT)
    lead_in = check.number(top, (), "lead_in_s", 0, 120, default=5.0, unit="seconds")
    next_id = top.get("next")
    if next_id is not None:
        next_id = check.identifier(top, (), "next")
    rotation = check.boolean(top, (), "rotation", default=False)
    ladder = check.boolean(top, (), "ladder", default=False)
    locked_until = top.get("locked_until_mastered")
    if locked_until is not None:
        locked_until = check.identifier(top, (), "locked_until_mastered")
    warmup_id = check.option(top, (), "warmup", WARMUP_IDS, default=None)
    diagnosed_leg = check.boolean(top, (), "diagnosed_leg_symptoms", default=False)

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
            exercise = check_exercise(
                check, raw, ("exercise", index), default_limit=pain_limit, default_lead=lead_in
            )
            # Duplicates are found by the id as written, even when an exercise has other faults.
            written = written_id(raw)
            if written in seen:
                check.error(
                    ("exercise", index, "id"),
                    f"duplicate exercise id {written!r} (also exercise[{seen[written]}])",
                )
            if written is not None:
                seen.setdefault(written, index)
            if written == WARMUP_EXERCISE_ID:
                check.error(
                    ("exercise", index, "id"),
                    f"{WARMUP_EXERCISE_ID!r} is the warm-up's id: name the warm-up with "
                    f"`warmup = ...` at the top of the file, or give this exercise another id",
                )
            if exercise is not None:
                exercises.append(exercise)

    if next_id is not None and next_id == routine_id:
        check.error(("next",), "a routine cannot come next after itself")
    if locked_until is not None and locked_until == routine_id:
        check.error(("locked_until_mastered",), "a routine cannot wait for itself to be mastered")
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
        rotation=bool(rotation),
        locked_until_mastered=locked_until,
        ladder=bool(ladder),
        source=source,
        path=file,
        diagnosed_leg_symptoms=bool(diagnosed_leg),
        warmup=(
            None
            if warmup_id is None
            else warmup_exercise(warmup_id, lead_in=lead_in, pain_limit=pain_limit)
        ),
    )


def _text_list(check: Checker, table: dict[str, Any], key: str) -> tuple[str, ...] | None:
    path: KeyPath = (key,)
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        check.expected(path, 'a list of text, like ["roman chair"]', value)
        return None
    return tuple(item.strip() for item in value)
