"""`backtimer routines`, `routines show`, `check`, `--help` and `--version`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer import __version__
from backtimer.cli.main import main
from backtimer.storage.paths import Dirs

A2 = Path(__file__).resolve().parent.parent / "routines" / "a2-static-holds.toml"

A3 = """\
id = "a3-eccentric"
name = "Slow lowering"
program = "A"
step = 3
frequency = "daily"

[[exercise]]
id = "eccentric"
name = "Slow lowering"
kind = "reps"
dose = { target = 10, min = 10, max = 30, step = 2 }
tempo = { lower_s = 4 }
"""

GOOD = """\
id = "my-day"
name = "My day"
program = "mine"
frequency = "every-other-day"
next = "a2-static-holds"

[[exercise]]
id = "walk"
name = "Walk"
kind = "activity"
dose = { target = 600 }
"""

BAD = """\
id = "bad-one"
name = "Bad"
program = "mine"
frequency = "dialy"

[[exercise]]
id = "hold"
name = "Hold"
kind = "hold"
dose = { target = 604800 }
"""


@pytest.fixture(autouse=True)
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped library seen by these tests: the real a2 and a small a3 it leads to."""
    folder = tmp_path / "shipped"
    folder.mkdir()
    (folder / A2.name).write_bytes(A2.read_bytes())
    (folder / "a3-eccentric.toml").write_text(A3, encoding="utf-8")
    monkeypatch.setattr("backtimer.storage.library.shipped_routines_dir", lambda: folder)
    return folder


def _user(dirs: Dirs, name: str, text: str) -> Path:
    dirs.user_routines.mkdir(parents=True, exist_ok=True)
    path = dirs.user_routines / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


# routines -----------------------------------------------------------------------------------


def test_routines_table(capsys: pytest.CaptureFixture[str], dirs: Dirs) -> None:
    _user(dirs, "mine.toml", GOOD)
    code, out, err = _run(capsys, "routines")
    assert code == 0 and err == ""
    header = next(line for line in out.splitlines() if "frequency" in line)
    for column in ("id", "name", "program", "step", "frequency", "duration", "source"):
        assert column in header
    row = next(line for line in out.splitlines() if "a2-static-holds" in line)
    for cell in ("Static holds", " A ", " 2 ", "twice a day", "shipped"):
        assert cell in row
    mine = next(line for line in out.splitlines() if "my-day" in line)
    for cell in ("My day", "every second day", "user"):
        assert cell in mine
    assert "…" not in out  # nothing cut short when the output is not a terminal


def test_routines_json(capsys: pytest.CaptureFixture[str], dirs: Dirs) -> None:
    _user(dirs, "mine.toml", GOOD)
    code, out, _ = _run(capsys, "routines", "--json")
    assert code == 0
    items = json.loads(out)
    assert isinstance(items, list)
    by_id = {item["id"]: item for item in items}
    assert set(by_id) == {"a2-static-holds", "a3-eccentric", "my-day"}
    for item in items:
        assert isinstance(item["id"], str)
        assert isinstance(item["name"], str)
        assert isinstance(item["program"], str)
        assert item["frequency"] in {
            "3-per-day",
            "2-per-day",
            "daily",
            "every-other-day",
            "1-2-per-week",
        }
        assert isinstance(item["duration_s"], int) and item["duration_s"] > 0
        assert item["source"] in {"shipped", "user"}
        if item["program"] == "A":
            assert isinstance(item["step"], int) and 1 <= item["step"] <= 5
        else:
            assert item["step"] is None
    assert by_id["a2-static-holds"]["step"] == 2
    assert by_id["a2-static-holds"]["source"] == "shipped"
    assert by_id["my-day"]["source"] == "user"
    assert by_id["my-day"]["frequency"] == "every-other-day"
    assert by_id["my-day"]["step"] is None


