"""SVG snapshots of the home screen on fixed, synthetic history and a frozen day.

Regenerate after an intended change with `pytest tests/test_snapshots_home.py --snapshot-update`,
then look at the SVGs under `tests/__snapshots__/`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from backtimer.storage.paths import Dirs
from backtimer.storage.plan import Plan, save_plan
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from tests.support.today import NOW, WEDNESDAY, a_good_week, session, write
from tests.support.waiting import settle

Compare = Callable[..., bool]


def app_for(dirs: Dirs) -> BacktimerApp:
    assert remember_notice(dirs) is None
    return BacktimerApp(dirs=dirs, now=lambda: NOW, cue=lambda cue: None, fsync=False)


def test_a_good_week(snap_compare: Compare, dirs: Dirs) -> None:
    """Two routines, one done in part and marked next, one with a raise to accept."""
    a_good_week(dirs)
    assert snap_compare(app_for(dirs), terminal_size=(100, 32), run_before=settle)


def test_red_flag(snap_compare: Compare, dirs: Dirs) -> None:
    """A red flag: the banner in error colours, no start key, no suggestions."""
    a_good_week(dirs)
    write(dirs, session("a2-static-holds", WEDNESDAY, 9, red_flag=True))
    assert snap_compare(app_for(dirs), terminal_size=(100, 32), run_before=settle)


def test_the_whole_program_at_80_by_24(snap_compare: Compare, dirs: Dirs) -> None:
    """Every step of program A followed, in a small terminal."""
    a_good_week(dirs)
    save_plan(
        dirs.data,
        Plan(("a1-mobility", "a2-static-holds", "a3-eccentric", "a4-concentric", "a5-functional")),
    )
    write(dirs, session("a1-mobility", WEDNESDAY - timedelta(days=5), 8))
    assert snap_compare(app_for(dirs), terminal_size=(80, 24), run_before=settle)


def test_next_day_question(snap_compare: Compare, dirs: Dirs) -> None:
    """The day after training, the question comes over the plan: one key answers it."""
    write(dirs, session("a1-mobility", WEDNESDAY - timedelta(days=1), 8, pain_after=1))
    assert snap_compare(app_for(dirs), terminal_size=(100, 32), run_before=settle)
