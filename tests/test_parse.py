"""The routine validator: every malformed file is refused with its file, line, key and reason."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from backtimer.domain.routine import Frequency, Kind, Sides
from backtimer.storage.routines import MAX_PROBLEMS, Problem, load_routine_file

HEAD = """\
id = "r1"
name = "Routine"
program = "A"
frequency = "daily"
"""

HOLD = """
[[exercise]]
id = "e1"
name = "Hold"
kind = "hold"
dose = { target = 30, min = 30, max = 60, step = 10 }
"""

REPS = """
[[exercise]]
id = "e1"
name = "Reps"
kind = "reps"
dose = { target = 10, min = 10, max = 20, step = 2 }
"""

FAILURE = """
[[exercise]]
id = "e1"
name = "Reverse hyper"
kind = "reps_to_failure"
"""

REPEATED = """
[[exercise]]
id = "e1"
name = "Bird-dog"
kind = "repeated_hold"
dose = { target = 8, min = 8, max = 10, step = 1 }
repeat = { count = 6, relax_s = 3 }
"""

VARIANTS = """
[[exercise]]
id = "e1"
name = "Hold"
kind = "hold"
dose = { target = 30, min = 30, max = 60, step = 10 }

[[exercise.variant]]
id = "pad-high"
name = "Pad high"

[[exercise.variant]]
id = "single-leg"
name = "One leg"
sides = "each"
dose = { target = 15, min = 15, max = 60, step = 5 }
"""


def _load(tmp_path: Path, text: str, name: str = "routine.toml") -> list[Problem]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    routine, problems = load_routine_file(path, source="user")
    assert (routine is None) == bool(problems)
    for problem in problems:
        assert problem.file == str(path)
        assert str(path) in str(problem)
    return problems


def _line(text: str, fragment: str) -> int:
    """The 1-based line of the first line holding `fragment` (so expectations stay exact)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in the text")


