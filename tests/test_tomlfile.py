"""Reading TOML safely (any bytes at all) and placing keys on their lines."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from backtimer.storage.config import load_config
from backtimer.storage.history import HistoryFileError, read_session_file
from backtimer.storage.history.toml_io import dumps
from backtimer.storage.journal import journal_dir, load_journal
from backtimer.storage.plan import load_plan, plan_path
from backtimer.storage.routines import load_routine_file
from backtimer.storage.toml import (
    MAX_BYTES,
    ReadFailure,
    format_path,
    line_of,
    locate_keys,
    read_toml,
)
from tests.support.records import sample_session


def _failure(path: Path) -> ReadFailure:
    result = read_toml(path)
    assert isinstance(result, ReadFailure), result
    return result


BAD_BYTES: dict[str, tuple[bytes, str, int | None]] = {
    # name: (content, words the message must contain, line)
    "empty": (b"", "is empty", None),
    "whitespace only": (b"  \n\t\r\n   \n", "is empty", None),
    "NUL bytes": (b'id = "x"\x00\x00\x01\x02', "binary", None),
    "random binary": (bytes(range(256)) * 4, "binary", None),
    "latin-1 text": ('id = "x"\nname = "Café"\n'.encode("latin-1"), "not UTF-8", 2),
    "UTF-16": ('id = "x"\n'.encode("utf-16"), "UTF-16", None),
    "UTF-16 BE": (b"\xfe\xff" + 'id = "x"\n'.encode("utf-16-be"), "UTF-16", None),
    "UTF-32": ('id = "x"\n'.encode("utf-32"), "UTF-32", None),
    "syntax error": (b'id = "x"\nname = \n', "not valid TOML", 2),
    "unclosed string": (b'id = "x\n', "not valid TOML", 1),
    "unclosed table header": (b'id = "x"\n\n[exercise\n', "not valid TOML", 3),
    "duplicate key": (b"a = 1\nb = 2\na = 3\n", "not valid TOML", 3),
    "bad date": (b"a = 2024-13-45\n", "not valid TOML", 1),
    "unclosed array at end": (b"a = [1, 2,\n", "not valid TOML", None),
    "deep arrays": (b"a = " + b"[" * 50_000 + b"]" * 50_000 + b"\n", "nested too deeply", None),
    "deep inline tables": (
        b"a = " + b"{b = " * 50_000 + b"1" + b"}" * 50_000 + b"\n",
        "nested too deeply",
        None,
    ),
    "deep unclosed arrays": (b"a = " + b"[" * 50_000, "", None),
    "integer of 5000 digits": (b"a = 1" + b"0" * 5000 + b"\n", "too many digits", 1),
    "dotted key of 100k parts": (b"x = 1\n" + b"a." * 100_000 + b"a = 1\n", "dotted key", 2),
    "table header of 100k parts": (b"[" + b"a." * 100_000 + b"a]\n", "dotted key", 1),
    "quoted dotted key": (b'"a".' * 40 + b'"a" = 1\n', "dotted key", 1),
    "inline dotted key": (b"x = { " + b"a." * 5_000 + b"a = 1 }\n", "dotted key", 1),
}


@pytest.mark.parametrize(
    ("content", "words", "line"), list(BAD_BYTES.values()), ids=list(BAD_BYTES)
)
def test_bad_bytes_come_back_as_a_failure(
    tmp_path: Path, content: bytes, words: str, line: int | None
) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    failure = _failure(path)
    assert words in failure.message
    if line is not None:
        assert failure.line == line


def test_syntax_error_message_has_no_python_position_suffix(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('id = "x"\nname = \n', encoding="utf-8")
    failure = _failure(path)
    assert "(at line" not in failure.message
    assert "column" in failure.message


def test_syntax_error_at_the_end_says_so(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("a = [1, 2,", encoding="utf-8")
    failure = _failure(path)
    assert "end of the file" in failure.message


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    # Some Windows editors write one; the text after it is ordinary TOML.
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbfid = 'x'\nname = 'y'\n")
    result = read_toml(path)
    assert not isinstance(result, ReadFailure)
    data, text = result
    assert data == {"id": "x", "name": "y"}
    assert locate_keys(text)[("name",)] == 2


def test_ten_megabytes_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# padding\n" * 1_000_000)
    failure = _failure(path)
    assert "too large" in failure.message
    assert "MB" in failure.message


def test_just_under_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    line = b"# " + b"x" * 97 + b"\n"
    path.write_bytes(line * (MAX_BYTES // len(line)) + b"a = 1\n")
    assert path.stat().st_size <= MAX_BYTES
    result = read_toml(path)
    assert not isinstance(result, ReadFailure)
    assert result[0] == {"a": 1}


def test_folder(tmp_path: Path) -> None:
    assert "folder" in _failure(tmp_path).message


def test_folder_named_like_a_routine(tmp_path: Path) -> None:
    folder = tmp_path / "x.toml"
    folder.mkdir()
    assert "folder" in _failure(folder).message


def test_missing_path(tmp_path: Path) -> None:
    assert _failure(tmp_path / "nope.toml").message == "no such file"


def test_missing_parent_folder(tmp_path: Path) -> None:
    assert _failure(tmp_path / "no" / "such" / "x.toml").message == "no such file"


def test_path_through_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a = 1\n", encoding="utf-8")
    failure = _failure(tmp_path / "file" / "x.toml")
    assert "cannot be read" in failure.message


def test_dangling_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(tmp_path / "gone.toml")
    assert _failure(link).message == "no such file"


def test_symlink_loop(tmp_path: Path) -> None:
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    one.symlink_to(two)
    two.symlink_to(one)
    assert "loops" in _failure(one).message


def test_symlink_to_a_good_file_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_text("a = 1\n", encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    assert not isinstance(read_toml(link), ReadFailure)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.toml"
    path.write_text("a = 1\n", encoding="utf-8")
    path.chmod(0o000)
    try:
        assert "cannot be read" in _failure(path).message
    finally:
        path.chmod(0o600)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    # Opening a pipe with no writer would wait forever.
    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)
    assert "not a regular file" in _failure(pipe).message


def test_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    if len(str(path)) > 100:
        pytest.skip("socket paths are limited to about 100 bytes")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert "not a regular file" in _failure(path).message
    finally:
        server.close()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_endless_device_is_refused() -> None:
    assert "not a regular file" in _failure(Path("/dev/zero")).message


# Line numbers -------------------------------------------------------------------------------


def _lines(text: str) -> Callable[[tuple[str | int, ...]], int | None]:
    located = locate_keys(text)
    return lambda path: located.get(path)


def test_lines_of_top_level_and_table_keys() -> None:
    text = """\
