"""What a red flag leaves of the history, for progression.

Program, safety rules: leg symptoms are a red flag, "stop, and see a clinician before going on".
Issue 11: flagged sessions, and sessions done while a flag was open, are never evidence; the first
plan after the clearance eases back; a skipped question is unknown, never "no", so such a session
is not evidence for a raise.
"""

from __future__ import annotations

from datetime import date, timedelta

from backtimer.domain.journal import ClinicianCleared
from backtimer.domain.progression.red_flag import last_answer_unknown, not_evidence
from tests.support.history_builder import HOLDS, History, at

MONDAY = date(2026, 3, 2)


def day(offset: int) -> date:
    return MONDAY + timedelta(days=offset)


def kinds(history: History, today: date) -> list[str]:
    return [s.kind for s in history.suggest(today)]


def test_the_first_plan_after_a_clearance_eases_back_one_step() -> None:
    """Issue 11: "the first plan after clearance eases back" (as after the shortest break)."""
    history = History(HOLDS)
    history.set_by_hand(day(-1), 80)
    history.train(day(0))
    history.train(day(1), red_flag=True)
    history.journal.append(ClinicianCleared(at(day(3), 7), day(3)))
    [ease] = history.suggest(day(3))
    assert (ease.kind, ease.from_target, ease.to_target) == ("ease_back", 80, 72)
    assert "leg symptoms you reported on 3 Mar" in ease.reason
    history.answer(ease, day(3))
    assert history.state().target == 72
    assert history.suggest(day(3)) == []


def test_a_declined_ease_back_lapses_once_a_session_is_done() -> None:
    """The ease-back is the first plan after a clearance, not every plan after it."""
    history = History(HOLDS)
    history.set_by_hand(day(-1), 80)
    history.train(day(1), red_flag=True)
    history.journal.append(ClinicianCleared(at(day(3), 7), day(3)))
    [ease] = history.suggest(day(3))
    history.answer(ease, day(3), accepted=False)
    assert history.suggest(day(3)) == []
    history.train(day(4))
    assert "ease_back" not in kinds(history, day(5))


def test_flagged_sessions_and_sessions_under_an_open_flag_are_never_evidence() -> None:
    """Issue 11: flagged sessions and uncleared sessions never count as evidence for a raise."""
    history = History(HOLDS)
    good = history.train(day(0))
    flagged = history.train(day(1), red_flag=True)
    under = [history.train(day(offset)) for offset in (3, 5, 8)]  # trained past the flag
    history.journal.append(ClinicianCleared(at(day(9), 12), day(9)))
    assert not_evidence(history.sessions, history.journal) == {flagged.id, *(s.id for s in under)}
    assert good.id not in not_evidence(history.sessions, history.journal)
    # Without the flag the same sessions would raise; with it, nothing rests on them.
    assert "raise" not in kinds(history, day(10))
    later = [history.train(day(offset)) for offset in (10, 13, 17)]
    assert not_evidence(history.sessions, history.journal).isdisjoint(s.id for s in later)
    assert kinds(history, day(18)) == ["raise"]


def test_a_demo_runs_yes_excludes_nothing() -> None:
    """Issue 11: demo runs stay out of the red flag."""
    history = History(HOLDS)
    history.train(day(0), red_flag=True, speed=10.0)
    for offset in (1, 4, 8):
        history.train(day(offset))
    assert not_evidence(history.sessions, history.journal) == set()
    assert kinds(history, day(9)) == ["raise"]


def test_a_skipped_question_is_unknown_and_no_raise_rests_on_it() -> None:
    """Issue 11: "a skipped question is unknown, never no: such a session is not evidence for a
    raise"."""
    known = History(HOLDS)
    unknown = History(HOLDS)
    for offset in (0, 3, 7):
        known.train(day(offset), red_flag=False)
        unknown.train(day(offset), red_flag_skipped=offset == 7)
    assert kinds(known, day(8)) == ["raise"]
    assert kinds(unknown, day(8)) == []
    assert last_answer_unknown(unknown.sessions)
    assert not last_answer_unknown(known.sessions)
    # Answered again next time: the run goes on without the unknown session.
    for offset in (8, 11, 15):
        unknown.train(day(offset), red_flag=False)
    assert not last_answer_unknown(unknown.sessions)
    assert kinds(unknown, day(16)) == ["raise"]


def test_the_question_is_asked_again_after_an_unknown_answer_only_in_real_sessions() -> None:
    """Issue 11: "the next start asks again"; demo runs ask no health questions, so they neither
    answer it nor leave it unknown."""
    history = History(HOLDS)
    history.train(day(0), red_flag_skipped=True)
    history.train(day(1), red_flag=False, speed=10.0)
    assert last_answer_unknown(history.sessions)
    history.train(day(2), red_flag=False)
    assert not last_answer_unknown(history.sessions)