def _with(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _one(problems: list[Problem], key: str) -> Problem:
    found = [problem for problem in problems if problem.key == key]
    assert found, f"no problem for {key!r} in {[str(p) for p in problems]}"
    return found[0]


# Valid files ------------------------------------------------------------------------------


def test_minimal_hold_loads_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(HEAD + HOLD, encoding="utf-8")
    routine, problems = load_routine_file(path, source="user")
    assert problems == []
    assert routine is not None
    assert (routine.id, routine.name, routine.program, routine.frequency) == (
        "r1",
        "Routine",
        "A",
        Frequency.DAILY,
    )
    assert routine.source == "user"
    assert routine.path == str(path)
    assert routine.step is None and routine.next is None
    assert routine.pain_limit == 2 and routine.lead_in == 5.0
    (exercise,) = routine.exercises
    assert exercise.kind is Kind.HOLD
    assert exercise.sets == 1 and exercise.rest == 60.0 and exercise.side_gap == 5.0
    assert exercise.sides is Sides.BOTH
    assert exercise.variant_id == "standard"
    assert (exercise.dose.target, exercise.dose.min, exercise.dose.max, exercise.dose.step) == (
        30,
        30,
        60,
        10,
    )


def test_routine_defaults_flow_into_exercises(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(HEAD + "pain_limit = 1\nlead_in_s = 12\n" + HOLD, encoding="utf-8")
    routine, problems = load_routine_file(path)
    assert problems == [] and routine is not None
    assert routine.exercises[0].pain_limit == 1
    assert routine.exercises[0].lead_in == 12


def test_dose_defaults_to_a_fixed_target(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(
        HEAD + _with(HOLD, "{ target = 30, min = 30, max = 60, step = 10 }", "{ target = 30 }")
    )
    routine, problems = load_routine_file(path)
    assert problems == [] and routine is not None
    dose = routine.exercises[0].dose
    assert (dose.min, dose.max, dose.step) == (30, 30, 5)


def test_variants_and_current_variant(tmp_path: Path) -> None:
    text = HEAD + _with(VARIANTS, 'kind = "hold"', 'kind = "hold"\ncurrent_variant = "single-leg"')
    path = tmp_path / "ok.toml"
    path.write_text(text, encoding="utf-8")
    routine, problems = load_routine_file(path)
    assert problems == [] and routine is not None
    exercise = routine.exercises[0]
    assert [v.id for v in exercise.variants] == ["pad-high", "single-leg"]
    assert exercise.variant_id == "single-leg"
    assert exercise.sides is Sides.EACH
    assert exercise.dose.target == 15
    # A variant without its own dose shares the exercise's.
    assert exercise.variants[0].dose.target == 30


def test_reps_to_failure_band_defaults(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(HEAD + FAILURE, encoding="utf-8")
    routine, problems = load_routine_file(path)
    assert problems == [] and routine is not None
    band = routine.exercises[0].band
    assert band is not None and (band.target, band.low, band.high) == (20, 15, 30)


def test_readme_example_loads(tmp_path: Path) -> None:
    readme = Path(__file__).resolve().parent.parent / "routines" / "README.md"
    blocks = re.findall(r"```toml\n(.*?)```", readme.read_text(encoding="utf-8"), re.DOTALL)
    example = next(block for block in blocks if "[[exercise]]" in block and "id = " in block)
    path = tmp_path / "example.toml"
    path.write_text(example, encoding="utf-8")
    routine, problems = load_routine_file(path)
    assert problems == []
    assert routine is not None
    assert {exercise.kind for exercise in routine.exercises} == set(Kind)


def test_shipped_a2_is_valid_on_its_own() -> None:
    shipped = Path(__file__).resolve().parent.parent / "routines" / "a2-static-holds.toml"
    routine, problems = load_routine_file(shipped)
    assert problems == []
    assert routine is not None and routine.id == "a2-static-holds"


# Malformed files --------------------------------------------------------------------------

# (name, text, key, words in the message, the fragment whose line the problem must name).
# A fragment of None means no line can be named (a top-level key that is missing).
CASES: list[tuple[str, str, str, str, str | None]] = [
    # Unknown keys at every level, with a "did you mean".
    ("unknown top key", HEAD + 'nmae = "x"\n' + HOLD, "nmae", "did you mean 'name'", "nmae"),
    ("unknown top key, far off", HEAD + "zzz = 1\n" + HOLD, "zzz", "known keys: id, name", "zzz"),
    (
        "misspelt frequency key",
        _with(HEAD, "frequency", "frequncy") + HOLD,
        "frequncy",
        "did you mean 'frequency'",
        "frequncy",
    ),
    (
        "unknown exercise key",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\nkidn = 1'),
        "exercise[0].kidn",
        "did you mean 'kind'",
        "kidn",
    ),
    (
        "exercise key of the routine",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\nsteps = 2'),
        "exercise[0].steps",
        "did you mean 'sets'",
        "steps",
    ),
    (
        "unknown dose key inline",
        HEAD + _with(HOLD, "min = 30", "mni = 30"),
        "exercise[0].dose.mni",
        "did you mean 'min'",
        "mni",
    ),
    (
        "unknown dose key in a table",
        HEAD
        + _with(
            HOLD,
            "dose = { target = 30, min = 30, max = 60, step = 10 }",
            "\n[exercise.dose]\ntarget = 30\nmaxx = 60\n",
        ),
        "exercise[0].dose.maxx",
        "did you mean 'max'",
        "maxx",
    ),
    (
        "unknown tempo key",
        HEAD + _with(REPS, 'kind = "reps"', 'kind = "reps"\ntempo = { lower = 4 }'),
        "exercise[0].tempo.lower",
        "did you mean 'lower_s'",
        "tempo",
    ),
    (
        "unknown band key",
        HEAD + FAILURE + "band = { targte = 20 }\n",
        "exercise[0].band.targte",
        "did you mean 'target'",
        "band",
    ),
    (
        "unknown repeat key",
        HEAD + _with(REPEATED, "relax_s = 3", "relax = 3"),
        "exercise[0].repeat.relax",
        "did you mean 'relax_s'",
        "repeat = ",
    ),
    (
        "unknown variant key",
        HEAD + _with(VARIANTS, 'name = "Pad high"', 'name = "Pad high"\ncues = "x"'),
        "exercise[0].variant[0].cues",
        "did you mean 'cue'",
        "cues",
    ),
    (
        "unknown variant dose key",
        HEAD + _with(VARIANTS, "{ target = 15,", "{ targt = 15,"),
        "exercise[0].variant[1].dose.targt",
        "did you mean 'target'",
        "targt",
    ),
    # Wrong types everywhere.
    (
        "number for id",
        _with(HEAD, 'id = "r1"', "id = 5") + HOLD,
        "id",
        "found the number 5",
        "id = 5",
    ),
    (
        "bool for name",
        _with(HEAD, 'name = "Routine"', "name = true") + HOLD,
        "name",
        "found the boolean true",
        "name = true",
    ),
    ("bool where int", HEAD + "step = true\n" + HOLD, "step", "found the boolean true", "step"),
    ("string where int", HEAD + 'step = "2"\n' + HOLD, "step", "found the text '2'", "step"),
    ("float where int", HEAD + "step = 2.5\n" + HOLD, "step", "whole number", "step"),
    ("string pain limit", HEAD + 'pain_limit = "2"\n' + HOLD, "pain_limit", "whole number", "pain"),
    (
        "bool seconds",
        HEAD + "lead_in_s = true\n" + HOLD,
        "lead_in_s",
        "found the boolean true",
        "lead_in_s",
    ),
    (
        "string seconds",
        HEAD + 'lead_in_s = "5"\n' + HOLD,
        "lead_in_s",
        "found the text '5'",
        "lead_in_s",
    ),
    (
        "date seconds",
        HEAD + "lead_in_s = 2024-01-01\n" + HOLD,
        "lead_in_s",
        "found the date 2024-01-01",
        "lead_in_s",
    ),
    (
        "string equipment",
        HEAD + 'equipment = "roman chair"\n' + HOLD,
        "equipment",
        "list of text",
        "equipment",
    ),
    (
        "numbers in equipment",
        HEAD + "equipment = [1]\n" + HOLD,
        "equipment",
        "list of text",
        "equipment",
    ),
    (
        "number frequency",
        _with(HEAD, 'frequency = "daily"', "frequency = 2") + HOLD,
        "frequency",
        "found the number 2",
        "frequency",
    ),
    (
        "exercise as a table",
        HEAD + '\n[exercise]\nid = "e1"\n',
        "exercise",
        "found a table",
        "[exercise]",
    ),
    (
        "empty exercise list",
        HEAD + "exercise = []\n",
        "exercise",
        "found a list of 0 items",
        "exercise",
    ),
    (
        "exercise list of text",
        HEAD + 'exercise = ["hold"]\n',
        "exercise[0]",
        "expected a table, found the text 'hold'",
        "exercise",
    ),
    (
        "dose a number",
        HEAD + _with(HOLD, "dose = { target = 30, min = 30, max = 60, step = 10 }", "dose = 30"),
        "exercise[0].dose",
        "found the number 30",
        "dose",
    ),
    (
        "dose a list",
        HEAD
        + _with(HOLD, "dose = { target = 30, min = 30, max = 60, step = 10 }", "dose = [30, 60]"),
        "exercise[0].dose",
        "expected a table, found a list of 2 items",
        "dose",
    ),
    (
        "variant a table",
        HEAD + HOLD + 'variant = { id = "a", name = "b" }\n',
        "exercise[0].variant",
        "found a table",
        "variant",
    ),
    (
        "tempo a list",
        HEAD + _with(REPS, 'kind = "reps"', 'kind = "reps"\ntempo = [4, 1, 2]'),
        "exercise[0].tempo",
        "expected a table, found a list of 3 items",
        "tempo",
    ),
    (
        "float sets",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\nsets = 2.0'),
        "exercise[0].sets",
        "whole number from 1 to 20",
        "sets",
    ),
    (
        "number sides",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\nsides = 1'),
        "exercise[0].sides",
        "found the number 1",
        "sides",
    ),
    (
        "string rest",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\nrest_s = "60"'),
        "exercise[0].rest_s",
        "found the text '60'",
        "rest_s",
    ),
    (
        "string target",
        HEAD + _with(HOLD, "target = 30", 'target = "30"'),
        "exercise[0].dose.target",
        "found the text '30'",
        "dose",
    ),
    (
        "fractional reps",
        HEAD + _with(REPS, "target = 10,", "target = 10.5,"),
        "exercise[0].dose.target",
        "whole number",
        "dose",
    ),
    (
        "string kind list",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = ["hold"]'),
        "exercise[0].kind",
        "found a list of 1 item",
        "kind",
    ),
    # Impossible values.
    (
        "zero hold",
        HEAD + _with(HOLD, "target = 30, min = 30", "target = 0, min = 0"),
        "exercise[0].dose.target",
        "more than 0",
        "dose",
    ),
    (
        "negative hold",
        HEAD + _with(HOLD, "target = 30, min = 30", "target = -5, min = -5"),
        "exercise[0].dose.target",
        "found the number -5",
        "dose",
    ),
    (
        "nan hold",
        HEAD + _with(HOLD, "target = 30", "target = nan"),
        "exercise[0].dose.target",
        "found the number nan",
        "dose",
    ),
    (
        "inf hold",
        HEAD + _with(HOLD, "max = 60", "max = inf"),
        "exercise[0].dose.max",
        "found the number inf",
        "dose",
    ),
    (
        "negative inf",
        HEAD + _with(HOLD, "min = 30", "min = -inf"),
        "exercise[0].dose.min",
        "found the number -inf",
        "dose",
    ),
    (
        "hold of a week",
        HEAD + _with(HOLD, "max = 60", "max = 604800"),
        "exercise[0].dose.max",
        "at most 600",
        "dose",
    ),
    (
        "activity over four hours",
        HEAD + _with(_with(HOLD, '"hold"', '"activity"'), "max = 60", "max = 20000"),
        "exercise[0].dose.max",
        "at most 14400",
        "dose",
    ),
    (
        "repeated hold over two minutes",
        HEAD + _with(REPEATED, "max = 10", "max = 121"),
        "exercise[0].dose.max",
        "at most 120",
        "dose",
    ),
    (
        "too many reps",
        HEAD + _with(REPS, "max = 20", "max = 501"),
        "exercise[0].dose.max",
        "from 1 to 500",
        "dose",
    ),
    (
        "zero reps",
        HEAD + _with(REPS, "target = 10, min = 10", "target = 0, min = 0"),
        "exercise[0].dose.target",
        "from 1 to 500",
        "dose",
    ),
    (
        "min above max",
        HEAD + _with(HOLD, "min = 30, max = 60", "min = 90, max = 60"),
        "exercise[0].dose.min",
        "above max",
        "dose",
    ),
    (
        "target above max",
        HEAD + _with(HOLD, "target = 30", "target = 90"),
        "exercise[0].dose.target",
        "inside the range 30–60 s, found 90",
        "dose",
    ),
    (
        "target below min",
        HEAD + _with(HOLD, "target = 30", "target = 20"),
        "exercise[0].dose.target",
        "found 20",
        "dose",
    ),
    (
        "step bigger than range",
        HEAD + _with(HOLD, "step = 10", "step = 45"),
        "exercise[0].dose.step",
        "larger than the whole range",
        "dose",
    ),
    (
        "zero step",
        HEAD + _with(HOLD, "step = 10", "step = 0"),
        "exercise[0].dose.step",
        "more than 0",
        "dose",
    ),
    (
        "zero sets",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\nsets = 0'),
        "exercise[0].sets",
        "from 1 to 20, found the number 0",
        "sets",
    ),
    (
        "too many sets",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\nsets = 21'),
        "exercise[0].sets",
        "found the number 21",
        "sets",
    ),
    (
        "pain limit 11",
        HEAD + "pain_limit = 11\n" + HOLD,
        "pain_limit",
        "from 0 to 10",
        "pain_limit",
    ),
    (
        "pain limit over the pain rule's 2",
        HEAD + "pain_limit = 3\n" + HOLD,
        "pain_limit",
        "expected 0, 1 or 2, found the number 3: the pain rule allows at most 2/10",
        "pain_limit",
    ),
    (
        "exercise pain limit over the pain rule's 2",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\npain_limit = 4'),
        "exercise[0].pain_limit",
        "found the number 4: the pain rule allows at most 2/10",
        "pain_limit",
    ),
    (
        "negative pain limit",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\npain_limit = -1'),
        "exercise[0].pain_limit",
        "found the number -1",
        "pain_limit",
    ),
    ("negative lead-in", HEAD + "lead_in_s = -1\n" + HOLD, "lead_in_s", "at least 0", "lead_in_s"),
    (
        "long lead-in",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\nlead_in_s = 121'),
        "exercise[0].lead_in_s",
        "at most 120",
        "lead_in_s",
    ),
    (
        "long rest",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\nrest_s = 1801'),
        "exercise[0].rest_s",
        "at most 1800",
        "rest_s",
    ),
    (
        "zero seconds per rep",
        HEAD + _with(REPS, 'kind = "reps"', 'kind = "reps"\nseconds_per_rep = 0'),
        "exercise[0].seconds_per_rep",
        "found the number 0",
        "seconds_per_rep",
    ),
    (
        "zero tempo",
        HEAD + _with(REPS, 'kind = "reps"', 'kind = "reps"\ntempo = { lower_s = 0 }'),
        "exercise[0].tempo.lower_s",
        "more than 0",
        "tempo",
    ),
    (
        "tempo without lower",
        HEAD + _with(REPS, 'kind = "reps"', 'kind = "reps"\ntempo = { up_s = 2 }'),
        "exercise[0].tempo.lower_s",
        "found nothing",
        "tempo",
    ),
    (
        "negative pause",
        HEAD + _with(REPS, 'kind = "reps"', 'kind = "reps"\ntempo = { lower_s = 3, pause_s = -1 }'),
        "exercise[0].tempo.pause_s",
        "found the number -1",
        "tempo",
    ),
    (
        "band out of order",
        HEAD + FAILURE + "band = { target = 10, low = 15, high = 30 }\n",
        "exercise[0].band",
        "low < target < high",
        "band",
    ),
    (
        "zero repeat",
        HEAD + _with(REPEATED, "count = 6", "count = 0"),
        "exercise[0].repeat.count",
        "from 1 to 100",
        "repeat = ",
    ),
    (
        "repeat without count",
        HEAD + _with(REPEATED, "count = 6, ", ""),
        "exercise[0].repeat.count",
        "found nothing",
        "repeat = ",
    ),
    ("step 0", HEAD + "step = 0\n" + HOLD, "step", "from 1 to 99", "step"),
    ("step 100", HEAD + "step = 100\n" + HOLD, "step", "found the number 100", "step"),
    ("order 0", HEAD + "order = 0\n" + HOLD, "order", "from 1 to 999", "order"),
    (
        "integer beyond a float",
        HEAD + "lead_in_s = " + "9" * 400 + "\n" + HOLD,
        "lead_in_s",
        "at most 120",
        "lead_in_s",
    ),
    (
        "integer beyond a float in a dose",
        HEAD + _with(HOLD, "max = 60", "max = 1" + "0" * 400),
        "exercise[0].dose.max",
        "at most 600",
        "dose",
    ),
    # Ids and text.
    (
        "id with a space",
        _with(HEAD, '"r1"', '"my routine"') + HOLD,
        "id",
        "lower-case letters",
        "id = ",
    ),
    ("id in capitals", _with(HEAD, '"r1"', '"R1"') + HOLD, "id", "found the text 'R1'", "id = "),
    (
        "id with outer spaces",
        _with(HEAD, '"r1"', '" r1 "') + HOLD,
        "id",
        "lower-case letters",
        "id = ",
    ),
    ("empty id", _with(HEAD, '"r1"', '""') + HOLD, "id", "lower-case letters", "id = "),
    (
        "id of 65 characters",
        _with(HEAD, '"r1"', '"' + "a" * 65 + '"') + HOLD,
        "id",
        "at most 64",
        "id = ",
    ),
    ("id ending in a newline", _with(HEAD, '"r1"', '"r1\\n"') + HOLD, "id", "lower-case", "id = "),
    (
        "exercise id in capitals",
        HEAD + _with(HOLD, '"e1"', '"Static Hold"'),
        "exercise[0].id",
        "lower-case letters",
        'id = "Static',
    ),
    ("next in capitals", HEAD + 'next = "A3"\n' + HOLD, "next", "found the text 'A3'", "next"),
    ("next names itself", HEAD + 'next = "r1"\n' + HOLD, "next", "after itself", "next"),
    (
        "cue over 400",
        HEAD + _with(HOLD, 'kind = "hold"', f'kind = "hold"\ncue = "{"x" * 401}"'),
        "exercise[0].cue",
        "at most 400 characters, found 401",
        "cue",
    ),
    (
        "name over 400",
        _with(HEAD, '"Routine"', '"' + "n" * 500 + '"') + HOLD,
        "name",
        "found 500",
        "name = ",
    ),
    ("empty name", _with(HEAD, '"Routine"', '"  "') + HOLD, "name", "empty", "name = "),
    (
        "empty exercise name",
        HEAD + _with(HOLD, '"Hold"', '""'),
        "exercise[0].name",
        "empty",
        'name = ""',
    ),
    (
        "bad frequency",
        _with(HEAD, '"daily"', '"dialy"') + HOLD,
        "frequency",
        "did you mean 'daily'",
        "frequency",
    ),
    (
        "frequency far off",
        _with(HEAD, '"daily"', '"weekly"') + HOLD,
        "frequency",
        "one of '3-per-day'",
        "frequency",
    ),
    (
        "bad kind",
        HEAD + _with(HOLD, '"hold"', '"hodl"'),
        "exercise[0].kind",
        "did you mean 'hold'",
        "kind",
    ),
    (
        "bad sides",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\nsides = "eahc"'),
        "exercise[0].sides",
        "did you mean 'each'",
        "sides",
    ),
    # Structure.
    (
        "duplicate exercise ids",
        HEAD + HOLD + _with(HOLD, '"Hold"', '"Again"'),
        "exercise[1].id",
        "duplicate exercise id 'e1' (also exercise[0])",
        None,
    ),
    (
        "duplicate variant ids",
        HEAD + _with(VARIANTS, '"single-leg"', '"pad-high"'),
        "exercise[0].variant[1].id",
        "duplicate variant id 'pad-high'",
        None,
    ),
    (
        "current variant naming nothing",
        HEAD + _with(VARIANTS, 'kind = "hold"', 'kind = "hold"\ncurrent_variant = "single-lge"'),
        "exercise[0].current_variant",
        "did you mean 'single-leg'",
        "current_variant",
    ),
    (
        "current variant far off",
        HEAD + _with(VARIANTS, 'kind = "hold"', 'kind = "hold"\ncurrent_variant = "zzz"'),
        "exercise[0].current_variant",
        "variants: pad-high, single-leg",
        "current_variant",
    ),
    (
        "current variant without variants",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\ncurrent_variant = "one-leg"'),
        "exercise[0].current_variant",
        "no variant has the id 'one-leg'",
        "current_variant",
    ),
    (
        "tempo on a hold",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\ntempo = { lower_s = 3 }'),
        "exercise[0].tempo",
        "only an exercise of kind 'reps' takes 'tempo'",
        "tempo",
    ),
    (
        "band on reps",
        HEAD + _with(REPS, 'kind = "reps"', 'kind = "reps"\nband = { target = 20 }'),
        "exercise[0].band",
        "kind 'reps_to_failure'",
        "band",
    ),
    (
        "repeat on a hold",
        HEAD + _with(HOLD, 'kind = "hold"', 'kind = "hold"\nrepeat = { count = 3 }'),
        "exercise[0].repeat",
        "kind 'repeated_hold'",
        "repeat = ",
    ),
    (
        "repeated hold without repeat",
        HEAD + _with(REPEATED, "repeat = { count = 6, relax_s = 3 }", ""),
        "exercise[0].repeat",
        "needs a repeat table",
        "[[exercise]]",
    ),
    (
        "reps to failure with a dose",
        HEAD + FAILURE + "dose = { target = 20 }\n",
        "exercise[0].dose",
        "take a band, not a dose",
        "dose",
    ),
    (
        "reps to failure variant with a dose",
        HEAD + FAILURE + '\n[[exercise.variant]]\nid = "v"\nname = "V"\ndose = { target = 5 }\n',
        "exercise[0].variant[0].dose",
        "take a band, not a dose",
        "dose = { target = 5",
    ),
    (
        "missing dose",
        HEAD + _with(HOLD, "dose = { target = 30, min = 30, max = 60, step = 10 }", ""),
        "exercise[0].dose",
        "expected a dose table in seconds",
        "[[exercise]]",
    ),
    (
        "missing dose of reps",
        HEAD + _with(REPS, "dose = { target = 10, min = 10, max = 20, step = 2 }", ""),
        "exercise[0].dose",
        "target = 10",
        "[[exercise]]",
    ),
    (
        "variant without any dose",
        HEAD + _with(VARIANTS, "dose = { target = 30, min = 30, max = 60, step = 10 }", ""),
        "exercise[0].variant[0].dose",
        "needs a dose",
        "[[exercise.variant]]",
    ),
    (
        "dose without target",
        HEAD + _with(HOLD, "target = 30, ", ""),
        "exercise[0].dose.target",
        "found nothing",
        "dose",
    ),
    # Missing required keys: the line falls back to the enclosing table, or none at the top.
    ("missing id", _with(HEAD, 'id = "r1"\n', "") + HOLD, "id", "found nothing", None),
    ("missing name", _with(HEAD, 'name = "Routine"\n', "") + HOLD, "name", "found nothing", None),
    (
        "missing program",
        _with(HEAD, 'program = "A"\n', "") + HOLD,
        "program",
        "found nothing",
        None,
    ),
    (
        "missing frequency",
        _with(HEAD, 'frequency = "daily"\n', "") + HOLD,
        "frequency",
        "found nothing",
        None,
    ),
    ("missing exercises", HEAD, "exercise", "at least one [[exercise]]", None),
    (
        "missing exercise id",
        HEAD + _with(HOLD, 'id = "e1"\n', ""),
        "exercise[0].id",
        "found nothing",
        "[[exercise]]",
    ),
    (
        "missing kind",
        HEAD + _with(HOLD, 'kind = "hold"\n', ""),
        "exercise[0].kind",
        "found nothing",
        "[[exercise]]",
    ),
    (
        "missing variant name",
        HEAD + _with(VARIANTS, 'name = "Pad high"\n', ""),
        "exercise[0].variant[0].name",
        "found nothing",
        "[[exercise.variant]]",
    ),
]


@pytest.mark.parametrize(
    ("text", "key", "words", "fragment"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_malformed_routine_is_refused(
    tmp_path: Path, text: str, key: str, words: str, fragment: str | None
) -> None:
    problems = _load(tmp_path, text)
    problem = _one(problems, key)
    assert words in problem.message
    if fragment is None:
        if key in ("id", "name", "program", "frequency", "exercise"):
            assert problem.line is None
    elif fragment == "[[exercise]]":
        assert problem.line == _line(text, "[[exercise]]")
    else:
        assert problem.line == _line(text, fragment)


def test_duplicate_ids_point_at_the_second_one(tmp_path: Path) -> None:
    text = HEAD + HOLD + _with(HOLD, '"Hold"', '"Again"')
    problem = _one(_load(tmp_path, text), "exercise[1].id")
    second = [n for n, line in enumerate(text.splitlines(), 1) if line == 'id = "e1"'][1]
    assert problem.line == second


def test_only_keys_that_were_written_are_blamed(tmp_path: Path) -> None:
    # min and max default to the target; a bad target must not be reported three times.
    problems = _load(
        tmp_path,
        HEAD + _with(HOLD, "{ target = 30, min = 30, max = 60, step = 10 }", "{ target = -5 }"),
    )
    assert [problem.key for problem in problems] == ["exercise[0].dose.target"]


def test_bad_band_is_not_also_a_missing_dose(tmp_path: Path) -> None:
    problems = _load(tmp_path, HEAD + FAILURE + "band = { target = 50, low = 15, high = 30 }\n")
    assert [problem.key for problem in problems] == ["exercise[0].band"]


def test_current_variant_is_stored_as_checked(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    text = HEAD + _with(VARIANTS, 'kind = "hold"', 'kind = "hold"\ncurrent_variant = "single-leg"')
    path.write_text(text, encoding="utf-8")
    routine, _ = load_routine_file(path)
    assert routine is not None and routine.exercises[0].variant.id == "single-leg"


def test_every_problem_of_a_file_is_reported_together(tmp_path: Path) -> None:
    text = """\
id = "Bad Id"
name = 3
program = "A"
frequency = "dialy"
pain_limit = 12
colour = "red"

[[exercise]]
id = "e1"
name = "Hold"
kind = "hold"
sets = 0
dose = { target = 604800 }

[[exercise]]
id = "e2"
name = "Reps"
kind = "reps"
tempo = { lower_s = -1 }
dose = { target = 10, min = 20, max = 15 }

[[exercise]]
id = "e3"
name = "Bird-dog"
kind = "repeated_hold"
dose = { target = 8 }
"""
    problems = _load(tmp_path, text)
    by_key = {problem.key: problem.line for problem in problems}
    assert by_key == {
        "id": 1,
        "name": 2,
        "frequency": 4,
        "pain_limit": 5,
        "colour": 6,
        "exercise[0].sets": 12,
        "exercise[0].dose.target": 13,
        "exercise[1].tempo.lower_s": 19,
        "exercise[1].dose.min": 20,
        "exercise[2].repeat": 22,
    }


# Line numbers in every TOML shape ----------------------------------------------------------


def test_line_in_a_sub_table(tmp_path: Path) -> None:
    text = (
        HEAD
        + """
[[exercise]]
id = "e1"
name = "Hold"
kind = "hold"

[exercise.dose]
target = 30
min = 30
max = 6000
"""
    )
    assert _one(_load(tmp_path, text), "exercise[0].dose.max").line == _line(text, "max = 6000")


def test_line_in_the_third_array_table(tmp_path: Path) -> None:
    text = (
        HEAD
        + HOLD
        + _with(HOLD, '"e1"', '"e2"')
        + _with(HOLD, 'kind = "hold"', 'kind = "hold"\nrest_s = -3').replace('"e1"', '"e3"')
    )
    problem = _one(_load(tmp_path, text), "exercise[2].rest_s")
    assert problem.line == _line(text, "rest_s = -3")


def test_line_in_a_variant_table(tmp_path: Path) -> None:
    text = HEAD + _with(VARIANTS, 'sides = "each"', 'sides = "every"')
    problem = _one(_load(tmp_path, text), "exercise[0].variant[1].sides")
    assert problem.line == _line(text, 'sides = "every"')


def test_line_of_a_dotted_key(tmp_path: Path) -> None:
    text = (
        HEAD
        + """
[[exercise]]
id = "e1"
name = "Hold"
kind = "hold"
dose.target = 30
dose.max = 0
"""
    )
    problems = _load(tmp_path, text)
    assert _one(problems, "exercise[0].dose.max").line == _line(text, "dose.max")


def test_line_after_multiline_strings(tmp_path: Path) -> None:
    text = '''\
id = "r1"
name = "Routine"
description = """
A long text.
[[exercise]]
kind = "not really"
"""
program = "A"
frequency = "daily"

[[exercise]]
id = "e1"
name = "Hold"
cue = \'\'\'
Keep still.
sets = 99
\'\'\'
kind = "hold"
sets = 0
dose = { target = 30 }
'''
    problems = _load(tmp_path, text)
    assert _one(problems, "exercise[0].sets").line == 19


def test_line_after_a_multiline_array(tmp_path: Path) -> None:
    text = (
        HEAD
        + """equipment = [
  "roman chair",
  "mat",
]
pain_limit = 99
"""
        + HOLD
    )
    assert _one(_load(tmp_path, text), "pain_limit").line == _line(text, "pain_limit")


def test_line_of_an_inline_array_of_exercises(tmp_path: Path) -> None:
    text = HEAD + 'exercise = [{ id = "e1", name = "x", kind = "hold", dose = { target = 0 } }]\n'
    problem = _one(_load(tmp_path, text), "exercise[0].dose.target")
    assert problem.line == _line(text, "exercise = [")


def test_problem_text_names_file_line_and_key(tmp_path: Path) -> None:
    text = HEAD + "pain_limit = 11\n" + HOLD
    problem = _one(_load(tmp_path, text), "pain_limit")
    path = tmp_path / "routine.toml"
    assert str(problem) == (
        f"{path}:5: pain_limit: expected a whole number from 0 to 10, found the number 11"
    )


# Limits on the size of the report -----------------------------------------------------------


def test_a_flood_of_problems_is_capped_and_says_so(tmp_path: Path) -> None:
    text = HEAD + "".join(f"k{i} = {i}\n" for i in range(5000)) + HOLD
    problems = _load(tmp_path, text)
    assert len(problems) == MAX_PROBLEMS + 1
    assert "more problems" in problems[-1].message
    assert "4900" in problems[-1].message


def test_thousands_of_exercises_do_not_overwhelm(tmp_path: Path) -> None:
    text = HEAD + "".join(
        f'[[exercise]]\nid = "e{i}"\nname = "x"\nkind = "hodl"\ndose = {{ target = 1 }}\n'
        for i in range(3000)
    )
    problems = _load(tmp_path, text)
    assert len(problems) == MAX_PROBLEMS + 1
    assert "checking stopped early" in problems[-1].message
    assert problems[0].key == "exercise[0].kind"


# Never raises ---------------------------------------------------------------------------------


def test_random_mutations_never_raise(tmp_path: Path) -> None:
    # A small, seeded version of the fuzzing done by hand; the contract is "never raises".
    base = (HEAD + VARIANTS + REPEATED.replace('"e1"', '"e2"')).encode()
    tokens = [
        b"[",
        b"]",
        b"{",
        b"}",
        b"=",
        b'"',
        b"'",
        b'"""',
        b"\n",
        b".",
        b"-1",
        b"nan",
        b"1e999",
        b"9" * 30,
        b"[[exercise]]",
        b"\xff",
        b"\x00",
        b"true",
    ]
    rng = random.Random(20240601)
    path = tmp_path / "fuzz.toml"
    for _ in range(300):
        data = bytearray(base)
        for _ in range(rng.randrange(1, 6)):
            position = rng.randrange(len(data) + 1)
            if rng.random() < 0.5 and data:
                del data[position : position + rng.randrange(1, 12)]
            else:
                data[position:position] = rng.choice(tokens)
        path.write_bytes(bytes(data))
        routine, problems = load_routine_file(path)
        assert (routine is None) == bool(problems)
        assert all(problem.file == str(path) for problem in problems)


def test_duplicates_and_current_variant_are_found_beside_other_faults(tmp_path: Path) -> None:
    text = (
        HEAD
        + _with(HOLD, "target = 30", "target = 0")
        + _with(VARIANTS, 'kind = "hold"', 'kind = "hold"\ncurrent_variant = "pad-hi"').replace(
            "step = 10 }", "step = 500 }"
        )
    )
    problems = _load(tmp_path, text)
    keys = [problem.key for problem in problems]
    assert "exercise[1].id" in keys  # 'e1' twice, though both exercises have other faults
    assert "did you mean 'pad-high'" in _one(problems, "exercise[1].current_variant").message
    # The exercise wrote a dose (a faulty one): its variants are not told they lack one.
    assert not [key for key in keys if key.startswith("exercise[1].variant")]


def test_problems_come_in_file_order(tmp_path: Path) -> None:
    text = _with(HEAD, 'frequency = "daily"', 'frequency = "dialy"\nzzz = 1') + _with(
        HOLD, 'kind = "hold"', 'kind = "hodl"'
    )
    text = _with(text, 'name = "Routine"\n', "")
    problems = _load(tmp_path, text)
    assert [problem.key for problem in problems] == ["name", "frequency", "zzz", "exercise[0].kind"]