id = "x"
name = "y"

[[exercise]]
id = "a"
kind = "hold"

[exercise.dose]
target = 30
max = 60

[[exercise.variant]]
id = "v1"

[[exercise.variant]]
id = "v2"

[[exercise]]
id = "b"
dose = { target = 10, min = 5 }
"""
    at = _lines(text)
    assert at(("id",)) == 1
    assert at(("name",)) == 2
    assert at(("exercise",)) == 4
    assert at(("exercise", 0)) == 4
    assert at(("exercise", 0, "id")) == 5
    assert at(("exercise", 0, "kind")) == 6
    assert at(("exercise", 0, "dose")) == 8
    assert at(("exercise", 0, "dose", "target")) == 9
    assert at(("exercise", 0, "dose", "max")) == 10
    assert at(("exercise", 0, "variant", 0)) == 12
    assert at(("exercise", 0, "variant", 0, "id")) == 13
    assert at(("exercise", 0, "variant", 1, "id")) == 16
    assert at(("exercise", 1)) == 18
    assert at(("exercise", 1, "id")) == 19
    assert at(("exercise", 1, "dose")) == 20
    assert at(("exercise", 1, "dose", "min")) == 20


def test_lines_of_dotted_keys_place_their_tables_too() -> None:
    text = """\
[[exercise]]
id = "a"
dose.target = 30
dose . max = 60
tempo.lower_s = 4
"""
    at = _lines(text)
    assert at(("exercise", 0, "dose")) == 3
    assert at(("exercise", 0, "dose", "target")) == 3
    assert at(("exercise", 0, "dose", "max")) == 4
    assert at(("exercise", 0, "tempo")) == 5
    assert at(("exercise", 0, "tempo", "lower_s")) == 5


def test_lines_after_multiline_strings_are_right() -> None:
    text = '''\
description = """
[[exercise]]
id = "not a key"
"""
name = 'n'
cue = \'\'\'
kind = "nope"
\'\'\'
program = "A"
'''
    at = _lines(text)
    assert at(("description",)) == 1
    assert at(("name",)) == 5
    assert at(("cue",)) == 6
    assert at(("program",)) == 9
    assert at(("exercise",)) is None
    assert at(("kind",)) is None


def test_one_line_multiline_string_does_not_swallow_the_rest() -> None:
    text = 'a = """one line"""\nb = 2\n'
    assert locate_keys(text)[("b",)] == 2


def test_quoted_keys_and_comments() -> None:
    text = """\
