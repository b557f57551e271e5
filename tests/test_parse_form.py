"""Form points in a routine file: a short list per exercise and per variant, each short enough to
speak, and the older single `cue` text still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.domain.routine import FORM_POINT_MAX, Routine
from backtimer.storage.routines import Problem, load_routine_file

HEAD = """\
id = "r1"
name = "Routine"
program = "A"
frequency = "daily"

[[exercise]]
id = "e1"
name = "Static hold"
kind = "hold"
dose = { target = 30, min = 30, max = 60, step = 10 }
"""


def _load(tmp_path: Path, text: str) -> tuple[Routine | None, list[Problem]]:
    path = tmp_path / "routine.toml"
    path.write_text(text, encoding="utf-8")
    return load_routine_file(path, source="user")


def _line(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_form_points_load_in_order(tmp_path: Path) -> None:
    text = HEAD + 'form = ["Hips on the pad", "Breathe steadily"]\n'
    routine, problems = _load(tmp_path, text)
    assert problems == [] and routine is not None
    assert routine.exercises[0].form_points == ("Hips on the pad", "Breathe steadily")


def test_a_variant_adds_its_points_to_the_exercise_points(tmp_path: Path) -> None:
    """Issue 12: a variant's points add to the base exercise's instead of replacing them."""
    text = (
        HEAD
        + 'form = ["Hips on the pad", "Breathe steadily"]\ncurrent_variant = "lower"\n'
        + '[[exercise.variant]]\nid = "high"\nname = "Pad high"\n'
        + '[[exercise.variant]]\nid = "lower"\nname = "Pad lower"\n'
        + 'form = ["More weight out in front"]\n'
    )
    routine, problems = _load(tmp_path, text)
    assert problems == [] and routine is not None
    exercise = routine.exercises[0]
    assert exercise.form_points == (
        "Hips on the pad",
        "Breathe steadily",
        "More weight out in front",
    )
    assert exercise.variants[0].form == ()


def test_old_cue_text_still_loads_one_point_per_sentence(tmp_path: Path) -> None:
    text = HEAD + 'cue = "Hips on the pad. Breathe and keep still."\n'
    routine, problems = _load(tmp_path, text)
    assert problems == [] and routine is not None
    assert routine.exercises[0].form_points == ("Hips on the pad.", "Breathe and keep still.")


LONG = "x" * (FORM_POINT_MAX + 1)


@pytest.mark.parametrize(
    ("written", "key", "words"),
    [
        ('form = "Hips on the pad"', "exercise[0].form", "a list of short texts"),
        ('form = ["Hips on the pad", ""]', "exercise[0].form[1]", "not empty"),
        ('form = ["Hips on the pad", 3]', "exercise[0].form[1]", "text in quotes"),
        (f'form = ["{LONG}"]', "exercise[0].form[0]", f"at most {FORM_POINT_MAX} characters"),
        ("form = [" + ", ".join('"a"' for _ in range(7)) + "]", "exercise[0].form", "at most 6"),
        ('form = ["a"]\ncue = "b"', "exercise[0].cue", "drop the older 'cue'"),
        (f'cue = "Short one. {LONG}."', "exercise[0].cue", "form = ["),
        ('forms = ["a"]', "exercise[0].forms", "did you mean 'form'"),
    ],
)
def test_bad_form_points_name_file_line_and_key(
    tmp_path: Path, written: str, key: str, words: str
) -> None:
    text = HEAD + written + "\n"
    routine, problems = _load(tmp_path, text)
    assert routine is None
    problem = next(p for p in problems if p.key == key)
    assert words in problem.message
    assert problem.line == _line(text, written.split("\n")[-1].split(" =")[0] + " =")
    assert str(tmp_path / "routine.toml") in str(problem)


def test_a_bad_variant_point_names_the_variant(tmp_path: Path) -> None:
    text = HEAD + '[[exercise.variant]]\nid = "v"\nname = "V"\nform = ["  "]\n'
    _, problems = _load(tmp_path, text)
    assert [p.key for p in problems] == ["exercise[0].variant[0].form[0]"]
    assert problems[0].line == _line(text, "form = ")


def test_a_tempo_may_start_at_the_bottom(tmp_path: Path) -> None:
    text = HEAD.replace('kind = "hold"', 'kind = "reps"').replace(
        "dose = { target = 30, min = 30, max = 60, step = 10 }",
        "dose = { target = 10 }\ntempo = { up_s = 2, top_s = 2, lower_s = 2, up_first = true }",
    )
    routine, problems = _load(tmp_path, text)
    assert problems == [] and routine is not None
    tempo = routine.exercises[0].tempo
    assert tempo is not None and tempo.up_first


def test_up_first_must_be_true_or_false(tmp_path: Path) -> None:
    text = HEAD.replace('kind = "hold"', 'kind = "reps"').replace(
        "dose = { target = 30, min = 30, max = 60, step = 10 }",
        'dose = { target = 10 }\ntempo = { lower_s = 2, up_first = "yes" }',
    )
    _, problems = _load(tmp_path, text)
    assert [p.key for p in problems] == ["exercise[0].tempo.up_first"]
    assert "true or false" in problems[0].message
    assert problems[0].line == _line(text, "tempo = ")
