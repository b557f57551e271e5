"""The shipped routines carry the program's form points and the doses issue 12 corrected.

Each rule quotes the line of `program.md` it checks ("Form points the sources stress" and the
programs' tables). Points are matched on their meaning's key words, so the wording stays free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from backtimer.domain.routine import Exercise, Kind, Routine, Sides
from backtimer.engine.work import tempo_beats
from backtimer.storage.library import Library, load_library
from backtimer.storage.paths import Dirs

SHIPPED = Path(__file__).resolve().parent.parent / "routines"

A5 = (
    "y-raise",
    "w-raise",
    "l-raise",
    "t-raise",
    "lower-trap-raise",
    "draw-a-square",
    "one-arm-row",
    "side-lift",
)
ROMAN_CHAIR = (
    ("a2-static-holds", "static-hold"),
    ("a3-eccentric", "slow-lowering"),
    ("a4-concentric", "lower-and-lift"),
    *(("a5-functional", exercise_id) for exercise_id in A5),
    ("b-isometrics", "roman-chair-hold"),
    ("e-gym-strength", "hyperextension"),
)
TORSO_LIFTS = (("e-gym-strength", "torso-lift"),)
PRONE = (
    ("b-isometrics", "modified-superman"),
    ("b-gradual-range", "prone-extension"),
    ("b-isometrics", "prone-cobra"),
    ("e-gym-strength", "torso-lift"),
)
BIRD_DOGS = (("b-isometrics", "bird-dog"), ("b-reconnect", "bird-dog-reps"))
BRIDGES = (("b-isometrics", "glute-bridge"), ("c-sciatica", "glute-bridge"))
CAT_COWS = (("b-reconnect", "cat-cow"), ("c-sciatica", "cat-cow"))
KETTLEBELL_DEADLIFT = (("e-gym-strength", "kettlebell-sumo-deadlift"),)
BRACED = (
    *ROMAN_CHAIR,
    *BIRD_DOGS,
    ("b-isometrics", "plank"),
    ("b-isometrics", "dead-bug"),
    ("b-isometrics", "pallof-press"),
    ("e-gym-strength", "good-morning"),
    ("e-gym-strength", "romanian-deadlift"),
    ("e-gym-strength", "reverse-plank"),
    *KETTLEBELL_DEADLIFT,
)


@dataclass(frozen=True)
class Rule:
    """A form point the program asks for, the words that say it, and where it must be said."""

    quote: str
    patterns: tuple[str, ...]
    """Every pattern must match the points of every rung."""
    where: tuple[tuple[str, str], ...]


RULES = [
    Rule(
        "Neutral spine, no arching or hyperextension past a straight line (Roman chair)",
        (
            r"neutral|straight line|flat",
            r"no higher than|past (the|a) (straight )?line|past the line of the legs|past it",
        ),
        ROMAN_CHAIR,
    ),
    Rule(
        "Torso lifts and hyperextensions: no higher than a straight line, feet stay in contact",
        (r"no higher than a straight line", r"feet stay"),
        (*TORSO_LIFTS, ("e-gym-strength", "hyperextension")),
    ),
    Rule("On the Roman chair, hips secure on the pad", (r"hips secure on the pad",), ROMAN_CHAIR),
    Rule("brace the core", (r"brac|tighten the core",), BRACED),
    Rule("neck neutral (chin tucked, long neck) in prone work", (r"neck long|chin",), PRONE),
    Rule("bird-dog: hips level and still", (r"level and still",), BIRD_DOGS),
    Rule(
        "hip-flexor stretch: don't arch the back",
        (r"don't arch",),
        (("b-decompression", "hip-flexor-stretch"),),
    ),
    Rule("cat-cow: never force the end range", (r"never force the end",), CAT_COWS),
    Rule(
        "bridge: thighs in line with the torso, feet closer if the hamstrings cramp",
        (r"thighs in line with the torso", r"cramp.*closer"),
        BRIDGES,
    ),
    Rule(
        "Kettlebell deadlift: tighten the core before standing, hinge at the hips more than the "
        "knees, breathe throughout",
        (r"tighten the core before", r"hips more than the knees", r"breathe throughout"),
        KETTLEBELL_DEADLIFT,
    ),
    Rule(
        "Ball rolls: the knees bend, the spine does not",
        (r"knees bend.*spine does not",),
        (("e-gym-strength", "ball-bridge-roll"),),
    ),
    Rule(
        "Pause briefly at the bottom of good mornings and Romanian deadlifts",
        (r"pause .*bottom",),
        (("e-gym-strength", "good-morning"), ("e-gym-strength", "romanian-deadlift")),
    ),
]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = tmp_path_factory.mktemp("backtimer")
    return load_library(Dirs(config=root / "config", data=root / "data"), shipped=SHIPPED)


def exercise(library: Library, routine_id: str, exercise_id: str) -> Exercise:
    routine = library.get(routine_id)
    assert routine is not None, routine_id
    found = routine.exercise(exercise_id)
    assert found is not None, f"{routine_id} has no {exercise_id}"
    return found


def rungs(item: Exercise) -> list[tuple[str, str]]:
    """(variant id, every point in force on that rung, lower-cased) for each rung."""
    return [
        (rung.id, " | ".join(replace(item, variant_id=rung.id).form_points).lower())
        for rung in item.variants
    ]


def all_exercises(library: Library) -> list[tuple[Routine, Exercise]]:
    return [(r, e) for r in library.routines for e in r.exercises]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.quote[:50])
def test_form_point_from_the_program_is_on_every_rung(library: Library, rule: Rule) -> None:
    for routine_id, exercise_id in rule.where:
        for rung_id, text in rungs(exercise(library, routine_id, exercise_id)):
            for pattern in rule.patterns:
                assert re.search(pattern, text), f"{routine_id}/{exercise_id}/{rung_id}: {pattern}"


def test_every_hold_says_to_breathe(library: Library) -> None:
    """ "breathe steadily, never hold the breath in a hold"."""
    for routine, item in all_exercises(library):
        if item.kind in (Kind.HOLD, Kind.REPEATED_HOLD):
            for rung_id, text in rungs(item):
                assert "breath" in text, f"{routine.id}/{item.id}/{rung_id}"


def test_a2_explains_its_asymmetric_position(library: Library) -> None:
    """A step 2: "asymmetric static hold on the Roman chair", whose progression is "one-leg holds
    ... each side": the two-leg rungs say the hold is uneven, how (one leg takes more of the
    weight) and that the other side gets its turn; the one-leg rung works each side in turn."""
    item = exercise(library, "a2-static-holds", "static-hold")
    for rung_id, text in rungs(item):
        if rung_id == "single-leg":
            assert replace(item, variant_id=rung_id).sides is Sides.EACH
        else:
            assert "asymmetric" in text and "one leg" in text and "other" in text, rung_id
            assert "stagger" not in text, rung_id
    routine = library.get("a2-static-holds")
    assert routine is not None and "asymmetric" in routine.description


def test_lead_in_points_come_first(library: Library) -> None:
    """The points spoken in the lead-in are the first ones: the safety points lead."""
    for routine_id, exercise_id in ROMAN_CHAIR[:3]:
        first = exercise(library, routine_id, exercise_id).form[0].lower()
        assert "hips secure on the pad" in first, routine_id


# --- doses and orders ---------------------------------------------------------------------------


def test_bird_dog_reps_are_5_to_10_per_side_with_a_short_hold(library: Library) -> None:
    """B: "alternating: 5–10 reps per side with a short hold"."""
    item = exercise(library, "b-reconnect", "bird-dog-reps")
    assert (item.dose.min, item.dose.max, item.dose.target) == (5, 10, 5)
    assert item.sides is Sides.ALTERNATING and item.tempo is not None
    assert [word for word, _ in tempo_beats(item.tempo)] == ["Up", "Hold", "Lower"]


def test_bird_dog_holds_start_near_8_s_and_build_to_20(library: Library) -> None:
    """B: "steady holds of 8–20 s, 2–3 per side (start near 8–10 s, build to 20 s)"."""
    item = exercise(library, "b-isometrics", "bird-dog")
    for rung in item.variants:
        assert (rung.dose.min, rung.dose.max) == (8, 20), rung.id
        assert 8 <= rung.dose.target <= 10, rung.id
    assert item.repeat is not None and item.repeat.count in (4, 6)


def test_glute_bridge_lifts_holds_2_s_then_lowers(library: Library) -> None:
    """B: "lift, hold 2 s at the top, lower (the work starts lying down, so 'up' comes first)"."""
    for routine_id, exercise_id in BRIDGES:
        tempo = exercise(library, routine_id, exercise_id).tempo
        assert tempo is not None, routine_id
        beats = tempo_beats(tempo)
        assert [word for word, _ in beats] == ["Up", "Hold", "Lower"], routine_id
        assert beats[1][1] == 2, routine_id


def test_roman_chair_hold_angles(library: Library) -> None:
    """B: "torso a little below horizontal, then raised to a slight incline; easier with the
    torso angled lower"."""
    item = exercise(library, "b-isometrics", "roman-chair-hold")
    assert [v.id for v in item.variants] == ["angled-lower", "below-horizontal", "slight-incline"]
    assert item.variant_id == "below-horizontal"
    names = [v.name.lower() for v in item.variants]
    assert "lower" in names[0] and "easier" in names[0]
    assert "below horizontal" in names[1] and "slight incline" in names[2]


@pytest.mark.parametrize(
    ("routine_id", "exercise_id"),
    [
        ("b-isometrics", "modified-superman"),
        ("b-isometrics", "bird-dog"),
        ("b-isometrics", "dead-bug"),
    ],
)
def test_easier_variant_comes_first(library: Library, routine_id: str, exercise_id: str) -> None:
    """Issue 12: superman, bird-dog and dead bug get easier variants, easiest first."""
    item = exercise(library, routine_id, exercise_id)
    assert len(item.variants) >= 2
    assert "easier" in item.variants[0].name.lower()
    assert item.variant_id == item.variants[0].id


def test_good_mornings_and_romanian_deadlifts_pause_at_the_bottom(library: Library) -> None:
    """E: "Pause briefly at the bottom of good mornings and Romanian deadlifts"."""
    for exercise_id in ("good-morning", "romanian-deadlift"):
        tempo = exercise(library, "e-gym-strength", exercise_id).tempo
        assert tempo is not None and tempo.pause > 0, exercise_id
        assert [word for word, _ in tempo_beats(tempo)][:2] == ["Lower", "Pause"]
