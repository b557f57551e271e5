"""Today's plan: read everything it rests on from disk and build it, for `backtimer today` and the
home screen alike, so the two never disagree; and save what the user decides about it. Nothing
here prints or draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from backtimer.domain.formatting import format_amount, format_count, format_day
from backtimer.domain.journal import JournalEvent
from backtimer.domain.progression import SESSIONS_NEEDED, apply_state, current_state
from backtimer.domain.routine import Routine
from backtimer.domain.schedule import LastSession, RoutineToday, TodayPlan, today_plan
from backtimer.services.today_data import load_window
from backtimer.storage.config import load_config
from backtimer.storage.history import HistoryStore
from backtimer.storage.history.writer import HistoryWriteError
from backtimer.storage.journal import load_journal, record_event
from backtimer.storage.library import Library, load_library
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import Plan, followed_routines, load_plan, plan_path, save_plan
from backtimer.storage.rotation import load_swaps


@dataclass(frozen=True)
class LoadedToday:
    """Today's plan and every problem met while reading the files it rests on."""

    plan: TodayPlan
    problems: tuple[str, ...]


def load_today(dirs: Dirs, *, now: datetime, sessions_needed: int = SESSIONS_NEEDED) -> LoadedToday:
    """Read the library, the plan, the sessions and the journal, and build today's plan.

    Only the sessions the plan looks at are read whole (see `backtimer.services.today_data`).
    """
    library = load_library(dirs)
    plan, plan_problems = load_plan(dirs.data)
    routines, missing = followed_routines(plan, library)
    journal, journal_problems = load_journal(dirs.data)
    if now.tzinfo is None:
        raise ValueError("load_today needs a timezone-aware `now`")
    by_id = {r.id: r for r in library.routines}
    # A routine that unlocks once another is mastered needs that one's sessions too.
    waited_for = [
        first
        for r in routines
        if (first := by_id.get(r.locked_until_mastered or "")) is not None and first not in routines
    ]
    swaps, swap_problems = load_swaps(dirs.data, now.date())
    history = load_window(
        HistoryStore(dirs.data),
        [*routines, *waited_for],
        journal,
        today=now.date(),
        sessions_needed=sessions_needed,
    )
    problems = [str(p) for p in library.problems]
    problems += [str(p) for p in plan_problems]
    problems += [
        f"{plan_path(dirs.data)}: follows {routine_id!r}, but no routine has that id; "
        "`backtimer routines` lists them"
        for routine_id in missing
    ]
    problems += [f"skipped {p.path}: {p.message}" for p in history.problems]
    problems += [str(p) for p in journal_problems]
    problems += [str(p) for p in swap_problems]
    today = today_plan(
        routines,
        history.sessions,
        journal,
        now=now,
        sessions_needed=sessions_needed,
        earlier=history.earlier,
        library=by_id,
        swaps=swaps,
        daily_exercises=load_config(dirs.config_file)[0].daily_exercises,
    )
    return LoadedToday(today, tuple(problems))


def with_current_targets(routine: Routine, dirs: Dirs, *, now: datetime | None = None) -> Routine:
    """`routine` on the variants and targets the user has accepted (or set) so far, lowered by
    any shorter target or easier variant chosen for pain since (the same dose `today` shows).

    Only the sessions today's plan would read are loaded (see `backtimer.services.today_data`),
    so this stays quick however long the history. A journal or session file that cannot be read
    is skipped here; `today` and the home screen report it.
    """
    now = now if now is not None and now.tzinfo is not None else datetime.now().astimezone()
    assert now.tzinfo is not None
    events, _problems = load_journal(dirs.data)
    window = load_window(HistoryStore(dirs.data), [routine], events, today=now.date())
    return apply_state(routine, current_state(routine, window.sessions, events))


@dataclass(frozen=True)
class HomeData:
    """Everything the home screen shows, read in one go."""

    loaded: LoadedToday
    plan: Plan
    plan_readable: bool
    """False when plan.toml had problems: then it is not written over (the user may fix it)."""
    library: Library


