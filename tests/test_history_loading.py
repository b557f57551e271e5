"""Loading skips bad files with a message that names them, and never changes a file."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from backtimer.storage.history import HistoryFileError, HistoryStore, read_session_file
from backtimer.storage.history import live as live_module
from backtimer.storage.history.toml_io import MAX_FILE_BYTES, dumps
from tests.support.records import START, sample_session

GOOD = dumps(sample_session(2)).decode()

CORPUS: dict[str, tuple[bytes, str]] = {
    "syntax.toml": (b'schema = 1\nid = "abc\nstatus = 3\n', "line 2"),
    "wrong-type.toml": (GOOD.replace("speed = 1.0", 'speed = "fast"').encode(), "key speed"),
    "missing-key.toml": (
        "\n".join(line for line in GOOD.splitlines() if not line.startswith("routine_id")).encode(),
        "key routine_id: expected text, found nothing (the key is missing)",
    ),
    "out-of-range.toml": (GOOD.replace("pain = 1\n", "pain = 11\n", 1).encode(), "set[1].pain"),
    "bad-choice.toml": (GOOD.replace('side = "right"', 'side = "middle"').encode(), "set[1].side"),
    "naive-time.toml": (GOOD.replace("+01:00", "", 1).encode(), "UTC offset"),
    "unknown-key.toml": (GOOD.replace("notes = ", "noets = ", 1).encode(), "key noets"),
    "newer.toml": (GOOD.replace("schema = 1", "schema = 2").encode(), "newer backtimer"),
    "not-utf8.toml": (b'schema = 1\nnotes = "caf\xe9"\n', "not UTF-8"),
    "binary.toml": (bytes(range(256)) * 4, "binary"),
    "empty.toml": (b"", "empty"),
    "nested.toml": (b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n", "nested too deeply"),
}


def _plant(sessions: Path) -> dict[Path, bytes]:
    folder = sessions / "2026" / "11"
    folder.mkdir(parents=True, exist_ok=True)
    planted = {}
    for name, (content, _) in CORPUS.items():
        path = folder / name
        path.write_bytes(content)
        planted[path] = content
    return planted


def test_damaged_files_are_skipped_named_and_left_alone(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    good = store.open_session(sample_session(2))
    good.close()
    planted = _plant(store.sessions_dir)
    huge = store.sessions_dir / "2026" / "huge.toml"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    (store.sessions_dir / "2026" / "folder.toml").mkdir()
    os.mkfifo(store.sessions_dir / "2026" / "pipe.toml")
    stats = {path: path.stat() for path in planted}

    for _ in range(2):  # cold, then from the index
        result = store.load()
        assert [s.id for s in result.sessions] == [good.record.id]
        messages = {p.path.name: p.message for p in result.problems}
        for name, (_, expected) in CORPUS.items():
            assert expected in messages[name], (name, messages[name])
        assert "too large" in messages["huge.toml"]
        assert "is a folder" in messages["folder.toml"]
        assert "not a regular file" in messages["pipe.toml"]
        assert all("Traceback" not in m for m in messages.values())
        assert store.summaries().problems == result.problems

    for path, content in planted.items():
        assert path.read_bytes() == content
        assert path.stat().st_mtime_ns == stats[path].st_mtime_ns


def test_read_session_file_raises_with_the_file_and_the_line(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_bytes(GOOD.replace('kind = "hold"', "kind = 7", 1).encode())
    with pytest.raises(HistoryFileError) as caught:
        read_session_file(path)
    assert caught.value.path == path
    assert str(path) in str(caught.value)
    line = GOOD.splitlines().index('kind = "hold"') + 1
    assert f"line {line}, key set[0].kind: expected one of" in caught.value.message


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = HistoryStore(tmp_path)
    store.open_session(sample_session(1)).close()
    locked = store.sessions_dir / "2026" / "11" / "locked.toml"
    locked.write_text(GOOD)
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the refusal happen another way
        real_open = os.open

        def refuse(path: str | os.PathLike[str], *args: int) -> int:
            if os.fspath(path).endswith("locked.toml"):
                raise PermissionError(13, "Permission denied")
            return real_open(path, *args)

        monkeypatch.setattr(os, "open", refuse)
    result = store.load()
    assert len(result.sessions) == 1
    [problem] = result.problems
    assert problem.path == locked and "permission denied" in problem.message


def test_the_same_session_in_two_files_counts_once(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    writer = store.open_session(sample_session(3))
    writer.close()
    assert writer.path is not None
    copy = writer.path.with_name(writer.path.stem + " (conflicted copy).toml")
    shutil.copyfile(writer.path, copy)
    shorter = dumps(replace(writer.record, sets=writer.record.sets[:1]))
    (copy.parent / "older.toml").write_bytes(shorter)
    for result in (store.load(), store.summaries()):
        assert len(result.sessions) == 1
        assert len(result.problems) == 2
        for problem in result.problems:
            assert problem.path in (copy, copy.parent / "older.toml")
            assert writer.path.name in problem.message and writer.record.id in problem.message
    loaded = store.load()
    assert len(loaded.sessions[0].sets) == 3
    assert loaded.path_of(writer.record.id) == writer.path


def test_in_progress_without_a_writer_reads_as_interrupted(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    record = replace(sample_session(2), status="in_progress", ended=None)
    writer = store.open_session(record)
    assert store.summaries().sessions[0].status == "in_progress"
    assert store.load().sessions[0].status == "in_progress"
    writer.close()
    assert store.summaries().sessions[0].status == "interrupted"
    loaded = store.load().sessions[0]
    assert loaded.status == "interrupted" and len(loaded.sets) == 2
    assert writer.path is not None
    assert read_session_file(writer.path).status == "in_progress"  # the file is untouched


@pytest.mark.skipif(sys.platform == "win32", reason="no flock")
def test_a_lock_held_elsewhere_keeps_a_session_live(tmp_path: Path) -> None:
    import fcntl

    (tmp_path / "live").mkdir()
    lock = tmp_path / "live" / "abc.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert live_module.is_live(tmp_path, "abc", START, START)
    finally:
        os.close(fd)
    assert not live_module.is_live(tmp_path, "abc", START, START)


def test_since_filters_by_instant_and_by_local_date(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    for days in range(5):
        store.open_session(sample_session(1, start=START + timedelta(days=days))).close()
    assert len(store.load().sessions) == 5
    assert len(store.load(since=START.date().replace(day=24)).sessions) == 3
    assert len(store.summaries(since=START.replace(day=25, hour=0)).sessions) == 2


def test_missing_data_dir_lists_nothing_and_creates_nothing(tmp_path: Path) -> None:
    result = HistoryStore(tmp_path / "nothing").load()
    assert result.sessions == () and result.problems == ()
    assert not (tmp_path / "nothing").exists()


def test_data_dir_that_is_a_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    [problem] = HistoryStore(tmp_path / "file").summaries().problems
    assert problem.path == tmp_path / "file" and "is a file" in problem.message
