"""Keep going, back, counting before a set and the side shown: what the workout keys do to a
session (issue 13), driven by the fake clock."""

from __future__ import annotations

from backtimer.engine import CueKind, Phase, Settings
from tests.support.clock import FakeClock
from tests.support.engine import a2, cues, inline, logged, run, started, with_variant

TWO_HOLDS = """
[[exercise]]
id = "hold"
name = "Static hold"
kind = "hold"
sets = 2
rest_s = 20
dose = { target = 30, min = 30, max = 60, step = 10 }

[[exercise]]
id = "cobra"
name = "Prone cobra"
kind = "hold"
dose = { target = 30, min = 30, max = 60, step = 10 }
"""

REPS = """
[[exercise]]
id = "curl"
name = "Curl-up"
kind = "reps"
sets = 2
rest_s = 30
dose = { target = 10, min = 8, max = 15, step = 1 }
"""


# --------------------------------------------------------------------------- keep going


def test_keep_going_lasts_for_the_hold_it_was_pressed_in_only() -> None:
    """One press of `k` made a later prone cobra run 103.6 s against 30 s."""
    clock = FakeClock()
    session = started(inline(TWO_HOLDS), clock)
    run(session, clock, 6)  # 1 s into set 1
    session.set_keep_going(True)
    assert session.view().keep_going
    run(session, clock, 40)  # 11 s past the target
    first = session.finish()
    assert logged(first)[0].record.overtime
    run(session, clock, 20 + 31)  # the rest, then set 2 runs to its target and stops there
    assert [r.actual_s for r in session.records] == [41.0, 30.0]
    assert session.phase is Phase.PAIN_EXERCISE
    session.answer_pain(0)
    run(session, clock, 5 + 31)  # the prone cobra stops at its target too
    assert [r.actual_s for r in session.records][-1] == 30.0


def test_keep_going_does_nothing_before_the_hold_starts() -> None:
    clock = FakeClock()
    session = started(a2(), clock)
    assert session.phase is Phase.LEAD_IN
    assert session.set_keep_going(True) == []
    run(session, clock, 36)
    assert session.records[0].actual_s == 30.0 and not session.records[0].overtime


def test_with_keep_going_set_in_the_config_k_turns_it_off_for_one_hold() -> None:
    clock = FakeClock()
    session = started(inline(TWO_HOLDS), clock, settings=Settings(keep_going=True))
    run(session, clock, 6)
    assert session.view().keep_going
    session.set_keep_going(False)
    assert not session.view().keep_going
    run(session, clock, 30)  # set 1 stops at its target
    assert session.records[0].actual_s == 30.0
    run(session, clock, 21)  # set 2: keep going again, as the settings say
    assert session.view().keep_going


# --------------------------------------------------------------------------- back


def test_back_during_a_set_starts_it_again_and_logs_nothing_of_the_try() -> None:
    clock = FakeClock()
    session = started(inline(TWO_HOLDS), clock)
    run(session, clock, 15)  # 10 s into set 1
    assert session.view().back == "set"
    events = session.back()
    assert logged(events) == []
    view = session.view()
    assert (view.phase, view.set_number) == (Phase.LEAD_IN, 1)
    assert any("Again: Static hold, set 1 of 2" in getattr(e, "text", "") for e in events)
    run(session, clock, 36)
    assert [(r.set_number, r.actual_s) for r in session.records] == [(1, 30.0)]


def test_back_in_the_rest_does_the_set_just_done_again_and_replaces_it() -> None:
    """A set done again after `b` was logged as set 3 of a 2-set exercise."""
    clock = FakeClock()
    session = started(inline(TWO_HOLDS), clock)
    run(session, clock, 20)  # set 1 running 15 s
    session.finish()
    session.answer_stop("fatigue")
    assert session.phase is Phase.REST
    first_id = session.records[0].id
    session.back()
    assert (session.phase, session.view().set_number) == (Phase.LEAD_IN, 1)
    run(session, clock, 36)  # the new try: 30 s
    events = run(session, clock, 20 + 31)  # then set 2
    assert [(r.id, r.set_number, r.actual_s, r.stop_reason) for r in session.records] == [
        (first_id, 1, 30.0, None),
        (first_id + 1, 2, 30.0, None),
    ]
    assert session.view().phase is Phase.PAIN_EXERCISE
    assert len(logged(events)) == 1


def test_back_again_in_the_lead_in_goes_one_set_further_then_to_the_previous_exercise() -> None:
    clock = FakeClock()
    session = started(inline(TWO_HOLDS), clock)
    assert session.view().back is None  # the first exercise's lead-in: nothing before it
    assert session.back() == []
    run(session, clock, 36 + 20 + 10)  # set 1 done, set 2 running
    session.back()  # set 2 again
    assert session.view().set_number == 2 and session.view().back == "set"
    session.back()  # one set further: set 1
    assert session.view().set_number == 1 and session.view().back is None
    run(session, clock, 36 + 20 + 31)
    session.answer_pain(0)  # on to the prone cobra's lead-in
    assert session.view().exercise.id == "cobra" and session.view().back == "exercise"
    session.back()
    assert (session.view().exercise.id, session.phase) == ("hold", Phase.LEAD_IN)
    run(session, clock, 36)  # set 1 done again: it replaces set 1, nothing is added
    assert [r.set_number for r in session.records] == [1, 2]


