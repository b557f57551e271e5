"""The rules that make suggestions, in the order they are checked: red flag, break, pain, then
the 20 ± 5 band or a raise at the program's pace. `docs/progression.md` states each with its
numbers and the program rule it follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from backtimer.domain.formatting import format_count
from backtimer.domain.journal import JournalEvent, latest_ratings, target_changes
from backtimer.domain.progression.band import band_suggestion
from backtimer.domain.progression.breaks import break_row, break_suggestion, one_break_suggestion
from backtimer.domain.progression.clearance import AfterRedFlags
from backtimer.domain.progression.context import (
    Context,
    describe,
    notice,
    offer,
    step_suggestion,
)
from backtimer.domain.progression.history import (
    Pain,
    amount_words,
    count_flares,
    day_words,
    pain_of,
    pain_range_words,
    reached,
    red_flag_notice,
    session_day,
    sets_of,
)
from backtimer.domain.progression.model import (
    FLARE_CUT,
    FLARE_WINDOW,
    MASTERY_DAYS,
    PROGRESSIONS,
    SESSIONS_NEEDED,
    SETTLING_CHANGES,
    SEVERE_CUT,
    SPREAD_DAYS,
    ExerciseState,
    Suggestion,
)
from backtimer.domain.progression.state import (
    current_state,
    cut_back,
    next_raise,
    pace_base,
    variant_index,
)
from backtimer.domain.records import SessionRecord
from backtimer.domain.routine import Exercise, Kind, Routine
from backtimer.domain.training import counts_as_pain_evidence, counts_as_training


def _after(
    sessions: Sequence[SessionRecord], exercise: Exercise, state: ExerciseState
) -> list[SessionRecord]:
    """The sessions with this exercise since its last change (or chosen reduction)."""
    since = state.changed_at
    return [
        s
        for s in sessions
        if (since is None or s.started > since)
        and (
            any(item.exercise_id == exercise.id for item in s.training_sets)
            or any(c.exercise_id == exercise.id for c in s.pain_choices)
        )
    ]


def _exercise_suggestion(
    context: Context, exercise: Exercise, state: ExerciseState
) -> Suggestion | None:
    last = context.last_trained()
    if last is not None:
        gap = (context.today - session_day(last)).days
        row = break_row(context.routine.frequency, gap)
        if row is not None:
            return break_suggestion(context, exercise, state, last, gap, row)
    trained = _after(context.history, exercise, state)
    if state.reduced_by is not None and not any(sets_of(s, exercise.id) for s in trained):
        return _reduction_notice(context, exercise, state)
    window = _after(context.evidence, exercise, state)[-FLARE_WINDOW:]
    if not window:
        return None
    pains = {s.id: pain_of(s, exercise, context.ratings, context.today) for s in window}
    flare = _flare_suggestion(context, exercise, state, window, pains)
    if flare is not None:
        return flare
    recent = trained
    if not recent:
        return None
    pains.update(
        (s.id, pain_of(s, exercise, context.ratings, context.today))
        for s in recent[-FLARE_WINDOW:]
        if s.id not in pains
    )
    if exercise.kind is Kind.REPS_TO_FAILURE:
        return band_suggestion(context, exercise, state, recent, pains)
    return _raise_suggestion(context, exercise, state, recent)


# --- pain ----------------------------------------------------------------------------------------


def _reduction_notice(context: Context, exercise: Exercise, state: ExerciseState) -> Suggestion:
    """Why the next session starts lower: the choice made when pain went over the limit."""
    session = next((s for s in context.evidence if s.id == state.reduced_by), None)
    choices = [c for c in session.pain_choices if c.exercise_id == exercise.id] if session else []
    value = next((c.value for c in reversed(choices) if c.value is not None), None)
    easier = any(c.choice == "regress" for c in choices if c.reduced)
    what = "switched to the easier variant" if easier else "shortened it"
    pain = f"pain {value}" if value is not None else "pain over your limit"
    when = f" on {day_words(session_day(session))}" if session else ""
    done_on = {i.variant_id for i in sets_of(session, exercise.id)} if session else set()
    moved = easier or bool(done_on - {state.variant_id})
    start = _on_variant(exercise, state) if moved else amount_words(exercise, state.target)
    return notice(
        context,
        exercise,
        f"With {pain}{when} you {what}: this session starts from {start}. It builds back up "
        "at the usual pace once sessions go well.",
        [session] if session else [],
    )


def _on_variant(exercise: Exercise, state: ExerciseState) -> str:
    """`"Pad high" at 30 s`: the easier variant a reduction moved to."""
    name = next((v.name for v in exercise.variants if v.id == state.variant_id), state.variant_id)
    return f'"{name}" at {amount_words(exercise, state.target)}'


def _flare_suggestion(
    context: Context,
    exercise: Exercise,
    state: ExerciseState,
    window: Sequence[SessionRecord],
    pains: dict[str, Pain],
) -> Suggestion | None:
    """Repeated or severe pain steps back 10–20 %; pain in the last session holds."""
    limit = exercise.pain_limit
    severe = [s for s in window if pains[s.id].severe]
    over = [s for s in window if pains[s.id].over]
    flares = count_flares([pains[s.id] for s in window], window)
    if severe or flares >= 2:
        if severe:
            worst = severe[-1]
            why = (
                f"Pain {pains[worst.id].worst} with your session on "
                f"{day_words(session_day(worst))} (your limit is {limit})"
            )
        else:
            times = "twice" if flares == 2 else f"{flares} times"
            why = (
                f"Pain went over your limit of {limit} {times} in your last {len(window)} sessions"
            )
        lower = cut_back(exercise, state, SEVERE_CUT if severe else FLARE_CUT)
        if lower is None:
            return notice(
                context,
                exercise,
                f"{why}, and this is already the easiest level. Rest for now, and see a "
                "clinician if the pain persists.",
                over,
            )
        reason = f"{why}: step back to {describe(exercise, state, lower)}."
        stepped = offer(context, exercise, state, "step_back", lower, reason, over)
        if stepped is not None:
            return stepped
        # Declined: the pain still holds the target where it is.
    latest = window[-1]
    if pains[latest.id].over:
        worst_value = pains[latest.id].worst
        rated = f"Pain {worst_value}" if worst_value is not None and worst_value > limit else "Pain"
        return notice(
            context,
            exercise,
            f"{rated} with your last session (your limit is {limit}): stay at "
            f"{amount_words(exercise, state.target)} until it settles.",
            [latest],
        )
    return None


# --- the program's pace --------------------------------------------------------------------------


def good_run(
    context: Context,
    exercise: Exercise,
    state: ExerciseState,
    recent: Sequence[SessionRecord],
    days: int,
) -> list[SessionRecord] | None:
    """The latest sessions that reached the target with pain within the limit (during, after and
    the next day), at least `needed` of them spread over at least `days` days; else None.

    A session that missed the target or went over the limit ends the run; a session whose next
    day is not known yet is left out of it.
    """
    run: list[SessionRecord] = []
    for session in reversed(recent):
        pain = pain_of(session, exercise, context.ratings, context.today)
        if pain.over or not reached(session, state):
            return None
        if not pain.settled:
            continue
        run.append(session)
        span = (session_day(run[0]) - session_day(session)).days
        if len(run) >= context.needed and span >= days:
            return run[::-1]
    return None


def _run_words(context: Context, exercise: Exercise, run: Sequence[SessionRecord]) -> str:
    pains = [pain_of(s, exercise, context.ratings, context.today) for s in run]
    days = (session_day(run[-1]) - session_day(run[0])).days
    return f"in {format_count(len(run), 'session')} over {format_count(days, 'day')} with {pain_range_words(pains)}"


def _raise_suggestion(
    context: Context, exercise: Exercise, state: ExerciseState, recent: list[SessionRecord]
) -> Suggestion | None:
    amount = amount_words(exercise, state.target)
    base = pace_base(exercise, state, context.changes, context.today)
    higher = next_raise(exercise, state, base)
    if higher is not None:
        run = good_run(context, exercise, state, recent, SPREAD_DAYS)
        if run is None:
            return None
        reason = (
            f"Reached {amount} {_run_words(context, exercise, run)}: "
            f"try {amount_words(exercise, higher[1])}."
        )
        return offer(context, exercise, state, "raise", higher, reason, run)
    dose = next((v.dose for v in exercise.variants if v.id == state.variant_id), exercise.dose)
    if state.target < dose.max - 1e-9:
        return None  # the last 7 days' rises already reach 10 %
    run = good_run(context, exercise, state, recent, MASTERY_DAYS)
    if run is None:
        return None
    held = f"Held {amount}, the top of this level, {_run_words(context, exercise, run)}"
    index = variant_index(exercise, state.variant_id)
    if index + 1 < len(exercise.variants):
        harder = exercise.variants[index + 1]
        to = (harder.id, float(harder.dose.min))
        reason = f"{held}: move on to {describe(exercise, state, to)}."
        return offer(context, exercise, state, "variant", to, reason, run)
    lead = f"{held}, the last level of {exercise.name}, and so is everything else"
    return step_suggestion(context, exercise, state, run, lead)


# --- one change at a time ------------------------------------------------------------------------


def _settling(context: Context, states: dict[str, ExerciseState]) -> set[str]:
    """Exercises whose last accepted change still needs `needed` sessions before others move."""
    unsettled: set[str] = set()
    for exercise_id, state in states.items():
        if state.changed_at is None or state.last_change not in SETTLING_CHANGES:
            continue
        after = [
            s for s in context.history if s.started > state.changed_at and sets_of(s, exercise_id)
        ]
        if len(after) < context.needed:
            unsettled.add(exercise_id)
    return unsettled


def _rotation_last(
    sessions: Sequence[SessionRecord], routine_id: str, rotation: Iterable[str]
) -> SessionRecord | None:
    others = set(rotation) - {routine_id}
    trained = [s for s in sessions if s.routine_id in others and counts_as_training(s)]
    return max(trained, key=lambda s: s.started, default=None)


def routine_context(
    routine: Routine,
    flags: AfterRedFlags,
    journal: list[JournalEvent],
    *,
    today: date,
    needed: int,
    shared_last: SessionRecord | None = None,
) -> Context:
    """How the rules read `routine`'s history: its sessions less those flagged or done while a
    flag was open, split into training done and pain evidence, with the journal's changes."""
    mine = flags.evidence
    return Context(
        routine=routine,
        history=[s for s in mine if counts_as_training(s)],
        evidence=[s for s in mine if counts_as_pain_evidence(s)],
        changes=target_changes(journal, routine.id),
        ratings=latest_ratings(journal),
        today=today,
        needed=needed,
        shared_last=shared_last,
    )


