"""The warm-up: "Start each session with mobility work (a warm-up)" (program.md, How fast to
progress). A2–A5, D and E start with one; it runs before the first exercise, can be skipped with
one key, and is logged as a warm-up that is never a set of the routine."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Footer

from backtimer.domain.progression.history import sets_of
from backtimer.domain.training import counts_as_training
from backtimer.domain.warmup import WARMUP_EXERCISE_ID
from backtimer.engine import Cue, Phase, Session
from backtimer.storage.history import HistoryStore
from backtimer.storage.history.toml_io import dumps, parse_session
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.storage.routines import load_routine_file
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.run import RunScreen
from tests.support.clock import FakeClock
from tests.support.engine import ROOT, inline, run, started, with_lead_in
from tests.support.records import sample_session, sample_set
from tests.support.waiting import wait_for

WITH_WARMUP = {
    "a2-static-holds": "arch-and-slump",
    "a3-eccentric": "arch-and-slump",
    "a4-concentric": "arch-and-slump",
    "a5-functional": "arch-and-slump",
    "d-reverse-hyper": "cat-cow",
    "e-gym-strength": "cat-cow",
}


def phase_of(session: Session) -> Phase:
    """The phase, read fresh each time (so the type checker does not narrow it)."""
    return session.phase


def shipped(routine_id: str) -> Any:
    routine, problems = load_routine_file(ROOT / "routines" / f"{routine_id}.toml")
    assert routine is not None, problems
    return with_lead_in(routine, 5)


@pytest.mark.parametrize("path", sorted((ROOT / "routines").glob("*.toml")), ids=lambda p: p.stem)
def test_a2_to_a5_d_and_e_start_each_session_with_mobility_work(path: Path) -> None:
    """ "Start each session with mobility work (a warm-up)": A1 is mobility itself; B and C
    are gentle floor work already; the loading routines begin with 30–60 s of movement."""
    routine = shipped(path.stem)
    expected = WITH_WARMUP.get(routine.id)
    if expected is None:
        assert routine.warmup is None
        return
    warmup = routine.warmup
    assert warmup is not None and warmup.variant_id == expected
    assert warmup.kind.value == "movement" and warmup.warmup
    assert 30 <= warmup.dose.target <= 60  # the program's 30–60 s of gentle movement
    assert any("force" in point for point in warmup.form)  # never forced at the end of range
    assert routine.session_exercises[0] is warmup
    assert routine.duration_seconds > replace(routine, warmup=None).duration_seconds


def test_the_warm_up_runs_first_with_its_own_lead_in_and_spoken_cue() -> None:
    clock = FakeClock()
    session = started(shipped("a2-static-holds"), clock)
    view = session.view()
    assert phase_of(session) is Phase.LEAD_IN and session.in_warmup
    assert view.exercise.name == "Warm-up: seated arch and slump"
    events = run(session, clock, 5.0)
    said = [e.text for e in events if isinstance(e, Cue)]
    assert phase_of(session) is Phase.WORK and said[-1] == "Go"
    events = run(session, clock, 30.0)
    [logged] = session.records
    assert logged.warmup and logged.exercise_id == WARMUP_EXERCISE_ID
    assert logged.actual_s == 30.0
    # Pain is asked after the warm-up too: the pain rule holds for every exercise.
    assert phase_of(session) is Phase.PAIN_EXERCISE
    events = session.answer_pain(0)
    said = [e.text for e in events if isinstance(e, Cue)]
    assert session.view().exercise.id == "static-hold" and not session.in_warmup
    assert any(text.startswith("Static hold") for text in said)


def test_skipping_the_warm_up_goes_to_the_first_exercise_and_logs_nothing() -> None:
    clock = FakeClock()
    session = started(shipped("e-gym-strength"), clock)
    run(session, clock, 20.0)  # into the movement
    assert phase_of(session) is Phase.WORK and session.in_warmup
    events = session.skip_warmup()
    assert phase_of(session) is Phase.LEAD_IN
    assert session.view().exercise.id == "torso-lift"
    assert session.records == []
    assert any(isinstance(e, Cue) and e.text.startswith("Torso lift") for e in events)
    # Outside the warm-up the key does nothing.
    assert session.skip_warmup() == [] and session.view().exercise.id == "torso-lift"


def test_a_routine_names_its_warm_up_and_a_wrong_name_says_which_ones_exist() -> None:
    routine = inline(
        'warmup = "cat-cow"\n[[exercise]]\nid = "h"\nname = "H"\nkind = "hold"\n'
        "dose = { target = 10 }\n"
    )
    assert routine.warmup is not None and routine.warmup.lead_in == 5
    with pytest.raises(AssertionError) as failed:
        inline('warmup = "cat-cwo"\n[[exercise]]\nid = "h"\nname = "H"\nkind = "hold"\n')
    assert "warmup" in str(failed.value) and "did you mean 'cat-cow'" in str(failed.value)
    with pytest.raises(AssertionError) as taken:
        inline('[[exercise]]\nid = "warm-up"\nname = "H"\nkind = "hold"\ndose = { target = 5 }\n')
    assert "warm-up's id" in str(taken.value)


def test_warm_up_sets_are_not_training_evidence_nor_sets_of_the_routine(tmp_path: Path) -> None:
    """What counts as training (domain/training.py): a set of the routine; a warm-up is not."""
    warm = replace(sample_set(0), exercise_id=WARMUP_EXERCISE_ID, warmup=True)
    only_warmup = replace(sample_session(0), sets=(warm,))
    assert only_warmup.set_count == 0 and not counts_as_training(only_warmup)
    plain = sample_session(2)
    both = replace(plain, sets=(warm, *plain.sets))
    assert both.set_count == 2 and counts_as_training(both)
    assert all(not item.warmup for item in sets_of(both, WARMUP_EXERCISE_ID))
    assert sets_of(both, WARMUP_EXERCISE_ID) == []
    # On disk: `warmup = true` on the set; files from before it read as not a warm-up.
    text = dumps(both).decode()
    assert text.count("warmup = true") == 1
    assert parse_session(dumps(both), tmp_path / "x.toml") == both
    old = parse_session(dumps(sample_session(1)), tmp_path / "y.toml")
    assert not old.sets[0].warmup
    # The index keeps the flag and the count of the routine's sets.
    store = HistoryStore(tmp_path)
    store.open_session(both).close()
    store.open_session(only_warmup).close()
    cold = store.load()
    assert store.load().sessions == cold.sessions
    assert {s.id: s.set_count for s in store.summaries().sessions} == {
        both.id: 2,
        only_warmup.id: 0,
    }
    assert next(s for s in cold.sessions if s.id == both.id).sets[0].warmup


async def test_w_skips_the_warm_up_and_the_footer_shows_it(dirs: Dirs) -> None:
    assert remember_notice(dirs) is None
    routine = load_library(dirs).get("a3-eccentric")
    assert routine is not None
    clock = FakeClock()
    app = BacktimerApp(dirs=dirs, run=routine, clock=clock, cue=lambda cue: None, fsync=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen), "the workout screen")
        screen = app.screen
        assert isinstance(screen, RunScreen)
        await pilot.press("1")
        assert screen.session.in_warmup
        footer = screen.query_one(Footer)

        def shown() -> bool:
            return any("Skip warm-up" in str(key.render()) for key in footer.query("*"))

        await wait_for(pilot, shown, "Skip warm-up in the footer")
        await pilot.press("w")
        assert screen.session.view().exercise.id == "slow-lowering"
        assert phase_of(screen.session) is Phase.LEAD_IN
        await pilot.press("q")
        await pilot.pause()
        assert screen.recorder.wait_saved()
    saved = [
        tomllib.loads(p.read_text(encoding="utf-8"))
        for p in (dirs.data / "sessions").rglob("*.toml")
    ]
    assert all(not s.get("warmup") for f in saved for s in f.get("set", []))
