"""A file that is not backtimer's, where backtimer looks for its own, is reported without
quoting what it holds: a copy or a link can put a file of secrets there."""

from __future__ import annotations

import random
import string
import tomllib
from pathlib import Path

import pytest

from backtimer.cli.main import main
from backtimer.storage.history import HistoryStore
from backtimer.storage.journal import journal_dir, load_journal
from backtimer.storage.routines import load_routine_file
from backtimer.storage.routines.load import ROUTINE_KEYS
from tests.support.records import sample_session

SECRET = "SECRET-API-KEY-0123456789abcdef"

FOREIGN = [
    f'schema = "{SECRET}"\n',
    f'schema = 1\nid = "{SECRET}"\n',
    f'api_key = "{SECRET}"\n',
    f'["{SECRET}"]\nvalue = 1\n',
    f'"{SECRET}" = 1\n',
    f'event = "{SECRET}"\n',
    f'[server]\ntoken = "{SECRET}"\nport = 8080\n',
]


@pytest.mark.parametrize("text", FOREIGN)
def test_history_does_not_quote_a_foreign_file_in_the_sessions_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    data = tmp_path / "data"
    HistoryStore(data).open_session(sample_session(1)).close()
    (data / "sessions" / "2026" / "11" / "settings.toml").write_text(text)
    assert main(["--data-dir", str(data), "history"]) == 0
    out, err = capsys.readouterr()
    assert "settings.toml" in err
    assert "SECRET" not in out + err


@pytest.mark.parametrize("text", FOREIGN)
def test_the_journal_does_not_quote_a_foreign_file(tmp_path: Path, text: str) -> None:
    folder = journal_dir(tmp_path) / "2026"
    folder.mkdir(parents=True)
    (folder / "settings.toml").write_text(text)
    events, problems = load_journal(tmp_path)
    assert events == [] and len(problems) == 1
    assert "SECRET" not in str(problems[0])


@pytest.mark.parametrize("text", [t for t in FOREIGN if "id =" not in t])
def test_a_foreign_file_among_your_routines_is_not_quoted(tmp_path: Path, text: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text)
    routine, problems = load_routine_file(path, source="user")
    assert routine is None and problems
    assert not [p for p in problems if "SECRET" in str(p)]


def test_a_session_file_of_your_own_still_names_the_wrong_value(tmp_path: Path) -> None:
    """Hand-edited session files keep their helpful messages: they are recognisably ours."""
    data = tmp_path / "data"
    writer = HistoryStore(data).open_session(sample_session(1))
    assert writer.path is not None
    text = writer.path.read_text().replace('status = "completed"', 'status = "complete"')
    writer.path.write_text(text)
    [problem] = HistoryStore(data).summaries().problems
    assert "'complete'" in problem.message


KNOWN = ["schema", "id", "event", "status", "name", "speed", "routine_id", "at", "kind"]


def _random_foreign(rng: random.Random) -> tuple[str, list[str]]:
    """A TOML file of random keys and text values: some of the keys are backtimer's, some are
    the text itself, but never all the keys that make a file recognisably backtimer's."""
    values: list[str] = []
    lines = []
    used: set[str] = set()
    for _ in range(rng.randint(1, 6)):
        value = "".join(rng.choices(string.ascii_letters + string.digits + "-_", k=40))
        values.append(value)
        key = rng.choice([*KNOWN, f'"{value}"', "".join(rng.choices(string.ascii_lowercase, k=8))])
        if key in used or key in ("exercise", "started"):
            continue
        used.add(key)
        lines.append(f'{key} = "{value}"' if rng.random() < 0.7 else f'{key} = ["{value}"]')
    return "\n".join(lines) + "\n", values


def test_no_random_foreign_file_is_quoted(tmp_path: Path) -> None:
    rng = random.Random(14)
    data = tmp_path / "data"
    HistoryStore(data).open_session(sample_session(1)).close()
    month = data / "sessions" / "2026" / "11"
    folder = journal_dir(data) / "2026"
    folder.mkdir(parents=True)
    secrets: list[str] = []
    for index in range(60):
        text, words = _random_foreign(rng)
        secrets.extend(words)
        (month / f"f{index}.toml").write_text(text)
        (folder / f"f{index}.toml").write_text(text)
        if not set(ROUTINE_KEYS) & set(tomllib.loads(text)):
            # Routines being written need only one key of a routine to be recognised.
            _routine, problems = load_routine_file(month / f"f{index}.toml", source="user")
            shown = " ".join(str(p) for p in problems)
            assert not [w for w in words if w[:20] in shown]
    listed = HistoryStore(data).summaries()
    _events, journal_problems = load_journal(data)
    shown = " ".join(str(p) for p in (*listed.problems, *journal_problems))
    assert len(listed.problems) == 60 and len(journal_problems) == 60
    assert not [w for w in secrets if w[:20] in shown]
