"""The one pain limit and the shorten amount, as pure rules.

Program, safety rules: "Pain rule: 0/10, or at most 1–2/10, during and after an exercise. Above
that, the exercise is too much today: shorten, regress, or stop."
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backtimer.domain.pain import (
    PROGRAM_PAIN_LIMIT,
    loads_the_back,
    pain_choice_words,
    pain_limit,
    shortened,
    with_pain_limit,
)
from backtimer.domain.records import PainChoice
from tests.support.engine import a2, one_exercise


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        ((), 2),
        ((None, None), 2),
        ((1,), 1),
        ((None, 2, 0), 0),
        ((5, 10), 2),  # never above the rule's 2, whatever a caller passes
        ((2, 1, 2), 1),
    ],
)
def test_the_one_limit_is_the_lowest_and_never_over_2(
    limits: tuple[int | None, ...], expected: int
) -> None:
    assert PROGRAM_PAIN_LIMIT == 2
    assert pain_limit(*limits) == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [(30, 21), (120, 84), (45, 32), (12, 8), (10, 7), (3, 2), (2, 1), (1, None)],
)
def test_shorten_takes_30_percent_off_in_whole_units(target: float, expected: float) -> None:
    """Shorten: whole seconds or reps, at least one less, never below 1."""
    assert shortened(target) == expected


def test_a_mobility_routine_does_not_load_the_back_a_hold_does() -> None:
    assert loads_the_back(a2())
    gentle = one_exercise('id = "m"\nname = "M"\nkind = "movement"\ndose = { target = 30 }\n')
    assert not loads_the_back(gentle)


def test_with_pain_limit_lowers_every_exercise_and_keeps_an_unchanged_routine() -> None:
    routine = a2()
    assert with_pain_limit(routine, None) is routine
    assert with_pain_limit(routine, 2) is routine
    lowered = with_pain_limit(routine, 1)
    assert lowered.pain_limit == 1 and {e.pain_limit for e in lowered.exercises} == {1}


@pytest.mark.parametrize(
    ("choice", "words"),
    [
        (PainChoice("x", "shorten", datetime.now(UTC), 4, "a", 30, 21), "shortened the rest: 30 → 21"),
        (PainChoice("x", "regress", datetime.now(UTC), 4, "b", 30, 30, "a"),
         "the easier variant for the rest (a)"),
        (PainChoice("x", "stop_exercise", datetime.now(UTC)), "stopped the exercise"),
        (PainChoice("x", "end", datetime.now(UTC)), "ended the session"),
        (PainChoice("x", "continue", datetime.now(UTC)), "carried on (no longer offered)"),
    ],
)  # fmt: skip
def test_a_recorded_choice_reads_in_words(choice: PainChoice, words: str) -> None:
    assert pain_choice_words(choice) == words
