"""Folders and links backtimer did not make are left as they are: no mode changed, no file
written through a link, and a clear message instead of a traceback."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

import pytest

from backtimer.cli.main import main
from backtimer.storage.history import HistoryStore
from backtimer.storage.paths import LINK_NOT_FOLLOWED, Dirs
from backtimer.storage.plan import Plan, save_plan
from backtimer.tui.dialogs.notice import remember_notice
from tests.support.records import sample_session

Snapshot = dict[str, tuple[int, bytes | str | None]]


def _snapshot(root: Path) -> Snapshot:
    """Every path below `root` (links not followed): its mode and its content or link target."""
    found: Snapshot = {}
    for path in [root, *root.rglob("*")]:
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            content: bytes | str | None = str(path.readlink())
        elif stat.S_ISREG(st.st_mode):
            content = path.read_bytes()
        else:
            content = None
        found[str(path)] = (st.st_mode, content)
    return found


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_shared_sticky_folder_keeps_its_mode(tmp_path: Path) -> None:
    """Pointed at a 1777 folder (like /tmp), backtimer saves into it without tightening it."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    store = HistoryStore(shared)
    store.open_session(sample_session(1)).close()
    save_plan(shared, Plan(("b-walk",)))
    assert store.load().sessions
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    # What backtimer made itself is private.
    assert _mode(shared / "sessions") == 0o700
    assert _mode(shared / "sessions" / "2026" / "11") == 0o700


def test_an_existing_open_folder_is_left_open_with_one_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "open"
    (data / "sessions").mkdir(parents=True)
    data.chmod(0o755)
    (data / "sessions").chmod(0o755)
    HistoryStore(data).open_session(sample_session(1)).close()
    assert _mode(data) == 0o755
    assert _mode(data / "sessions") == 0o755
    assert _mode(data / "sessions" / "2026") == 0o700  # new, so made private
    assert main(["--data-dir", str(data), "history"]) == 0
    err = capsys.readouterr().err
    assert err.count("can be read by other users") == 1
    assert "chmod 700" in err and "Traceback" not in err


def test_a_private_folder_gets_no_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "private"
    HistoryStore(data).open_session(sample_session(1)).close()
    assert main(["--data-dir", str(data), "history"]) == 0
    assert "other users" not in capsys.readouterr().err


def test_an_index_linked_to_another_file_is_neither_changed_nor_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    HistoryStore(data).open_session(sample_session(1)).close()
    other = tmp_path / "elsewhere" / "notes.txt"
    other.parent.mkdir()
    other.write_text("my notes\n")
    other.chmod(0o644)
    (data / "index.sqlite3").symlink_to(other)
    before = _snapshot(tmp_path / "elsewhere")
    assert main(["--data-dir", str(data), "history", "--all"]) == 0
    out, err = capsys.readouterr()
    assert "Step 1" in out or "completed" in out  # the session is still listed
    assert "index.sqlite3" in err and "link" in err
    assert _snapshot(tmp_path / "elsewhere") == before
    assert (data / "index.sqlite3").is_symlink()


def test_a_linked_month_folder_outside_the_data_folder_is_not_chmodded_or_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    elsewhere.chmod(0o755)
    (data / "sessions" / "2026").mkdir(parents=True)
    (data / "sessions" / "2026" / "11").symlink_to(elsewhere, target_is_directory=True)
    before = _snapshot(elsewhere)
    writer = HistoryStore(data).open_session(sample_session(1))
    result = writer.last_result
    assert not result.ok and writer.pending
    assert "link" in result.message and "2026/11" in result.message
    assert _snapshot(elsewhere) == before
    assert main(["--data-dir", str(data), "history"]) == 0
    err = capsys.readouterr().err
    assert "2026/11" in err and "not followed" in err


