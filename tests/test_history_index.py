"""The index follows the files (new, changed, deleted) and is rebuilt when it cannot be trusted."""

from __future__ import annotations

import os
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta, timezone
from pathlib import Path

import pytest

from backtimer.storage.history import HistoryStore, PainCheck, SessionRecord, index_db
from backtimer.storage.history import index as index_module
from backtimer.storage.history.toml_io import dumps, parse_session
from tests.support.records import START, sample_session


def _store_with(tmp_path: Path, count: int) -> tuple[HistoryStore, list[SessionRecord]]:
    store = HistoryStore(tmp_path)
    records = []
    for day in range(count):
        record = sample_session(day % 4 + 1, start=START + timedelta(days=day))
        store.open_session(record).close()
        records.append(record)
    return store, records


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = parse_session

    def counting(raw: bytes, path: Path | str) -> SessionRecord:
        parsed.append(Path(path).name)
        return real(raw, path)

    monkeypatch.setattr("backtimer.storage.history.index.parse_session", counting)
    return parsed


def test_warm_loads_match_cold_loads_and_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, records = _store_with(tmp_path, 6)
    records[2] = replace(records[2], red_flag=None, pains=(), pain_choices=(), notes="")
    # Summer time ended during this one: a set and a check-in carry another UTC offset.
    other_zone = timezone(timedelta(hours=2))
    shifted = replace(
        records[3].sets[0], ended_at=records[3].sets[0].ended_at.astimezone(other_zone)
    )
    late = PainCheck("after", 3, records[3].started.astimezone(other_zone) + timedelta(hours=1))
    records[3] = replace(records[3], sets=(shifted, *records[3].sets[1:]), pains=(late,))
    (path_3,) = store.sessions_dir.rglob(f"*{records[3].id[:8]}.toml")
    path_3.write_bytes(dumps(records[3]))
    writer_path = next(store.sessions_dir.rglob(f"*{records[2].id[:8]}.toml"))
    writer_path.write_bytes(dumps(records[2]))
    cold = store.load()
    parsed = _count_parses(monkeypatch)
    warm = store.load()
    assert parsed == []
    assert cold.sessions == warm.sessions == tuple(records)
    assert warm.sessions[3].sets[0].ended_at.utcoffset() == timedelta(hours=2)
    assert warm.sessions[3].sets[1].ended_at.utcoffset() == timedelta(hours=1)
    assert warm.sessions[3].pains[0].at.utcoffset() == timedelta(hours=2)
    assert cold.files == warm.files
    assert [s.id for s in store.summaries().sessions] == [r.id for r in records]


def test_new_changed_and_deleted_files_are_noticed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, records = _store_with(tmp_path, 3)
    assert len(store.summaries().sessions) == 3
    parsed = _count_parses(monkeypatch)
    paths = sorted(store.sessions_dir.rglob("*.toml"))

    # A sync tool brings a new file, edits one and deletes another.
    extra = sample_session(2, start=START + timedelta(days=30))
    (store.sessions_dir / "2026" / "12").mkdir()
    (store.sessions_dir / "2026" / "12" / "synced.toml").write_bytes(dumps(extra))
    edited = replace(records[0], notes="edited by hand", sets=records[0].sets[:1])
    paths[0].write_bytes(dumps(edited))
    paths[1].unlink()

    result = store.load()
    assert sorted(parsed) == sorted(["synced.toml", paths[0].name])
    assert result.sessions == (edited, records[2], extra)
    assert [s.set_count for s in store.summaries().sessions] == [1, 3, 2]


def test_bad_files_are_remembered_not_reparsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = _store_with(tmp_path, 2)
    bad = store.sessions_dir / "2026" / "11" / "bad.toml"
    bad.write_text("schema = [")
    first = store.summaries().problems
    parsed = _count_parses(monkeypatch)
    assert store.summaries().problems == first
    assert parsed == []
    assert len(first) == 1 and first[0].path == bad and "not valid TOML" in first[0].message


