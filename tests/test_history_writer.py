"""Saving: atomic rewrites, exclusive creation, private permissions, and a disk that says no."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from backtimer.storage.history import HistoryStore, SessionRecord, read_session_file
from backtimer.storage.history import writer as writer_module
from backtimer.storage.history.writer import create_new, write_atomic
from tests.support.records import sample_session, sample_set

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _with_sets(record: SessionRecord, count: int) -> SessionRecord:
    return replace(record, sets=tuple(sample_set(i, record.started) for i in range(count)))


def test_files_are_0600_and_folders_0700(tmp_path: Path) -> None:
    data = tmp_path / "data"
    writer = HistoryStore(data).open_session(sample_session(1))
    assert writer.path is not None
    assert _mode(writer.path) == 0o600
    for folder in (data, data / "sessions", data / "sessions" / "2026", writer.path.parent):
        assert _mode(folder) == 0o700, folder
    writer.close()
    HistoryStore(data).load()
    assert _mode(data / "index.sqlite3") == 0o600


def test_every_save_replaces_the_whole_file(tmp_path: Path) -> None:
    record = replace(sample_session(0), status="in_progress", ended=None)
    writer = HistoryStore(tmp_path).open_session(record)
    for count in range(1, 6):
        record = _with_sets(record, count)
        result = writer.save(record)
        assert result.ok and result.path is not None and result.path == writer.path
        assert read_session_file(result.path) == record
    assert writer.path is not None
    assert [p.name for p in writer.path.parent.iterdir()] == [writer.path.name]  # no temp files
    writer.close()


def test_write_atomic_goes_through_a_synced_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_replace, real_fsync = os.replace, os.fsync

    def spy_replace(src: str, dst: str) -> None:
        calls.append(f"replace {Path(src).name.startswith('.x.toml.')}")
        real_replace(src, dst)

    def spy_fsync(fd: int) -> None:
        calls.append("fsync")
        real_fsync(fd)

    monkeypatch.setattr(os, "replace", spy_replace)
    monkeypatch.setattr(os, "fsync", spy_fsync)
    target = tmp_path / "x.toml"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert calls == ["fsync", "replace True", "fsync"]  # file, rename, folder
    assert _mode(target) == 0o600


def test_creation_never_overwrites(tmp_path: Path) -> None:
    first = create_new(tmp_path, "2026-11-22T0715-abcdef12", b"one")
    second = create_new(tmp_path, "2026-11-22T0715-abcdef12", b"two")
    assert first.name == "2026-11-22T0715-abcdef12.toml"
    assert second.name == "2026-11-22T0715-abcdef12-2.toml"
    assert first.read_bytes() == b"one" and second.read_bytes() == b"two"


def test_two_writers_of_one_id_keep_separate_files(tmp_path: Path) -> None:
    # As if two backtimer processes started the same minute with colliding short ids.
    store = HistoryStore(tmp_path)
    a = store.open_session(sample_session(1, session_id="ab" * 16))
    b = store.open_session(sample_session(2, session_id="ab" * 16))
    assert a.path != b.path
    assert a.path is not None and b.path is not None
    assert len(read_session_file(a.path).sets) == 1
    assert len(read_session_file(b.path).sets) == 2
    a.close()
    b.close()


def _refuse_writes_below(
    monkeypatch: pytest.MonkeyPatch, root: Path, code: int
) -> Callable[[], None]:
    """Make creating or replacing files below `root` fail with `code`; returns an undo."""
    real_open, real_replace = os.open, os.replace
    prefix = os.fspath(root)

    def guarded_open(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if os.fspath(path).startswith(prefix) and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(code, os.strerror(code), os.fspath(path))
        return real_open(path, flags, *args)

    def guarded_replace(src: str, dst: str) -> None:
        if os.fspath(dst).startswith(prefix):
            raise OSError(code, os.strerror(code), os.fspath(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "open", guarded_open)
    monkeypatch.setattr(os, "replace", guarded_replace)
    return monkeypatch.undo


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.EROFS, "read-only file system"), (errno.ENOSPC, "the disk is full")],
)
def test_a_refusing_disk_keeps_the_session_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    data = tmp_path / "data"
    record = replace(sample_session(0), status="in_progress", ended=None)
    writer = HistoryStore(data).open_session(record)
    assert writer.last_result.ok and writer.path is not None
    undo = _refuse_writes_below(monkeypatch, data, code)
    for count in (1, 2, 3):
        result = writer.save(_with_sets(record, count))
        assert not result.ok
        assert reason in result.message and str(writer.path) in result.message
        assert "kept in memory" in result.message
        assert writer.pending and len(writer.record.sets) == count
    assert len(read_session_file(writer.path).sets) == 0  # the last good version is intact
    assert not writer.retry().ok
    undo()
    assert writer.retry().ok and not writer.pending
    assert len(read_session_file(writer.path).sets) == 3
    writer.close()


def test_a_refusing_disk_at_the_start_can_be_redirected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    _refuse_writes_below(monkeypatch, data, errno.ENOSPC)
    writer = HistoryStore(data).open_session(_with_sets(sample_session(0), 2))
    assert not writer.last_result.ok and writer.pending and writer.path is None
    assert "the disk is full" in writer.last_result.message
    assert str(data / "sessions" / "2026" / "11") in writer.last_result.message
    elsewhere = tmp_path / "usb"
    result = writer.relocate(elsewhere)
    assert result.ok and result.path is not None and elsewhere in result.path.parents
    assert writer.save(_with_sets(writer.record, 4)).ok
    assert len(read_session_file(result.path).sets) == 4
    assert [s.id for s in HistoryStore(elsewhere).load().sessions] == [writer.record.id]
    writer.close()


@pytest.mark.skipif(IS_ROOT or sys.platform == "win32", reason="root ignores folder permissions")
def test_a_really_read_only_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    record = replace(sample_session(0), status="in_progress", ended=None)
    writer = HistoryStore(data).open_session(record)
    assert writer.path is not None
    month = writer.path.parent
    month.chmod(0o500)
    try:
        result = writer.save(_with_sets(record, 2))
        assert not result.ok and "permission denied" in result.message and writer.pending
        assert HistoryStore(data).load().sessions[0].sets == ()
    finally:
        month.chmod(0o700)
    assert writer.retry().ok
    assert len(read_session_file(writer.path).sets) == 2
    writer.close()


def test_a_file_where_the_data_folder_should_be(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    writer = HistoryStore(blocker).open_session(sample_session(2))
    result = writer.last_result
    assert not result.ok and writer.pending
    assert str(blocker) in result.message and "is a file, not a folder" in result.message
    assert blocker.read_text() == "not a folder"
    blocker.unlink()
    assert writer.retry().ok
    assert writer.path is not None and len(read_session_file(writer.path).sets) == 2
    writer.close()


def test_saving_another_session_id_is_a_bug(tmp_path: Path) -> None:
    writer = HistoryStore(tmp_path).open_session(sample_session(1))
    with pytest.raises(ValueError, match="this writer saves session"):
        writer.save(sample_session(1))
    writer.close()


def test_messages_name_the_reason_for_common_errors() -> None:
    assert writer_module.os_reason(OSError(errno.EDQUOT, "x")) == "the disk quota is used up"
    assert writer_module.os_reason(OSError(errno.EXDEV, "Cross-device link")) == "cross-device link"


def test_a_copy_outside_the_data_folder_is_one_private_session_file(tmp_path: Path) -> None:
    """Saving elsewhere: a folder gets the file under its history name; a path is used as is."""
    record = _with_sets(sample_session(0), 2)
    in_folder = writer_module.save_copy(record, tmp_path)
    assert in_folder.parent == tmp_path and in_folder.name.endswith(f"{record.id[:8]}.toml")
    named = writer_module.save_copy(record, tmp_path / "new" / "mine.toml")
    for path in (in_folder, named):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert read_session_file(path) == record
    assert not list(tmp_path.rglob(".*.tmp"))  # nothing left over from the atomic write


def test_the_writer_counts_the_sets_that_reached_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    record = replace(sample_session(0), status="in_progress", ended=None)
    writer = HistoryStore(data).open_session(_with_sets(record, 1))
    assert writer.saved_sets == 1
    undo = _refuse_writes_below(monkeypatch, data, errno.ENOSPC)
    writer.save(_with_sets(record, 3))
    assert writer.saved_sets == 1 and writer.pending
    undo()
    assert writer.retry().ok and writer.saved_sets == 3
    writer.close()
