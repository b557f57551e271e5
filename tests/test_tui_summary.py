"""The closing check-ins and the summary (issue 13): skipping them is asked first and saved as
skipped; the summary shows pain before, what pain over the limit led to, pain after and the leg
question; a session ended before any set says so in a sentence."""

from __future__ import annotations

import dataclasses
import tomllib
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from backtimer.engine import Phase, Session
from backtimer.storage.history import HistoryStore
from backtimer.storage.history.toml_io import dumps, read_session_file
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.confirm import ConfirmScreen
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.run import RunScreen
from tests.support.clock import FakeClock
from tests.support.engine import a2, run, started, with_variant
from tests.support.screens import on_run_screen
from tests.support.today import WEDNESDAY, session, write

SIZE = (100, 34)


def phase_of(screen: RunScreen) -> Phase:
    return screen.session.phase


def summary_of(screen: RunScreen) -> str:
    return str(screen.query_one("#run-next", Static).content)


def saved(dirs: Dirs) -> dict[str, Any]:
    [path] = (dirs.data / "sessions").rglob("*.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def advance(pilot: Pilot[int], screen: RunScreen, clock: FakeClock, seconds: float) -> None:
    clock.now += seconds
    screen.tick()
    await pilot.pause()


# --------------------------------------------------------------------------- the engine


def test_skipping_pain_after_is_recorded_as_skipped() -> None:
    clock = FakeClock()
    session = started(a2(), clock)
    run(session, clock, 36)
    session.answer_pain(0)
    assert session.phase is Phase.PAIN_AFTER
    session.skip()
    assert session.pain_after_skipped and not session.red_flag_skipped
    session.answer_red_flag(False)
    assert session.pain_after_skipped and session.red_flag is False


def test_ending_with_sets_done_before_pain_after_leaves_it_skipped() -> None:
    clock = FakeClock()
    session = started(a2(), clock)
    run(session, clock, 20)
    session.quit()
    assert session.pain_after_skipped and session.red_flag_skipped


def test_an_answered_pain_after_is_not_skipped() -> None:
    clock = FakeClock()
    session: Session = started(a2(), clock)
    run(session, clock, 36)
    session.answer_pain(0)
    session.answer_pain(1)
    session.quit()  # at the leg question
    assert not session.pain_after_skipped and session.red_flag_skipped


def test_a_skipped_pain_after_is_written_and_read_back(dirs: Dirs) -> None:
    """docs/history-format.md: `pain_after_skipped = true`; without it, false."""
    record = dataclasses.replace(session("a2-static-holds", WEDNESDAY, 9), pain_after_skipped=True)
    assert b"pain_after_skipped = true" in dumps(record)
    write(dirs, record)
    [path] = (dirs.data / "sessions").rglob("*.toml")
    assert read_session_file(path).pain_after_skipped
    [indexed] = HistoryStore(dirs.data).load().sessions
    assert indexed.pain_after_skipped
    [again] = HistoryStore(dirs.data).load().sessions  # from the index this time
    assert again.pain_after_skipped
    plain = dataclasses.replace(record, pain_after_skipped=False)
    assert b"pain_after_skipped" not in dumps(plain)


# --------------------------------------------------------------------------- the screen


async def test_q_at_the_closing_check_in_asks_first_and_saves_both_as_skipped(dirs: Dirs) -> None:
    """`q` at the after-session check-in skipped the pain and leg questions without a word."""
    assert remember_notice(dirs) is None
    clock = FakeClock()
    app = BacktimerApp(dirs=dirs, run=a2(), clock=clock, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("1")
        await advance(pilot, screen, clock, 36)
        await pilot.press("0")
        assert phase_of(screen) is Phase.PAIN_AFTER
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # answer them after all
        assert isinstance(app.screen, RunScreen)
        assert phase_of(screen) is Phase.PAIN_AFTER
        await pilot.press("q")
        await pilot.press("y")
        assert phase_of(screen) is Phase.SUMMARY
        text = summary_of(screen)
        assert "Pain before: 1/10." in text
        assert "Pain after: skipped" in text
        assert "Leg question: skipped" in text
        assert screen.recorder.wait_saved()
    record = saved(dirs)
    assert record["pain_after_skipped"] is True and record["red_flag_skipped"] is True
    assert "red_flag" not in record


async def test_the_summary_shows_pain_before_the_choice_and_pain_after(dirs: Dirs) -> None:
    """Pain before and the pain choice were missing from the summary."""
    assert remember_notice(dirs) is None
    clock = FakeClock()
    app = BacktimerApp(dirs=dirs, run=with_variant(a2(), "single-leg"), clock=clock, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("2")
        await advance(pilot, screen, clock, 5 + 15)  # left side done
        await pilot.press("p", "5")
        assert phase_of(screen) is Phase.PAIN_OVER_LIMIT
        labels = [option.label for option in screen.session.view().options]
        await pilot.press(str(1 + labels.index(next(x for x in labels if x.startswith("Stop")))))
        await pilot.press("1", "n")
        assert phase_of(screen) is Phase.SUMMARY
        text = summary_of(screen)
    assert "Pain before: 2/10." in text
    assert "Pain 5/10 during Static hold, over the limit: stopped that exercise." in text
    assert "Pain after: 1/10." in text
    assert "Pain, tingling or numbness down a leg: no." in text


async def test_ending_before_any_set_says_so_instead_of_an_empty_table(dirs: Dirs) -> None:
    assert remember_notice(dirs) is None
    clock = FakeClock()
    app = BacktimerApp(dirs=dirs, run=a2(), clock=clock, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("0")
        await pilot.press("q", "y")  # end in the lead-in: the closing questions still come
        await pilot.press("0", "n")
        assert phase_of(screen) is Phase.SUMMARY
        assert not screen.query_one("#run-summary", DataTable).display
        assert summary_of(screen).startswith("Session ended early. No sets were done.")
