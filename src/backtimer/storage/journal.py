"""The journal files: the user's decisions and ratings, kept as history beside the session files.

Each event (see `backtimer.domain.journal`) is one small TOML file under
`<data dir>/journal/YYYY/`, created exclusively and atomically and never rewritten. Reading them
back keeps a cache of the events already parsed (`journal-cache.json`).
"""

from __future__ import annotations

import math
import os
import secrets
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final, TypeVar, get_args

import tomli_w

from backtimer.domain.journal import (
    CHANGE_KINDS,
    LEGS,
    AffectedLegChosen,
    ChangeKind,
    ClinicianCleared,
    DiagnosisConfirmed,
    JournalEvent,
    NextDayRating,
    TargetChange,
)
from backtimer.domain.records import MAX_SET_SECONDS
from backtimer.storage.history.writer import create_new, make_private_dirs
from backtimer.storage.journal_cache import FileKey, JournalCache
from backtimer.storage.paths import LINK_NOT_FOLLOWED, leads_inside
from backtimer.storage.toml import (
    Checker,
    CheckFailed,
    Problem,
    ReadFailure,
    looks_ours,
    read_toml,
)

JOURNAL_DIR: Final = "journal"
MAX_JOURNAL_FILES: Final = 100_000
"""More events than years of daily use produce; past this the folder is probably not ours."""


@dataclass(frozen=True)
class JournalProblem(Problem):
    """A journal file that could not be used; it is skipped and left untouched."""

    def __str__(self) -> str:
        return f"{super().__str__()} (skipped; the file is left as it is)"


def journal_dir(data_dir: Path) -> Path:
    """`<data dir>/journal`."""
    return data_dir / JOURNAL_DIR


# --- writing -----------------------------------------------------------------------------------


def _event_type(event: JournalEvent) -> str:
    if isinstance(event, NextDayRating):
        return "next_day"
    if isinstance(event, TargetChange):
        return "target"
    if isinstance(event, DiagnosisConfirmed):
        return "diagnosis_confirmed"
    if isinstance(event, AffectedLegChosen):
        return "affected_leg"
    return "clinician_cleared"


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else float(value)


def event_to_table(event: JournalEvent) -> dict[str, Any]:
    """The TOML table for one event."""
    table: dict[str, Any] = {"event": _event_type(event), "at": event.at}
    if isinstance(event, NextDayRating):
        table |= {
            "rated_on": event.rated_on,
            "training_date": event.training_date,
            "value": event.value,
        }
    elif isinstance(event, TargetChange):
        table |= {
            "routine_id": event.routine_id,
            "exercise_id": event.exercise_id,
            "variant_id": event.variant_id,
            "target": _number(event.target),
            "change": event.change,
            "accepted": event.accepted,
            "reason": event.reason,
        }
        if event.from_variant_id is not None:
            table["from_variant_id"] = event.from_variant_id
        if event.from_target is not None:
            table["from_target"] = _number(event.from_target)
        if event.next_routine is not None:
            table["next_routine"] = event.next_routine
        if event.evidence:
            table["evidence"] = list(event.evidence)
    elif isinstance(event, AffectedLegChosen):
        table["leg"] = event.leg
    elif isinstance(event, ClinicianCleared):
        table["cleared_on"] = event.cleared_on
    return table


def _check_event(event: JournalEvent) -> None:
    if event.at.tzinfo is None:
        raise ValueError("a journal event needs a timezone-aware time")
    if isinstance(event, NextDayRating) and not 0 <= event.value <= 10:
        raise ValueError(f"a next-day rating is 0–10, not {event.value}")
    if isinstance(event, TargetChange):
        if event.change not in CHANGE_KINDS:
            raise ValueError(f"unknown kind of change {event.change!r}")
        if not math.isfinite(event.target) or event.target < 0:
            raise ValueError(f"a target must be a number of 0 or more, not {event.target}")


