""" "Last time" on the run screen: how an exercise went the last time, on the same variant."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from backtimer.domain.records import SessionRecord
from backtimer.domain.routine import Routine
from backtimer.domain.vocabulary import Side
from backtimer.render.summary import last_time
from backtimer.storage.paths import shipped_routines_dir
from backtimer.storage.routines import load_routine_file
from tests.support.records import START, sample_session, sample_set


def static_holds(variant_id: str) -> Routine:
    routine, problems = load_routine_file(shipped_routines_dir() / "a2-static-holds.toml")
    assert routine is not None and not problems
    [hold] = routine.exercises
    return replace(routine, exercises=(replace(hold, variant_id=variant_id),))


def hold_session(variant_id: str, side: Side, held: float, days_ago: int) -> SessionRecord:
    start = START - timedelta(days=days_ago)
    item = replace(
        sample_set(0, start), exercise_id="static-hold", exercise_name="Static hold",
        variant_id=variant_id, side=side, actual_s=held, stop_reason=None,
    )  # fmt: skip
    session = sample_session(start=start, sets=0, routine_id="a2-static-holds")
    return replace(session, sets=(item,))


def test_last_time_of_a_one_leg_hold_never_shows_the_two_leg_holds_time() -> None:
    one_leg = hold_session("single-leg", "left", 20.0, days_ago=3)
    two_legs = hold_session("pad-lower", "both", 120.0, days_ago=1)
    history = [one_leg, two_legs]
    assert last_time(history, static_holds("single-leg"))["static-hold"].startswith("L 20 s")
    assert last_time(history, static_holds("pad-lower"))["static-hold"].startswith("2 min")
    assert last_time(history, static_holds("pad-high")) == {}