def test_deleting_the_index_loses_nothing(tmp_path: Path) -> None:
    store, _ = _store_with(tmp_path, 4)
    before = store.load()
    store.index_path.unlink()
    assert store.load() == before
    assert store.index_path.exists()


def test_bringing_the_index_up_to_date_reports_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "PROGRESS_EVERY", 2)
    store, _ = _store_with(tmp_path, 5)
    calls: list[tuple[int, int]] = []
    assert store.update_index(lambda done, total: calls.append((done, total))) == ()
    assert calls == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert store.index_path.exists()
    calls.clear()
    parsed = _count_parses(monkeypatch)
    store.update_index(lambda done, total: calls.append((done, total)))
    assert calls[-1] == (5, 5) and parsed == []  # warm: checked, not read again


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"\x00garbage" * 500),
        lambda path: path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000),
        lambda path: _set_version(path, "0"),
        lambda path: _drop_table(path, "details"),
        lambda path: path.write_bytes(b""),
    ],
    ids=["garbage", "bad-header", "old-version", "missing-table", "empty"],
)
def test_a_damaged_index_is_rebuilt(tmp_path: Path, damage: object) -> None:
    store, records = _store_with(tmp_path, 3)
    store.load()
    damage(store.index_path)  # type: ignore[operator]
    result = store.load()
    assert result.sessions == tuple(records) and result.problems == ()
    with sqlite3.connect(store.index_path) as db:
        version = db.execute("SELECT value FROM meta").fetchone()
    assert version == (index_db.INDEX_VERSION,)
    assert store.load().sessions == tuple(records)


def _set_version(path: Path, version: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ?", (version,))


def _drop_table(path: Path, table: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute(f"DROP TABLE {table}")


def test_a_locked_index_is_bypassed(tmp_path: Path) -> None:
    store, records = _store_with(tmp_path, 3)
    store.load()
    extra = sample_session(1, start=START + timedelta(days=9))
    store.open_session(extra).close()
    holder = sqlite3.connect(store.index_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        quick = HistoryStore(tmp_path, lock_timeout=0.05)
        assert quick.load().sessions == (*records, extra)
        assert len(quick.summaries().sessions) == 4
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.load().sessions == (*records, extra)


def test_readers_that_start_together_all_read_everything(tmp_path: Path) -> None:
    """The workout screen and today's plan read the history at the same moment on a first run:
    neither may take the other's half-made index for a damaged one."""
    _, records = _store_with(tmp_path, 3)
    for _round in range(10):
        index_db.delete_index(HistoryStore(tmp_path).index_path)
        start = threading.Barrier(4)

        def read(start: threading.Barrier = start) -> tuple[SessionRecord, ...]:
            store = HistoryStore(tmp_path)
            start.wait()
            return store.load().sessions

        with ThreadPoolExecutor(4) as pool:
            results = [pool.submit(read) for _ in range(4)]
        assert [r.result() for r in results] == [tuple(records)] * 4
        with sqlite3.connect(HistoryStore(tmp_path).index_path) as db:
            assert db.execute("SELECT count(*) FROM sessions").fetchone() == (3,)


def test_an_index_that_keeps_failing_is_read_around(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, records = _store_with(tmp_path, 3)
    real_refresh = index_module.SessionIndex.refresh

    def refresh(self: index_module.SessionIndex, *args: object, **kwargs: object) -> object:
        if self.on_disk:
            raise index_db.IndexUnusable("disk I/O error")
        return real_refresh(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(index_module.SessionIndex, "refresh", refresh)
    assert store.load().sessions == tuple(records)
    assert len(store.summaries().sessions) == 3


def test_reading_a_read_only_data_dir_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, records = _store_with(tmp_path, 2)
    real_open = os.open

    def refuse_index(path: str, flags: int, *args: int) -> int:
        if str(path).endswith("index.sqlite3"):
            raise OSError(30, "Read-only file system")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse_index)
    assert store.load().sessions == tuple(records)
    assert not store.index_path.exists()