def record_event(data_dir: Path, event: JournalEvent, *, fsync: bool = True) -> Path:
    """Save `event` as a new file under `<data dir>/journal/YYYY/` and return its path.

    Folders are owner-only (0700), the file 0600; it is written to a temporary file, fsynced and
    linked into place, so it is complete or absent. Raises `ValueError` for an invalid event and
    `backtimer.storage.history.writer.HistoryWriteError` or `OSError` when the disk refuses.
    """
    _check_event(event)
    folder = journal_dir(data_dir) / f"{event.at.year:04d}"
    make_private_dirs(data_dir, folder)
    stem = f"{event.at:%Y-%m-%dT%H%M%S}-{_event_type(event)}-{secrets.token_hex(3)}"
    data = tomli_w.dumps(event_to_table(event)).encode("utf-8")
    return create_new(folder, stem.replace("_", "-"), data, fsync=fsync)


# --- reading -----------------------------------------------------------------------------------


_KEYS: Final = {
    "next_day": ("event", "at", "rated_on", "training_date", "value"),
    "target": (
        "event",
        "at",
        "routine_id",
        "exercise_id",
        "variant_id",
        "target",
        "change",
        "accepted",
        "reason",
        "from_variant_id",
        "from_target",
        "next_routine",
        "evidence",
    ),
    "clinician_cleared": ("event", "at", "cleared_on"),
    "diagnosis_confirmed": ("event", "at"),
    "affected_leg": ("event", "at", "leg"),
}
_EVENTS: Final = tuple(_KEYS)
_MARKS: Final = {"event": str, "at": datetime}
"""Keys every journal file has: a file without them is not quoted in messages."""
_CHANGES: Final[tuple[ChangeKind, ...]] = get_args(ChangeKind)

T = TypeVar("T")


def _present(value: T | None) -> T:
    """A required value: a `first_only` checker has already raised when it is absent or wrong."""
    assert value is not None
    return value


def event_from_table(data: dict[str, Any], check: Checker) -> JournalEvent:
    """Build an event from a parsed journal file, checking every key.

    `check` must be made with `first_only=True`: it raises `CheckFailed` at the first problem.
    """
    kind = _present(check.option(data, (), "event", _EVENTS))
    check.table(data, (), _KEYS[kind])
    at = _present(check.date_time(data, (), "at"))
    if kind == "next_day":
        return NextDayRating(
            at=at,
            rated_on=_present(check.date(data, (), "rated_on")),
            training_date=_present(check.date(data, (), "training_date")),
            value=_present(check.integer(data, (), "value", 0, 10)),
        )
    if kind == "clinician_cleared":
        return ClinicianCleared(at=at, cleared_on=_present(check.date(data, (), "cleared_on")))
    if kind == "diagnosis_confirmed":
        return DiagnosisConfirmed(at=at)
    if kind == "affected_leg":
        return AffectedLegChosen(at=at, leg=_present(check.option(data, (), "leg", LEGS)))
    from_variant = check.identifier(data, (), "from_variant_id", default=None)
    from_target = check.number(data, (), "from_target", 0, MAX_SET_SECONDS, default=None)
    next_routine = check.identifier(data, (), "next_routine", default=None)
    evidence = check.text_list(data, (), "evidence", "a list of session ids", default=[])
    reason = data.get("reason", "")
    return TargetChange(
        at=at,
        routine_id=_present(check.identifier(data, (), "routine_id")),
        exercise_id=_present(check.identifier(data, (), "exercise_id")),
        variant_id=_present(check.identifier(data, (), "variant_id")),
        target=_present(check.number(data, (), "target", 0, MAX_SET_SECONDS)),
        change=_present(check.option(data, (), "change", _CHANGES)),
        accepted=_present(check.boolean(data, (), "accepted")),
        reason=reason if isinstance(reason, str) else "",
        from_variant_id=from_variant,
        from_target=from_target,
        next_routine=next_routine,
        evidence=tuple(_present(evidence)),
    )


