"""The user's decisions and ratings, kept as history beside the session files.

Each event is one small TOML file under `<data dir>/journal/YYYY/`, created exclusively and
atomically and never rewritten. Progression reads them back in time order, so the current targets
are always derived from history rather than stored as state that could drift.

Events:

- `NextDayRating`: how the back felt the day after training (0–10).
- `TargetChange`: a suggested change the user accepted or declined, or a target set by hand.
- `ClinicianCleared`: the user has seen a clinician after a red flag.
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, Literal

import tomli_w

from backtimer.history.writer import create_new, make_private_dirs
from backtimer.tomlfile import ReadFailure, line_of, locate_keys, read_toml

JOURNAL_DIR: Final = "journal"
MAX_JOURNAL_FILES: Final = 100_000
"""More events than years of daily use produce; past this the folder is probably not ours."""

ChangeKind = Literal[
    "raise",
    "variant",
    "advance_step",
    "step_back",
    "ease_back",
    "manual",
    "regress_band",
    "advance_band",
]
CHANGE_KINDS: Final[frozenset[str]] = frozenset(
    (
        "raise",
        "variant",
        "advance_step",
        "step_back",
        "ease_back",
        "manual",
        "regress_band",
        "advance_band",
    )
)


@dataclass(frozen=True)
class NextDayRating:
    """How the back felt since `training_date`, rated on `rated_on` (0–10)."""

    at: datetime
    rated_on: date
    training_date: date
    value: int


@dataclass(frozen=True)
class TargetChange:
    """A change to one exercise's variant and target: accepted, declined, or set by hand.

    `from_*` say what it changed from, so a declined suggestion can be recognised later.
    `next_routine` is set only for `advance_step` (move on to that routine).
    """

    at: datetime
    routine_id: str
    exercise_id: str
    variant_id: str
    target: float
    change: ChangeKind
    accepted: bool
    reason: str = ""
    from_variant_id: str | None = None
    from_target: float | None = None
    next_routine: str | None = None
    evidence: tuple[str, ...] = ()
    """Ids of the sessions the suggestion rested on."""


@dataclass(frozen=True)
class ClinicianCleared:
    """The user says they have seen a clinician (after a red flag) on `cleared_on`."""

    at: datetime
    cleared_on: date


JournalEvent = NextDayRating | TargetChange | ClinicianCleared


@dataclass(frozen=True)
class JournalProblem:
    """A journal file that could not be used; it is skipped and left untouched."""

    file: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message} (skipped; the file is left as it is)"


def journal_dir(data_dir: Path) -> Path:
    """`<data dir>/journal`."""
    return data_dir / JOURNAL_DIR


# --- writing -----------------------------------------------------------------------------------


def _event_type(event: JournalEvent) -> str:
    if isinstance(event, NextDayRating):
        return "next_day"
    if isinstance(event, TargetChange):
        return "target"
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
    else:
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
    `backtimer.history.writer.HistoryWriteError` or `OSError` when the disk refuses.
    """
    _check_event(event)
    folder = journal_dir(data_dir) / f"{event.at.year:04d}"
    make_private_dirs(data_dir, folder)
    stem = f"{event.at:%Y-%m-%dT%H%M%S}-{_event_type(event)}-{secrets.token_hex(3)}"
    data = tomli_w.dumps(event_to_table(event)).encode("utf-8")
    return create_new(folder, stem.replace("_", "-"), data, fsync=fsync)


# --- reading -----------------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def _get(table: dict[str, Any], key: str, check: Callable[[Any], bool], expected: str) -> Any:
    if key not in table:
        raise _Bad(key, f"key {key}: is missing (it is required)")
    value = table[key]
    if not check(value):
        raise _Bad(key, f"key {key}: expected {expected}, found {value!r}")
    return value


def _is_time(value: Any) -> bool:
    return isinstance(value, datetime) and value.tzinfo is not None


def _is_date(value: Any) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"[a-z0-9_-]{1,64}", value))


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )


_KEYS: Final = {
    "next_day": frozenset(("event", "at", "rated_on", "training_date", "value")),
    "target": frozenset(
        (
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
        )
    ),
    "clinician_cleared": frozenset(("event", "at", "cleared_on")),
}


