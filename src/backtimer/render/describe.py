"""Human descriptions of routines and doses, shared by the command line and the TUI (Rich only)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from backtimer.domain.formatting import format_amount, format_duration
from backtimer.domain.progression.model import WEEKLY_RISE
from backtimer.domain.routine import Exercise, Kind, Routine, Sides
from backtimer.engine.work import tempo_beats


def dose_text(exercise: Exercise, affected_leg: str | None = None) -> str:
    """One line saying what a set asks for: `3 × 30 s hold, each side`, `20 ± 5 reps to failure`.
    `affected_leg`: the leg chosen for program C, named on its one-sided exercises."""
    dose = exercise.dose
    unit = exercise.kind.unit
    if exercise.kind is Kind.REPS_TO_FAILURE and exercise.band:
        band = exercise.band
        body = f"reps to technical failure, aim {band.target} ({band.low} or fewer too hard, {band.high}+ too easy)"
    elif exercise.kind is Kind.REPEATED_HOLD and exercise.repeat:
        body = (
            f"hold {format_amount(dose.target, unit)}, relax {format_amount(exercise.repeat.relax, 's')},"
            f" {exercise.repeat.count} times"
        )
    elif exercise.kind is Kind.REPS and exercise.tempo:
        # In the order the metronome calls them: lying down, a bridge lifts first.
        phases = [
            f"{word.lower()} {format_duration(seconds)}"
            for word, seconds in tempo_beats(exercise.tempo)
        ]
        body = f"{format_amount(dose.target, unit)} ({', '.join(phases)})"
    elif exercise.kind is Kind.REPS:
        body = format_amount(dose.target, unit)
    else:
        body = f"{format_amount(dose.target, unit)} {exercise.kind.label}"
    sets = f"{exercise.sets} × " if exercise.sets > 1 else ""
    sides = {
        Sides.BOTH: "",
        Sides.EACH: ", each side",
        Sides.ALTERNATING: ", sides alternating",
        Sides.AFFECTED: f", the {affected_leg} leg only (the affected one)"
        if affected_leg
        else ", affected leg only",
    }[exercise.sides]
    return f"{sets}{body}{sides}"


def range_text(exercise: Exercise) -> str:
    """The progression range of the current variant and its pace:
    `30 s → 2 min, steps of up to 10 s, at most 10 % a week` (see docs/progression.md)."""
    dose = exercise.dose
    unit = exercise.kind.unit
    if dose.min == dose.max:
        return "fixed dose"
    return (
        f"{format_amount(dose.min, unit)} → {format_amount(dose.max, unit)}"
        f", steps of up to {format_amount(dose.step, unit)}, at most {round(WEEKLY_RISE * 100)} % a week"
    )


def routine_text(
    routine: Routine, next_name: str | None = None, *, affected_leg: str | None = None
) -> RenderableType:
    """A routine in full: metadata, its warm-up, then each exercise with dose, range, ladder and
    form points. `next_name` is the name of the routine that follows it (`routine.next`), when
    known; `affected_leg` the leg chosen for diagnosed leg symptoms (program C)."""
    head = Text()
    head.append(routine.name, style="bold")
    head.append(f"  ({routine.id})\n", style="dim")
    program = f"Program {routine.program}"
    if routine.step is not None:
        program += f", step {routine.step}"
    head.append(f"{program} · {routine.frequency.label} · about ")
    head.append(format_duration(routine.duration_seconds))
    head.append(f" · pain limit {routine.pain_limit}/10\n")
    if routine.equipment:
        head.append(f"Equipment: {', '.join(routine.equipment)}\n")
    if routine.description:
        head.append(routine.description + "\n")
    if routine.next:
        following = f"{next_name} ({routine.next})" if next_name else routine.next
        head.append(f"When mastered, next: {following}\n", style="dim")
    if routine.overrides_shipped:
        head.append("Your own file replaces the shipped routine with this id.\n", style="italic")
    if routine.diagnosed_leg_symptoms:
        leg = (
            f"the {affected_leg} leg" if affected_leg else "asked when you first follow or start it"
        )
        head.append(f"Affected leg: {leg} (change it from the command palette on today's plan).\n")
    parts: list[RenderableType] = [head]
    if routine.warmup is not None:
        warmup = routine.warmup
        body = Text()
        body.append(warmup.name, style="bold")
        body.append(f"  [{warmup.kind.label}]\n", style="dim")
        body.append(f"   {dose_text(warmup)}, first in every session; w skips it\n")
        for point in warmup.form_points:
            body.append(f"   • {point}\n", style="italic")
        parts.append(body)
    for number, exercise in enumerate(routine.exercises, start=1):
        body = Text()
        body.append(f"{number}. {exercise.name}", style="bold")
        body.append(f"  [{exercise.kind.label}]\n", style="dim")
        body.append(f"   {dose_text(exercise, affected_leg)}")
        if exercise.sets > 1:
            body.append(f", rest {format_duration(exercise.rest)}")
        body.append("\n")
        if exercise.kind is not Kind.REPS_TO_FAILURE:
            body.append(f"   Range: {range_text(exercise)}\n")
        if len(exercise.variants) > 1:
            ladder = " → ".join(
                f"[{v.name}]" if v.id == exercise.variant_id else v.name for v in exercise.variants
            )
            body.append(f"   Ladder: {ladder}\n")
        for point in exercise.form_points:
            body.append(f"   • {point}\n", style="italic")
        parts.append(body)
    return Group(*parts)