def test_a_linked_month_folder_inside_the_data_folder_is_read_and_written_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One rule for reading and writing: a link that stays inside the data folder is followed."""
    data = tmp_path / "data"
    archive = data / "archive" / "2026-11"
    archive.mkdir(parents=True)
    (data / "sessions" / "2026").mkdir(parents=True)
    (data / "sessions" / "2026" / "11").symlink_to(archive, target_is_directory=True)
    record = sample_session(1)
    writer = HistoryStore(data).open_session(record)
    writer.close()
    assert writer.last_result.ok
    assert [p.name for p in archive.iterdir()] == [writer.path.name if writer.path else ""]
    listed = HistoryStore(data).summaries()
    assert [s.id for s in listed.sessions] == [record.id]
    assert listed.problems == ()


def test_a_loop_of_folder_links_lists_each_session_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = HistoryStore(data)
    store.open_session(sample_session(1)).close()
    month = data / "sessions" / "2026" / "11"
    (month / "again").symlink_to(data / "sessions", target_is_directory=True)
    (data / "sessions" / "up").symlink_to(data / "sessions" / "2026", target_is_directory=True)
    listed = store.summaries()
    assert len(listed.sessions) == 1
    assert listed.problems == ()


def test_a_session_file_linked_outside_the_data_folder_is_not_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = HistoryStore(data)
    store.open_session(sample_session(1)).close()
    secret = tmp_path / "secret.toml"
    secret.write_text('api_key = "SECRET-API-KEY-1234"\n')
    (data / "sessions" / "2026" / "11" / "x.toml").symlink_to(secret)
    listed = store.summaries()
    assert len(listed.sessions) == 1
    [problem] = listed.problems
    assert problem.path.name == "x.toml" and "not followed" in problem.message
    assert "SECRET" not in problem.message


@pytest.mark.parametrize("name", ["plan.toml", "rotation.toml"])
def test_settings_files_are_not_written_through_a_link(tmp_path: Path, name: str) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    target = tmp_path / "target.txt"
    target.write_text("keep me\n")
    (data / name).symlink_to(target)
    before = _snapshot(tmp_path)
    with pytest.raises(OSError, match="link"):
        if name == "plan.toml":
            save_plan(data, Plan(("b-walk",)))
        else:
            from datetime import date

            from backtimer.domain.rotation import Swap
            from backtimer.storage.rotation import save_swap

            save_swap(data, date(2026, 11, 2), Swap(out="a/b", into="c/d"))
    assert _snapshot(tmp_path) == before


def test_a_session_file_replaced_by_a_link_is_not_written_through(tmp_path: Path) -> None:
    data = tmp_path / "data"
    writer = HistoryStore(data).open_session(sample_session(1))
    assert writer.path is not None
    target = tmp_path / "target.txt"
    target.write_text("keep me\n")
    writer.path.unlink()
    writer.path.symlink_to(target)
    result = writer.save(replace(writer.record, notes="more"))
    assert not result.ok and "link" in result.message
    assert target.read_text() == "keep me\n"
    assert writer.path.is_symlink()


def test_the_notice_marker_is_not_created_through_a_dangling_link(tmp_path: Path) -> None:
    dirs = Dirs(config=tmp_path / "config", data=tmp_path / "data")
    dirs.data.mkdir(mode=0o700)
    (dirs.data / "notice-seen").symlink_to(tmp_path / "made-elsewhere")
    message = remember_notice(dirs)
    assert message is not None and "notice-seen" in message
    assert not (tmp_path / "made-elsewhere").exists()


def test_a_lock_file_link_is_not_followed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    record = replace(sample_session(1), status="in_progress", ended=None)
    (data / "live").mkdir(parents=True, mode=0o700)
    target = tmp_path / "target.txt"
    target.write_text("keep me\n")
    target.chmod(0o644)
    (data / "live" / f"{record.id}.lock").symlink_to(target)
    before = _snapshot(tmp_path / "target.txt")
    writer = HistoryStore(data).open_session(record)
    assert writer.last_result.ok
    writer.close()
    assert _snapshot(tmp_path / "target.txt") == before
    assert (data / "live" / f"{record.id}.lock").is_symlink()


def test_a_journal_year_linked_outside_the_data_folder_is_reported_not_read(
    tmp_path: Path,
) -> None:
    from backtimer.storage.journal import journal_dir, load_journal

    data = tmp_path / "data"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.toml").write_text('api_key = "SECRET-API-KEY-1234"\n')
    journal_dir(data).mkdir(parents=True)
    (journal_dir(data) / "2026").symlink_to(elsewhere, target_is_directory=True)
    events, problems = load_journal(data)
    assert events == []
    [problem] = problems
    assert "2026" in str(problem) and "not followed" in str(problem)
    assert "SECRET" not in str(problem)


async def test_the_app_warns_once_when_others_can_read_the_data_folder(dirs: Dirs) -> None:
    from textual.widgets import Static

    from backtimer.tui.app import BacktimerApp
    from tests.support.waiting import settle

    assert remember_notice(dirs) is None
    dirs.data.chmod(0o755)
    app = BacktimerApp(dirs=dirs, fsync=False)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(pilot)
        toasts = [str(t.render()) for t in app.screen.query("Toast").results(Static)]
        assert sum("can be read by other users" in t for t in toasts) == 1
    assert _mode(dirs.data) == 0o755


def test_a_sessions_folder_linked_outside_is_neither_listed_nor_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from backtimer.storage.journal import journal_dir, load_journal

    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere"
    HistoryStore(elsewhere).open_session(sample_session(1)).close()
    (data / "sessions").symlink_to(elsewhere / "sessions", target_is_directory=True)
    journal_dir(elsewhere).mkdir()
    journal_dir(data).symlink_to(journal_dir(elsewhere), target_is_directory=True)
    before = _snapshot(elsewhere)
    store = HistoryStore(data)
    listed = store.summaries()
    assert listed.sessions == ()
    assert [p.message for p in listed.problems] == [LINK_NOT_FOLLOWED]
    assert not store.open_session(sample_session(2)).last_result.ok
    _events, problems = load_journal(data)
    assert [p.message for p in problems] == [LINK_NOT_FOLLOWED]
    assert _snapshot(elsewhere) == before