def event_from_table(table: dict[str, Any]) -> JournalEvent:
    """Build an event from a parsed journal file; raises `_Bad` naming the key at fault."""
    kind = _get(table, "event", lambda v: v in _KEYS, 'one of "next_day", "target", ...')
    unknown = sorted(table.keys() - _KEYS[kind])
    if unknown:
        raise _Bad(unknown[0], f"key {unknown[0]}: is not a known key for a {kind} event")
    at = _get(table, "at", _is_time, "a date-time with a UTC offset")
    if kind == "next_day":
        return NextDayRating(
            at=at,
            rated_on=_get(table, "rated_on", _is_date, "a date like 2026-03-02"),
            training_date=_get(table, "training_date", _is_date, "a date like 2026-03-01"),
            value=_get(
                table,
                "value",
                lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10,
                "a whole number from 0 to 10",
            ),
        )
    if kind == "clinician_cleared":
        return ClinicianCleared(at=at, cleared_on=_get(table, "cleared_on", _is_date, "a date"))
    from_variant = table.get("from_variant_id")
    from_target = table.get("from_target")
    next_routine = table.get("next_routine")
    if from_variant is not None:
        _get(table, "from_variant_id", _is_id, "a variant id")
    if from_target is not None:
        _get(table, "from_target", _is_number, "a number of 0 or more")
    if next_routine is not None:
        _get(table, "next_routine", _is_id, "a routine id")
    evidence = table.get("evidence", [])
    if not isinstance(evidence, list) or not all(isinstance(item, str) for item in evidence):
        raise _Bad("evidence", f"key evidence: expected a list of session ids, found {evidence!r}")
    return TargetChange(
        at=at,
        routine_id=_get(table, "routine_id", _is_id, "a routine id"),
        exercise_id=_get(table, "exercise_id", _is_id, "an exercise id"),
        variant_id=_get(table, "variant_id", _is_id, "a variant id"),
        target=float(_get(table, "target", _is_number, "a number of 0 or more")),
        change=_get(
            table,
            "change",
            lambda v: v in CHANGE_KINDS,
            "one of " + ", ".join(sorted(CHANGE_KINDS)),
        ),
        accepted=_get(table, "accepted", lambda v: isinstance(v, bool), "true or false"),
        reason=table.get("reason", "") if _is_text(table.get("reason", "")) else "",
        from_variant_id=from_variant,
        from_target=None if from_target is None else float(from_target),
        next_routine=next_routine,
        evidence=tuple(evidence),
    )


def read_event_file(path: Path) -> JournalEvent | JournalProblem:
    """One journal file as an event, or a problem naming the file, the line and what is wrong."""
    result = read_toml(path)
    if isinstance(result, ReadFailure):
        return JournalProblem(str(path), result.message, result.line)
    data, text = result
    try:
        return event_from_table(data)
    except _Bad as bad:
        return JournalProblem(str(path), bad.message, line_of(locate_keys(text), (bad.key,)))


def _sort_key(event: JournalEvent) -> datetime:
    return event.at


def load_journal(data_dir: Path) -> tuple[list[JournalEvent], list[JournalProblem]]:
    """Every readable event, oldest first, and a problem for each file that had to be skipped.

    A missing journal folder is simply an empty journal. Files are only read, never changed.
    """
    root = journal_dir(data_dir)
    try:
        paths = sorted(path for path in root.glob("*/*.toml") if not path.name.startswith("."))
    except OSError as error:
        return [], [JournalProblem(str(root), f"cannot be listed: {error.strerror or error}")]
    problems: list[JournalProblem] = []
    if len(paths) > MAX_JOURNAL_FILES:
        problems.append(
            JournalProblem(
                str(root),
                f"holds {len(paths)} files; only the newest {MAX_JOURNAL_FILES} are read",
            )
        )
        paths = paths[-MAX_JOURNAL_FILES:]
    events: list[JournalEvent] = []
    for path in paths:
        found = read_event_file(path)
        if isinstance(found, JournalProblem):
            problems.append(found)
        else:
            events.append(found)
    events.sort(key=_sort_key)
    return events, problems
