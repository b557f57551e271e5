"""The home screen ("Today's plan") driven like a user would, on synthetic history and a frozen day."""

from __future__ import annotations

import io
import json
import threading
import tomllib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from backtimer.cli.today import show_today
from backtimer.domain.journal import ClinicianCleared, NextDayRating, TargetChange
from backtimer.services import today as today_module
from backtimer.services.today import LoadedToday, load_today
from backtimer.storage.journal import load_journal
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import Plan, load_plan, save_plan
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.blocked import BlockedScreen
from backtimer.tui.dialogs.confirm import ConfirmScreen
from backtimer.tui.dialogs.follow import FollowScreen, chosen_plan
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.dialogs.rating import RatingScreen
from backtimer.tui.dialogs.target import TargetScreen, parse_amount
from backtimer.tui.screens.home import HomeScreen
from backtimer.tui.screens.routines import RoutinesScreen
from backtimer.tui.screens.run import RunScreen
from backtimer.tui.widgets.home_rows import RoutineRow, SuggestionRow
from tests.support.clock import FakeClock
from tests.support.history import make_history
from tests.support.today import NOW, TZ, WEDNESDAY, a_good_week, days_before, note, session, write
from tests.support.waiting import settle

SIZE = (100, 32)


# --- synthetic history ---------------------------------------------------------------------------


@pytest.fixture
def ready(dirs: Dirs) -> Dirs:
    """A data folder where the first-run notice has been seen."""
    assert remember_notice(dirs) is None
    return dirs


def app_for(dirs: Dirs, now: datetime | None = NOW, **kwargs: Any) -> BacktimerApp:
    return BacktimerApp(
        dirs=dirs, now=(lambda: now) if now is not None else None, fsync=False, **kwargs
    )


# --- reading the screen --------------------------------------------------------------------------


def home(app: BacktimerApp) -> HomeScreen:
    screen = app.screen
    assert isinstance(screen, HomeScreen), screen
    return screen


