"""The session engine's safety check-ins: pain before, during and after; the pain limit; red flag."""

from __future__ import annotations

from dataclasses import replace

import pytest

from backtimer.domain.routine import Routine
from backtimer.engine import Phase, Session, SessionEnded, Settings
from backtimer.engine.texts import RED_FLAG_ADVICE
from tests.support.clock import FakeClock
from tests.support.engine import a2, phases


def at_pain_question(
    routine: Routine, clock: FakeClock, settings: Settings | None = None
) -> Session:
    """A session whose only exercise is done, asking for the pain during it."""
    session = Session(routine, clock, settings=settings)
    session.answer_pain(0)
    clock.now += 60
    session.advance()
    assert session.phase is Phase.PAIN_EXERCISE
    return session


def test_pain_within_the_limit_goes_straight_on() -> None:
    clock = FakeClock()
    session = at_pain_question(a2(), clock)
    assert phases(session.answer_pain(2)) == [Phase.PAIN_AFTER]
    assert session.choices == []


@pytest.mark.parametrize(
    ("settings_limit", "routine_limit", "limit"),
    [(None, 2, 2), (1, 2, 1), (0, 2, 0), (None, 1, 1), (2, 0, 0), (4, 2, 2), (None, 5, 2)],
)
def test_one_pain_limit_the_lowest_never_over_2(
    settings_limit: int | None, routine_limit: int, limit: int
) -> None:
    """Pain rule: at most 1–2/10 during and after an exercise. Settings and routines may lower
    the limit, never raise it (a settings value of 4 can only come from code, not a file)."""
    clock = FakeClock()
    routine = a2()
    routine = replace(
        routine,
        pain_limit=routine_limit,
        exercises=tuple(replace(e, pain_limit=routine_limit) for e in routine.exercises),
    )
    session = at_pain_question(routine, clock, settings=Settings(pain_limit=settings_limit))
    assert session.pain_limit() == limit
    assert phases(session.answer_pain(limit)) == [Phase.PAIN_AFTER]
    session = at_pain_question(routine, clock, settings=Settings(pain_limit=settings_limit))
    assert phases(session.answer_pain(limit + 1)) == [Phase.PAIN_OVER_LIMIT]


def test_red_flag_is_recorded_and_the_summary_says_see_a_clinician() -> None:
    clock = FakeClock()
    session = at_pain_question(a2(), clock)
    session.answer("1")
    session.answer("4")
    assert session.view().question == "Any pain, tingling or numbness going down a leg?"
    events = session.answer("yes")
    assert events[-1] == SessionEnded("completed")
    assert session.red_flag is True
    advice = session.view().advice
    assert advice[0] == RED_FLAG_ADVICE
    assert "4/10" in advice[1]  # pain after above the limit of 2


def test_pain_ratings_are_checked() -> None:
    clock = FakeClock()
    session = Session(a2(), clock)
    for bad in (-1, 11):
        with pytest.raises(ValueError):
            session.answer_pain(bad)
    with pytest.raises(ValueError):
        session.answer("lots")
    with pytest.raises(ValueError):
        session.answer_pain(True)
    assert session.phase is Phase.PAIN_BEFORE and session.pains == []


def test_questions_can_be_skipped() -> None:
    clock = FakeClock()
    session = Session(a2(), clock)
    assert phases(session.skip()) == [Phase.PAIN_BEFORE, Phase.LEAD_IN]
    clock.now += 40
    session.advance()
    session.skip()  # no pain rating for the exercise
    session.skip()  # none after
    session.skip()  # red flag unanswered
    assert session.phase is Phase.SUMMARY and session.status == "completed"
    assert session.pains == [] and session.red_flag is None
    assert session.records[0].pain is None
