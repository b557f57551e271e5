"""The history generator writes valid, deterministic files through the writer."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path

from backtimer.domain.journal import TargetChange
from backtimer.domain.progression import current_state
from backtimer.domain.rotation import DAILY_MOST
from backtimer.domain.training import counts_as_training
from backtimer.storage.history import HistoryStore
from backtimer.storage.journal import load_journal
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import load_plan
from tests.support import history as make


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*.toml")}


def test_same_seed_same_files(tmp_path: Path) -> None:
    sessions, sets = make.make_history(tmp_path / "a", 0.3, 5)
    make.make_history(tmp_path / "b", 0.3, 5)
    assert sessions > 100 and sets > sessions
    assert _tree(tmp_path / "a" / "sessions") == _tree(tmp_path / "b" / "sessions")
    result = HistoryStore(tmp_path / "a").load()
    assert result.problems == ()
    assert len(result.sessions) == sessions
    assert {s.routine_id for s in result.sessions} <= set(make.ROUTINES)
    assert max(s.started for s in result.sessions).date() < make.DEFAULT_END
    journal_a, problems_a = load_journal(tmp_path / "a")
    journal_b, problems_b = load_journal(tmp_path / "b")
    assert problems_a == problems_b == []
    assert journal_a == journal_b and journal_a  # file names carry a random token; events do not
    plan, problems = load_plan(tmp_path / "a")
    assert problems == [] and plan.follow == (
        "a1-mobility",
        "a2-static-holds",
        "a3-eccentric",
        "b-isometrics",
    )


def test_everything_written_is_in_the_shipped_routines(tmp_path: Path) -> None:
    library = load_library(Dirs(config=tmp_path / "config", data=tmp_path / "data"))
    for session in make.generate(1, 4):
        routine = library.get(session.routine_id)
        assert routine is not None and session.routine_name == routine.name
        for item in session.sets:
            exercise = routine.exercise(item.exercise_id)
            assert exercise is not None and item.exercise_name == exercise.name
            assert item.kind == exercise.kind.value
            variant = next(v for v in exercise.variants if v.id == item.variant_id)
            assert variant.dose.min <= item.target <= variant.dose.max
            assert item.target in variant.dose.ladder()
            assert item.set_number <= exercise.sets
            assert (item.side == "both") == (variant.sides.value == "both")


def test_a_long_history_works_through_the_steps(tmp_path: Path) -> None:
    sessions = make.generate(1.5, 2)
    routines = Counter(s.routine_id for s in sessions)
    assert set(routines) == set(make.ROUTINES)
    holds = [item for s in sessions for item in s.sets if item.exercise_id == "static-hold"]
    assert holds[0].target == 30 and holds[0].variant_id == "pad-high"
    variants = list(dict.fromkeys(item.variant_id for item in holds))
    assert variants == ["pad-high", "pad-lower", "single-leg"]
    assert max(h.target for h in holds if h.variant_id == "pad-high") == 120
    single = [h for h in holds if h.variant_id == "single-leg"]
    assert {h.side for h in single} == {"left", "right"} and min(h.target for h in single) == 15

    def mean(side: str) -> float:
        done = [h.actual_s or 0 for h in single if h.side == side and h.stop_reason is None]
        return sum(done) / len(done)

    assert mean("left") < mean("right")  # the left side is a little weaker
    reps = [item.target for s in sessions for item in s.sets if item.exercise_id == "slow-lowering"]
    assert reps[0] == 10 and max(reps) > 20
    stops = Counter(item.stop_reason for s in sessions for item in s.sets)
    assert stops["pain"] and stops["fatigue"] and stops["form"]
    assert not any(s.red_flag for s in sessions)


def test_the_journal_ends_on_the_targets_the_history_ends_on(tmp_path: Path) -> None:
    make.make_history(tmp_path, 1, 6)
    sessions = [s for s in HistoryStore(tmp_path).load().sessions if counts_as_training(s)]
    journal, problems = load_journal(tmp_path)
    assert problems == []
    changes = [e for e in journal if isinstance(e, TargetChange)]
    assert {c.change for c in changes} >= {"raise", "variant", "step_back", "ease_back"}
    assert all(c.accepted for c in changes)
    for routine in make.ROUTINES.values():
        states = current_state(routine, journal=journal)
        for exercise in routine.exercises:
            done = [s for s in sessions if any(i.exercise_id == exercise.id for i in s.sets)]
            if not done:
                continue
            state = states[exercise.id]
            last = done[-1]
            if state.changed_at is not None and state.changed_at > last.started:
                continue  # changed before a session that ended before reaching this exercise
            worked = {(i.variant_id, i.target) for i in last.sets if i.exercise_id == exercise.id}
            assert worked == {(state.variant_id, state.target)}, (routine.id, exercise.id)


def test_the_still_holds_run_as_a_daily_rotation() -> None:
    """B: "1–3 exercises a day, rotated, not all of them every day": each simulated session of
    the still holds does the 3 done least recently, so every one comes round within 3 days."""
    routine = make.ROUTINES["b-isometrics"]
    sessions = [
        s for s in make.generate(0.5, 3) if s.routine_id == routine.id and counts_as_training(s)
    ]
    assert len(sessions) > 30
    done = [tuple(dict.fromkeys(item.exercise_id for item in s.sets)) for s in sessions]
    assert all(1 <= len(exercises) <= DAILY_MOST for exercises in done)
    assert done[0] == tuple(e.id for e in routine.exercises[:DAILY_MOST])
    for earlier, later in pairwise(done):
        assert not set(earlier) & set(later), (earlier, later)  # never two days running
    every = {e.id for e in routine.exercises}
    assert set().union(*done[:3]) == every
