"""The daily rotation of program B, each rule checked against the program's line it follows.

program.md, "How fast to progress": "B is 1–3 exercises a day, rotated, not all of them every
day"; "pair compressing work (deadlift patterns) with decompressing work (child's pose, hanging,
knees-to-chest)"; "introduce movement through range only after the isometric holds are mastered".
"""

from __future__ import annotations

import io
import json
import uuid
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from backtimer.cli.today import show_today, swap_today
from backtimer.domain.journal import NextDayRating
from backtimer.domain.records import PainCheck, SessionRecord, SetRecord
from backtimer.domain.rotation import DAILY_MOST, Swap, lock_reason, rotation_today
from backtimer.domain.routine import Load, Routine
from backtimer.services.rotation import part_of, todays_part
from backtimer.storage.paths import Dirs, shipped_routines_dir
from backtimer.storage.plan import Plan, save_plan
from backtimer.storage.rotation import load_swaps, rotation_path
from backtimer.storage.routines import load_routine_file, parse_routine_text
from backtimer.storage.toml import parse_text
from tests.support.today import NOW, TZ, WEDNESDAY, write


def _shipped() -> dict[str, Routine]:
    found: dict[str, Routine] = {}
    for path in sorted(shipped_routines_dir().glob("*.toml")):
        routine, problems = load_routine_file(path)
        assert routine is not None, problems
        found[routine.id] = routine
    return found


ROUTINES = _shipped()
B_ROTATING = ("b-reconnect", "b-isometrics", "b-gradual-range", "b-decompression")
B_ALL = (*B_ROTATING, "b-walk")


def b_routines(*ids: str) -> list[Routine]:
    return [ROUTINES[i] for i in ids]


def done(routine_id: str, day: date, *exercise_ids: str, held: float = 30.0) -> SessionRecord:
    """A completed real-time session of `routine_id` on `day` with one set of each exercise."""
    routine = ROUTINES.get(routine_id)
    started = datetime.combine(day, time(9, 0), tzinfo=TZ)
    sets = []
    for exercise_id in exercise_ids:
        exercise = routine.exercise(exercise_id) if routine else None
        sets.append(
            SetRecord(
                exercise_id=exercise_id,
                exercise_name=exercise.name if exercise else exercise_id,
                kind="hold",
                variant_id=exercise.variant_id if exercise else "standard",
                side="both",
                set_number=1,
                target=held,
                target_unit="s",
                ended_at=started + timedelta(minutes=2),
                actual_s=held,
            )
        )
    return SessionRecord(
        id=uuid.uuid4().hex,
        routine_id=routine_id,
        routine_name=routine.name if routine else routine_id,
        routine_fingerprint="test",
        started=started,
        status="completed",
        ended=started + timedelta(minutes=5),
        sets=tuple(sets),
        pains=(PainCheck("after", 0, started + timedelta(minutes=5)),),
        red_flag=False,
    )


# --- shipped routine files -----------------------------------------------------------------------


def test_the_b_routines_that_rotate_are_marked_and_the_walk_stays_daily() -> None:
    """ "B is 1–3 exercises a day, rotated": the floor routines pool; the daily walk does not."""
    assert [r.id for r in ROUTINES.values() if r.rotation] == sorted(B_ROTATING)
    assert not ROUTINES["b-walk"].rotation


def test_deadlift_patterns_compress_and_child_pose_hanging_knees_to_chest_decompress() -> None:
    """ "pair compressing work (deadlift patterns) with decompressing work (child's pose,
    hanging, knees-to-chest)": the routine files mark which is which."""
    loads = {
        (r.id, e.id): e.load for r in ROUTINES.values() for e in r.exercises if e.load is not None
    }
    assert loads == {
        ("b-gradual-range", "hip-hinge-dowel"): Load.COMPRESSING,
        ("b-gradual-range", "partial-rdl"): Load.COMPRESSING,
        ("b-decompression", "knees-to-chest"): Load.DECOMPRESSING,
        ("b-decompression", "passive-hang"): Load.DECOMPRESSING,
        ("b-decompression", "child-to-cobra"): Load.DECOMPRESSING,
    }


