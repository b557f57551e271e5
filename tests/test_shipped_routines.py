"""The shipped routine library carries the programs of the exercise brief, dose for dose.

Every number checked here comes from the brief (`program.md`): if a routine file drifts from it, a
test names the routine, the exercise and the wrong value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from backtimer.domain.rotation import DAILY_MOST
from backtimer.domain.routine import (
    FORM_POINT_MAX,
    FORM_POINTS_MAX,
    Exercise,
    Frequency,
    Kind,
    Routine,
    Sides,
    Variant,
)
from backtimer.storage.library import Library, load_library
from backtimer.storage.paths import Dirs

SHIPPED = Path(__file__).resolve().parent.parent / "routines"

PROGRAM_A = ("a1-mobility", "a2-static-holds", "a3-eccentric", "a4-concentric", "a5-functional")
PROGRAM_B = ("b-reconnect", "b-isometrics", "b-gradual-range", "b-decompression", "b-walk")
EXPECTED_IDS = {*PROGRAM_A, *PROGRAM_B, "c-sciatica", "d-reverse-hyper", "e-gym-strength"}

FREQUENCIES = {
    "a1-mobility": Frequency.THREE_PER_DAY,
    "a2-static-holds": Frequency.TWO_PER_DAY,
    "a3-eccentric": Frequency.DAILY,
    "a4-concentric": Frequency.EVERY_OTHER_DAY,
    "a5-functional": Frequency.ONE_TO_TWO_PER_WEEK,
    "b-reconnect": Frequency.DAILY,
    "b-isometrics": Frequency.DAILY,
    "b-gradual-range": Frequency.DAILY,
    "b-decompression": Frequency.DAILY,
    "b-walk": Frequency.DAILY,
    "c-sciatica": Frequency.DAILY,
    "d-reverse-hyper": Frequency.ONE_TO_TWO_PER_WEEK,
    "e-gym-strength": Frequency.ONE_TO_TWO_PER_WEEK,
}

ADVERT_WORDS = re.compile(
    r"supplement|diet|pill|capsule|tablet|weight[- ]?loss|fat[- ]?burn|metabolism|detox", re.I
)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The shipped files only: the user folders are empty temporary ones."""
    root = tmp_path_factory.mktemp("backtimer")
    return load_library(Dirs(config=root / "config", data=root / "data"), shipped=SHIPPED)


def routine(library: Library, routine_id: str) -> Routine:
    found = library.get(routine_id)
    assert found is not None, f"{routine_id} is not in the shipped library"
    return found


def exercise(library: Library, routine_id: str, exercise_id: str) -> Exercise:
    found = routine(library, routine_id).exercise(exercise_id)
    assert found is not None, f"{routine_id} has no exercise {exercise_id!r}"
    return found


def variant(item: Exercise, variant_id: str | None) -> Variant:
    """The named variant, or the only one when `variant_id` is None."""
    if variant_id is None:
        assert len(item.variants) == 1, f"{item.id}: expected one variant, has {len(item.variants)}"
        return item.variants[0]
    for candidate in item.variants:
        if candidate.id == variant_id:
            return candidate
    raise AssertionError(f"{item.id} has no variant {variant_id!r}")


def all_exercises(library: Library) -> list[tuple[Routine, Exercise]]:
    return [(r, e) for r in library.routines for e in r.exercises]


# --- the library as a whole -------------------------------------------------------------------


def test_every_shipped_file_loads_without_problems(library: Library) -> None:
    assert [str(problem) for problem in library.problems] == []
    assert len(library.routines) == len(list(SHIPPED.glob("*.toml")))


def test_every_program_routine_is_shipped(library: Library) -> None:
    assert {r.id for r in library.routines} == EXPECTED_IDS
    assert all(r.source == "shipped" for r in library.routines)


@pytest.mark.parametrize(("routine_id", "frequency"), sorted(FREQUENCIES.items()))
def test_frequency_follows_the_brief(
    library: Library, routine_id: str, frequency: Frequency
) -> None:
    assert routine(library, routine_id).frequency is frequency