def test_user_override_is_listed_as_such(capsys: pytest.CaptureFixture[str], dirs: Dirs) -> None:
    _user(dirs, "a3.toml", A3.replace('name = "Slow lowering"', 'name = "My lowering"', 1))
    code, out, _ = _run(capsys, "routines")
    assert code == 0
    row = next(line for line in out.splitlines() if "a3-eccentric" in line)
    assert "My lowering" in row and "replaces shipped" in row
    assert sum("a3-eccentric" in line for line in out.splitlines()) == 1
    items = json.loads(_run(capsys, "routines", "--json")[1])
    a3 = next(item for item in items if item["id"] == "a3-eccentric")
    assert a3["source"] == "user" and a3["overrides_shipped"] is True
    assert a3["name"] == "My lowering"


def test_broken_user_routine_is_reported_and_others_listed(
    capsys: pytest.CaptureFixture[str], dirs: Dirs
) -> None:
    _user(dirs, "mine.toml", GOOD)
    bad = _user(dirs, "bad.toml", BAD)
    code, out, err = _run(capsys, "routines", "--json")
    assert code == 0
    assert {item["id"] for item in json.loads(out)} == {"a2-static-holds", "a3-eccentric", "my-day"}
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert all(f"{bad}:" in line for line in lines)
    assert "did you mean 'daily'" in err
    assert f"{bad}:10: exercise[0].dose.target" in err


def test_global_config_dir_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    other = Dirs(config=tmp_path / "elsewhere", data=tmp_path / "elsewhere-data")
    _user(other, "mine.toml", GOOD)
    code, out, _ = _run(
        capsys,
        "--config-dir",
        str(other.config),
        "--data-dir",
        str(other.data),
        "routines",
        "--json",
    )
    assert code == 0
    assert "my-day" in {item["id"] for item in json.loads(out)}
    # Without the option the environment's (empty) folder is used.
    assert "my-day" not in {
        item["id"] for item in json.loads(_run(capsys, "routines", "--json")[1])
    }


# routines show ------------------------------------------------------------------------------


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "routines", "show", "a2-static-holds")
    assert code == 0 and err == ""
    assert "Static holds" in out
    assert "Program A, step 2" in out
    assert "Static hold" in out and "30 s" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("routines", "show", "a2-static-holds", "--json"),
        ("routines", "--json", "show", "a2-static-holds"),
    ],
)
def test_show_json(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    code, out, _ = _run(capsys, *argv)
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "a2-static-holds"
    assert data["exercises"][0]["id"] == "static-hold"


def test_show_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "routines", "show", "a2-static-hold")
    assert code == 2
    assert out == ""
    assert "no routine has the id 'a2-static-hold'" in err
    assert "Did you mean 'a2-static-holds'?" in err


def test_show_unknown_id_without_a_close_match(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "routines", "show", "zzzzzz")
    assert code == 2
    assert "backtimer routines" in err


# check --------------------------------------------------------------------------------------


def test_check_valid_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(GOOD, encoding="utf-8")
    code, out, err = _run(capsys, "check", str(good), str(A2))
    assert code == 0 and err == ""
    assert f"{good}: ok (my-day, 1 exercise)" in out
    assert f"{A2}: ok" in out


def test_check_reports_every_problem_of_every_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = tmp_path / "good.toml"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    junk = tmp_path / "junk.toml"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    missing = tmp_path / "missing.toml"
    code, out, err = _run(capsys, "check", str(good), str(bad), str(junk), str(missing))
    assert code == 2
    assert out == ""  # nothing reported as ok when anything is wrong
    problems = err.strip().splitlines()[:-1]
    assert err.strip().splitlines()[-1] == "3 of 4 files invalid."
    files = (str(bad), str(junk), str(missing))
    assert all(line.startswith(tuple(f"backtimer: {f}" for f in files)) for line in problems)
    assert sum(str(bad) in line for line in problems) == 2
    assert sum(str(junk) in line for line in problems) == 1
    assert sum(str(missing) in line for line in problems) == 1
    assert f"{bad}:4: frequency" in err
    assert f"{bad}:10: exercise[0].dose.target" in err