def test_gradual_range_waits_for_the_isometric_holds() -> None:
    """ "introduce movement through range only after the isometric holds are mastered"."""
    assert ROUTINES["b-gradual-range"].locked_until_mastered == "b-isometrics"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('load = "squashing"', "load"),
        ("rotation = 1", "true or false"),
        ('locked_until_mastered = "my-day"', "wait for itself"),
    ],
)
def test_bad_rotation_keys_name_the_key(extra: str, message: str) -> None:
    top, exercise = (extra, "") if not extra.startswith("load") else ("", extra)
    text = f"""
id = "my-day"
name = "My day"
program = "B"
frequency = "daily"
{top}

[[exercise]]
id = "hold"
name = "Hold"
kind = "hold"
{exercise}
dose = {{ target = 10 }}
"""
    data = parse_text(text)
    assert isinstance(data, dict)
    routine, problems = parse_routine_text(data, text, "my-day.toml")
    assert routine is None
    assert any(message in str(p) for p in problems), problems


# --- the rule ------------------------------------------------------------------------------------


def test_a_day_picks_at_most_three_not_everything() -> None:
    """ "B is 1–3 exercises a day … not all of them every day"."""
    rotation = rotation_today(b_routines(*B_ALL), [], today=WEDNESDAY)
    assert 1 <= len(rotation.picks) <= DAILY_MOST == 3
    assert len(rotation.pool) == sum(len(r.exercises) for r in b_routines(*B_ROTATING))
    assert all(p.routine_id != "b-walk" for p in rotation.pool)


def test_least_recently_done_first_in_a_fixed_order() -> None:
    """ "rotated": what was done yesterday waits; ties go in the files' order."""
    routines = b_routines("b-reconnect", "b-isometrics")
    first = rotation_today(routines, [], today=WEDNESDAY)
    assert [p.exercise_id for p in first.picks] == ["cat-cow", "pelvic-tilt", "draw-in"]
    yesterday = done(
        "b-reconnect", WEDNESDAY - timedelta(days=1), "cat-cow", "pelvic-tilt", "draw-in"
    )
    second = rotation_today(routines, [yesterday], today=WEDNESDAY)
    assert [p.exercise_id for p in second.picks] == [
        "wall-pelvic-tilt",
        "bird-dog-reps",
        "bird-dog",
    ]
    # The same day and history give the same picks.
    assert rotation_today(routines, [yesterday], today=WEDNESDAY) == second


def test_todays_sessions_do_not_move_todays_picks() -> None:
    """The picks hold all day: only days before today count as done."""
    routines = b_routines("b-reconnect")
    morning = done("b-reconnect", WEDNESDAY, "cat-cow", "pelvic-tilt", "draw-in")
    before = rotation_today(routines, [], today=WEDNESDAY)
    after = rotation_today(routines, [morning], today=WEDNESDAY)
    assert [p.key for p in after.picks] == [p.key for p in before.picks]


def test_compressing_work_comes_with_decompressing_work() -> None:
    """ "pair compressing work (deadlift patterns) with decompressing work"."""
    gradual = ROUTINES["b-gradual-range"]
    hinge_first = replace(
        gradual,
        exercises=tuple(sorted(gradual.exercises, key=lambda e: e.load is not Load.COMPRESSING)),
    )
    routines = [hinge_first, ROUTINES["b-decompression"]]
    rotation = rotation_today(routines, [], today=WEDNESDAY)
    loads = [p.load for p in rotation.picks]
    assert loads[0] is Load.COMPRESSING
    assert Load.DECOMPRESSING in loads
    # Without any decompressing exercise to pair it with, compressing work is not picked.
    alone = rotation_today([hinge_first], [], today=WEDNESDAY)
    assert all(p.load is not Load.COMPRESSING for p in alone.picks)


def test_a_swap_brings_in_the_next_in_the_order_and_keeps_the_pairing() -> None:
    routines = b_routines("b-reconnect", "b-decompression")
    rotation = rotation_today(routines, [], today=WEDNESDAY)
    out = rotation.picks[0]
    into = rotation.replacement(out)
    assert into is not None and into.key == "b-reconnect/wall-pelvic-tilt"
    swapped = rotation_today(routines, [], today=WEDNESDAY, swaps=[Swap(out.key, into.key)])
    assert out not in swapped.picks and into in swapped.picks
    assert len(swapped.picks) == len(rotation.picks)


def test_a_session_of_a_rotating_routine_runs_only_todays_picks() -> None:
    """ "not all of them every day": a session runs today's picks, nothing else."""
    routines = b_routines("b-reconnect", "b-isometrics")
    rotation = rotation_today(routines, [], today=WEDNESDAY)
    part = part_of(rotation, ROUTINES["b-reconnect"])
    assert part.routine is not None
    assert [e.id for e in part.routine.exercises] == ["cat-cow", "pelvic-tilt", "draw-in"]
    # A rotating routine with nothing picked today does not start, and says why.
    nothing = part_of(rotation, ROUTINES["b-isometrics"])
    assert nothing.routine is None and "today's rotation" in nothing.reason
    # A routine that does not rotate runs whole.
    assert part_of(rotation, ROUTINES["b-walk"]).routine == ROUTINES["b-walk"]