def test_back_on_one_side_does_that_side_again() -> None:
    clock = FakeClock()
    session = started(with_variant(a2(), "single-leg"), clock)
    run(session, clock, 5 + 15 + 2)  # left side done, switching sides
    assert session.phase is Phase.SWITCH
    session.back()
    view = session.view()
    assert (view.phase, view.side) == (Phase.LEAD_IN, "left")
    run(session, clock, 5 + 15 + 10 + 16)
    assert [(r.side, r.set_number) for r in session.records] == [("left", 1), ("right", 1)]


def test_back_does_nothing_at_a_check_in() -> None:
    clock = FakeClock()
    session = started(a2(), clock)
    run(session, clock, 36)
    assert session.phase is Phase.PAIN_EXERCISE
    assert session.view().back is None
    assert session.back() == []
    assert session.phase is Phase.PAIN_EXERCISE


# --------------------------------------------------------------------------- counting


def test_a_rep_counted_in_the_lead_in_starts_the_set() -> None:
    """`+` during the lead-in was dropped without a word."""
    clock = FakeClock()
    session = started(inline(REPS), clock)
    assert session.view().can_start_counting
    session.add_rep()
    view = session.view()
    assert (view.phase, view.reps) == (Phase.WORK, 1)
    session.add_rep()
    clock.now += 10
    session.finish()
    session.answer_stop("fatigue")
    assert session.phase is Phase.REST
    session.add_rep()  # counting in the rest starts the next set too
    assert (session.phase, session.view().reps, session.view().set_number) == (Phase.WORK, 1, 2)


# --------------------------------------------------------------------------- the side shown


def test_a_check_in_shows_no_side() -> None:
    """The check-in after a right-side hold said LEFT SIDE."""
    clock = FakeClock()
    session = started(with_variant(a2(), "single-leg"), clock)
    assert session.view().side == "left"
    run(session, clock, 5 + 15 + 10 + 15 + 1)
    assert session.phase is Phase.PAIN_EXERCISE
    assert session.view().side is None


def test_an_alternating_hold_check_in_shows_no_side() -> None:
    routine = inline(
        """
[[exercise]]
id = "bird-dog"
name = "Bird-dog"
kind = "repeated_hold"
sides = "alternating"
dose = { target = 8 }
repeat = { count = 2, relax_s = 4 }
"""
    )
    clock = FakeClock()
    session = started(routine, clock)
    run(session, clock, 5 + 1)
    assert session.view().side == "left"
    run(session, clock, 8 + 4)
    assert session.view().side == "right"
    run(session, clock, 8)
    assert session.phase is Phase.PAIN_EXERCISE
    assert session.view().side is None


# --------------------------------------------------------------------------- the rest


def test_the_rest_announcement_names_what_comes_next() -> None:
    """Issue 13: the rest announcement (spoken, and in a notification) names what comes next."""
    routine = inline(
        TWO_HOLDS.replace('kind = "hold"\nsets = 2', 'kind = "hold"\nsides = "each"\nsets = 2')
    )
    clock = FakeClock()
    session = started(routine, clock)
    events = run(session, clock, 5 + 30 + 10 + 31)  # both sides of set 1: then the rest
    assert session.phase is Phase.REST
    rest = [cue.text for cue in cues(events) if cue.kind is CueKind.REST]
    assert rest == ["Rest 20 seconds. Next: Static hold, set 2 of 2, left side."]
    assert session.view().next_text == "Next: Static hold, set 2 of 2, left side"


# --------------------------------------------------------------------------- pain stops


def test_an_exercise_stopped_for_pain_is_not_started_again_by_back_or_go_to() -> None:
    """Pain rule: above the limit, "the exercise is too much today: shorten, regress, or stop".
    Stopped, it does not start again behind that answer's back: `b` and `g` leave it."""
    clock = FakeClock()
    session = started(inline(TWO_HOLDS), clock)
    run(session, clock, 36)  # set 1 done, resting
    session.report_pain()
    session.answer_pain(5)
    assert session.phase is Phase.PAIN_OVER_LIMIT
    session.choose("stop_exercise")
    assert session.view().exercise.id == "cobra" and session.view().phase is Phase.LEAD_IN
    assert session.stopped_for_pain(0) and not session.stopped_for_pain(1)
    assert session.view().back is None
    assert session.back() == []
    assert session.jump(0) == []
    assert session.view().exercise.id == "cobra"
