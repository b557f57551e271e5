"""Sides that alternate within a set: every hold or every rep changes side, and each side is
logged on its own, with its own start and end.

B: bird-dog "alternating: 5–10 reps per side with a short hold, or steady holds of 8–20 s, 2–3
per side". Issue 12: the reps alternated only between sets; issue 13: the two sides of an
alternating set were logged with one `ended_at`.
"""

from __future__ import annotations

import dataclasses

from backtimer.domain.routine import Sides
from backtimer.engine import CueKind, Phase, Session
from backtimer.storage.routines import load_routine_file
from tests.support.clock import T0, FakeClock
from tests.support.engine import ROOT, cues, logged, one_exercise, run, started, with_lead_in

BIRD_DOG_REPS = """
id = "bird-dog-reps"
name = "Bird-dog reach and return"
kind = "reps"
sides = "alternating"
dose = { target = 5, min = 5, max = 10 }
tempo = { up_s = 2, top_s = 2, lower_s = 2, up_first = true }
"""

BIRD_DOG_HOLDS = """
id = "bird-dog"
name = "Bird-dog"
kind = "repeated_hold"
sides = "alternating"
dose = { target = 8, min = 8, max = 20 }
repeat = { count = 4, relax_s = 4 }
"""


def test_bird_dog_reps_change_side_every_rep_and_say_which() -> None:
    """5 reps per side: 10 reps of 6 s, left first, each rep naming its side."""
    clock = FakeClock()
    session = started(one_exercise(BIRD_DOG_REPS), clock)
    view = session.view()
    assert view.reps_target == 10
    events = run(session, clock, 5 + 10 * 6 + 1)
    starts = [c.text for c in cues(events) if c.kind is CueKind.TEMPO and "side" in c.text]
    assert starts == ["Up, left side", "Up, right side"] * 5
    left, right = (entry.record for entry in logged(events))
    assert (left.side, left.reps, left.actual_s) == ("left", 5, 30.0)
    assert (right.side, right.reps, right.actual_s) == ("right", 5, 30.0)
    # Left's reps are the 1st, 3rd, ... 9th: it began at 5 s and its last rep ended at 59 s.
    assert (left.started_at_mono, left.ended_at_mono) == (T0 + 5, T0 + 59)
    assert (right.started_at_mono, right.ended_at_mono) == (T0 + 11, T0 + 65)
    assert session.phase is Phase.PAIN_EXERCISE


def test_the_side_on_screen_follows_the_rep() -> None:
    clock = FakeClock()
    session = started(one_exercise(BIRD_DOG_REPS), clock)
    run(session, clock, 5 + 1)
    assert session.view().side == "left"
    run(session, clock, 6)
    assert session.view().side == "right"


def test_stopping_alternating_reps_midway_counts_each_side() -> None:
    clock = FakeClock()
    session = started(one_exercise(BIRD_DOG_REPS), clock)
    run(session, clock, 5 + 3 * 6 + 1)  # three reps done: left, right, left
    left, right = (entry.record for entry in logged(session.finish()))
    assert (left.reps, right.reps) == (2, 1)
    assert left.ended_at_mono == T0 + 23 and right.ended_at_mono == T0 + 17


def test_alternating_holds_end_each_side_when_its_last_hold_ends() -> None:
    """Holds of 8 s, 4 s to relax: left 5–13 and 29–37, right 17–25 and 41–49. Each side's set
    ends with its own last hold, so the two records no longer share one `ended_at`."""
    clock = FakeClock()
    session = started(one_exercise(BIRD_DOG_HOLDS), clock)
    events = run(session, clock, 5 + 4 * 8 + 3 * 4 + 1)
    left, right = (entry.record for entry in logged(events))
    assert (left.side, left.reps, left.actual_s) == ("left", 2, 16.0)
    assert (left.started_at_mono, left.ended_at_mono) == (T0 + 5, T0 + 37)
    assert (right.started_at_mono, right.ended_at_mono) == (T0 + 17, T0 + 49)


def test_the_shipped_bird_dogs_alternate_every_rep_and_every_hold() -> None:
    for path, exercise_id in (
        ("b-reconnect.toml", "bird-dog-reps"),
        ("b-isometrics.toml", "bird-dog"),
    ):
        routine, problems = load_routine_file(ROOT / "routines" / path)
        assert routine is not None, problems
        item = routine.exercise(exercise_id)
        assert item is not None and item.sides is Sides.ALTERNATING
        one = dataclasses.replace(with_lead_in(routine, 5), exercises=(item,), warmup=None)
        clock = FakeClock()
        session = Session(one, clock)
        session.answer_pain(0)
        events = run(session, clock, 200)
        sides = [entry.record.side for entry in logged(events)]
        assert sides == ["left", "right"], exercise_id
        ends = {entry.record.ended_at_mono for entry in logged(events)}
        assert len(ends) == 2, exercise_id
