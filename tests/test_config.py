"""Settings from config.toml: defaults, overrides, and every way a value can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.engine import Settings
from backtimer.storage.config import (
    Config,
    Warnings,
    effective_values,
    load_config,
    session_settings,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_file_means_the_defaults(tmp_path: Path) -> None:
    config, problems = load_config(tmp_path / "config.toml")
    assert problems == []
    assert config == Config()
    assert (config.voice, config.bell, config.notify, config.keep_going) == (
        True,
        True,
        False,
        False,
    )
    assert config.warnings == Warnings(halfway=True, ten_seconds=True, countdown=3)
    assert (config.lead_in_s, config.pain_limit, config.theme) == (None, None, "textual-dark")
    assert config.voice_command == () and config.command == ()


def test_every_key_can_be_set(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
lead_in_s = 8
pain_limit = 1
voice = false
voice_command = ["espeak-ng", "-v", "en-gb"]
voice_rate = 150
bell = false
notify = true
command = ["notify-me", "{kind}", "{text}"]
theme = "nord"
keep_going = true

[warnings]
halfway = false
ten_seconds = false
countdown = 5
""",
    )
    config, problems = load_config(path)
    assert problems == []
    assert config == Config(
        lead_in_s=8,
        warnings=Warnings(halfway=False, ten_seconds=False, countdown=5),
        voice=False,
        voice_command=("espeak-ng", "-v", "en-gb"),
        voice_rate=150,
        bell=False,
        notify=True,
        command=("notify-me", "{kind}", "{text}"),
        pain_limit=1,
        theme="nord",
        keep_going=True,
    )
    assert session_settings(config) == Settings(
        lead_in=8, halfway=False, ten_seconds=False, countdown=5, keep_going=True, pain_limit=1
    )


@pytest.mark.parametrize("value", [3, 5, 10])
def test_a_pain_limit_over_2_is_refused_naming_file_line_key_and_rule(
    tmp_path: Path, value: int
) -> None:
    """Pain rule: 0/10, or at most 1–2/10, during and after an exercise. Higher is refused."""
    path = write(tmp_path, f"bell = false\npain_limit = {value}\n")
    config, problems = load_config(path)
    assert config.pain_limit is None and config.bell is False  # the default applies
    (problem,) = problems
    assert (problem.file, problem.line, problem.key) == (str(path), 2, "pain_limit")
    text = str(problem)
    assert text.startswith(f"{path}:2: pain_limit: expected 0, 1 or 2, found the number {value}")
    assert "at most 2/10 during and after an exercise" in text and "using 2" in text
    assert session_settings(config).pain_limit is None


@pytest.mark.parametrize("value", [0, 1, 2])
def test_a_pain_limit_may_be_lowered(tmp_path: Path, value: int) -> None:
    config, problems = load_config(write(tmp_path, f"pain_limit = {value}\n"))
    assert problems == [] and config.pain_limit == value


def test_the_default_settings_defer_to_the_routine() -> None:
    assert session_settings(Config()) == Settings()


def test_effective_values_say_where_each_value_came_from(tmp_path: Path) -> None:
    config, _ = load_config(write(tmp_path, "bell = false\n[warnings]\ncountdown = 2\n"))
    rows = {key: (value, source) for key, value, source in effective_values(config)}
    assert rows["bell"] == ("false", "file")
    assert rows["voice"] == ("true", "default")
    assert rows["warnings.countdown"] == ("2", "file")
    assert rows["warnings.halfway"] == ("true", "default")
    assert rows["lead_in_s"] == ("(from the routine)", "default")
    assert rows["pain_limit"] == ("2 (the pain rule's; a routine may set a lower one)", "default")
    assert rows["voice_command"][0].startswith("[] (the first found of espeak-ng")
    assert "from_file" not in rows
    assert rows["warnings.form_reminder"] == ("true", "default")
    assert rows["daily_exercises"] == ("3", "default")
    assert len(rows) == 16


def test_a_partial_file_keeps_the_other_defaults(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, "voice = false\n"))
    assert problems == [] and config == Config(voice=False)
    assert config.from_file == {"voice"}