def test_check_same_file_twice_is_not_a_duplicate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = tmp_path / "good.toml"
    good.write_text(GOOD, encoding="utf-8")
    code, _, err = _run(capsys, "check", str(good), str(good))
    assert code == 0, err


def test_check_two_files_with_one_id(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    one.write_text(GOOD, encoding="utf-8")
    two.write_text(GOOD, encoding="utf-8")
    code, _, err = _run(capsys, "check", str(one), str(two))
    assert code == 2
    assert f"{two}:1: id: duplicate routine id 'my-day'" in err


def test_check_next_may_name_a_routine_of_the_user(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, dirs: Dirs
) -> None:
    _user(dirs, "mine.toml", GOOD)
    draft = tmp_path / "draft.toml"
    draft.write_text(GOOD.replace('"my-day"', '"draft"').replace("a2-static-holds", "my-day"))
    code, _, err = _run(capsys, "check", str(draft))
    assert code == 0, err


def test_check_next_naming_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "next.toml"
    path.write_text(GOOD.replace("a2-static-holds", "a2-static-hold"), encoding="utf-8")
    code, _, err = _run(capsys, "check", str(path))
    assert code == 2
    assert f"{path}:5: next: no routine has the id 'a2-static-hold'" in err
    assert "did you mean 'a2-static-holds'" in err


MALFORMED: dict[str, bytes] = {
    "empty": b"",
    "spaces": b"   \n\n",
    "binary": bytes(range(256)),
    "latin-1": "name = 'Café'\n".encode("latin-1"),
    "utf-16": GOOD.encode("utf-16"),
    "syntax": b"id = \n",
    "deep arrays": b"a = " + b"[" * 50_000 + b"]" * 50_000,
    "deep tables": b"a = " + b"{b=" * 50_000 + b"1" + b"}" * 50_000,
    "long dotted key": b"a" + b".a" * 200_000 + b" = 1\n",
    "huge number": b"id = 1" + b"0" * 5000 + b"\n",
    "big but valid number": GOOD.replace("600", "6" * 400).encode(),
    "not a table list": b'exercise = "hold"\n',
    "unknown keys": GOOD.replace("kind", "knid").encode(),
    "over a megabyte": b"# x\n" * 300_000,
}


@pytest.mark.parametrize("content", list(MALFORMED.values()), ids=list(MALFORMED))
def test_check_refuses_malformed_files_cleanly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "malformed.toml"
    path.write_bytes(content)
    code, _, err = _run(capsys, "check", str(path))
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[-1] == "1 of 1 file invalid."
    assert all(line.startswith(f"backtimer: {path}") for line in lines[:-1])
    assert len(lines) >= 2


@pytest.mark.parametrize("kind", ["folder", "missing"])
def test_check_refuses_paths_that_are_not_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    path = tmp_path if kind == "folder" else tmp_path / "nope.toml"
    code, _, err = _run(capsys, "check", str(path))
    assert code == 2
    assert f"backtimer: {path}: " in err


def test_check_without_files_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check"])
    assert exit_info.value.code == 2
    assert "FILE" in capsys.readouterr().err


def test_console_script_check_on_a_bad_file(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "backtimer"
    if not script.exists():
        pytest.skip("the console script is not installed beside this Python")
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    env = {
        **os.environ,
        "BACKTIMER_CONFIG_DIR": str(tmp_path / "config"),
        "BACKTIMER_DATA_DIR": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [str(script), "check", str(bad)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert str(bad) in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


# --help and --version -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["routines", "--help"],
        ["routines", "show", "--help"],
        ["check", "--help"],
        ["-h"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_help(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: backtimer")


def test_help_lists_the_commands_and_global_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for word in ("routines", "check", "--version", "--data-dir", "--config-dir"):
        assert word in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"backtimer {__version__}"