def test_program_a_is_five_steps_chained_in_order(library: Library) -> None:
    for step, routine_id in enumerate(PROGRAM_A, start=1):
        item = routine(library, routine_id)
        assert (item.program, item.step) == ("A", step)
        expected_next = PROGRAM_A[step] if step < len(PROGRAM_A) else None
        assert item.next == expected_next, routine_id


def test_only_program_a_has_steps_or_a_next_routine(library: Library) -> None:
    for item in library.routines:
        if item.program != "A":
            assert item.step is None, item.id
            assert item.next is None, item.id
    programs = {r.id: r.program for r in library.routines}
    assert {programs[i] for i in PROGRAM_B} == {"B"}
    assert (programs["c-sciatica"], programs["d-reverse-hyper"], programs["e-gym-strength"]) == (
        "C",
        "D",
        "E",
    )


def test_pain_limit_is_two_everywhere(library: Library) -> None:
    for item, ex in all_exercises(library):
        assert item.pain_limit == 2, item.id
        assert ex.pain_limit == 2, f"{item.id}/{ex.id}"


def test_each_file_opens_with_a_header_naming_its_program(library: Library) -> None:
    for item in library.routines:
        first = Path(item.path).read_text(encoding="utf-8").splitlines()[0]
        header = f"# Program {item.program}"
        if item.step is not None:
            header += f", step {item.step}"
        assert first.startswith(header + ":"), f"{item.id}: {first!r}"


def test_equipment_matches_the_program(library: Library) -> None:
    assert "roman chair" not in routine(library, "a1-mobility").equipment
    for routine_id in PROGRAM_A[1:]:
        assert "roman chair" in routine(library, routine_id).equipment, routine_id
    assert "roman chair" in routine(library, "b-isometrics").equipment


# --- text -------------------------------------------------------------------------------------


def test_no_shipped_text_advertises_a_supplement_or_diet() -> None:
    for path in sorted(SHIPPED.iterdir()):
        text = path.read_text(encoding="utf-8")
        assert not ADVERT_WORDS.search(text), f"{path.name}: {ADVERT_WORDS.search(text)}"


def test_every_routine_and_exercise_is_described(library: Library) -> None:
    for item in library.routines:
        assert item.name and len(item.description) > 80, item.id
    for item, ex in all_exercises(library):
        assert ex.name, f"{item.id}/{ex.id}"
        assert ex.form, f"{item.id}/{ex.id} has no form points of its own"


def test_every_form_point_is_short_enough_to_speak(library: Library) -> None:
    """Each point fits in about five seconds of speech (FORM_POINT_MAX characters)."""
    for item, ex in all_exercises(library):
        for points in [ex.form, *(rung.form for rung in ex.variants)]:
            assert len(points) <= FORM_POINTS_MAX, f"{item.id}/{ex.id}: {points}"
            for point in points:
                assert 0 < len(point) <= FORM_POINT_MAX, f"{item.id}/{ex.id}: {point!r}"


def test_a_variant_keeps_the_exercise_points(library: Library) -> None:
    """Issue 12: a2 pad-lower used to lose "hips on the pad" and "breathe"."""
    hold = exercise(library, "a2-static-holds", "static-hold")
    for rung in hold.variants:
        points = replace(hold, variant_id=rung.id).form_points
        assert points[: len(hold.form)] == hold.form, rung.id
        assert any("hips" in point.lower() and "pad" in point.lower() for point in points)
        assert any("breath" in point.lower() for point in points), rung.id


def test_sciatica_set_warns_about_radiating_leg_symptoms(library: Library) -> None:
    text = routine(library, "c-sciatica").description.lower()
    for word in ("stop", "shoot", "tingl", "numb", "leg", "clinician"):
        assert word in text, word


def test_reverse_hyper_is_not_for_new_pain(library: Library) -> None:
    text = routine(library, "d-reverse-hyper").description.lower()
    assert "acute" in text
    assert "new" in text


def test_gym_routine_says_to_start_light(library: Library) -> None:
    assert "start light" in routine(library, "e-gym-strength").description.lower()


# --- doses ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DoseCase:
    """One rung of one exercise, with the range the brief gives it."""

    routine: str
    exercise: str
    variant: str | None
    kind: Kind
    low: float
    high: float
    sides: Sides = Sides.BOTH


