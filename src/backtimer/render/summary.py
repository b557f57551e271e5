"""Words and rows about sets done: "last time" while training, and the end-of-session summary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from backtimer.domain.formatting import format_amount, format_result, format_short_day
from backtimer.domain.records import SessionRecord, SetRecord
from backtimer.domain.routine import Routine
from backtimer.engine import LoggedSet, PainEntry


def _side_results(sets: Iterable[SetRecord | LoggedSet]) -> str:
    parts: list[str] = []
    for item in sets:
        unit = item.target_unit if isinstance(item, SetRecord) else item.unit
        text = format_result(unit, item.actual_s, item.reps)
        parts.append(f"{item.side[0].upper()} {text}" if item.side != "both" else text)
    return " · ".join(parts)


def last_time(sessions: Sequence[SessionRecord], routine: Routine) -> dict[str, str]:
    """For each exercise of `routine`, how it went the last time it was done on the variant it
    is on now (demo runs left out): a one-leg hold is never compared with a two-leg one.

    `sessions` is in start order; the newest session holding sets of an exercise wins.
    """
    wanted = {exercise.id: exercise.variant.id for exercise in routine.exercises}
    found: dict[str, str] = {}
    for session in reversed(sessions):
        if session.is_demo:
            continue
        by_exercise: dict[str, list[SetRecord]] = {}
        for item in session.training_sets:
            if wanted.get(item.exercise_id) == item.variant_id and item.exercise_id not in found:
                by_exercise.setdefault(item.exercise_id, []).append(item)
        for exercise_id, sets in by_exercise.items():
            day = format_short_day(session.started.date())
            found[exercise_id] = f"{_side_results(sets)} ({day})"
        if len(found) == len(wanted):
            break
    return found


@dataclass(frozen=True)
class SummaryRow:
    """One exercise in the end-of-session summary."""

    name: str
    target: str
    actual: str
    pain: str


def summary_rows(
    routine: Routine, records: Sequence[LoggedSet], pains: Sequence[PainEntry]
) -> list[SummaryRow]:
    """Per exercise done: the target, the actual per set and side, and the pain during it."""
    pain_by_exercise = {p.exercise_id: p.value for p in pains if p.when == "exercise"}
    rows: list[SummaryRow] = []
    order = [exercise.id for exercise in routine.exercises]
    grouped: dict[str, list[LoggedSet]] = {}
    for record in records:
        grouped.setdefault(record.exercise_id, []).append(record)
    for exercise_id in sorted(grouped, key=lambda i: order.index(i) if i in order else len(order)):
        sets = grouped[exercise_id]
        first = sets[0]
        pain = pain_by_exercise.get(exercise_id)
        rows.append(
            SummaryRow(
                name=first.exercise_name,
                target=format_amount(first.target, first.unit),
                actual=_side_results(sets),
                pain="–" if pain is None else f"{pain}/10",
            )
        )
    return rows
