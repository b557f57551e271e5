"""Pain over the limit acts now, and pain before the session over the limit loads nothing.

Program, safety rules: "Pain rule: 0/10, or at most 1–2/10, during and after an exercise. Above
that, the exercise is too much today: shorten, regress, or stop." and "New-onset or acute pain:
reduce the pain first".
"""

from __future__ import annotations

import dataclasses

import pytest

from backtimer.domain.routine import Routine
from backtimer.engine import Phase, Session, SessionEnded
from backtimer.storage.routines import load_routine_file
from tests.support.clock import FakeClock
from tests.support.engine import ROOT, a2, phases, run


def routine(variant: str = "pad-lower", sets: int = 3, exercises: int = 1) -> Routine:
    """Static holds on `variant`, `sets` sets of 30 s (15 s one-legged), `exercises` times."""
    base = a2()
    hold = dataclasses.replace(base.exercises[0], variant_id=variant, sets=sets, rest=20.0)
    others = tuple(
        dataclasses.replace(hold, id=f"hold-{n}", name=f"Hold {n}") for n in range(2, exercises + 1)
    )
    return dataclasses.replace(base, exercises=(hold, *others))


def after_first_set(r: Routine, clock: FakeClock) -> Session:
    """Pain 0 before; the first set (and side) done; resting before the next."""
    session = Session(r, clock)
    session.answer_pain(0)
    run(session, clock, 5 + r.exercises[0].dose.target + 0.2)
    assert session.phase in (Phase.REST, Phase.SWITCH)
    return session


def at_end_of_exercise(r: Routine, clock: FakeClock) -> Session:
    """Every set of the first exercise done: the pain check-in that closes it."""
    session = Session(r, clock)
    session.answer_pain(0)
    for _ in range(100):
        if session.phase is Phase.PAIN_EXERCISE:
            return session
        session.skip() if session.phase in (Phase.REST, Phase.SWITCH, Phase.LEAD_IN) else None
        clock.now += 1
        session.advance()
    raise AssertionError(f"never reached the check-in: {session.phase}")


def offered(session: Session) -> list[str]:
    return [option.value for option in session.view().options]


