"""Program C, the sciatica-friendly set (program.md, C): "For people whose leg symptoms have been
diagnosed (sciatica) and who have been told these movements suit them ... The set is gated behind
that confirmation." The nerve glide and the hamstring stretch work the affected leg only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backtimer.domain.journal import affected_leg, diagnosis_confirmed
from backtimer.domain.routine import Routine, Sides
from backtimer.engine import Cue, Phase, Session, Settings
from backtimer.engine.texts import LEG_QUESTION, NEW_LEG_QUESTION
from backtimer.services.leg_symptoms import choose_leg, confirm_diagnosis, leg_setup
from backtimer.storage.journal import load_journal
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.blocked import BlockedScreen
from backtimer.tui.dialogs.leg import LegScreen
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.home import HomeScreen
from backtimer.tui.screens.run import RunScreen
from tests.support.clock import FakeClock
from tests.support.engine import ROOT, a2, run, with_lead_in
from tests.support.waiting import settle, wait_for

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def c_set() -> Routine:
    from backtimer.storage.routines import load_routine_file

    routine, problems = load_routine_file(ROOT / "routines" / "c-sciatica.toml")
    assert routine is not None, problems
    return with_lead_in(routine, 10)


def phase_of(session: Session) -> Phase:
    return session.phase


def test_c_is_gated_and_works_the_affected_leg_in_the_glide_and_hamstring_stretch() -> None:
    """ "sciatic nerve glide ... affected leg only"; "seated hamstring stretch ... affected leg"."""
    routine = c_set()
    assert routine.diagnosed_leg_symptoms
    sides = {exercise.id: exercise.sides for exercise in routine.exercises}
    assert sides["nerve-glide"] is Sides.AFFECTED
    assert sides["hamstring-stretch"] is Sides.AFFECTED
    assert sides["piriformis-stretch"] is Sides.EACH  # "20–30 s per side"
    glide = routine.exercise("nerve-glide")
    assert glide is not None
    points = " ".join(glide.form_points).lower()
    # "seated, chin tucked; the affected leg extends with the ankle flexed as the head lifts"
    assert "chin" in points and "tuck" in points and "head lifts" in points
    assert "toes toward you" in points
    assert not a2().diagnosed_leg_symptoms


@pytest.mark.parametrize("leg", ["left", "right"])
def test_a_session_of_c_runs_the_chosen_leg_only(leg: str) -> None:
    clock = FakeClock()
    session = Session(c_set(), clock, settings=Settings(affected_leg=leg))
    events = session.answer_pain(0)
    said = [e.text for e in events if isinstance(e, Cue)]
    [announced] = [text for text in said if text.startswith("Sciatic nerve glide.")]
    assert f"{leg.capitalize()} leg only." in announced and "side first" not in announced
    run(session, clock, 10.0)
    for _ in range(8):
        session.add_rep()
    session.finish()
    assert [(r.exercise_id, r.side) for r in session.records] == [("nerve-glide", leg)]
    assert phase_of(session) is Phase.PAIN_EXERCISE


def test_without_a_chosen_leg_both_legs_are_worked() -> None:
    clock = FakeClock()
    session = Session(c_set(), clock)
    session.answer_pain(0)
    run(session, clock, 10.0)
    for _ in range(8):
        session.add_rep()
    session.finish()
    assert session.records[0].side == "left"
    assert phase_of(session) is Phase.SWITCH


def test_in_c_the_leg_question_asks_about_new_or_worse_symptoms_and_yes_is_a_red_flag() -> None:
    """Its users already have leg symptoms: the question asks what is new or worse; a yes is a
    red flag as usual ("stop, and see a clinician before going on")."""
    clock = FakeClock()
    session = Session(c_set(), clock)
    session.answer_pain(0)
    session.wrap_up()
    session.answer_pain(1)
    assert phase_of(session) is Phase.RED_FLAG
    assert session.view().question == NEW_LEG_QUESTION
    assert "new or worse" in NEW_LEG_QUESTION
    session.answer_red_flag(True)
    assert session.red_flag is True
    other = Session(a2(), clock)
    other.answer_pain(0)
    other.wrap_up()
    other.answer_pain(1)
    assert other.view().question == LEG_QUESTION


def test_the_confirmation_is_asked_once_and_the_latest_leg_is_used(tmp_path: Path) -> None:
    routines = [c_set()]
    assert leg_setup(tmp_path, [a2()]).complete is False  # nothing to ask
    first = leg_setup(tmp_path, routines)
    assert first.needs_confirmation and first.leg is None
    confirm_diagnosis(tmp_path, now=NOW, fsync=False)
    choose_leg(tmp_path, "left", now=NOW, fsync=False)
    choose_leg(tmp_path, "right", now=NOW + timedelta(days=3), fsync=False)
    for _ in range(2):  # from the files, then from the journal cache
        journal, problems = load_journal(tmp_path)
        assert problems == []
        assert diagnosis_confirmed(journal) and affected_leg(journal) == "right"
        setup = leg_setup(tmp_path, routines)
        assert setup.complete and setup.leg == "right"


async def test_backtimer_run_of_c_asks_first_records_and_starts_that_leg(dirs: Dirs) -> None:
    assert remember_notice(dirs) is None
    clock = FakeClock()
    app = BacktimerApp(dirs=dirs, run=c_set(), clock=clock, cue=lambda cue: None, fsync=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LegScreen), "the C question")
        await wait_for(pilot, lambda: bool(app.screen.query("#leg-diagnosis")), "its text")
        assert "diagnosed" in str(app.screen.query_one("#leg-diagnosis").render())
        await pilot.pause()
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen), "the workout screen")
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert screen.session.settings.affected_leg == "right"
        await settle(pilot)
    setup = leg_setup(dirs.data, [c_set()])
    assert setup.complete and setup.leg == "right"
    # Asked once: the next start goes straight to the session.
    app = BacktimerApp(dirs=dirs, run=c_set(), clock=clock, cue=lambda cue: None, fsync=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen), "the workout screen")
        await settle(pilot)


async def test_no_diagnosis_starts_nothing_and_records_nothing(dirs: Dirs) -> None:
    assert remember_notice(dirs) is None
    app = BacktimerApp(dirs=dirs, run=c_set(), clock=FakeClock(), cue=lambda c: None, fsync=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LegScreen), "the C question")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, BlockedScreen), "why not")
        assert not any(isinstance(s, RunScreen) for s in app.screen_stack)
    assert leg_setup(dirs.data, [c_set()]).needs_confirmation


async def test_the_leg_can_be_changed_from_the_command_palette(dirs: Dirs) -> None:
    assert remember_notice(dirs) is None
    choose_leg(dirs.data, "left", now=NOW, fsync=False)
    app = BacktimerApp(dirs=dirs, clock=FakeClock(), cue=lambda c: None, fsync=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), "today's plan")
        assert any(
            c.title == "Change the affected leg" for c in app.get_system_commands(app.screen)
        )
        app.action_change_leg()
        await wait_for(pilot, lambda: isinstance(app.screen, LegScreen), "the leg question")
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
    journal, _ = load_journal(dirs.data)
    assert affected_leg(journal) == "right"
