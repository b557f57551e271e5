"""Any text at all as a name, markup and control characters included: every command and screen
gives the name as written or a clear message, never a traceback and never a raw control
character (property-based, with Hypothesis)."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from backtimer.cli.main import main
from backtimer.cli.today import show_today
from backtimer.domain.text import CONTROL, visible
from backtimer.render.describe import routine_text
from backtimer.storage.history import HistoryStore, read_session_file
from backtimer.storage.paths import Dirs
from backtimer.storage.routines import parse_routine_text
from backtimer.storage.toml import parse_text
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.session_detail import record_text
from tests.support.records import sample_session
from tests.support.screen_text import screen_text
from tests.support.waiting import wait_for

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Never printed: every control character but tab and line break."""

HOSTILE = st.sampled_from(
    [
        "[/]",
        "[b]",
        "[/b]",
        "Back [/] day",
        "[@click=app.quit]x[/]",
        "[link=file:///etc/passwd]x[/link]",
        "$x [$y]",
        "\\",
        "\x1b]0;pwned\x07",
        "\x1b[2J",
        "\x00",
        "\u202e",
        "\x85",
        "\x7f",
        "-rf",
        "`*_#<b>&amp;|",
        ":smile:",
    ]
)
NAMES = st.lists(st.one_of(HOSTILE, st.text(max_size=12)), max_size=5).map("".join)
"""Text of every kind, with the pieces Rich, Textual, Markdown and terminals treat specially."""

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def quoted(text: str) -> str:
    """`text` as a TOML basic string, every character that needs it escaped."""
    escaped = "".join(
        f"\\u{ord(ch):04x}" if ch in '"\\' or ord(ch) < 0x20 or ord(ch) == 0x7F else ch
        for ch in text
    )
    return f'"{escaped}"'


def routine_toml(name: str) -> str:
    return f"""\
id = "odd"
name = {quoted(name)}
program = "mine"
frequency = "daily"

[[exercise]]
id = "hold"
name = {quoted(name)}
kind = "hold"
form = [{quoted(name)}]
dose = {{ target = 3, min = 3, max = 10, step = 1 }}

[[exercise.variant]]
id = "easy"
name = {quoted(name)}
"""


def run_cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue() + err.getvalue()


# --- the rules themselves -----------------------------------------------------------------------


@given(NAMES, NAMES)
@example("x\\", "[/]\\")
def test_a_sessions_detail_shows_its_names_and_notes_as_written(name: str, notes: str) -> None:
    record = sample_session(2, routine_name=visible(name), notes=visible(notes, paragraph=True))
    shown = record_text(record, Path("x.toml")).plain
    assert visible(name) in shown and visible(notes, paragraph=True) in shown


@given(NAMES)
def test_visible_text_holds_no_control_character_and_changes_nothing_else(text: str) -> None:
    shown = visible(text)
    assert not CONTROL.search(shown)
    if not CONTROL.search(text):
        assert shown == text
    assert "\n" in visible(text, paragraph=True) or "\n" not in text


# --- routines -----------------------------------------------------------------------------------


@PROPERTY
@given(name=NAMES)
@example(name="Back [/] day")
@example(name="Hold [/b] x")
@example(name="name\x1b]0;title\x07")
def test_a_routine_of_any_name_loads_as_written_or_is_refused_clearly(
    name: str, dirs: Dirs
) -> None:
    text = routine_toml(name)
    data = parse_text(text)
    assert isinstance(data, dict)
    routine, problems = parse_routine_text(data, text, "odd.toml", source="user")
    if routine is not None:
        assert routine.name == name.strip() and not CONTROL.search(routine.name)
        console = Console(file=io.StringIO(), width=100, record=True)
        console.print(routine_text(routine))
        assert name.strip() in console.export_text().replace("\n", "")
    else:
        assert problems and all(str(p).startswith("odd.toml:") for p in problems)
        assert not any(RAW_CONTROL.search(str(p)) for p in problems)
    # The commands that list, show and check it.
    shutil.rmtree(dirs.user_routines, ignore_errors=True)
    dirs.user_routines.mkdir(parents=True)
    (dirs.user_routines / "odd.toml").write_text(text, encoding="utf-8")
    for argv in (["routines"], ["routines", "show", "odd"], ["check", str(dirs.user_routines)]):
        code, out = run_cli(*argv)
        assert "Traceback" not in out and not RAW_CONTROL.search(out)
        if routine is not None and argv[0] == "routines" and name.strip() and "\t" not in name:
            assert code == 0


# --- history ------------------------------------------------------------------------------------

NOW = datetime.now().astimezone().replace(microsecond=0)


@PROPERTY
@given(name=NAMES, notes=NAMES)
@example(name="Back [/] day", notes="felt [b]fine")
@example(name="Hold\x1b]0;pwned\x07", notes="\x00\x1b[31m")
def test_a_session_of_any_names_reads_back_visible_in_every_command(
    name: str, notes: str, dirs: Dirs
) -> None:
    shutil.rmtree(dirs.data, ignore_errors=True)
    record = sample_session(3, start=NOW - timedelta(hours=1), routine_name=name, notes=notes)
    sets = tuple(replace(s, exercise_name=name, notes=notes) for s in record.sets)
    saved = HistoryStore(dirs.data).open_session(replace(record, sets=sets), fsync=False)
    saved.close()
    assert saved.path is not None
    read = read_session_file(saved.path)
    assert read.routine_name == visible(name)
    assert read.notes == visible(notes, paragraph=True)
    assert all(s.exercise_name == visible(name) for s in read.sets)
    for argv in (["history"], ["history", "--json"], ["report"], ["export", "--format", "csv"]):
        code, out = run_cli(*argv)
        assert code == 0 and "Traceback" not in out and not RAW_CONTROL.search(out)
    html = dirs.data.parent / "report.html"
    code, out = run_cli("report", "-o", str(html))
    assert code == 0 and not RAW_CONTROL.search(html.read_text(encoding="utf-8"))
    today = io.StringIO()
    assert show_today(dirs, as_json=False, now=NOW, out=today, err=io.StringIO()) == 0
    assert not RAW_CONTROL.search(today.getvalue())
    assert f"Last session: {visible(name)}," in today.getvalue()


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=NAMES)
@example(name="Back [/] day")
@example(name="\x1b]0;pwned\x07[/]")
async def test_the_app_opens_on_a_session_of_any_name(name: str, tmp_path: Path) -> None:
    dirs = Dirs(config=tmp_path / "config", data=tmp_path / "app-data")
    shutil.rmtree(dirs.data, ignore_errors=True)
    assert remember_notice(dirs) is None
    record = sample_session(3, start=NOW - timedelta(hours=1), routine_name=name)
    HistoryStore(dirs.data).open_session(record, fsync=False).close()
    app = BacktimerApp(dirs=dirs, fsync=False)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait_for(pilot, lambda: "Last session:" in screen_text(app), "the last session")
        shown = screen_text(app)
        assert not RAW_CONTROL.search(shown)
        first_line = visible(name).split("\n")[0][:40].split(" ")[0]
        assert first_line in shown
