"""Words and rows about sets done: "last time" while training, and the end-of-session summary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from backtimer.domain.days import session_day
from backtimer.domain.formatting import (
    format_amount,
    format_holds,
    format_result,
    format_short_day,
)
from backtimer.domain.records import SessionRecord, SetRecord
from backtimer.domain.routine import Routine
from backtimer.engine import ChoiceEntry, LoggedSet, PainEntry, Session


def set_result(item: SetRecord | LoggedSet) -> str:
    """What one set did, in its target's terms: a repeated hold shows its holds and the seconds
    of each (`6 × 8 s`), as its target is per hold, never the total time held."""
    unit = item.target_unit if isinstance(item, SetRecord) else item.unit
    each = item.value if isinstance(item, SetRecord) else item.hold_s
    return format_result(
        unit, item.actual_s, item.reps, each if item.kind == "repeated_hold" else None
    )


def set_target(item: SetRecord | LoggedSet) -> str:
    """What one set aimed for: `6 × 8 s` for a repeated hold with its holds known."""
    unit = item.target_unit if isinstance(item, SetRecord) else item.unit
    if item.holds is not None:
        return format_holds(item.holds, item.target)
    return format_amount(item.target, unit)


def _side_results(sets: Iterable[SetRecord | LoggedSet]) -> str:
    parts: list[str] = []
    for item in sets:
        text = set_result(item)
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
            day = format_short_day(session_day(session))
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
                target=set_target(first),
                actual=_side_results(sets),
                pain="–" if pain is None else f"{pain}/10",
            )
        )
    return rows


_CHOSEN = {
    "stop_exercise": "stopped that exercise",
    "end": "ended the session",
    "continue": "carried on",
}


def _choice_text(choice: ChoiceEntry, routine: Routine) -> str:
    """`Pain 5/10 during Static hold, over the limit: shortened to 21 s holds`."""
    exercise = next((e for e in routine.session_exercises if e.id == choice.exercise_id), None)
    name = exercise.name if exercise is not None else choice.exercise_id
    text = f"Pain {choice.pain}/10 during {name}, over the limit: "
    unit = exercise.kind.unit if exercise is not None else "s"
    if choice.choice == "regress" and exercise is not None:
        variant = next((v for v in exercise.variants if v.id == choice.new_variant_id), None)
        easier = variant.name if variant is not None else "the easier variant"
        text += f"switched to {easier}"
    elif choice.choice in ("shorten", "regress") and choice.new_target is not None:
        text += f"shortened to {format_amount(choice.new_target, unit)}"
    else:
        text += _CHOSEN.get(choice.choice, choice.choice)
    return text + "."


def checkin_lines(session: Session, routine: Routine) -> list[str]:
    """The check-ins of a finished session, for its summary: pain before, what pain over the
    limit led to, pain after and the leg question, each answered or said to be skipped."""
    lines: list[str] = []
    before = next((p.value for p in session.pains if p.when == "before"), None)
    if before is not None:
        lines.append(f"Pain before: {before}/10.")
    if session.pain_before_choice == "mobility":
        lines.append("Pain before was over the limit: mobility only today.")
    elif session.pain_before_choice == "stop":
        lines.append("Pain before was over the limit: stopped for today.")
    lines += [_choice_text(choice, routine) for choice in session.choices]
    after = next((p.value for p in reversed(session.pains) if p.when == "after"), None)
    if after is not None:
        lines.append(f"Pain after: {after}/10.")
    elif session.pain_after_skipped:
        lines.append("Pain after: skipped, no rating saved.")
    if session.red_flag is not None:
        lines.append(
            f"Pain, tingling or numbness down a leg: {'yes' if session.red_flag else 'no'}."
        )
    elif session.red_flag_skipped:
        lines.append("Leg question: skipped, so it is asked before the next session starts.")
    return lines