DOSES = [
    # A1: 30–60 s of continuous gentle movement.
    DoseCase("a1-mobility", "arch-and-slump", None, Kind.MOVEMENT, 30, 60),
    # A2: 30 s to 2 min; one-leg holds 15–60 s each side.
    DoseCase("a2-static-holds", "static-hold", "pad-high", Kind.HOLD, 30, 120),
    DoseCase("a2-static-holds", "static-hold", "pad-lower", Kind.HOLD, 30, 120),
    DoseCase("a2-static-holds", "static-hold", "single-leg", Kind.HOLD, 15, 60, Sides.EACH),
    # A3: build to 30 controlled reps; single leg at half the reps, up to 15 each side.
    DoseCase("a3-eccentric", "slow-lowering", "hinge", Kind.REPS, 10, 30),
    DoseCase("a3-eccentric", "slow-lowering", "segmental", Kind.REPS, 10, 30),
    DoseCase("a3-eccentric", "slow-lowering", "single-leg", Kind.REPS, 5, 15, Sides.EACH),
    # A4: two legs 10 → 30 reps; single leg 5 → 15 each side.
    DoseCase("a4-concentric", "lower-and-lift", "hinge", Kind.REPS, 10, 30),
    DoseCase("a4-concentric", "lower-and-lift", "segmental", Kind.REPS, 10, 30),
    DoseCase("a4-concentric", "lower-and-lift", "single-leg", Kind.REPS, 5, 15, Sides.EACH),
    DoseCase("a4-concentric", "lower-and-lift", "weighted", Kind.REPS, 10, 30),
    # B, reconnect.
    DoseCase("b-reconnect", "cat-cow", None, Kind.MOVEMENT, 30, 60),
    DoseCase("b-reconnect", "pelvic-tilt", None, Kind.REPEATED_HOLD, 5, 10),
    DoseCase("b-reconnect", "draw-in", None, Kind.REPEATED_HOLD, 10, 10),
    DoseCase("b-reconnect", "wall-pelvic-tilt", None, Kind.REPEATED_HOLD, 10, 15),
    # Bird-dog, alternating: 5–10 reps per side with a short hold.
    DoseCase("b-reconnect", "bird-dog-reps", None, Kind.REPS, 5, 10, Sides.ALTERNATING),
    # B, isometrics.
    # Bird-dog: steady holds of 8–20 s (start near 8–10 s, build to 20 s); one limb is easier.
    DoseCase("b-isometrics", "bird-dog", "one-limb", Kind.REPEATED_HOLD, 8, 20, Sides.ALTERNATING),
    DoseCase(
        "b-isometrics",
        "bird-dog",
        "opposite-arm-and-leg",
        Kind.REPEATED_HOLD,
        8,
        20,
        Sides.ALTERNATING,
    ),
    # Modified superman: hold 10–15 s, building to 30 s; one arm and leg is the easier rung.
    DoseCase("b-isometrics", "modified-superman", "arm-and-leg", Kind.HOLD, 10, 30, Sides.EACH),
    DoseCase("b-isometrics", "modified-superman", "full", Kind.HOLD, 10, 30),
    DoseCase("b-isometrics", "side-plank", "knees", Kind.HOLD, 15, 30, Sides.EACH),
    DoseCase("b-isometrics", "side-plank", "feet", Kind.HOLD, 15, 30, Sides.EACH),
    # Dead bug: 10–15 s per side, building to 30 s; one leg only is the easier rung.
    DoseCase("b-isometrics", "dead-bug", "one-leg", Kind.HOLD, 10, 30, Sides.EACH),
    DoseCase("b-isometrics", "dead-bug", "opposite-arm-and-leg", Kind.HOLD, 10, 30, Sides.EACH),
    DoseCase("b-isometrics", "plank", "wall", Kind.HOLD, 20, 30),
    DoseCase("b-isometrics", "plank", "wall-further", Kind.HOLD, 20, 30),
    DoseCase("b-isometrics", "plank", "floor", Kind.HOLD, 20, 30),
    # Roman-chair hold: 15–30 s at every torso angle.
    DoseCase("b-isometrics", "roman-chair-hold", "angled-lower", Kind.HOLD, 15, 30),
    DoseCase("b-isometrics", "roman-chair-hold", "below-horizontal", Kind.HOLD, 15, 30),
    DoseCase("b-isometrics", "roman-chair-hold", "slight-incline", Kind.HOLD, 15, 30),
    DoseCase("b-isometrics", "glute-bridge", None, Kind.REPS, 10, 15),
    DoseCase("b-isometrics", "pallof-press", None, Kind.REPEATED_HOLD, 5, 5, Sides.EACH),
    DoseCase("b-isometrics", "prone-cobra", None, Kind.HOLD, 30, 30),
    # B, decompression and the walk.
    DoseCase("b-decompression", "knees-to-chest", None, Kind.HOLD, 20, 30),
    DoseCase("b-decompression", "passive-hang", None, Kind.HOLD, 15, 30),
    DoseCase("b-decompression", "hip-flexor-stretch", None, Kind.HOLD, 20, 40, Sides.EACH),
    DoseCase("b-walk", "walk", None, Kind.ACTIVITY, 1200, 1800),
    # C.
    DoseCase("c-sciatica", "nerve-glide", None, Kind.REPS, 8, 10, Sides.AFFECTED),
    DoseCase("c-sciatica", "piriformis-stretch", None, Kind.HOLD, 20, 30, Sides.EACH),
    DoseCase("c-sciatica", "cat-cow", None, Kind.MOVEMENT, 30, 60),
    DoseCase("c-sciatica", "pelvic-tilt", None, Kind.REPEATED_HOLD, 5, 10),
    DoseCase("c-sciatica", "hamstring-stretch", None, Kind.HOLD, 20, 30, Sides.AFFECTED),
    DoseCase("c-sciatica", "glute-bridge", None, Kind.REPS, 10, 15),
]