def text(app: BacktimerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def statuses(app: BacktimerApp) -> dict[str, str]:
    """Each routine row's status, as the screen shows it."""
    return {
        row.row.routine.id: str(row.query_one(".row-status", Static).content)
        for row in home(app).query(RoutineRow)
    }


def targets(app: BacktimerApp, routine_id: str) -> str:
    return text(app, f"#routine-{routine_id} .row-targets")


def suggestions(app: BacktimerApp) -> list[SuggestionRow]:
    return list(home(app).query(SuggestionRow))


def target_changes(dirs: Dirs) -> list[TargetChange]:
    events, problems = load_journal(dirs.data)
    assert not problems
    return [e for e in events if isinstance(e, TargetChange)]


# --- tests ---------------------------------------------------------------------------------------


async def test_a_new_user_opens_on_today_at_step_1(ready: Dirs) -> None:
    app = app_for(ready)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = home(app)
        assert text(app, "#home-date") == "Wednesday 4 March 2026"
        assert text(app, "#home-facts").startswith("Program A · step 1 of 5")
        assert "streak 0 days" in text(app, "#home-facts")
        assert text(app, "#home-last") == "No sessions yet."
        assert statuses(app) == {"a1-mobility": "0 of 3 today"}
        assert "▶ Mobility" in text(app, "#routine-a1-mobility .row-name")
        assert "start Mobility" in text(app, "#home-next")
        assert screen.has_class("-has-next") and not screen.has_class("-red-flag")
        assert isinstance(screen.focused, RoutineRow)
        assert not screen.query_one("#home-problems", Static).display


async def test_the_first_run_notice_comes_before_anything_else(dirs: Dirs) -> None:
    write(dirs, session("a1-mobility", WEDNESDAY - timedelta(days=1), 8))
    app = app_for(dirs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "NoticeScreen"
        await pilot.press("enter")
        await settle(pilot)
        # Only once home is on top does the next-day question come.
        assert isinstance(app.screen, RatingScreen)


def today_json(dirs: Dirs, now: datetime) -> dict[str, Any]:
    out = io.StringIO()
    assert show_today(dirs, as_json=True, now=now, out=out, err=io.StringIO()) == 0
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


async def check_agrees_with_today(dirs: Dirs, now: datetime) -> None:
    expected = today_json(dirs, now)
    app = app_for(dirs, now)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if isinstance(app.screen, RatingScreen):
            await pilot.press("escape")
            await settle(pilot)
        assert statuses(app) == {row["id"]: row["status"] for row in expected["routines"]}
        assert f"step {expected['step']} of 5" in text(app, "#home-facts")
        streak = expected["streak"]
        assert f"streak {streak} day{'' if streak == 1 else 's'}" in text(app, "#home-facts")
        marked = [
            row.row.routine.id for row in home(app).query(RoutineRow) if row.has_class("-next")
        ]
        assert marked == ([expected["next_due"]] if expected["next_due"] else [])
        for row in expected["routines"]:
            for exercise in row["exercises"]:
                assert exercise["name"] in targets(app, row["id"])
        reasons = [s.suggestion.reason for s in suggestions(app) if s.suggestion.is_change]
        changes = [s for s in expected["suggestions"] if s["kind"] not in ("hold", "red_flag")]
        assert reasons == [s["reason"] for s in changes]
        last = expected["last_session"]
        if last is not None:
            assert last["routine_name"] in text(app, "#home-last")


async def test_the_screen_and_backtimer_today_agree(ready: Dirs) -> None:
    a_good_week(ready)
    await check_agrees_with_today(ready, NOW)


@pytest.fixture(scope="module")
def year_of_history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A year written by the history generator, shared by the tests that only read it."""
    data = tmp_path_factory.mktemp("year") / "data"
    make_history(data, 1, 1, date(2026, 11, 1))
    assert remember_notice(Dirs(config=data.parent / "config", data=data)) is None
    yield data


@pytest.mark.parametrize(
    "follow",
    [
        (),
        (
            "a1-mobility",
            "a2-static-holds",
            "a3-eccentric",
            "a4-concentric",
            "a5-functional",
            "b-walk",
        ),
    ],
)
async def test_the_screen_and_today_agree_on_a_generated_year(
    ready: Dirs, year_of_history: Path, follow: tuple[str, ...]
) -> None:
    dirs = Dirs(config=ready.config, data=year_of_history)
    if follow:
        save_plan(dirs.data, Plan(follow))
    try:
        for hour in (9, 21):
            now = datetime(2026, 11, 1, hour, 0, tzinfo=TZ)
            await check_agrees_with_today(dirs, now)
    finally:
        (dirs.data / "plan.toml").unlink(missing_ok=True)


async def test_enter_starts_the_next_due_session_at_the_current_target(ready: Dirs) -> None:
    save_plan(ready.data, Plan(("a2-static-holds", "a1-mobility")))
    note(
        ready,
        TargetChange(
            days_before(3), "a2-static-holds", "static-hold", "pad-high", 50, "manual", True
        ),
    )
    app = app_for(ready)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Static hold 50 s" in targets(app, "a2-static-holds")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert screen.routine.id == "a2-static-holds"
        assert screen.routine.exercises[0].dose.target == 50


async def test_enter_on_another_routine_starts_that_one(ready: Dirs) -> None:
    save_plan(ready.data, Plan(("a1-mobility", "a2-static-holds")))
    app = app_for(ready)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")
        assert home(app).focused_row() is not None
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert app.screen.routine.id == "a2-static-holds"
        await pilot.press("q")  # nothing done yet: the session simply ends
        await pilot.pause()


async def test_after_a_session_the_plan_counts_it(ready: Dirs) -> None:
    # The run screen stamps the session with the real time, so today is the real today here.
    clock = FakeClock()
    app = BacktimerApp(dirs=ready, clock=clock, cue=lambda cue: None, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert statuses(app) == {"a1-mobility": "0 of 3 today"}
        await pilot.press("n")
        await pilot.pause()
        run = app.screen
        assert isinstance(run, RunScreen)
        await pilot.press("0")  # pain before
        for seconds in (15.0, 31.0):  # lead-in, then the movement runs out by itself
            clock.now += seconds
            run.tick()
            await pilot.pause()
        await pilot.press("0", "0", "n")  # pain during, pain after, no leg symptoms
        assert run.has_class("-summary")
        assert run.recorder.wait_saved()
        await pilot.press("enter")
        await settle(pilot)
        assert statuses(app) == {"a1-mobility": "1 of 3 today"}
        assert "Mobility" in text(app, "#home-last")
        assert "completed · pain after 0" in text(app, "#home-last")


async def test_accepting_a_suggestion_records_it_and_moves_the_target(ready: Dirs) -> None:
    a_good_week(ready)
    app = app_for(ready)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        [row] = suggestions(app)
        assert row.suggestion.reason == (
            "Reached 30 s in 4 sessions over 7 days with pain 0–1: try 33 s."
        )
        assert "Static hold: Reached 30 s" in str(row.content)
        assert "a accept · x decline" in str(row.content)
        assert "Static hold 30 s" in targets(app, "a2-static-holds")
        row.focus()
        await pilot.pause()
        await pilot.press("a")
        await settle(pilot)
        [change] = target_changes(ready)
        assert (change.change, change.accepted, change.target) == ("raise", True, 33)
        assert change.at == NOW
        assert "Static hold 33 s" in targets(app, "a2-static-holds")
        assert suggestions(app) == []


async def test_a_routine_row_answers_for_its_own_suggestion(ready: Dirs) -> None:
    a_good_week(ready)
    app = app_for(ready)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = home(app)
        assert screen.focused is screen.query_one("#routine-a1-mobility")
        # Mobility has no suggestion of its own: accept and decline are greyed out there.
        assert screen.check_action("decide", (True,)) is None
        screen.query_one("#routine-a2-static-holds", RoutineRow).focus()
        await pilot.pause()
        assert screen.check_action("decide", (False,)) is True
        await pilot.press("x")
        await settle(pilot)
        [change] = target_changes(ready)
        assert (change.change, change.accepted, change.target) == ("raise", False, 33)
        assert "Static hold 30 s" in targets(app, "a2-static-holds")
        assert suggestions(app) == []  # declined: not asked again on the same evidence


async def test_accepting_the_next_step_moves_the_plan_on(ready: Dirs) -> None:
    note(
        ready,
        TargetChange(
            days_before(20), "a1-mobility", "arch-and-slump", "standard", 60, "manual", True
        ),
    )
    # The top of the range held for 14 days: "master each level before moving on".
    write(
        ready,
        *(
            session("a1-mobility", WEDNESDAY - timedelta(days=d), 8, held=60, target=60)
            for d in (18, 11, 4)
        ),
    )
    app = app_for(ready)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if isinstance(app.screen, RatingScreen):
            await pilot.press("escape")
        [row] = suggestions(app)
        assert row.suggestion.kind == "advance_step"
        assert "Mobility is mastered" in row.suggestion.reason
        row.focus()
        await pilot.pause()
        await pilot.press("a")
        await settle(pilot)
        plan, problems = load_plan(ready.data)
        assert plan.follow == ("a2-static-holds",) and not problems
        _manual, change = target_changes(ready)
        assert change.change == "advance_step" and change.accepted
        assert change.next_routine == "a2-static-holds"
        assert statuses(app) == {"a2-static-holds": "0 of 2 today"}
        assert "step 2 of 5" in text(app, "#home-facts")


async def test_a_red_flag_stops_everything_until_a_clinician_has_seen_it(ready: Dirs) -> None:
    a_good_week(ready)
    write(ready, session("a2-static-holds", WEDNESDAY, 9, red_flag=True))
    app = app_for(ready)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = home(app)
        assert screen.has_class("-red-flag")
        banner = text(app, "#home-red-flag")
        assert "tingling or numbness down a leg on 4 Mar" in banner
        assert "Press c once you have seen a clinician" in banner
        assert suggestions(app) == []
        assert "until you have seen a clinician" in text(app, "#home-next")
        for key in ("enter", "n"):  # no session starts while the flag is open: it says why
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, BlockedScreen)
            assert "until you have seen a clinician" in text(app, "#blocked-reason")
            await pilot.press("escape")
            await pilot.pause()
            assert home(app) is screen
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        events, _ = load_journal(ready.data)
        assert [e.cleared_on for e in events if isinstance(e, ClinicianCleared)] == [WEDNESDAY]
        assert not screen.has_class("-red-flag")
        assert screen.check_action("clinician", ()) is False


async def test_the_day_after_training_asks_how_the_back_felt(ready: Dirs) -> None:
    write(ready, session("a1-mobility", WEDNESDAY - timedelta(days=1), 8, pain_after=1))
    app = app_for(ready)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RatingScreen)
        assert "since your session on Tue 3 Mar?" in text(app, "#question-text")
        await pilot.press("t")
        await settle(pilot)
        events, _ = load_journal(ready.data)
        [rating] = [e for e in events if isinstance(e, NextDayRating)]
        assert (rating.training_date, rating.rated_on, rating.value) == (
            WEDNESDAY - timedelta(days=1),
            WEDNESDAY,
            10,
        )
        assert isinstance(app.screen, HomeScreen)
        assert "pain after 1 · next day 10" in text(app, "#home-last")


async def test_the_rating_can_wait_for_the_next_start(ready: Dirs) -> None:
    write(ready, session("a1-mobility", WEDNESDAY - timedelta(days=1), 8))
    app = app_for(ready)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RatingScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert "next day not rated yet" in text(app, "#home-last")
        home(app).reload()  # a reload in the same run does not ask again
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert load_journal(ready.data) == ([], [])
    again = app_for(ready)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, RatingScreen)
        await pilot.press("3")
        await settle(pilot)
    events, _ = load_journal(ready.data)
    assert [e.value for e in events if isinstance(e, NextDayRating)] == [3]


async def test_following_and_unfollowing_saves_plan_toml(ready: Dirs) -> None:
    app = app_for(ready)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FollowScreen)
        await pilot.press("down", "space", "s")  # tick step 2
        await settle(pilot)
        saved = tomllib.loads((ready.data / "plan.toml").read_text(encoding="utf-8"))
        assert saved == {"follow": ["a1-mobility", "a2-static-holds"]}
        assert list(statuses(app)) == ["a1-mobility", "a2-static-holds"]
        await pilot.press("f", "space", "s")  # untick step 1
        await settle(pilot)
        assert load_plan(ready.data)[0].follow == ("a2-static-holds",)
        assert list(statuses(app)) == ["a2-static-holds"]
        await pilot.press("f", "escape")  # cancelling changes nothing
        await settle(pilot)
        assert load_plan(ready.data)[0].follow == ("a2-static-holds",)


def test_chosen_plan_keeps_the_order_of_what_stays() -> None:
    from backtimer.storage.library import load_library

    routines = load_library(Dirs(Path("/nonexistent"), Path("/nonexistent"))).routines
    plan = Plan(("a3-eccentric", "a1-mobility"))
    chosen = chosen_plan(plan, routines, ["a1-mobility", "b-walk", "a3-eccentric"])
    assert chosen.follow == ("a3-eccentric", "a1-mobility", "b-walk")


async def test_a_broken_plan_is_named_and_not_written_over(ready: Dirs) -> None:
    ready.data.mkdir(parents=True, exist_ok=True)
    (ready.data / "plan.toml").write_text('follow = "a1-mobility"\n', encoding="utf-8")
    app = app_for(ready)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        banner = app.screen.query_one("#home-problems", Static)
        assert banner.display
        assert "plan.toml:1" in str(banner.content)
        assert statuses(app) == {"a1-mobility": "0 of 3 today"}  # the default, for now
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert (ready.data / "plan.toml").read_text(encoding="utf-8") == 'follow = "a1-mobility"\n'


async def test_a_target_set_by_hand_is_checked_then_recorded(ready: Dirs) -> None:
    save_plan(ready.data, Plan(("a2-static-holds",)))
    app = app_for(ready)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TargetScreen)
        assert "Now: 30 s (Two legs, pad at its highest setting)" in text(app, "#target-now")
        assert "takes 30 s to 2 min" in text(app, "#target-now")
        await pilot.press(*"500", "enter")
        await pilot.pause()
        assert app.screen is screen
        error = screen.query_one("#target-error", Static)
        assert error.display
        assert str(error.content) == (
            "Static hold (Two legs, pad at its highest setting) takes a target from 30 s "
            "to 2 min, not 8 min 20 s"
        )
        assert load_journal(ready.data) == ([], [])
        value = screen.query_one("#target-value", Input)
        value.value = "lots"
        await pilot.press("enter")
        assert "Type seconds, like 45 or 1:30." in str(error.content)
        value.value = "1:15"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        [change] = target_changes(ready)
        assert (change.change, change.target, change.accepted) == ("manual", 75, True)
        assert "Static hold 1 min 15 s" in targets(app, "a2-static-holds")


async def test_the_library_is_one_key_away_and_escape_comes_back(ready: Dirs) -> None:
    app = app_for(ready)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, RoutinesScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_small_terminal_still_shows_what_matters(ready: Dirs) -> None:
    a_good_week(ready)
    save_plan(
        ready.data,
        Plan(("a1-mobility", "a2-static-holds", "a3-eccentric", "a4-concentric", "a5-functional")),
    )
    (ready.data / "journal" / "2026").mkdir(parents=True, exist_ok=True)
    (ready.data / "journal" / "2026" / "broken.toml").write_text("event = 3\n", encoding="utf-8")
    app = app_for(ready)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = home(app)
        assert screen.query_one("#home-problems", Static).display
        for selector in ("#home-date", "#home-next"):
            region = screen.query_one(selector).region
            assert region.height >= 1 and region.bottom <= 23, selector
        await pilot.press("down", "down", "down", "up")
        assert isinstance(app.screen, HomeScreen)
        assert isinstance(screen.focused, RoutineRow | SuggestionRow)
        assert screen.focused.region.bottom <= 23  # focus scrolls into view


@pytest.mark.parametrize(
    ("typed", "unit", "value"),
    [
        ("45", "s", 45),
        ("45 s", "s", 45),
        ("1:30", "s", 90),
        ("2 min", "s", 120),
        ("1.5m", "s", 90),
        ("12", "reps", 12),
        ("12 reps", "reps", 12),
    ],
)
def test_parse_amount(typed: str, unit: str, value: float) -> None:
    assert parse_amount(typed, unit) == value


@pytest.mark.parametrize(
    ("typed", "unit"),
    [("", "s"), ("1:75", "s"), ("12.5", "reps"), ("3 min", "reps"), ("10 reps", "s"), ("-5", "s")],
)
def test_parse_amount_refuses(typed: str, unit: str) -> None:
    with pytest.raises(ValueError, match="Type"):
        parse_amount(typed, unit)


def test_load_today_is_what_the_screen_renders(ready: Dirs) -> None:
    a_good_week(ready)
    plan = load_today(ready, now=NOW).plan
    assert [row.status for row in plan.routines] == ["1 of 3 today", "0 of 2 today"]
    assert plan.streak == 3 and plan.next_due == "a1-mobility"


async def test_s_opens_the_stats_screen(dirs: Dirs) -> None:
    from backtimer.tui.screens.stats import StatsScreen

    assert remember_notice(dirs) is None
    app = BacktimerApp(dirs=dirs, now=lambda: NOW, cue=lambda cue: None, fsync=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot, rounds=1)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)


async def test_while_the_plan_is_read_the_footer_offers_no_decisions(
    ready: Dirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Accept, decline and 'seen a clinician' only appear once the plan says they apply."""
    release = threading.Event()
    real = load_today

    def slow(dirs: Dirs, **kwargs: Any) -> LoadedToday:
        release.wait(5)
        return real(dirs, **kwargs)

    monkeypatch.setattr(today_module, "load_today", slow)
    app = app_for(ready)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = home(app)
        assert screen.plan is None
        shown = {binding.action for _, binding, enabled, _ in app.active_bindings.values()}
        assert "decide" not in shown and "clinician" not in shown
        assert "start_next" in shown
        release.set()
        await settle(pilot)
        assert screen.plan is not None
