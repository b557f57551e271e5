"""`backtimer history` and `backtimer export`, run through their own parser."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import stat
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from backtimer.cli.history import add_commands
from backtimer.storage.history import HistoryStore
from backtimer.storage.paths import Dirs
from tests.support.records import START, sample_session


def _run(dirs: Dirs, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="backtimer")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    result: int = args.func(args, dirs)
    return result


@pytest.fixture
def history_dirs(tmp_path: Path) -> Dirs:
    dirs = Dirs(config=tmp_path / "config", data=tmp_path / "data")
    store = HistoryStore(dirs.data)
    for day in range(25):
        record = sample_session(2, start=START + timedelta(days=day))
        if day == 24:
            record = replace(record, speed=8.0)
        store.open_session(record).close()
    (dirs.sessions / "2026" / "11" / "broken.toml").write_text("schema = ")
    return dirs


def test_history_lists_the_last_twenty_as_a_table(
    history_dirs: Dirs, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(history_dirs, "history") == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["Started", "Routine", "Status", "Sets", "Time"]
    assert len(lines) == 1 + 20 + 1
    assert lines[1].startswith("Fri 27 Nov 2026 07:15  Step 2: static holds  completed")
    assert "demo ×8" in lines[20]
    assert "5 older sessions not shown" in lines[21]
    assert "broken.toml" in err and "not valid TOML" in err


def test_history_json_all(history_dirs: Dirs, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(history_dirs, "history", "--all", "--json") == 0
    out, err = capsys.readouterr()
    rows = json.loads(out)
    assert len(rows) == 25
    first = rows[0]
    assert first["routine"] == "a2-static-holds" and first["status"] == "completed"
    assert first["started"] == "2026-11-22T07:15:00+01:00"
    assert first["ended"] == "2026-11-22T07:19:00+01:00"
    assert first["sets"] == 2 and first["speed"] == 1.0
    assert Path(first["file"]).is_file()
    assert "broken.toml" in err


def test_history_since(history_dirs: Dirs, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(history_dirs, "history", "--json", "--since", "2026-12-14") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["started"][:10] for row in rows] == ["2026-12-14", "2026-12-15", "2026-12-16"]


def test_history_bad_date_exits_2(history_dirs: Dirs, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        _run(history_dirs, "history", "--since", "22/11/2026")
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "expected a date as YYYY-MM-DD" in err and "Traceback" not in err


def test_history_with_nothing_saved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dirs = Dirs(config=tmp_path, data=tmp_path / "empty")
    assert _run(dirs, "history") == 0
    assert "No sessions saved" in capsys.readouterr().out


def test_export_csv_to_stdout(history_dirs: Dirs, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(history_dirs, "export", "--format", "csv") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 50
    first = rows[0]
    assert first["date"] == "2026-11-22" and first["routine"] == "a2-static-holds"
    assert first["exercise"] == "back-extension-hold" and first["variant"] == "single-leg"
    assert first["side"] == "left" and first["kind"] == "hold"
    assert first["target"] == "45.0" and first["actual_s"] == "40.0" and first["reps"] == ""
    assert first["pain"] == "0" and first["stop_reason"] == "" and first["overtime"] == "yes"
    assert rows[1]["side"] == "right" and rows[1]["set"] == "1"
    assert rows[-1]["speed"] == "8.0"


def test_export_json_to_a_private_file(
    history_dirs: Dirs, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.json"
    assert _run(history_dirs, "export", "--format", "json", "-o", str(target)) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    rows = json.loads(target.read_text())
    assert len(rows) == 50
    assert rows[0]["session_id"] and rows[0]["actual_s"] == 40.0 and rows[0]["reps"] is None
    assert "Exported 50 sets" in capsys.readouterr().err


def test_export_to_an_unwritable_place(
    history_dirs: Dirs, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing-folder" / "out.csv"
    assert _run(history_dirs, "export", "-o", str(target)) == 1
    err = capsys.readouterr().err
    assert f"Could not write {target}" in err and "Traceback" not in err


def test_no_textual_in_the_history_code() -> None:
    code = (
        "import sys, backtimer.storage.history, backtimer.cli.history, backtimer.storage.history.export; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
        "assert not bad, bad"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=30)