@pytest.mark.parametrize(
    "case", DOSES, ids=[f"{c.routine}/{c.exercise}/{c.variant or '-'}" for c in DOSES]
)
def test_dose_range_follows_the_brief(library: Library, case: DoseCase) -> None:
    item = exercise(library, case.routine, case.exercise)
    rung = variant(item, case.variant)
    assert item.kind is case.kind
    assert (rung.dose.min, rung.dose.max) == (case.low, case.high)
    assert rung.dose.target == case.low, "a new user starts at the bottom of the range"
    assert rung.sides is case.sides


STARTS_ABOVE_THE_FIRST_RUNG = {
    # B: "torso a little below horizontal, then raised to a slight incline; easier with the torso
    # angled lower": the program starts on the middle rung, the lower angle is there to step back to.
    ("b-isometrics", "roman-chair-hold"): "below-horizontal",
}


def test_every_target_starts_at_the_bottom_of_its_range(library: Library) -> None:
    for item, ex in all_exercises(library):
        if ex.kind is Kind.REPS_TO_FAILURE:
            continue
        for rung in ex.variants:
            assert rung.dose.target == rung.dose.min, f"{item.id}/{ex.id}/{rung.id}"
        start = STARTS_ABOVE_THE_FIRST_RUNG.get((item.id, ex.id), ex.variants[0].id)
        assert ex.variant_id == start, f"{item.id}/{ex.id} starts on {start}"


def test_repeated_holds_repeat_as_the_brief_says(library: Library) -> None:
    tilt = exercise(library, "b-reconnect", "pelvic-tilt").repeat
    assert tilt is not None and 10 <= tilt.count <= 12
    draw_in = exercise(library, "b-reconnect", "draw-in").repeat
    assert draw_in is not None and draw_in.count == 10
    sciatica_tilt = exercise(library, "c-sciatica", "pelvic-tilt").repeat
    assert sciatica_tilt is not None and 10 <= sciatica_tilt.count <= 12
    # Bird-dog: 2–3 holds per side, switching sides every hold.
    bird_dog = exercise(library, "b-isometrics", "bird-dog").repeat
    assert bird_dog is not None and bird_dog.count in (4, 6)


def test_tempos(library: Library) -> None:
    lowering = exercise(library, "a3-eccentric", "slow-lowering").tempo
    assert lowering is not None
    assert lowering.lower > lowering.up, "step 3 is about lowering slowly"
    bridge = exercise(library, "b-isometrics", "glute-bridge").tempo
    assert bridge is not None and bridge.top == 2