# (what, variant, sets, exercises, where, pain, offered)
ROWS = [
    (
        "over the limit with sets left and an easier variant: every way to reduce or stop",
        "pad-lower", 3, 1, "during", 3, ["shorten", "regress", "stop_exercise", "end"],
    ),
    (
        "over the limit at the bottom of the ladder: no easier variant to offer",
        "pad-high", 3, 1, "during", 5, ["shorten", "stop_exercise", "end"],
    ),
    (
        "over the limit after the last set with an exercise to come: shorten/easier cannot apply",
        "pad-lower", 3, 2, "end", 4, ["stop_exercise", "end"],
    ),
    (
        "over the limit after the last set of the last exercise: stopping is all that is left",
        "pad-lower", 1, 1, "end", 8, ["stop_exercise"],
    ),
    ("at the limit during the exercise: no question, the sets go on", "pad-lower", 3, 1,
     "during", 2, []),
    ("at the limit at its end: no question", "pad-lower", 3, 2, "end", 2, []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("what", "variant", "sets", "exercises", "where", "pain", "expected"),
    ROWS,
    ids=[row[0] for row in ROWS],
)
def test_pain_rule_choices_offer_only_what_applies_and_never_carry_on(
    what: str,
    variant: str,
    sets: int,
    exercises: int,
    where: str,
    pain: int,
    expected: list[str],
) -> None:
    """Pain rule: above 1–2/10 the exercise is too much today: shorten, regress, or stop."""
    clock = FakeClock()
    r = routine(variant, sets, exercises)
    if where == "during":
        session = after_first_set(r, clock)
        assert phases(session.report_pain()) == [Phase.PAIN_EXERCISE]
    else:
        session = at_end_of_exercise(r, clock)
    events = session.answer_pain(pain)
    if not expected:
        assert Phase.PAIN_OVER_LIMIT not in phases(events)
        if where == "during":
            assert session.phase is Phase.REST and session.view().set_number == 2
        return
    assert session.phase is Phase.PAIN_OVER_LIMIT
    assert offered(session) == expected
    assert "continue" not in offered(session)
    with pytest.raises(ValueError):
        session.choose("continue")


def test_shorten_cuts_the_rest_of_this_exercise_by_30_percent_at_once() -> None:
    """Pain rule: shorten. 30 s holds become 21 s for the sets still to come, and the label
    says so."""
    clock = FakeClock()
    session = after_first_set(routine("pad-lower", 3), clock)
    session.report_pain()
    session.answer_pain(4)
    labels = {option.value: option.label for option in session.view().options}
    assert labels["shorten"].startswith("Shorten: 30 s → 21 s holds for the rest of this exercise")
    assert labels["regress"] == (
        "Easier: Two legs, pad at its highest setting for the rest of this exercise"
    )
    assert labels["stop_exercise"] == "Stop this exercise (leave out the 2 sets left)"
    session.choose("shorten")
    assert session.phase is Phase.REST
    run(session, clock, 20 + 21 + 0.2)
    assert [r.target for r in session.records] == [30, 21]
    assert [r.actual_s for r in session.records] == [30.0, 21.0]
    (choice,) = session.choices
    assert (choice.choice, choice.pain, choice.variant_id, choice.target, choice.new_target) == (
        "shorten", 4, "pad-lower", 30, 21,
    )  # fmt: skip


def test_regress_puts_the_rest_of_this_exercise_on_the_easier_variant_at_once() -> None:
    """Pain rule: regress. One leg hurts: the sets to come are on two legs, never longer."""
    clock = FakeClock()
    session = after_first_set(routine("single-leg", 2), clock)  # set 1 left side done
    session.advance()
    run(session, clock, 10 + 15 + 0.2)  # the right side too
    session.report_pain()
    session.answer_pain(3)
    session.choose("regress")
    run(session, clock, 20 + 15 + 0.2)
    last = session.records[-1]
    assert (last.variant_id, last.side, last.set_number, last.target) == (
        "pad-lower", "both", 2, 15,
    )  # fmt: skip
    choice = session.choices[0]
    assert (choice.new_variant_id, choice.new_target) == ("pad-lower", 15)
    assert session.phase is Phase.PAIN_EXERCISE  # the check-in that closes the exercise


def test_stop_exercise_leaves_out_the_sets_left_and_end_ends_the_session() -> None:
    clock = FakeClock()
    session = after_first_set(routine("pad-lower", 3, exercises=2), clock)
    session.report_pain()
    session.answer_pain(6)
    session.choose("stop_exercise")
    assert session.phase is Phase.LEAD_IN and session.view().exercise.id == "hold-2"
    assert len(session.records) == 1
    session = after_first_set(routine("pad-lower", 3, exercises=2), clock)
    session.report_pain()
    session.answer_pain(6)
    assert phases(session.choose("end")) == [Phase.PAIN_AFTER]
    session.answer_pain(1)
    assert session.answer_red_flag(False)[-1] == SessionEnded("ended_early")


def test_pain_as_the_reason_a_set_stopped_asks_how_much_and_acts() -> None:
    clock = FakeClock()
    session = Session(routine("pad-lower", 3), clock)
    session.answer_pain(0)
    run(session, clock, 5 + 10)
    session.finish()
    assert session.phase is Phase.STOP_REASON
    assert phases(session.answer_stop("pain")) == [Phase.PAIN_EXERCISE]
    session.answer_pain(5)
    assert offered(session) == ["shorten", "regress", "stop_exercise", "end"]


def test_the_pain_key_during_a_hold_ends_it_with_pain_as_the_reason() -> None:
    clock = FakeClock()
    session = Session(routine("pad-lower", 3), clock)
    session.answer_pain(0)
    run(session, clock, 5 + 12)
    assert session.view().phase is Phase.WORK
    assert phases(session.report_pain()) == [Phase.PAIN_EXERCISE]
    assert (session.records[0].actual_s, session.records[0].stop_reason) == (12.0, "pain")
    session.answer_pain(1)  # within the limit: the other sets go on
    assert session.phase is Phase.REST and session.view().set_number == 2


def test_skipping_the_over_limit_question_stops_the_exercise() -> None:
    clock = FakeClock()
    session = after_first_set(routine("pad-lower", 3), clock)
    session.report_pain()
    session.answer_pain(5)
    session.skip()
    assert session.phase is Phase.PAIN_AFTER and len(session.records) == 1


# ------------------------------------------------------------------ pain before the session


@pytest.mark.parametrize("pain", [3, 8])
def test_pain_before_over_the_limit_starts_nothing_that_loads_the_back(pain: int) -> None:
    """New-onset or acute pain: reduce the pain first. Over the limit before a session, the
    session offers to stop or do mobility only, and no key starts the hold."""
    clock = FakeClock()
    session = Session(a2(), clock)
    assert phases(session.answer_pain(pain))[-1] is Phase.PAIN_BEFORE_HIGH
    view = session.view()
    assert view.question is not None and "seen to first" in view.question
    assert [option.value for option in view.options] == ["mobility", "stop"]
    for action in (session.skip, session.back, lambda: session.jump(0), session.advance):
        action()
        clock.now += 600
        session.advance()
        assert session.phase is Phase.PAIN_BEFORE_HIGH
    assert session.records == []
    events = session.answer("stop")
    assert events[-1] == SessionEnded("ended_early") and session.phase is Phase.SUMMARY
    assert session.pain_before_choice == "stop" and session.records == []
    assert f"{pain}/10" in session.view().advice[0]


def test_pain_before_mobility_ends_this_session_for_the_mobility_routine() -> None:
    clock = FakeClock()
    session = Session(a2(), clock)
    session.answer_pain(8)
    assert session.choose_before("mobility")[-1] == SessionEnded("ended_early")
    assert session.pain_before_choice == "mobility" and session.records == []
    mobility, _ = load_routine_file(ROOT / "routines" / "a1-mobility.toml")
    assert mobility is not None
    handed = Session(mobility, clock, pain_before=8)
    assert handed.phase is Phase.LEAD_IN and handed.pains[0].value == 8


def test_pain_before_over_the_limit_on_the_mobility_routine_may_do_it() -> None:
    clock = FakeClock()
    mobility, _ = load_routine_file(ROOT / "routines" / "a1-mobility.toml")
    assert mobility is not None
    session = Session(mobility, clock)
    session.answer_pain(3)
    labels = [option.label for option in session.view().options]
    assert labels == ["Do this gentle mobility routine only", "Stop for today"]
    session.answer("mobility")
    assert session.phase is Phase.LEAD_IN


def test_pain_before_within_the_limit_goes_straight_in() -> None:
    clock = FakeClock()
    session = Session(a2(), clock)
    assert phases(session.answer_pain(2))[-1] is Phase.LEAD_IN


def test_back_and_go_to_wait_for_the_over_limit_choice() -> None:
    """Pain rule: the exercise does not start again at full dose behind the question's back."""
    clock = FakeClock()
    session = after_first_set(routine("pad-lower", 3), clock)
    session.report_pain()
    session.answer_pain(5)
    session.back()
    session.jump(0)
    assert session.phase is Phase.PAIN_OVER_LIMIT