"quoted key" = 1
'literal' = 2
[ "my table" . inner ]   # a comment
x = 3
[[ exercise ]]  # another
id = "a"
"""
    at = _lines(text)
    assert at(("quoted key",)) == 1
    assert at(("literal",)) == 2
    assert at(("my table", "inner")) == 3
    assert at(("my table", "inner", "x")) == 4
    assert at(("exercise", 0, "id")) == 6


def test_array_lines_inside_a_multiline_array_are_not_headers() -> None:
    text = """\
x = [
  [1, 2],
  [3]
]
name = "n"
"""
    at = _lines(text)
    assert at(("name",)) == 5
    assert at(("3",)) is None


def test_line_of_falls_back_to_the_enclosing_table() -> None:
    located = locate_keys('[[exercise]]\nid = "a"\n')
    assert line_of(located, ("exercise", 0, "dose", "target")) == 1
    assert line_of(located, ("nowhere",)) is None
    assert line_of(located, ()) is None


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ((), ""),
        (("id",), "id"),
        (("exercise", 1, "dose", "target"), "exercise[1].dose.target"),
        (("exercise", 0, "variant", 2), "exercise[0].variant[2]"),
    ],
)
def test_format_path(path: tuple[str | int, ...], shown: str) -> None:
    assert format_path(path) == shown


ADVERSARIAL_VALID = {
    # Valid TOML that once made the key scanner quadratic; each must be placed quickly.
    "long array line": "x = [\n[" + " 1," * 200_000 + "1]\n]\n",
    "long whitespace in header": "[" + " " * 500_000 + "a]\nb = 1\n",
    "many inline commas": "x = {a = '" + "{a=," * 100_000 + "'}\n",
    "many tables": "[[a]]\n" * 100_000,
}


@pytest.mark.parametrize("text", list(ADVERSARIAL_VALID.values()), ids=list(ADVERSARIAL_VALID))
def test_key_scanner_handles_adversarial_valid_text(text: str) -> None:
    # No timing assertion: a pathological case would hang the run instead of passing.
    assert isinstance(locate_keys(text), dict)


# --- one wording for every file backtimer reads ------------------------------------------------

ROUTINE = """\
id = "r1"
name = "Routine"
program = "A"
frequency = "daily"
pain_limit = true

[[exercise]]
id = "e1"
name = "Hold"
kind = "hold"
dose = { target = 30, min = 30, max = 60, step = 10 }
"""
RATING = """\
event = "next_day"
at = 2026-03-03T07:30:00+01:00
rated_on = 2026-03-03
training_date = 2026-03-02
value = true
"""


def _session_text() -> str:
    text = dumps(sample_session(1)).decode()
    start = text.index("[[set]]")
    pain = text.index("\npain = ", start) + 1
    return text[:pain] + "pain = true" + text[text.index("\n", pain) :]


def _problem_text(kind: str, folder: Path) -> tuple[str, str, int, str]:
    """What a user sees for `kind`'s file with a boolean where 0-10 belongs; path, line, key."""
    if kind == "routine":
        path = folder / "r1.toml"
        path.write_text(ROUTINE, encoding="utf-8")
        _, problems = load_routine_file(path)
        return str(problems[0]), str(path), 5, "pain_limit"
    if kind == "config":
        path = folder / "config.toml"
        path.write_text("\n\npain_limit = true\n", encoding="utf-8")
        _, problems = load_config(path)
        return str(problems[0]), str(path), 3, "pain_limit"
    if kind == "journal":
        path = journal_dir(folder) / "2026" / "rating.toml"
        path.parent.mkdir(parents=True)
        path.write_text(RATING, encoding="utf-8")
        _, journal_problems = load_journal(folder)
        return str(journal_problems[0]), str(path), 5, "value"
    path = folder / "session.toml"
    text = _session_text()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HistoryFileError) as caught:
        read_session_file(path)
    return str(caught.value), str(path), text.splitlines().index("pain = true") + 1, "set[0].pain"


@pytest.mark.parametrize("kind", ["routine", "config", "journal", "session"])
def test_the_same_mistake_reads_the_same_in_every_file(tmp_path: Path, kind: str) -> None:
    shown, path, line, key = _problem_text(kind, tmp_path)
    words = "expected a whole number from 0 to 10, found the boolean true"
    assert shown.startswith(f"{path}:{line}: {key}: {words}")


def test_plan_words_a_wrong_value_as_the_other_files_do(tmp_path: Path) -> None:
    path = plan_path(tmp_path)
    path.write_text("# mine\nfollow = 5\n", encoding="utf-8")
    _, problems = load_plan(tmp_path)
    assert str(problems[0]).startswith(f"{path}:2: follow: expected a list of routine ids")
    assert "found the number 5; following the default" in str(problems[0])
