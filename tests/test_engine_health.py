"""Which health questions a session asks.

Issue 11: "Demo runs (`--speed` other than 1) ask no health questions"; "a skipped question is
unknown, never no ... and the next start asks again" (before anything loads the back). Program,
safety rules: leg symptoms mean "stop, and see a clinician before going on".
"""

from __future__ import annotations

from backtimer.engine import Phase, Session, SessionEnded, Settings
from backtimer.engine.health import RED_FLAG_FIRST_QUESTION
from tests.support.clock import FakeClock
from tests.support.engine import a2, phases, run

DEMO = Settings(health_questions=False)
ASK_FIRST = Settings(red_flag_first=True)


def phase_of(session: Session) -> Phase:
    """The phase now (a call, so each check reads it afresh)."""
    return session.phase


def test_a_demo_run_asks_no_pain_check_in_and_no_red_flag_question() -> None:
    """Issue 11: demo runs ask no health questions."""
    clock = FakeClock()
    session = Session(a2(), clock, settings=DEMO)
    assert phase_of(session) is Phase.LEAD_IN  # no pain check-in before
    events = run(session, clock, 40)
    seen = phases(events)
    for question in (Phase.PAIN_EXERCISE, Phase.PAIN_AFTER, Phase.RED_FLAG):
        assert question not in seen
    assert phase_of(session) is Phase.SUMMARY and session.status == "completed"
    assert events[-1] == SessionEnded("completed")
    assert session.pains == [] and session.red_flag is None
    assert not session.red_flag_skipped  # a demo leaves nothing unknown either
    assert len(session.records) == 1


def test_a_real_session_asks_them_all() -> None:
    """The contrast: the same routine in real time asks before, during and after."""
    clock = FakeClock()
    session = Session(a2(), clock)
    assert phase_of(session) is Phase.PAIN_BEFORE
    session.answer_pain(0)
    assert Phase.PAIN_EXERCISE in phases(run(session, clock, 40))


def test_skipping_the_red_flag_question_leaves_it_unknown_not_no() -> None:
    """Issue 11: a skipped question is "unknown", never "no"."""
    clock = FakeClock()
    session = Session(a2(), clock)
    session.answer_pain(0)
    run(session, clock, 40)
    session.answer_pain(0)
    session.answer_pain(0)
    assert phase_of(session) is Phase.RED_FLAG
    session.skip()
    assert phase_of(session) is Phase.SUMMARY
    assert session.red_flag is None and session.red_flag_skipped


def test_ending_at_the_red_flag_question_leaves_it_unknown() -> None:
    """Ending the session at the question is no answer either."""
    clock = FakeClock()
    session = Session(a2(), clock)
    session.answer_pain(0)
    run(session, clock, 40)
    session.quit()
    assert session.red_flag is None and session.red_flag_skipped


def test_an_answered_question_is_not_unknown() -> None:
    clock = FakeClock()
    session = Session(a2(), clock)
    session.answer_pain(0)
    run(session, clock, 40)
    session.answer_pain(0)
    session.answer_pain(0)
    session.answer_red_flag(False)
    assert session.red_flag is False and not session.red_flag_skipped


def test_after_an_unknown_answer_the_next_session_asks_first_before_loading_the_back() -> None:
    """Issue 11: "the next start asks again", before the pain check-in and the first set."""
    clock = FakeClock()
    session = Session(a2(), clock, settings=ASK_FIRST)
    assert phase_of(session) is Phase.RED_FLAG
    view = session.view()
    assert view.question == RED_FLAG_FIRST_QUESTION
    assert [o.value for o in view.options] == ["yes", "no"]
    session.answer_red_flag(False)
    assert phase_of(session) is Phase.PAIN_BEFORE
    assert session.red_flag is False
    session.answer_pain(0)
    assert phase_of(session) is Phase.LEAD_IN


def test_yes_at_the_start_ends_the_session_before_any_set() -> None:
    """Program: leg symptoms mean stop. Nothing loads the back; the red flag is recorded."""
    clock = FakeClock()
    session = Session(a2(), clock, settings=ASK_FIRST)
    events = session.answer("yes")
    assert events[-1] == SessionEnded("ended_early")
    assert session.red_flag is True and session.records == []
    assert session.view().advice  # the summary says to see a clinician


def test_skipping_the_first_question_goes_on_with_the_answer_still_unknown() -> None:
    clock = FakeClock()
    session = Session(a2(), clock, settings=ASK_FIRST)
    session.skip()
    assert phase_of(session) is Phase.PAIN_BEFORE
    assert session.red_flag is None and session.red_flag_skipped
    session.answer_pain(0)
    run(session, clock, 40)
    session.answer_pain(0)
    session.answer_pain(0)
    assert phase_of(session) is Phase.RED_FLAG
    assert session.view().question != RED_FLAG_FIRST_QUESTION  # the usual closing question
    session.answer_red_flag(False)
    assert session.red_flag is False  # answered at the end: known again


def test_the_pain_key_in_a_demo_run_asks_nothing_and_carries_on() -> None:
    """Issue 11: a demo asks no pain check-in, even when the pain key is pressed."""
    clock = FakeClock()
    session = Session(a2(), clock, settings=DEMO)
    run(session, clock, 8)
    assert phase_of(session) is Phase.WORK
    session.report_pain()
    assert phase_of(session) not in (Phase.PAIN_EXERCISE, Phase.PAIN_OVER_LIMIT)
    assert session.pains == []
