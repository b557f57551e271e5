"""`backtimer today`: the plan from the files on disk, as text and as JSON."""

from __future__ import annotations

import argparse
import io
import json
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

from backtimer.cli.today import add_commands, plan_to_json, show_today
from backtimer.domain.journal import NextDayRating, TargetChange
from backtimer.domain.records import PainChoice
from backtimer.services.today import load_today, with_current_targets
from backtimer.storage.history import HistoryStore
from backtimer.storage.journal import journal_dir, record_event
from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import Plan, plan_path, save_plan
from tests.support.history_builder import History

TZ = timezone(timedelta(hours=1))
WEDNESDAY = date(2026, 3, 4)
NOW = datetime.combine(WEDNESDAY, time(12, 0), tzinfo=TZ)


def write_history(dirs: Dirs) -> None:
    """Good static-hold sessions 8 and 4 days ago and twice yesterday (rated 1 today), and one
    mobility session today: enough for a raise at the program's pace (3 sessions over 7 days)."""
    library = load_library(dirs)
    holds = library.get("a2-static-holds")
    mobility = library.get("a1-mobility")
    assert holds is not None and mobility is not None
    store = HistoryStore(dirs.data)
    yesterday = WEDNESDAY - timedelta(days=1)
    for history, day, hours in (
        (History(holds), yesterday, (8, 18)),
        (History(mobility), WEDNESDAY, (7,)),
    ):
        earlier = (day - timedelta(days=7), day - timedelta(days=3)) if hours == (8, 18) else ()
        for when in [(d, 8) for d in earlier] + [(day, hour) for hour in hours]:
            record = history.train(when[0], when[1], after=1)
            store.open_session(record, fsync=False).close()
    record_event(dirs.data, NextDayRating(NOW, WEDNESDAY, yesterday, 1), fsync=False)
    save_plan(dirs.data, Plan(("a1-mobility", "a2-static-holds")))


def run(dirs: Dirs, *, as_json: bool) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = show_today(dirs, as_json=as_json, now=NOW, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_json_has_the_whole_plan(dirs: Dirs) -> None:
    write_history(dirs)
    code, out, err = run(dirs, as_json=True)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["date"] == "2026-03-04"
    assert data["step"] == 2
    assert data["streak"] == 2
    assert data["next_due"] == "a1-mobility"
    assert data["needs_rating"] is None
    assert data["red_flag"] is None
    assert data["last_session"]["routine_id"] == "a1-mobility"
    assert data["last_session"]["pain_after"] == 1
    rows = {row["id"]: row for row in data["routines"]}
    assert list(rows) == ["a1-mobility", "a2-static-holds"]
    assert (rows["a1-mobility"]["done"], rows["a1-mobility"]["goal"]) == (1, "3")
    assert rows["a1-mobility"]["status"] == "1 of 3 today"
    assert rows["a2-static-holds"]["status"] == "0 of 2 today"
    assert rows["a2-static-holds"]["last_session"]["next_day_pain"] == 1
    assert rows["a2-static-holds"]["exercises"][0]["target"] == 30
    [suggestion] = data["suggestions"]
    assert suggestion["kind"] == "raise"
    assert suggestion["to"] == {"variant": "pad-high", "target": 33}
    assert suggestion["reason"] == "Reached 30 s in 4 sessions over 7 days with pain 1: try 33 s."
    assert rows["a2-static-holds"]["suggestions"] == [suggestion]


def test_text_shows_what_the_json_says(dirs: Dirs) -> None:
    write_history(dirs)
    code, out, _ = run(dirs, as_json=False)
    assert code == 0
    plan = load_today(dirs, now=NOW).plan
    assert "Program A, step 2 of 5" in out
    assert "streak 2 days" in out
    for row in plan.routines:
        assert row.routine.name in out
        assert row.status in out
        assert row.frequency_label in out
    assert "Next: Mobility." in out
    assert "Reached 30 s in 4 sessions over 7 days with pain 1: try 33 s." in out
    assert plan_to_json(plan) == json.loads(run(dirs, as_json=True)[1])


def test_first_run_follows_step_one_and_creates_nothing(dirs: Dirs) -> None:
    code, out, err = run(dirs, as_json=True)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert [row["id"] for row in data["routines"]] == ["a1-mobility"]
    assert data["routines"][0]["status"] == "0 of 3 today"
    assert data["next_due"] == "a1-mobility"
    assert data["last_session"] is None and data["streak"] == 0
    assert not dirs.data.exists()
    _, text, _ = run(dirs, as_json=False)
    assert "Mobility" in text and "0 of 3 today" in text


def test_asks_about_yesterday_until_rated(dirs: Dirs) -> None:
    write_history(dirs)
    for path in journal_dir(dirs.data).glob("*/*.toml"):
        path.unlink()
    data = json.loads(run(dirs, as_json=True)[1])
    assert data["needs_rating"] == "2026-03-03"
    assert "How has your back felt since Tue 3 Mar?" in run(dirs, as_json=False)[1]


def test_broken_files_are_reported_on_stderr_and_the_plan_still_prints(dirs: Dirs) -> None:
    write_history(dirs)
    plan_path(dirs.data).write_text('follow = ["a2-static-holds", "nope"]\n', encoding="utf-8")
    bad = journal_dir(dirs.data) / "2026" / "broken.toml"
    bad.write_text("value = = 1\n", encoding="utf-8")
    code, out, err = run(dirs, as_json=True)
    assert code == 0
    assert "follows 'nope', but no routine has that id" in err
    assert str(bad) in err and ":1:" in err
    assert [row["id"] for row in json.loads(out)["routines"]] == ["a2-static-holds"]


def test_the_command_is_registered_with_json() -> None:
    parser = argparse.ArgumentParser(prog="backtimer")
    add_commands(parser.add_subparsers())
    args = parser.parse_args(["today", "--json"])
    assert args.json is True
    assert args.func.__name__ == "run_today"
    assert parser.parse_args(["today"]).json is False


def test_a_shortened_exercise_starts_shorter_in_today_and_in_run(dirs: Dirs) -> None:
    """Pain over the limit, "shorten" chosen: `today` shows the shorter target with its reason,
    and `backtimer run` (and the library's Start) use the same dose."""
    library = load_library(dirs)
    holds = library.get("a2-static-holds")
    assert holds is not None
    history = History(holds)
    record_event(
        dirs.data,
        TargetChange(
            NOW - timedelta(days=5), holds.id, "static-hold", "pad-high", 60, "manual", True
        ),
        fsync=False,
    )
    record = history.train(WEDNESDAY - timedelta(days=1), 8, after=1)
    [first] = record.sets
    choice = PainChoice(
        "static-hold", "shorten", first.ended_at, 4, "pad-high", 60.0, new_target=42.0
    )
    record = replace(record, pain_choices=(choice,), status="ended_early")
    HistoryStore(dirs.data).open_session(record, fsync=False).close()
    save_plan(dirs.data, Plan(("a2-static-holds",)))
    data = json.loads(run(dirs, as_json=True)[1])
    [row] = data["routines"]
    assert row["exercises"][0]["target"] == 42
    [note] = data["suggestions"]
    assert note["kind"] == "hold"
    assert "you shortened it: this session starts from 42 s" in note["reason"]
    runnable = with_current_targets(holds, dirs, now=NOW)
    assert runnable.exercises[0].dose.target == 42