# --- the lock ------------------------------------------------------------------------------------


def one_hold() -> Routine:
    """A routine of one hold already at the top of its only level."""
    isometrics = ROUTINES["b-isometrics"]
    superman = isometrics.exercise("modified-superman")
    assert superman is not None
    variant = superman.variants[0]
    top = replace(variant, dose=replace(variant.dose, target=30, min=30, max=30))
    return replace(isometrics, exercises=(replace(superman, variants=(top,)),))


def test_gradual_range_stays_locked_with_its_reason_until_the_holds_are_mastered() -> None:
    """ "introduce movement through range only after the isometric holds are mastered":
    mastery is the progression's, the top of the last level held over 2 weeks."""
    holds = one_hold()
    library = {"b-isometrics": holds}
    gradual = ROUTINES["b-gradual-range"]
    reason = lock_reason(gradual, library, [], [], today=WEDNESDAY)
    assert reason is not None and "0 of 1" in reason and "Still holds" in reason
    days = [WEDNESDAY - timedelta(days=d) for d in (20, 13, 6)]
    sessions = [done("b-isometrics", day, "modified-superman") for day in days]
    ratings = [NextDayRating(NOW, day + timedelta(days=1), day, 0) for day in days]
    # Two weeks at the top, pain within the limit, next days known: mastered, unlocked.
    assert lock_reason(gradual, library, sessions, ratings, today=WEDNESDAY) is None
    # Only one week of it is not mastery yet.
    recent = sessions[1:]
    assert lock_reason(gradual, library, recent, ratings, today=WEDNESDAY) is not None


# --- today, the CLI and the file -----------------------------------------------------------------


def test_today_shows_the_picks_and_the_lock(dirs: Dirs) -> None:
    save_plan(dirs.data, Plan(B_ALL))
    out = io.StringIO()
    assert show_today(dirs, as_json=True, now=NOW, out=out, err=io.StringIO()) == 0
    data = json.loads(out.getvalue())
    rotation = data["rotation"]
    assert [p["exercise_id"] for p in rotation["picks"]] == ["cat-cow", "pelvic-tilt", "draw-in"]
    assert rotation["locked"][0]["routine_id"] == "b-gradual-range"
    rows = {row["id"]: row for row in data["routines"]}
    assert rows["b-gradual-range"]["status"] == "locked"
    assert rows["b-isometrics"]["status"] == "not in today's rotation"
    assert [e["id"] for e in rows["b-reconnect"]["exercises"]] == [
        "cat-cow",
        "pelvic-tilt",
        "draw-in",
    ]
    assert data["next_due"] == "b-reconnect"
    text = io.StringIO()
    show_today(dirs, as_json=False, now=NOW, out=text, err=io.StringIO())
    assert "Today's rotation: Cat-cow, Pelvic tilt, lying, Abdominal draw-in" in text.getvalue()
    assert "Gradual range locked: movement through range" in text.getvalue()


def test_a_swap_from_the_command_line_holds_for_the_day_only(dirs: Dirs) -> None:
    save_plan(dirs.data, Plan(B_ALL))
    err = io.StringIO()
    assert swap_today(dirs, "cat-cow", now=NOW, err=err) == 0
    assert "Swapped Cat-cow for Pelvic tilt against a wall" in err.getvalue()
    part = todays_part(dirs, ROUTINES["b-reconnect"], now=NOW)
    assert part.routine is not None
    assert [e.id for e in part.routine.exercises] == ["pelvic-tilt", "draw-in", "wall-pelvic-tilt"]
    assert load_swaps(dirs.data, WEDNESDAY)[0] == [
        Swap("b-reconnect/cat-cow", "b-reconnect/wall-pelvic-tilt")
    ]
    assert load_swaps(dirs.data, WEDNESDAY + timedelta(days=1)) == ([], [])
    # Not one of today's picks: a clear message, nothing saved.
    err = io.StringIO()
    assert swap_today(dirs, "bird-dog", now=NOW, err=err) == 2
    assert "not one of today's picks" in err.getvalue()


