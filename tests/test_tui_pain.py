"""The workout screen when pain goes over the limit, driven by keys with a fake clock.

Program, safety rules: "Pain rule: 0/10, or at most 1–2/10, during and after an exercise. Above
that, the exercise is too much today: shorten, regress, or stop." and "New-onset or acute pain:
reduce the pain first".
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from typing import Any

import pytest
from textual.pilot import Pilot

from backtimer.domain.routine import Routine
from backtimer.engine import Phase
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.run import RunScreen
from tests.support.clock import FakeClock
from tests.support.engine import with_lead_in
from tests.support.screens import on_run_screen
from tests.support.waiting import settle

SIZE = (100, 32)


@pytest.fixture
def ready_dirs(dirs: Dirs) -> Dirs:
    assert remember_notice(dirs) is None
    return dirs


def three_sets(dirs: Dirs) -> Routine:
    """Step 2's static hold a notch lower (an easier variant below it), 3 sets, 20 s rests."""
    base = load_library(dirs).get("a2-static-holds")
    assert base is not None
    hold = replace(base.exercises[0], variant_id="pad-lower", sets=3, rest=20.0)
    return with_lead_in(replace(base, exercises=(hold,), warmup=None), 5)


def saved_sessions(dirs: Dirs) -> list[dict[str, Any]]:
    files = sorted((dirs.data / "sessions").rglob("*.toml"))
    return [tomllib.loads(path.read_text(encoding="utf-8")) for path in files]


async def advance(pilot: Pilot[int], screen: RunScreen, clock: FakeClock, seconds: float) -> None:
    clock.now += seconds
    screen.tick()
    await pilot.pause()


def phase_of(screen: RunScreen) -> Phase:
    return screen.session.phase


# (key, choice saved, phase after, what the saved sets show)
KEYS = [
    ("1", "shorten", Phase.REST, {"new_target": 21, "target": 30, "variant_id": "pad-lower"}),
    ("2", "regress", Phase.REST, {"new_variant_id": "pad-high", "new_target": 30}),
    ("3", "stop_exercise", Phase.PAIN_AFTER, {}),
    ("4", "end", Phase.PAIN_AFTER, {}),
]


@pytest.mark.parametrize(("key", "choice", "after", "fields"), KEYS, ids=[k[1] for k in KEYS])
async def test_pain_over_the_limit_one_key_per_choice_applied_and_saved(
    ready_dirs: Dirs, key: str, choice: str, after: Phase, fields: dict[str, object]
) -> None:
    """Pain rule: above 2/10 the exercise is too much today: shorten, regress, or stop (no
    carrying on). The choice acts on the sets still to come and is saved."""
    clock = FakeClock()
    app = BacktimerApp(dirs=ready_dirs, run=three_sets(ready_dirs), clock=clock, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("0")  # pain before
        await advance(pilot, screen, clock, 5 + 30.2)  # lead-in and the first 30 s hold
        assert phase_of(screen) is Phase.REST
        await pilot.press("p")  # pain during the exercise
        assert phase_of(screen) is Phase.PAIN_EXERCISE
        await pilot.press("5")
        assert phase_of(screen) is Phase.PAIN_OVER_LIMIT
        labels = [(answer.key, answer.value, answer.label) for answer in screen.answers]
        assert labels == [
            ("1", "shorten", "Shorten: 30 s → 21 s holds for the rest of this exercise "
             "(30 % less)"),
            ("2", "regress",
             "Easier: Two legs, pad at its highest setting for the rest of this exercise"),
            ("3", "stop_exercise", "Stop this exercise (leave out the 2 sets left)"),
            ("4", "end", "End the session"),
        ]  # fmt: skip
        assert not any("carry on" in label.lower() for _, _, label in labels)
        await pilot.press(key)
        assert phase_of(screen) is after
        if after is Phase.REST:
            await advance(pilot, screen, clock, 20 + 30.2)
            second = screen.session.records[1]
            assert second.target == fields["new_target"]
            assert second.variant_id == fields.get("new_variant_id", "pad-lower")
        screen.recorder.sync(screen.session)
        assert screen.recorder.wait_saved()
    [saved] = saved_sessions(ready_dirs)
    [chosen] = saved["pain_choice"]
    assert (chosen["exercise_id"], chosen["choice"], chosen["value"]) == ("static-hold", choice, 5)
    for name, value in fields.items():
        assert chosen[name] == value


async def test_the_last_set_offers_only_what_still_applies(ready_dirs: Dirs) -> None:
    clock = FakeClock()
    base = three_sets(ready_dirs)
    one_set = replace(base, exercises=(replace(base.exercises[0], sets=1),))
    app = BacktimerApp(dirs=ready_dirs, run=one_set, clock=clock, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("0")
        await advance(pilot, screen, clock, 5 + 30.2)
        assert phase_of(screen) is Phase.PAIN_EXERCISE
        await pilot.press("4")
        assert [(a.key, a.value) for a in screen.answers] == [("1", "stop_exercise")]
        assert screen.answers[0].label == "Finish the session here (that was the last exercise)"
        await pilot.press("1")
        assert phase_of(screen) is Phase.PAIN_AFTER


@pytest.mark.parametrize("pain", ["3", "8"])
async def test_pain_before_over_the_limit_stops_for_today(ready_dirs: Dirs, pain: str) -> None:
    """New-onset or acute pain: reduce the pain first. Nothing starts the hold."""
    clock = FakeClock()
    app = BacktimerApp(dirs=ready_dirs, run=three_sets(ready_dirs), clock=clock, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press(pain)
        assert phase_of(screen) is Phase.PAIN_BEFORE_HIGH
        assert [(a.key, a.value) for a in screen.answers] == [("1", "mobility"), ("2", "stop")]
        for key in ("s", "b", "enter", "space"):
            await pilot.press(key)
            await pilot.press("space") if key == "space" else None
            await advance(pilot, screen, clock, 600)
            assert phase_of(screen) is Phase.PAIN_BEFORE_HIGH
        await pilot.press("2")
        assert phase_of(screen) is Phase.SUMMARY
        assert screen.session.records == []
        assert screen.recorder.wait_saved()
    [saved] = saved_sessions(ready_dirs)
    assert saved["status"] == "ended_early" and "set" not in saved
    assert saved["pain"][0]["value"] == int(pain)


async def test_pain_before_over_the_limit_can_do_the_mobility_routine_only(
    ready_dirs: Dirs,
) -> None:
    clock = FakeClock()
    app = BacktimerApp(dirs=ready_dirs, run=three_sets(ready_dirs), clock=clock, fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_run_screen(pilot)
        await pilot.press("8")
        assert "seen to first" in str(screen.session.view().question)
        await pilot.press("1")
        mobility = await on_run_screen(pilot, "a1-mobility")
        assert phase_of(mobility) is Phase.LEAD_IN  # pain already rated: straight in
        assert mobility.session.pains[0].value == 8
        await settle(pilot)
    saved = saved_sessions(ready_dirs)
    routines = sorted(item["routine_id"] for item in saved)
    assert routines == ["a1-mobility", "a2-static-holds"]
    gated = next(item for item in saved if item["routine_id"] == "a2-static-holds")
    assert gated["status"] == "ended_early" and "set" not in gated