@pytest.mark.parametrize(
    ("text", "key", "line", "expected"),
    [
        ("lead_in_s = -1", "lead_in_s", 1, "at least 0 and at most 120"),
        ("lead_in_s = 500", "lead_in_s", 1, "at most 120"),
        ('lead_in_s = "5"', "lead_in_s", 1, "found the text '5'"),
        ("pain_limit = 11", "pain_limit", 1, "a whole number from 0 to 10"),
        ("pain_limit = 2.5", "pain_limit", 1, "a whole number from 0 to 10"),
        ("pain_limit = true", "pain_limit", 1, "found the boolean true"),
        ("voice_rate = 10", "voice_rate", 1, "a whole number from 80 to 450"),
        ('voice = "yes"', "voice", 1, "expected true or false"),
        ("bell = 1", "bell", 1, "expected true or false"),
        ('keep_going = "no"', "keep_going", 1, "expected true or false"),
        ('voice_command = "espeak-ng -v en"', "voice_command", 1, "a list of text"),
        ("voice_command = [1, 2]", "voice_command", 1, "a list of text"),
        ('command = ["", "{text}"]', "command", 1, "name the program"),
        ("theme = 3", "theme", 1, "text in quotes"),
        ('theme = ""', "theme", 1, "a theme name"),
        ("\n\nwarnings = 3", "warnings", 3, "expected a table"),
        ("[warnings]\nhalfway = 1", "warnings.halfway", 2, "expected true or false"),
        ("[warnings]\nten_seconds = 'x'", "warnings.ten_seconds", 2, "expected true or false"),
        ("[warnings]\ncountdown = 11", "warnings.countdown", 2, "a whole number from 0 to 10"),
        ("[warnings]\ncountdown = -1", "warnings.countdown", 2, "a whole number from 0 to 10"),
    ],
)
def test_a_bad_value_is_reported_and_left_at_its_default(
    tmp_path: Path, text: str, key: str, line: int, expected: str
) -> None:
    good = "notify = true\n"  # a valid key before the bad one
    path = write(tmp_path, good + text + "\n")
    config, problems = load_config(path)
    (problem,) = problems
    line += 1
    assert (problem.file, problem.line, problem.key) == (str(path), line, key)
    assert expected in problem.message
    assert str(problem).startswith(f"{path}:{line}: {key}: ")
    assert config.notify is True  # the good key still counts
    top = key.split(".")[0]
    assert getattr(config, top) == getattr(Config(), top)


def test_an_unknown_key_gets_a_did_you_mean(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, "lead_in = 5\n[warnings]\nhalfwya = true\n"))
    assert [(p.line, p.key) for p in problems] == [(1, "lead_in"), (3, "warnings.halfwya")]
    assert "did you mean 'lead_in_s'?" in problems[0].message
    assert "did you mean 'halfway'?" in problems[1].message
    assert config == Config()


def test_a_command_that_is_too_long_is_refused(tmp_path: Path) -> None:
    items = ", ".join(['"x"'] * 65)
    _, problems = load_config(write(tmp_path, f"command = [{items}]\n"))
    assert "at most 64 arguments" in problems[0].message


@pytest.mark.parametrize(
    ("content", "expected", "line"),
    [
        (b"voice = \n", "is not valid TOML", 1),
        (b"bell = true\nbell = false\n", "is not valid TOML", 2),
        (b"", "is empty", None),
        (b"\x00\x01binary", "is a binary file", None),
        (b"theme = '\xff'\n", "is not UTF-8 text", 1),
    ],
)
def test_a_broken_file_means_the_defaults_and_a_clear_message(
    tmp_path: Path, content: bytes, expected: str, line: int | None
) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(content)
    config, problems = load_config(path)
    assert config == Config()
    (problem,) = problems
    assert problem.file == str(path) and problem.line == line
    assert expected in problem.message and "using the default settings" in problem.message
    assert path.read_bytes() == content  # never modified


def test_a_folder_in_place_of_the_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    config, problems = load_config(tmp_path / "config.toml")
    assert config == Config() and "is a folder" in problems[0].message


def test_form_reminder_is_on_by_default_and_can_be_turned_off(tmp_path: Path) -> None:
    """Issue 12: the mid-hold form reminder "can be turned off in config"."""
    assert session_settings(Config()).form_reminder
    config, problems = load_config(write(tmp_path, "[warnings]\nform_reminder = false\n"))
    assert problems == []
    assert not config.warnings.form_reminder
    assert not session_settings(config).form_reminder


def test_a_wrong_form_reminder_names_file_line_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, '[warnings]\nhalfway = true\nform_reminder = "off"\n')
    config, problems = load_config(path)
    (problem,) = problems
    assert (problem.key, problem.line) == ("warnings.form_reminder", 3)
    assert "true or false" in problem.message and str(path) in str(problem)
    assert config.warnings.form_reminder