def load_home(dirs: Dirs, *, now: datetime, library: Library | None = None) -> HomeData:
    """Today's plan with the plan file and the library it was built from (`library` if given).

    Raises OSError when a folder cannot be read at all.
    """
    loaded = load_today(dirs, now=now)
    plan, plan_problems = load_plan(dirs.data)
    return HomeData(loaded, plan, not plan_problems, library or load_library(dirs))


def save_choice(
    data_dir: Path, events: Sequence[JournalEvent] = (), *, plan: Plan | None = None
) -> str | None:
    """Save the plan the user chose and/or record their answers; what went wrong, or None."""
    try:
        if plan is not None:
            save_plan(data_dir, plan)
        for event in events:
            record_event(data_dir, event)
    except (OSError, HistoryWriteError, ValueError) as error:
        return str(error)
    return None


# --- words -----------------------------------------------------------------------------------


def targets_text(routine: Routine) -> str:
    """Each exercise at its current target, with its variant when it has several."""
    return ", ".join(
        f"{e.name} {format_amount(e.dose.target, e.kind.unit)}"
        + ("" if len(e.variants) == 1 else f" ({e.variant.name})")
        for e in routine.exercises
    )


def row_targets_text(row: RoutineToday) -> str:
    """A followed routine's targets for today and, for diagnosed leg symptoms (program C), the
    leg its one-sided exercises work."""
    text = targets_text(row.session)
    if not row.routine.diagnosed_leg_symptoms:
        return text
    leg = f"the {row.affected_leg} leg" if row.affected_leg else "not chosen yet"
    return f"{text} · affected leg: {leg}"


def facts_text(plan: TodayPlan) -> str:
    """`Program A · step 2 of 5 · streak 4 days`."""
    parts = [] if plan.step is None else [f"Program A · step {plan.step} of 5"]
    parts.append(f"streak {format_count(plan.streak, 'day')}")
    return "   ·   ".join(parts)


def last_text(last: LastSession | None, needs_rating: date | None) -> str:
    """The last session: routine, when, how it ended, and its pain after and the next day."""
    if last is None:
        return "No sessions yet."
    when = f"{format_day(last.day)} {last.started:%H:%M}"
    parts = [last.routine_name, when, last.status.replace("_", " ")]
    if last.pain_after is not None:
        parts.append(f"pain after {last.pain_after}")
    if last.next_day_pain is not None:
        parts.append(f"next day {last.next_day_pain}")
    elif needs_rating == last.day:
        parts.append("next day not rated yet")
    return "Last session: " + " · ".join(parts)


def _when(day: date, today: date) -> str:
    if day == today + timedelta(days=1):
        return "tomorrow"
    return f"on {format_day(day)}"


def next_text(plan: TodayPlan, highlighted: RoutineToday | None = None) -> str:
    """The call to action: what Enter starts (the `highlighted` routine, or else the next due
    one), and when something is next due if nothing is now."""
    if plan.red_flag is not None:
        return "Nothing starts from here until you have seen a clinician: press c once you have."
    if not plan.routines:
        return "You follow no routines yet: press f to choose."
    due = plan.get(plan.next_due) if plan.next_due else None
    chosen = highlighted or due
    if due is None:
        soonest = min(plan.routines, key=lambda row: row.due_on)
        text = (
            f"Nothing is due now. Next: {soonest.routine.name} {_when(soonest.due_on, plan.today)}."
        )
        if chosen is None:
            return text
        return f"{text}\n⏎ Enter  an extra session of {chosen.routine.name}"
    assert chosen is not None
    if chosen.due:
        return f"⏎ Enter  start {chosen.routine.name}  ·  {chosen.status}"
    return (
        f"⏎ Enter  an extra session of {chosen.routine.name} ({chosen.status})"
        f"  ·  n  start {due.routine.name}, due"
    )


def rotation_text(plan: TodayPlan) -> str:
    """Where each ladder routine stands, today's picks of the daily rotation and the routines
    still locked, one line each; empty when no followed routine is a ladder or rotates."""
    lines = [row.rung.words(row.routine) for row in plan.routines if row.rung is not None]
    rotation = plan.rotation
    if rotation is not None:
        picks = ", ".join(p.name for p in rotation.picks) or "nothing to pick"
        lines.append(f"Today's rotation: {picks}")
        lines += [f"{item.routine_name} locked: {item.reason}" for item in rotation.locked]
    return "\n".join(lines)
