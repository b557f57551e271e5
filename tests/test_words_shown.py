"""Names, not internal ids, and one way of writing each number, date and count, wherever they show."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from textual.widgets import DataTable, Static

from backtimer.cli.main import main
from backtimer.domain import stats as st
from backtimer.domain.records import PainCheck, PainChoice
from backtimer.engine.events import Phase
from backtimer.engine.texts import question, regress_label, stop_exercise_label
from backtimer.services.stats_loading import read_side_data
from backtimer.storage.history import HistoryStore
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.session_detail import SessionDetailScreen, record_text
from backtimer.tui.widgets.charts import ChartData, layout
from backtimer.tui.widgets.stats_panes import progress_text
from tests.support.today import NOW, WEDNESDAY, session
from tests.support.waiting import settle


def test_questions_and_choices_keep_names_as_the_routine_writes_them() -> None:
    assert question(Phase.PAIN_EXERCISE, "Roman-chair hold") == (
        "Pain during Roman-chair hold, from 0 to 10?"
    )
    assert stop_exercise_label(0, "Pallof press") == "Stop this exercise and go on to Pallof press"
    assert regress_label("Two legs, pad high").startswith("Easier: Two legs, pad high")


def test_a_session_record_names_exercises_not_their_ids(tmp_path: Path) -> None:
    record = session("a2-static-holds", WEDNESDAY, 8)
    at = record.started + timedelta(minutes=1)
    record = replace(
        record,
        pains=(*record.pains, PainCheck("exercise", 3, at, "static-hold")),
        pain_choices=(PainChoice("static-hold", "shorten", at, 3),),
    )
    text = record_text(record, tmp_path / "x.toml").plain
    assert "a2-static-holds" not in text
    assert "static-hold" not in text.replace("x.toml", "")
    assert "during (Static hold) 3" in text
    assert "Pain over the limit at 3/10 in Static hold" in text


async def test_the_session_screen_names_the_variant(dirs: Dirs) -> None:
    assert remember_notice(dirs) is None
    record = session("a2-static-holds", WEDNESDAY, 8)  # on the pad-high variant
    assert HistoryStore(dirs.data).open_session(record, fsync=False).close().ok
    [path] = (dirs.data / "sessions").rglob("*.toml")
    app = BacktimerApp(dirs=dirs, now=lambda: NOW, fsync=False)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        app.push_screen(SessionDetailScreen(path))
        await settle(pilot)
        table = app.screen.query_one("#session-sets", DataTable)
        exercise = str(table.get_row_at(0)[0])
        assert exercise == "Static hold (Two legs, pad at its highest setting)"
        header = str(app.screen.query_one("#session-text", Static).content)
        assert "a2-static-holds" not in header


def test_stats_name_variants_from_the_routine_files(dirs: Dirs) -> None:
    variants = read_side_data(dirs).variants
    assert variants["slow-lowering:segmental"] == "Roll down, uncurl up"
    assert variants["arch-and-slump:standard"] == ""  # only one: nothing to tell apart


def test_the_chart_axis_writes_times_and_the_year_as_everywhere_else() -> None:
    start = date(2026, 9, 3)
    data = ChartData(
        start=start,
        end=date(2026, 12, 2),
        values=[(start + timedelta(days=d), 70.0) for d in range(0, 90, 3)],
        unit="s",
    )
    drawn = layout(data, 80, 10).text()
    assert "1 min 20 s" in drawn  # the top of the scale, not "80s"
    assert "40 s" in drawn
    assert "3 Sep 2026" in drawn  # the first date says which year


def test_report_since_after_today_says_the_days_in_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    later = (datetime.now().date() + timedelta(days=3)).isoformat()
    assert main(["report", "--since", later]) == 2
    err = capsys.readouterr().err
    assert "is after today" in err
    assert later not in err.split("--since", 1)[1]


def test_routines_show_names_the_next_step(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["routines", "show", "a2-static-holds"]) == 0
    assert "When mastered, next: Slow lowering (a3-eccentric)" in capsys.readouterr().out


def test_one_day_is_one_day_not_one_days() -> None:
    day = date(2026, 12, 1)
    progress = st.ExerciseProgress(
        key="glide", exercise_id="glide", name="Side plank", variant_id="standard", unit="s",
        sides={"left": (st.Point(day, 20.0, 20.0),), "right": (st.Point(day, 22.0, 20.0),)},
        bests={}, gap=st.SideGap(left=20.0, right=22.0, days=1), sets=2,
    )  # fmt: skip
    stats = cast(st.Stats, SimpleNamespace(start=date(2026, 9, 2), bests_complete=True))
    assert "(mean of the last 1 day with both sides)" in progress_text(stats, progress).plain
