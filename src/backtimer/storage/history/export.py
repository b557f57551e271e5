"""Export history as CSV or JSON: one row per set and side, for spreadsheets and other tools."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any, Final, Literal

from backtimer.domain.days import session_day
from backtimer.domain.records import SessionRecord

ExportFormat = Literal["csv", "json"]

COLUMNS: Final = (
    "date",
    "started",
    "session_id",
    "routine",
    "routine_name",
    "status",
    "speed",
    "exercise",
    "exercise_name",
    "variant",
    "side",
    "set",
    "kind",
    "target",
    "unit",
    "actual_s",
    "reps",
    "hold_s",
    "holds",
    "overtime",
    "pain",
    "stop_reason",
    "ended_at",
    "notes",
)
"""The export columns, in order. Empty (CSV) or null (JSON) where a value was not recorded."""


def set_rows(sessions: Iterable[SessionRecord]) -> Iterator[dict[str, Any]]:
    """One dict per set and side, keyed by `COLUMNS`, sessions in the order given."""
    for session in sessions:
        started = session.started.isoformat()
        day = session_day(session).isoformat()
        for item in session.sets:
            yield {
                "date": day,
                "started": started,
                "session_id": session.id,
                "routine": session.routine_id,
                "routine_name": session.routine_name,
                "status": session.status,
                "speed": session.speed,
                "exercise": item.exercise_id,
                "exercise_name": item.exercise_name,
                "variant": item.variant_id,
                "side": item.side,
                "set": item.set_number,
                "kind": item.kind,
                "target": item.target,
                "unit": item.target_unit,
                "actual_s": item.actual_s,
                "reps": item.reps,
                "hold_s": item.hold_s,
                "holds": item.holds,
                "overtime": item.overtime,
                "pain": item.pain,
                "stop_reason": item.stop_reason,
                "ended_at": item.ended_at.isoformat(),
                "notes": item.notes,
            }


def export_text(sessions: Iterable[SessionRecord], fmt: ExportFormat) -> str:
    """The whole export as text in `fmt`."""
    rows = set_rows(sessions)
    if fmt == "json":
        return json.dumps(list(rows), indent=1, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        # csv writes None as an empty cell already; booleans read better as words.
        row["overtime"] = "yes" if row["overtime"] else "no"
        writer.writerow(row)
    return buffer.getvalue()
