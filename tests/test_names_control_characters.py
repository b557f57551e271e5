"""Terminal control in a name never reaches the terminal: a routine file holding one is refused
with its file, line and key; history holding one shows it written out (`\\x1b`)."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from backtimer.cli.main import main
from backtimer.cli.today import show_today
from backtimer.domain.text import visible
from backtimer.storage.history import HistoryStore
from backtimer.storage.paths import Dirs
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from tests.support.records import sample_session
from tests.support.screen_text import screen_text
from tests.support.waiting import wait_for

NOW = datetime.now().astimezone().replace(microsecond=0)
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must never be printed: control characters but tab and line break (the terminal's own
colours are left out by capturing without a terminal)."""

TITLE = "\x1b]0;pwned\x07"
"""Sets the terminal's title."""

ROUTINE = """\
id = "odd"
name = "Odd"
program = "mine"
frequency = "daily"
description = "Two lines:\\nthe second one."

[[exercise]]
id = "hold"
name = "Hold"
kind = "hold"
form = ["Still"]
dose = { target = 3, min = 3, max = 10, step = 1 }

[[exercise.variant]]
id = "easy"
name = "Easy"
"""


def _with(key_line: str, replacement: str) -> str:
    assert key_line in ROUTINE
    return ROUTINE.replace(key_line, replacement, 1)


@pytest.mark.parametrize(
    ("line", "replacement", "where", "found"),
    [
        ('name = "Odd"', 'name = "Odd \\u001b]0;pwned\\u0007"', ":2: name:", "U+001B (escape)"),
        ('program = "mine"', 'program = "m\\u007fine"', ":3: program:", "U+007F (delete)"),
        (
            'name = "Hold"',
            'name = "Hold\\u0000"',
            ":9: exercise[0].name:",
            "U+0000 (NUL)",
        ),
        (
            'form = ["Still"]',
            'form = ["St\\u0085ill"]',
            ":11: exercise[0].form[0]:",
            "U+0085",
        ),
        (
            'name = "Easy"',
            'name = "\\u202eysaE"',
            ":16: exercise[0].variant[0].name:",
            "U+202E (right-to-left override)",
        ),
        (
            'description = "Two lines:\\nthe second one."',
            'description = "Two lines:\\nthe \\u2066second one."',
            ":5: description:",
            "U+2066",
        ),
        ('name = "Odd"', 'name = "Odd\\nday"', ":2: name:", "U+000A (line break)"),
    ],
)
def test_a_control_character_in_a_routine_is_refused_with_file_line_and_key(
    line: str,
    replacement: str,
    where: str,
    found: str,
    dirs: Dirs,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = dirs.config / "odd.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_with(line, replacement), encoding="utf-8")
    assert main(["check", str(path)]) == 2
    out, err = capsys.readouterr()
    assert f"{path}{where} expected text without control characters, found {found}" in err
    assert not RAW_CONTROL.search(out + err)


def test_a_description_may_take_several_lines(
    dirs: Dirs, capsys: pytest.CaptureFixture[str]
) -> None:
    path = dirs.config / "odd.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ROUTINE, encoding="utf-8")
    assert main(["check", str(path)]) == 0


def test_the_library_skips_a_routine_with_a_control_character_and_says_where(
    dirs: Dirs, capsys: pytest.CaptureFixture[str]
) -> None:
    dirs.user_routines.mkdir(parents=True)
    path = dirs.user_routines / "odd.toml"
    path.write_text(_with('name = "Hold"', 'name = "Hold \\u001b[2J"'), encoding="utf-8")
    assert main(["routines"]) == 0
    out, err = capsys.readouterr()
    assert "exercise[0].name: expected text without control characters" in err
    assert "odd" not in out
    assert not RAW_CONTROL.search(out + err)


def save_hostile_session(dirs: Dirs) -> None:
    record = sample_session(3, start=NOW - timedelta(hours=1), notes=f"notes{TITLE}")
    name = f"Hold{TITLE}\u202e"
    sets = tuple(replace(s, exercise_name=name, notes=f"\x1b[31m{s.notes}") for s in record.sets)
    record = replace(record, routine_name=f"Back{TITLE} day", sets=sets)
    HistoryStore(dirs.data).open_session(record, fsync=False).close()


@pytest.mark.parametrize(
    "command",
    [["history"], ["history", "--json"], ["report"], ["export", "--format", "csv"], ["today"]],
)
def test_history_shows_escape_sequences_written_out(
    command: list[str], dirs: Dirs, capsys: pytest.CaptureFixture[str]
) -> None:
    """An exercise name holding an escape sequence set the terminal's title."""
    save_hostile_session(dirs)
    if command == ["today"]:
        out_io, err_io = io.StringIO(), io.StringIO()
        assert show_today(dirs, as_json=False, now=NOW, out=out_io, err=err_io) == 0
        out, err = out_io.getvalue(), err_io.getvalue()
    else:
        assert main(command) == 0
        out, err = capsys.readouterr()
    assert not RAW_CONTROL.search(out + err)
    if command == ["history", "--json"]:
        assert json.loads(out)[0]["routine_name"] == "Back\\x1b]0;pwned\\x07 day"
    elif command == ["report"]:  # written out, then escaped for Markdown
        assert "Back\\\\x1b\\]0;pwned\\\\x07 day" in out
    else:
        assert "\\x1b]0;pwned\\x07" in out


async def test_the_app_shows_escape_sequences_from_history_written_out(dirs: Dirs) -> None:
    assert remember_notice(dirs) is None
    save_hostile_session(dirs)
    app = BacktimerApp(dirs=dirs, fsync=False)
    async with app.run_test(size=(110, 34)) as pilot:
        await wait_for(pilot, lambda: "pwned" in screen_text(app), "the last session")
        assert "Last session: Back\\x1b]0;pwned\\x07 day" in screen_text(app)


def test_visible_writes_out_every_control_character() -> None:
    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("\x00\x07\x7f\x85\u202e\u2066") == "\\x00\\x07\\x7f\\x85\\u202e\\u2066"
    assert visible("line\nbreak\ttab", paragraph=True) == "line\nbreak\ttab"
    assert visible("line\nbreak") == "line\\x0abreak"
    assert visible("Dead bug [easy] é ✓") == "Dead bug [easy] é ✓"