def suggest(
    routine: Routine,
    sessions: Sequence[SessionRecord],
    journal: Iterable[JournalEvent],
    *,
    today: date,
    sessions_needed: int = SESSIONS_NEEDED,
    rotation: Iterable[str] = (),
) -> list[Suggestion]:
    """What to change in `routine` now, each with its reason; empty when nothing should change.

    `sessions` may be every session (other routines' are ignored except for red flags);
    `journal` is every journal event. Days are local dates where each session was done
    (`backtimer.domain.days`). At most one change that makes training harder is offered per
    routine at a time; easing off and notices are always offered. `sessions_needed` can ask for
    more good sessions before a raise, never fewer than `SESSIONS_NEEDED`. `rotation` names the
    routines of its daily rotation: training any of them keeps it off a break.
    """
    journal = list(journal)
    red_flag = red_flag_notice(sessions, journal, routine_id=routine.id)
    if red_flag is not None:
        return [red_flag]
    flags = AfterRedFlags.of(sessions, journal, routine.id)
    context = routine_context(
        routine,
        flags,
        journal,
        today=today,
        needed=max(SESSIONS_NEEDED, sessions_needed),
        shared_last=_rotation_last(sessions, routine.id, rotation),
    )
    states = current_state(routine, sessions, journal)
    unsettled = _settling(context, states)
    found: list[Suggestion] = []
    harder: list[tuple[int, Suggestion]] = []
    for order, exercise in enumerate(routine.exercises):
        state = states[exercise.id]
        suggestion = flags.adjust(
            context, exercise, state, _exercise_suggestion(context, exercise, state)
        )
        if suggestion is None:
            continue
        if suggestion.kind not in PROGRESSIONS:
            found.append(suggestion)
        elif not unsettled - {exercise.id}:
            harder.append((order, suggestion))
    if harder:
        # One harder change at a time: the exercise that has waited longest goes first.
        def waited(item: tuple[int, Suggestion]) -> tuple[float, int]:
            changed = states[item[1].exercise_id or ""].changed_at
            return (changed.timestamp() if changed else float("-inf"), item[0])

        found.append(min(harder, key=waited)[1])
    return one_break_suggestion(context, found)
