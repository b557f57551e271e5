"""The benchmark's history generator writes valid, deterministic files through the writer."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

from backtimer.history import HistoryStore

ROOT = Path(__file__).parents[1]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_history", ROOT / "benchmarks" / "make_history.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_history"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*.toml")}


def test_same_seed_same_files(tmp_path: Path) -> None:
    make = _generator()
    sessions, sets = make.make_history(tmp_path / "a", 0.3, 5)
    make.make_history(tmp_path / "b", 0.3, 5)
    assert sessions > 100 and sets > 3 * sessions
    assert _tree(tmp_path / "a" / "sessions") == _tree(tmp_path / "b" / "sessions")
    result = HistoryStore(tmp_path / "a").load()
    assert result.problems == ()
    assert len(result.sessions) == sessions
    assert {s.routine_id for s in result.sessions} <= set(make.ROUTINES)
    assert max(s.started for s in result.sessions).date() < make.DEFAULT_END


def test_a_long_history_works_through_the_steps(tmp_path: Path) -> None:
    make = _generator()
    sessions = make.generate(1.5, 2)
    routines = Counter(s.routine_id for s in sessions)
    assert set(routines) == set(make.ROUTINES)
    holds = [
        item
        for s in sessions
        for item in s.sets
        if item.exercise_id == "back-extension-hold" and item.stop_reason is None
    ]
    assert holds[0].target == 30 and holds[0].variant_id == "bilateral"
    assert any(item.variant_id == "single-leg" for item in holds)
    assert {item.side for item in holds if item.variant_id == "single-leg"} == {"left", "right"}