def test_program_a_ladders_in_order(library: Library) -> None:
    ladders = {
        ("a2-static-holds", "static-hold"): ["pad-high", "pad-lower", "single-leg"],
        ("a3-eccentric", "slow-lowering"): ["hinge", "segmental", "single-leg"],
        ("a4-concentric", "lower-and-lift"): ["hinge", "segmental", "single-leg", "weighted"],
    }
    for (routine_id, exercise_id), order in ladders.items():
        item = exercise(library, routine_id, exercise_id)
        assert [v.id for v in item.variants] == order, routine_id


def test_step_five_works_from_the_top_position(library: Library) -> None:
    item = routine(library, "a5-functional")
    ids = [e.id for e in item.exercises]
    assert ids == [
        "y-raise",
        "w-raise",
        "l-raise",
        "t-raise",
        "lower-trap-raise",
        "draw-a-square",
        "one-arm-row",
        "side-lift",
    ]
    for one_sided in ("one-arm-row", "side-lift"):
        assert exercise(library, "a5-functional", one_sided).sides is Sides.EACH


def test_b_isometric_ladders(library: Library) -> None:
    plank = exercise(library, "b-isometrics", "plank")
    assert [v.id for v in plank.variants] == ["wall", "wall-further", "floor"]
    side_plank = exercise(library, "b-isometrics", "side-plank")
    assert [v.id for v in side_plank.variants] == ["knees", "feet"]


def test_program_b_routines_stay_short(library: Library) -> None:
    """B: "1–3 exercises a day, rotated": a rotating routine runs at most `DAILY_MOST` of its
    exercises a day, so its longest day is what stays short."""
    for routine_id in PROGRAM_B:
        item = routine(library, routine_id)
        if routine_id == "b-walk":
            continue
        seconds = item.duration_seconds
        if item.rotation:
            longest = sorted((e.estimated_seconds() for e in item.exercises), reverse=True)
            seconds = round(sum(longest[:DAILY_MOST])) + 10 * (DAILY_MOST + 2)
        assert seconds <= 10 * 60, f"{routine_id}: {seconds} s"
        assert all(e.sets == 1 for e in item.exercises), routine_id


def test_walk_is_a_plain_activity(library: Library) -> None:
    walk = routine(library, "b-walk")
    assert [e.kind for e in walk.exercises] == [Kind.ACTIVITY]
    assert walk.exercises[0].lead_in == 0


def test_reverse_hyper_ladder(library: Library) -> None:
    item = routine(library, "d-reverse-hyper")
    assert len(item.exercises) == 1
    ladder = item.exercises[0]
    assert ladder.kind is Kind.REPS_TO_FAILURE
    assert ladder.sets == 2
    assert ladder.band is not None
    assert (ladder.band.target, ladder.band.low, ladder.band.high) == (20, 15, 30)
    assert [v.id for v in ladder.variants] == [
        "hip-abduction",
        "bird-dog",
        "single-leg-rdl",
        "single-leg-reverse-hyper",
        "reverse-hyper",
    ]
    assert ladder.variant_id == "hip-abduction"
    assert ladder.variants[-1].sides is Sides.BOTH
    assert all(v.sides is Sides.EACH for v in ladder.variants[:-1])


def test_gym_list_climbs_in_intensity_with_moderate_reps(library: Library) -> None:
    item = routine(library, "e-gym-strength")
    assert [e.id for e in item.exercises] == [
        "torso-lift",
        "reverse-plank",
        "ball-bridge-roll",
        "hyperextension",
        "good-morning",
        "kettlebell-sumo-deadlift",
        "romanian-deadlift",
    ]
    for ex in item.exercises:
        assert 2 <= ex.sets <= 3, ex.id
        if ex.kind is Kind.REPS:
            for rung in ex.variants:
                assert 8 <= rung.dose.min <= rung.dose.max <= 12, f"{ex.id}/{rung.id}"
    torso = exercise(library, "e-gym-strength", "torso-lift")
    assert [v.id for v in torso.variants] == ["hands-at-hips", "hands-by-head", "arms-forward"]
    good_morning = exercise(library, "e-gym-strength", "good-morning")
    assert [v.id for v in good_morning.variants] == ["to-45", "to-90"]
