"""`backtimer today`: today's plan in the terminal, as the home screen shows it, or as JSON.

The plan comes from `backtimer.services.today`, as the home screen's does; this module only
parses the arguments and prints.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TextIO

from backtimer.cli.common import EXIT_USAGE
from backtimer.domain.formatting import format_count, format_date, format_day

# Imported where used, so that building the command line (which every command does, the app
# too) does not load what only `today` needs.
if TYPE_CHECKING:
    from backtimer.domain.progression import Suggestion
    from backtimer.domain.rotation import Pick, Rotation
    from backtimer.domain.schedule import LastSession, RoutineToday, TodayPlan
    from backtimer.storage.paths import Dirs


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `today` to the main parser; it sets `func(args, dirs) -> int`."""
    today = sub.add_parser(
        "today",
        help="show today's plan",
        description="Show today's plan: what is due, what is done, the streak, the last "
        "session and any suggested changes to your targets.",
    )
    today.add_argument("--json", action="store_true", help="print JSON instead of a table")
    today.add_argument(
        "--swap",
        metavar="EXERCISE",
        help="swap one of today's rotation picks (its exercise id) for the next in the rotation",
    )
    today.set_defaults(func=run_today)


def run_today(args: argparse.Namespace, dirs: Dirs) -> int:
    """Print today's plan (problems with files go to stderr); swap a pick first if asked."""
    now = datetime.now().astimezone()
    if args.swap:
        code = swap_today(dirs, args.swap, now=now)
        if code:
            return code
    return show_today(dirs, as_json=args.json, now=now)


def swap_today(dirs: Dirs, which: str, *, now: datetime, err: TextIO | None = None) -> int:
    """Swap today's pick `which` and say so on stderr; the exit code (2 when it cannot)."""
    from backtimer.services.rotation import swap_pick

    err = err if err is not None else sys.stderr
    result = swap_pick(dirs, which, now=now)
    if result.error or result.out is None or result.into is None:
        print(f"backtimer: {result.error}", file=err)
        return EXIT_USAGE
    print(f"Swapped {result.out.name} for {result.into.name} for today.", file=err)
    return 0


