"""Program E as a ladder, each rule checked against the program's line it follows.

program.md, E: "Choose the starting point by the person's current strength, not all seven at
once. Build strength with kettlebells before a barbell; the first time with a barbell, practise
with an unloaded bar." "How fast to progress": "master each level before moving on".
"""

from __future__ import annotations

import io
import json
import uuid
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from backtimer.cli.today import show_today
from backtimer.domain.journal import NextDayRating, TargetChange
from backtimer.domain.ladder import ladder_rung, starting_rung
from backtimer.domain.records import PainCheck, SessionRecord, SetRecord
from backtimer.domain.routine import Routine
from backtimer.services.rotation import todays_part
from backtimer.storage.journal import record_event
from backtimer.storage.paths import Dirs, shipped_routines_dir
from backtimer.storage.plan import Plan, save_plan
from backtimer.storage.routines import load_routine_file
from tests.support.today import NOW, TZ, WEDNESDAY


def gym() -> Routine:
    routine, problems = load_routine_file(shipped_routines_dir() / "e-gym-strength.toml")
    assert routine is not None, problems
    return routine


def by_hand(exercise_id: str, days_ago: int = 1) -> TargetChange:
    routine = gym()
    exercise = routine.exercise(exercise_id)
    assert exercise is not None
    return TargetChange(
        NOW - timedelta(days=days_ago),
        routine.id,
        exercise_id,
        exercise.variant_id,
        exercise.dose.target,
        "manual",
        True,
    )


def test_the_gym_list_is_a_ladder_of_seven_in_ascending_intensity() -> None:
    """ "Torso lifts → reverse plank → … → Romanian deadlifts", a ladder, not a circuit."""
    routine = gym()
    assert routine.ladder
    assert [e.id for e in routine.exercises] == [
        "torso-lift",
        "reverse-plank",
        "ball-bridge-roll",
        "hyperextension",
        "good-morning",
        "kettlebell-sumo-deadlift",
        "romanian-deadlift",
    ]


def test_kettlebells_before_a_barbell_and_an_unloaded_bar_first() -> None:
    """ "Build strength with kettlebells before a barbell; the first time with a barbell,
    practise with an unloaded bar"."""
    ids = [e.id for e in gym().exercises]
    assert ids.index("kettlebell-sumo-deadlift") < ids.index("romanian-deadlift")
    deadlift = gym().exercise("romanian-deadlift")
    assert deadlift is not None
    assert [v.id for v in deadlift.variants] == ["unloaded-bar", "loaded-bar"]
    assert deadlift.variant_id == "unloaded-bar"


def test_a_session_works_one_rung_not_all_seven() -> None:
    """ "not all seven at once": the first rung alone, with no rung below it to practise."""
    rung = ladder_rung(gym(), [], [], today=WEDNESDAY)
    assert rung is not None
    assert (rung.index, rung.practice, rung.current) == (0, None, "torso-lift")
    assert [e.id for e in rung.cut(gym()).exercises] == ["torso-lift"]


def test_the_starting_point_is_the_rung_set_by_hand() -> None:
    """ "Choose the starting point by the person's current strength": set a target by hand on
    the rung to start from; the rung below comes first as practice."""
    journal = [by_hand("hyperextension")]
    assert starting_rung(gym(), journal) == 3
    rung = ladder_rung(gym(), [], journal, today=WEDNESDAY)
    assert rung is not None
    assert [e.id for e in rung.cut(gym()).exercises] == ["ball-bridge-roll", "hyperextension"]
    # A later choice on a lower rung starts there again.
    lower = [*journal, by_hand("reverse-plank", days_ago=0)]
    assert starting_rung(gym(), lower) == 1


def held(routine_id: str, day: date, exercise_id: str, seconds: float) -> SessionRecord:
    started = datetime.combine(day, time(18, 0), tzinfo=TZ)
    item = SetRecord(
        exercise_id=exercise_id,
        exercise_name=exercise_id,
        kind="hold",
        variant_id="table-top",
        side="both",
        set_number=1,
        target=seconds,
        target_unit="s",
        ended_at=started + timedelta(minutes=1),
        actual_s=seconds,
    )
    return SessionRecord(
        id=uuid.uuid4().hex,
        routine_id=routine_id,
        routine_name="Gym strength",
        routine_fingerprint="test",
        started=started,
        status="completed",
        ended=started + timedelta(minutes=5),
        sets=(item,),
        pains=(PainCheck("after", 0, started + timedelta(minutes=5)),),
        red_flag=False,
    )


def test_the_ladder_climbs_once_a_rung_is_mastered_over_two_weeks() -> None:
    """ "master each level before moving on": the top of the last level, held over 14 days."""
    routine = gym()
    plank = routine.exercise("reverse-plank")
    assert plank is not None
    top = plank.variants[-1]
    at_top = replace(plank, variants=(replace(top, dose=replace(top.dose, target=45)),))
    ladder = replace(routine, exercises=(at_top, *routine.exercises[2:]))
    days = [WEDNESDAY - timedelta(days=d) for d in (21, 14, 7)]
    sessions = [held(routine.id, day, "reverse-plank", 45) for day in days]
    ratings = [NextDayRating(NOW, day + timedelta(days=1), day, 0) for day in days]
    rung = ladder_rung(ladder, sessions, ratings, today=WEDNESDAY)
    assert rung is not None
    assert (rung.current, rung.practice) == ("ball-bridge-roll", "reverse-plank")
    # One week at the top is not mastery: the ladder stays.
    early = ladder_rung(ladder, sessions[1:], ratings, today=WEDNESDAY)
    assert early is not None and early.current == "reverse-plank"


def test_today_and_a_session_show_and_run_the_current_rung(dirs: Dirs) -> None:
    save_plan(dirs.data, Plan(("e-gym-strength",)))
    record_event(dirs.data, by_hand("good-morning"), fsync=False)
    out = io.StringIO()
    show_today(dirs, as_json=True, now=NOW, out=out, err=io.StringIO())
    row = json.loads(out.getvalue())["routines"][0]
    assert row["rung"] == {
        "index": 5,
        "of": 7,
        "start": 5,
        "current": "good-morning",
        "practice": "hyperextension",
    }
    assert [e["id"] for e in row["exercises"]] == ["hyperextension", "good-morning"]
    text = io.StringIO()
    show_today(dirs, as_json=False, now=NOW, out=text, err=io.StringIO())
    assert "Gym strength: rung 5 of 7, Good morning (after Hyperextension as practice)" in (
        text.getvalue()
    )
    part = todays_part(dirs, gym(), now=NOW)
    assert part.routine is not None
    assert [e.id for e in part.routine.exercises] == ["hyperextension", "good-morning"]
