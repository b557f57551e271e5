"""The workout screen's keys: each key the footer shows acts, in every phase (issue 13: the footer
listed Enter in the rest, space, `s`, `b` and `g` at check-ins and `k` in the lead-in, and none of
them did anything there)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator

import pytest

from backtimer.domain.routine import Routine
from backtimer.engine import Event, Phase, Session, SessionView
from backtimer.services.workout_text import key_state
from backtimer.storage.routines import load_routine_file
from tests.support.clock import FakeClock
from tests.support.engine import ROOT, a2, with_variant

Act = Callable[[Session], list[Event]]

ACTIONS: dict[tuple[str, tuple[object, ...]], Act] = {
    ("toggle_pause", ()): Session.toggle_pause,
    ("finish", ()): Session.finish,
    ("add_rep", ()): Session.add_rep,
    ("remove_rep", ()): Session.remove_rep,
    ("rest", (15,)): lambda s: s.adjust_rest(15),
    ("rest", (-15,)): lambda s: s.adjust_rest(-15),
    ("mark_done", ()): Session.mark_done,
    ("report_pain", ()): Session.report_pain,
    ("keep_going", (True,)): lambda s: s.set_keep_going(True),
    ("keep_going", (False,)): lambda s: s.set_keep_going(False),
    ("skip", ()): Session.skip,
    ("back", ("set",)): Session.back,
    ("back", ("exercise",)): Session.back,
    ("jump", ()): lambda s: s.jump(s.view().exercise_index),
}
"""Every workout key that drives the session, as the engine call it makes."""


def shared(action: str) -> bool:
    """`k` and `b` have two bindings each, one shown at a time with what the key does now."""
    return action in ("keep_going", "back")


def shipped(routine_id: str) -> Routine:
    routine, problems = load_routine_file(ROOT / "routines" / f"{routine_id}.toml")
    assert routine is not None, problems
    return routine


def moments(routine: Routine, clock: FakeClock) -> Iterator[Session]:
    """The session every 2.3 s of a whole run, every question answered; long sets cut to 60 s."""
    targets = {e.id: 60.0 for e in routine.exercises if e.kind.unit == "s" and e.dose.target > 60}
    session = Session(routine, clock, targets=targets)
    for _ in range(5000):
        view = session.view()
        yield session
        if view.phase is Phase.SUMMARY:
            return
        if view.phase.is_question:
            session.answer("0" if view.phase.is_pain_check else view.options[-1].value)
            if view.phase is Phase.PAIN_OVER_LIMIT:
                session.answer(view.options[0].value)
        else:
            clock.now += 2.3  # off the whole second, so moments fall inside each phase
            session.advance()
    raise AssertionError("the session never ended")


def acts(session: Session, act: Act) -> bool:
    """Whether `act` changes anything a user could see or that is saved."""
    trial = copy.deepcopy(session, {id(session.routine): session.routine})  # frozen: shared
    before: SessionView = trial.view()
    records = trial.records
    events = act(trial)
    return bool(events) or trial.view() != before or trial.records != records


@pytest.mark.parametrize(
    "routine",
    [
        a2(),
        with_variant(a2(), "single-leg"),
        shipped("a3-eccentric"),
        shipped("b-isometrics"),
        shipped("b-walk"),
        shipped("a1-mobility"),
    ],
    ids=["hold", "each side", "tempo reps", "repeated holds", "activity", "warm-up and movement"],
)
def test_every_key_the_footer_shows_acts_and_every_key_it_hides_is_not_offered(
    routine: Routine,
) -> None:
    clock = FakeClock()
    checked: set[tuple[Phase, str]] = set()
    for session in moments(routine, clock):
        view = session.view()
        for (action, parameters), act in ACTIONS.items():
            # None would be "shown greyed out": still listed in the footer.
            shown = key_state(action, view, save_problem=False, parameters=parameters) is not False
            if shown:
                assert acts(session, act), f"{action}{parameters} shown in {view.phase}: no effect"
                checked.add((view.phase, action))
            elif not (view.phase.is_question or view.phase is Phase.SUMMARY or shared(action)):
                # (At a check-in the screen does not pass these keys on at all.)
                assert not acts(session, act), f"{action}{parameters} acts unseen in {view.phase}"
    # Each run reached the work and found keys to check in it.
    assert Phase.WORK in {phase for phase, _ in checked}


def test_at_a_check_in_only_the_answers_and_ending_are_offered() -> None:
    clock = FakeClock()
    session = Session(a2(), clock)
    view = session.view()
    assert view.phase is Phase.PAIN_BEFORE
    offered = [
        action
        for (action, parameters) in ACTIONS
        if key_state(action, view, save_problem=False, parameters=parameters) is not False
    ]
    assert offered == []
    assert key_state("quit_session", view, save_problem=False)


def test_enter_is_not_offered_in_the_rest_and_k_only_during_a_hold() -> None:
    clock = FakeClock()
    seen: dict[Phase, set[str]] = {}
    for session in moments(with_variant(a2(), "single-leg"), clock):
        view = session.view()
        shown = {
            action
            for (action, parameters) in ACTIONS
            if key_state(action, view, save_problem=False, parameters=parameters) is not False
        }
        seen.setdefault(view.phase, set()).update(shown)
    assert "finish" not in seen[Phase.SWITCH] | seen[Phase.LEAD_IN]
    assert "keep_going" in seen[Phase.WORK]
    assert "keep_going" not in seen[Phase.LEAD_IN] | seen[Phase.SWITCH]
    assert "back" not in seen[Phase.PAIN_EXERCISE] | seen[Phase.PAIN_AFTER]