def show_today(
    dirs: Dirs,
    *,
    as_json: bool,
    now: datetime,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print today's plan for `now` to `out` as a table or JSON; return the exit code."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    from backtimer.services.today import load_today

    loaded = load_today(dirs, now=now)
    for problem in loaded.problems:
        print(f"backtimer: {problem}", file=err)
    if as_json:
        out.write(json.dumps(plan_to_json(loaded.plan), indent=2, ensure_ascii=False) + "\n")
    else:
        write_text(loaded.plan, out)
    out.flush()
    return 0


# --- JSON ----------------------------------------------------------------------------------------


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def suggestion_to_json(suggestion: Suggestion) -> dict[str, Any]:
    """One suggestion as `today --json` prints it; `changes` lists the exercises' own changes
    when it stands for several (a break eases a whole routine back at once)."""
    return {
        "routine_id": suggestion.routine_id,
        "exercise_id": suggestion.exercise_id,
        "kind": suggestion.kind,
        "reason": suggestion.reason,
        "from": {"variant": suggestion.from_variant, "target": suggestion.from_target},
        "to": {"variant": suggestion.to_variant, "target": suggestion.to_target},
        "next_routine": suggestion.next_routine,
        "evidence": list(suggestion.evidence),
        "changes": [suggestion_to_json(part) for part in suggestion.parts],
    }


def _last_to_json(last: LastSession | None) -> dict[str, Any] | None:
    if last is None:
        return None
    return {
        "id": last.session_id,
        "date": last.day.isoformat(),
        "started": last.started.isoformat(),
        "routine_id": last.routine_id,
        "routine_name": last.routine_name,
        "status": last.status,
        "pain_after": last.pain_after,
        "next_day_pain": last.next_day_pain,
    }


def _row_to_json(row: RoutineToday) -> dict[str, Any]:
    routine = row.routine
    return {
        "id": routine.id,
        "name": routine.name,
        "program": routine.program,
        "step": routine.step,
        "frequency": routine.frequency.value,
        "frequency_label": row.frequency_label,
        "done": row.done,
        "goal": row.goal,
        "status": row.status,
        "due": row.due,
        "due_on": row.due_on.isoformat(),
        "last_session": _last_to_json(row.last_session),
        "exercises": [
            {
                "id": exercise.id,
                "name": exercise.name,
                "variant": exercise.variant_id,
                "variant_name": exercise.variant.name,
                "target": exercise.dose.target,
                "unit": exercise.kind.unit,
            }
            for exercise in row.session.exercises
        ],
        "rotating": row.rotating,
        "affected_leg": row.affected_leg,
        "rung": None
        if row.rung is None
        else {
            "index": row.rung.index + 1,
            "of": row.rung.count,
            "start": row.rung.start + 1,
            "current": row.rung.current,
            "practice": row.rung.practice,
        },
        "suggestions": [suggestion_to_json(s) for s in row.suggestions],
    }


def plan_to_json(plan: TodayPlan) -> dict[str, Any]:
    """The whole plan as `today --json` prints it."""
    suggestions = [s for row in plan.routines for s in row.suggestions if s.kind != "red_flag"]
    return {
        "date": plan.today.isoformat(),
        "step": plan.step,
        "streak": plan.streak,
        "next_due": plan.next_due,
        "needs_rating": _day(plan.needs_rating),
        "red_flag": None if plan.red_flag is None else plan.red_flag.reason,
        "last_session": _last_to_json(plan.last_session),
        "routines": [_row_to_json(row) for row in plan.routines],
        "suggestions": [suggestion_to_json(s) for s in suggestions],
        "rotation": _rotation_to_json(plan.rotation),
    }


def _rotation_to_json(rotation: Rotation | None) -> dict[str, Any] | None:
    if rotation is None:
        return None

    def pick(p: Pick) -> dict[str, Any]:
        return {
            "routine_id": p.routine_id,
            "exercise_id": p.exercise_id,
            "name": p.name,
            "load": None if p.load is None else p.load.value,
            "last_done": _day(p.last_done),
        }

    return {
        "picks": [pick(p) for p in rotation.picks],
        "locked": [
            {"routine_id": item.routine_id, "name": item.routine_name, "reason": item.reason}
            for item in rotation.locked
        ],
        "order": [p.key for p in rotation.pool],
    }


# --- text ----------------------------------------------------------------------------------------


def _last_words(last: LastSession) -> str:
    status = last.status.replace("_", " ")
    pain = "" if last.pain_after is None else f", pain after {last.pain_after}"
    next_day = "" if last.next_day_pain is None else f", next day {last.next_day_pain}"
    when = f"{format_day(last.day)} {last.started:%H:%M}"
    return f"{last.routine_name}, {when}, {status}{pain}{next_day}"


def heading(plan: TodayPlan) -> str:
    """`Tue 3 Mar · Program A, step 2 · streak 4 days`."""
    parts = [format_date(plan.today)]
    if plan.step is not None:
        parts.append(f"Program A, step {plan.step} of 5")
    parts.append(f"streak {format_count(plan.streak, 'day')}")
    return " · ".join(parts)


def write_text(plan: TodayPlan, out: TextIO) -> None:
    """Today's plan as a table and a few lines of text."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from backtimer.services.today import rotation_text, row_targets_text

    # Names are the user's text, never markup or emoji codes: `Back [/] day` prints as written.
    console = Console(file=out, highlight=False, soft_wrap=True, markup=False, emoji=False)
    console.print(Text.assemble(("Today", "bold"), f" · {heading(plan)}"))
    if plan.red_flag is not None:
        from backtimer.domain.progression.red_flag import BLOCKED_HOW_TO_CLEAR

        reason = f" {plan.red_flag.reason} {BLOCKED_HOW_TO_CLEAR}"
        console.print(Text.assemble(("Red flag.", "bold"), reason))
    if plan.last_session is not None:
        console.print(f"Last session: {_last_words(plan.last_session)}")
    if plan.needs_rating is not None:
        day = plan.needs_rating
        console.print(
            f"How has your back felt since {format_day(day)}? Open backtimer to rate it (0–10)."
        )
    if not plan.routines:
        console.print("You follow no routines yet. Choose some on the home screen.")
        return
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for column in ("routine", "how often", "today", "targets"):
        table.add_column(column)
    for row in plan.routines:
        marker = "▶ " if row.routine.id == plan.next_due else "  "
        cells = (marker + row.routine.name, row.frequency_label, row.status)
        table.add_row(*(Text(cell) for cell in (*cells, row_targets_text(row))))
    console.print()
    console.print(table)
    console.print()
    rotation = rotation_text(plan)
    if rotation:
        console.print(rotation)
    if plan.next_due is not None:
        row_due = plan.get(plan.next_due)
        name = row_due.routine.name if row_due else plan.next_due
        console.print(f"Next: {name}. Start it from the home screen (run `backtimer`).")
    else:
        console.print("Nothing is due right now.")
    for row in plan.routines:
        for suggestion in row.suggestions:
            if suggestion.kind == "red_flag":
                continue
            exercise = row.routine.exercise(suggestion.exercise_id or "")
            label = f"{row.routine.name} · {exercise.name}" if exercise else row.routine.name
            console.print(f"Suggestion ({label}): {suggestion.reason}")