def test_a_broken_rotation_file_is_named_and_read_as_no_swaps(dirs: Dirs) -> None:
    dirs.data.mkdir(parents=True, exist_ok=True)
    rotation_path(dirs.data).write_text('day = 2026-03-04\n[[swap]]\nout = "cat-cow"\nin = 3\n')
    swaps, problems = load_swaps(dirs.data, WEDNESDAY)
    assert swaps == []
    assert problems and all("rotation.toml" in str(p) for p in problems)
    assert any("swap[0].out" in str(p) or "line 3" in str(p) for p in problems), problems


def test_a_session_of_a_locked_routine_does_not_start(dirs: Dirs) -> None:
    save_plan(dirs.data, Plan(B_ALL))
    write(dirs)
    part = todays_part(dirs, ROUTINES["b-gradual-range"], now=NOW)
    assert part.routine is None
    assert part.reason.startswith("Gradual range is locked: movement through range")


def test_a_routine_waiting_its_turn_is_not_on_a_break() -> None:
    """ "B is 1–3 exercises a day, rotated" and "after a break, re-adapt gradually": a routine
    whose turn has not come for a week while its rotation trains on is not on a break; when the
    whole rotation stops, it is."""
    from backtimer.domain.progression import suggest

    reconnect = ROUTINES["b-reconnect"]
    long_ago = done("b-reconnect", WEDNESDAY - timedelta(days=9), "cat-cow")
    yesterday = done("b-isometrics", WEDNESDAY - timedelta(days=1), "modified-superman")
    rotation = ("b-reconnect", "b-isometrics")
    kept = suggest(reconnect, [long_ago, yesterday], [], today=WEDNESDAY, rotation=rotation)
    assert not any("No Reconnect session" in s.reason for s in kept)
    alone = suggest(reconnect, [long_ago, yesterday], [], today=WEDNESDAY)
    assert any("No Reconnect session for 9 days" in s.reason for s in alone)
    stopped = [done("b-isometrics", WEDNESDAY - timedelta(days=8), "modified-superman")]
    paused = suggest(reconnect, [long_ago, *stopped], [], today=WEDNESDAY, rotation=rotation)
    assert any("for 8 days" in s.reason for s in paused)


def test_after_a_break_of_the_whole_rotation_it_says_the_rotation_stopped() -> None:
    """ "After a break, re-adapt gradually" for B, whose routines take turns: the break is the
    rotation's, counted from its last session, and it says so instead of naming a routine whose
    own last session was longer ago."""
    from backtimer.domain.progression import suggest

    reconnect = ROUTINES["b-reconnect"]
    long_ago = done("b-reconnect", WEDNESDAY - timedelta(days=9), "cat-cow")
    stopped = done("b-isometrics", WEDNESDAY - timedelta(days=8), "modified-superman")
    rotation = ("b-reconnect", "b-isometrics")
    found = suggest(reconnect, [long_ago, stopped], [], today=WEDNESDAY, rotation=rotation)
    reasons = [s.reason for s in found]
    assert any(r.startswith("No session of the daily rotation for 8 days") for r in reasons)
    assert not any("No Reconnect session" in r for r in reasons)


@pytest.mark.parametrize("most", [1, 2, 3])
def test_the_rotation_picks_as_many_a_day_as_chosen(most: int) -> None:
    """B: "1–3 exercises a day": `daily_exercises` in config.toml chooses how many."""
    rotating = [ROUTINES["b-reconnect"], ROUTINES["b-isometrics"]]
    rotation = rotation_today(rotating, [], today=WEDNESDAY, most=most)
    assert len(rotation.picks) == most
    assert len(rotation_today(rotating, [], today=WEDNESDAY, most=9).picks) == 3


def test_daily_exercises_is_read_from_the_config_and_kept_within_1_to_3(dirs: Dirs) -> None:
    from backtimer.services.today import load_today
    from backtimer.storage.config import load_config

    save_plan(dirs.data, Plan(("b-reconnect", "b-isometrics")))
    dirs.config.mkdir(parents=True, exist_ok=True)
    assert len(picks_today(dirs)) == 3
    dirs.config_file.write_text("daily_exercises = 1\n", encoding="utf-8")
    assert len(picks_today(dirs)) == 1
    dirs.config_file.write_text("daily_exercises = 4\n", encoding="utf-8")
    config, problems = load_config(dirs.config_file)
    assert config.daily_exercises == 3
    assert [(p.line, p.key) for p in problems] == [(1, "daily_exercises")]
    plan = load_today(dirs, now=NOW).plan
    assert plan.rotation is not None and len(plan.rotation.picks) == 3


def picks_today(dirs: Dirs) -> tuple[object, ...]:
    from backtimer.services.today import load_today

    rotation = load_today(dirs, now=NOW).plan.rotation
    assert rotation is not None
    return rotation.picks
