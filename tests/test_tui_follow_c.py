"""Following program C from the home screen asks its clinician question first, once.

Program C: "For people whose leg symptoms have been diagnosed (sciatica) and who have been told
these movements suit them ... The set is gated behind that confirmation." Starting it already
asked (tests/test_red_flag_gate.py and tests/test_leg_symptoms.py); following it in the follow
dialog (`f`) asks too, and records the answer, so neither asks again.
"""

from __future__ import annotations

from textual.widgets import SelectionList

from backtimer.domain.journal import AffectedLegChosen, DiagnosisConfirmed
from backtimer.storage.journal import load_journal
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import load_plan
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.follow import FollowScreen
from backtimer.tui.dialogs.leg import LegScreen
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.home import HomeScreen
from tests.support.today import NOW
from tests.support.waiting import settle, wait_for

SIZE = (100, 32)
C = "c-sciatica"


def app_for(dirs: Dirs) -> BacktimerApp:
    assert remember_notice(dirs) is None
    return BacktimerApp(dirs=dirs, now=lambda: NOW, fsync=False)


async def tick(app: BacktimerApp, *routine_ids: str) -> None:
    """In the follow dialog, tick `routine_ids` as well, then save."""
    dialog = app.screen
    assert isinstance(dialog, FollowScreen)
    choices = dialog.query_one("#follow-list", SelectionList)
    for routine_id in routine_ids:
        choices.select(routine_id)


def journal_kinds(dirs: Dirs) -> set[type]:
    events, problems = load_journal(dirs.data)
    assert problems == []
    return {type(event) for event in events}


async def test_following_c_asks_the_clinician_question_once_and_records_it(dirs: Dirs) -> None:
    app = app_for(dirs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        await tick(app, C)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, LegScreen), "the leg question")
        assert "diagnosed" in str(app.screen.query_one("#leg-diagnosis").render())
        await pilot.press("l")  # yes, diagnosed; the left leg
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert C in load_plan(dirs.data)[0].follow
        assert journal_kinds(dirs) == {DiagnosisConfirmed, AffectedLegChosen}
        events, _ = load_journal(dirs.data)
        assert [e.leg for e in events if isinstance(e, AffectedLegChosen)] == ["left"]
        # Unfollowed and followed again: answered already, so no question.
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#follow-list", SelectionList).deselect(C)
        await pilot.press("s")
        await settle(pilot)
        assert C not in load_plan(dirs.data)[0].follow
        await pilot.press("f")
        await pilot.pause()
        await tick(app, C)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert C in load_plan(dirs.data)[0].follow
        assert journal_kinds(dirs) == {DiagnosisConfirmed, AffectedLegChosen}


async def test_without_a_diagnosis_c_is_not_followed_and_the_rest_is_saved(dirs: Dirs) -> None:
    app = app_for(dirs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        await tick(app, "a2-static-holds", C)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, LegScreen), "the leg question")
        await pilot.press("n")  # not diagnosed
        await settle(pilot)
        assert load_plan(dirs.data)[0].follow == ("a1-mobility", "a2-static-holds")
        assert journal_kinds(dirs) == set()
        assert isinstance(app.screen, HomeScreen)
