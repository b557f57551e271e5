"""Human descriptions of routines and doses, shared by the command line and the TUI (Rich only)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from backtimer.domain.formatting import format_amount, format_duration
from backtimer.domain.progression.model import WEEKLY_RISE
from backtimer.domain.routine import Exercise, Kind, Routine, Sides


def dose_text(exercise: Exercise) -> str:
    """One line saying what a set asks for: `3 × 30 s hold, each side`, `20 ± 5 reps to failure`."""
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
        tempo = exercise.tempo
        phases = [f"lower {format_duration(tempo.lower)}"]
        if tempo.pause:
            phases.append(f"pause {format_duration(tempo.pause)}")
        phases.append(f"up {format_duration(tempo.up)}")
        if tempo.top:
            phases.append(f"hold {format_duration(tempo.top)}")
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
        Sides.AFFECTED: ", affected leg only",
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


def routine_text(routine: Routine, next_name: str | None = None) -> RenderableType:
    """A routine in full: metadata, then each exercise with dose, range, ladder and cue.
    `next_name` is the name of the routine that follows it (`routine.next`), when known."""
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
    parts: list[RenderableType] = [head]
    for number, exercise in enumerate(routine.exercises, start=1):
        body = Text()
        body.append(f"{number}. {exercise.name}", style="bold")
        body.append(f"  [{exercise.kind.label}]\n", style="dim")
        body.append(f"   {dose_text(exercise)}")
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