def read_event_file(path: Path) -> JournalEvent | JournalProblem:
    """One journal file as an event, or a problem naming the file, the line and what is wrong."""
    result = read_toml(path)
    if isinstance(result, ReadFailure):
        return JournalProblem(str(path), result.message, result.line)
    data, text = result
    try:
        check = Checker(str(path), text, first_only=True, echo=looks_ours(data, _MARKS))
        return event_from_table(data, check)
    except CheckFailed as failed:
        problem = failed.problem
        return JournalProblem(problem.file, problem.message, problem.line, problem.key)


def _sort_key(event: JournalEvent) -> datetime:
    return event.at


def load_journal(data_dir: Path) -> tuple[list[JournalEvent], list[JournalProblem]]:
    """Every readable event, oldest first, and a problem for each file that had to be skipped.

    A missing journal folder is simply an empty journal. Files are only read, never changed.
    Events already read are remembered in `<data dir>/journal-cache.json` (see `JournalCache`), so
    years of daily ratings do not mean thousands of TOML parses every time.
    """
    root = journal_dir(data_dir)
    problems: list[JournalProblem] = []
    try:
        listed = _list_files(root, problems)
    except OSError as error:
        return [], [JournalProblem(str(root), f"cannot be listed: {error.strerror or error}")]
    if len(listed) > MAX_JOURNAL_FILES:
        problems.append(
            JournalProblem(
                str(root),
                f"holds {len(listed)} files; only the newest {MAX_JOURNAL_FILES} are read",
            )
        )
        listed = listed[-MAX_JOURNAL_FILES:]
    cache = JournalCache.read(data_dir)
    events: list[JournalEvent] = []
    for rel, path, key in listed:
        cached = cache.get(rel, key)
        if cached is not None:
            events.append(cached)
            continue
        found = read_event_file(Path(path))
        if isinstance(found, JournalProblem):
            problems.append(found)
        else:
            events.append(found)
            if key is not None:
                cache.put(rel, key, found)
    cache.write(data_dir, keep={rel for rel, _path, _key in listed})
    events.sort(key=_sort_key)
    return events, problems


def _list_files(
    root: Path, problems: list[JournalProblem]
) -> list[tuple[str, str, FileKey | None]]:
    """`*/*.toml` below `root` (hidden names skipped), sorted, with each file's key if it has one.

    A link that does not lead inside the data folder is not followed (the rule the writer
    follows too, `leads_inside`); it is added to `problems`. Raises `OSError` when `root` exists
    but cannot be listed.
    """
    found: list[tuple[str, str, FileKey | None]] = []
    data_dir = root.parent
    if root.is_symlink() and not leads_inside(data_dir, root):
        problems.append(JournalProblem(str(root), LINK_NOT_FOLLOWED))
        return []
    try:
        folders = [entry for entry in os.scandir(root) if entry.is_dir()]
    except (FileNotFoundError, NotADirectoryError):
        return []  # no journal yet
    for folder in folders:
        if folder.is_symlink() and not leads_inside(data_dir, Path(folder.path)):
            problems.append(JournalProblem(folder.path, LINK_NOT_FOLLOWED))
            continue
        try:
            entries = list(os.scandir(folder.path))
        except OSError:
            continue  # as glob does: an unreadable year folder contributes nothing
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.endswith(".toml"):
                continue
            if entry.is_symlink() and not leads_inside(data_dir, Path(entry.path)):
                problems.append(JournalProblem(entry.path, LINK_NOT_FOLLOWED))
                continue
            key: FileKey | None = None
            try:
                info = entry.stat()
                if stat.S_ISREG(info.st_mode):
                    key = (info.st_size, info.st_mtime_ns)
            except OSError:
                pass  # reading it will say what is wrong
            found.append((f"{folder.name}/{entry.name}", entry.path, key))
    found.sort(key=lambda item: item[0])
    return found
