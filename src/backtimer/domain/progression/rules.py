"""Pain-gated progression: current targets derived from history, and suggestions with reasons.

Pure functions over a routine, the session records and the journal. Nothing is stored here: a
target is the routine's default plus every accepted change in the journal, in order. Suggestions
are only suggestions; the user accepts or declines each one (`decide`), and that decision is what
the journal records. `docs/progression.md` states every rule with its numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo

from backtimer.domain.formatting import format_reps
from backtimer.domain.journal import JournalEvent, TargetChange, latest_ratings, target_changes
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
    sessions_words,
    sets_of,
)
from backtimer.domain.progression.model import (
    BREAK_DAYS,
    FLARE_WINDOW,
    PROGRESSIONS,
    SESSIONS_NEEDED,
    SETTLING_CHANGES,
    WEEKLY_BREAK_DAYS,
    ExerciseState,
    Suggestion,
    SuggestionKind,
)
from backtimer.domain.progression.state import (
    at_top,
    current_state,
    step_down,
    step_up,
    variant_index,
    variant_of,
)
from backtimer.domain.records import SessionRecord
from backtimer.domain.routine import Exercise, Frequency, Kind, Routine
from backtimer.domain.training import counts_as_training


@dataclass(frozen=True)
class _Context:
    routine: Routine
    history: list[SessionRecord]
    """This routine's counted sessions, oldest first."""
    changes: list[TargetChange]
    ratings: dict[date, int]
    today: date
    tz: tzinfo | None
    needed: int


def _answered(candidate: Suggestion, context: _Context, evidence: Sequence[SessionRecord]) -> bool:
    """Whether the user already accepted or declined this very change after its evidence began.

    A decision made after the oldest evidence session settles it until all of the evidence is
    newer than the decision. An accepted move to the next step settles it for good.
    """
    if not evidence:
        return False
    oldest = min(s.started for s in evidence)
    for change in context.changes:
        if candidate.kind == "advance_step" and change.change == "advance_step" and change.accepted:
            return True  # moved on already; staying on this routine as well is the user's choice
        if (
            change.exercise_id == candidate.exercise_id
            and change.change == candidate.kind
            and change.variant_id == candidate.to_variant
            and (candidate.to_target is None or abs(change.target - candidate.to_target) < 1e-6)
            and change.next_routine == candidate.next_routine
            and change.at > oldest
        ):
            return True
    return False


def _change(
    context: _Context,
    exercise: Exercise,
    state: ExerciseState,
    kind: SuggestionKind,
    to: tuple[str, float],
    reason: str,
    evidence: Sequence[SessionRecord],
    next_routine: str | None = None,
) -> Suggestion | None:
    candidate = Suggestion(
        routine_id=context.routine.id,
        exercise_id=exercise.id,
        kind=kind,
        reason=reason,
        from_variant=state.variant_id,
        from_target=state.target,
        to_variant=to[0],
        to_target=to[1],
        next_routine=next_routine,
        evidence=tuple(s.id for s in evidence),
    )
    return None if _answered(candidate, context, evidence) else candidate


def _exercise_suggestion(
    context: _Context, exercise: Exercise, state: ExerciseState
) -> Suggestion | None:
    routine = context.routine
    if not context.history:
        return None
    last = context.history[-1]
    gap = (context.today - session_day(last, context.tz)).days
    weekly = routine.frequency is Frequency.ONE_TO_TWO_PER_WEEK
    if gap >= (WEEKLY_BREAK_DAYS if weekly else BREAK_DAYS):
        if exercise.kind is Kind.REPS_TO_FAILURE:
            return None  # the band sets the level afresh each time; nothing to ease back
        if state.changed_at is not None and state.changed_at > last.started:
            return None  # already adjusted since the break began
        lower = step_down(exercise, state, cross=False)
        if lower is None:
            return None
        reason = (
            f"No {routine.name} session for {gap} days (the last was on "
            f"{day_words(session_day(last, context.tz))}): ease back to "
            f"{amount_words(exercise, lower[1])} and build up again."
        )
        return _change(context, exercise, state, "ease_back", lower, reason, [last])

    recent = [
        s
        for s in context.history
        if sets_of(s, exercise.id) and (state.changed_at is None or s.started > state.changed_at)
    ]
    if not recent:
        return None
    pains = {
        s.id: pain_of(s, exercise, context.ratings, context.today, context.tz)
        for s in recent[-FLARE_WINDOW:]
    }
    window = recent[-FLARE_WINDOW:]
    limit = exercise.pain_limit
    severe = [s for s in window if pains[s.id].severe]
    over = [s for s in window if pains[s.id].over]
    flares = count_flares([pains[s.id] for s in window], window)
    if severe or flares >= 2:
        lower = step_down(exercise, state, cross=True)
        if severe:
            worst = severe[-1]
            why = (
                f"Pain {pains[worst.id].worst} with your session on "
                f"{day_words(session_day(worst, context.tz))} (your limit is {limit})"
            )
        else:
            times = "twice" if flares == 2 else f"{flares} times"
            why = (
                f"Pain went over your limit of {limit} {times} in your last {len(window)} sessions"
            )
        if lower is None:
            return Suggestion(
                routine.id,
                exercise.id,
                "hold",
                f"{why}, and this is already the easiest level. Rest it, and if pain keeps "
                "coming back, ask a clinician.",
                evidence=tuple(s.id for s in over),
            )
        reason = f"{why}: step back to {_describe(exercise, state, lower)}."
        stepped = _change(context, exercise, state, "step_back", lower, reason, over)
        if stepped is not None:
            return stepped
        # Declined: the pain still holds the target where it is.
    latest = recent[-1]
    if pains[latest.id].over:
        worst_value = pains[latest.id].worst
        rated = f"Pain {worst_value}" if worst_value is not None and worst_value > limit else "Pain"
        return Suggestion(
            routine.id,
            exercise.id,
            "hold",
            f"{rated} with your last session (your limit is {limit}): stay at "
            f"{amount_words(exercise, state.target)} until it settles.",
            evidence=(latest.id,),
        )
    if exercise.kind is Kind.REPS_TO_FAILURE:
        return _band_suggestion(context, exercise, state, latest, pains[latest.id])
    return _raise_suggestion(context, exercise, state, recent)


def _describe(exercise: Exercise, state: ExerciseState, to: tuple[str, float]) -> str:
    amount = amount_words(exercise, to[1])
    if to[0] == state.variant_id:
        return amount
    variant = variant_of(exercise, to[0])
    name = variant.name if variant else to[0]
    return f'"{name}" at {amount}'


def _last_round(session: SessionRecord, exercise: Exercise, state: ExerciseState) -> int | None:
    items = [s for s in sets_of(session, exercise.id) if s.variant_id == state.variant_id]
    if not items:
        return None
    last_number = max(item.set_number for item in items)
    counted = [i.reps for i in items if i.set_number == last_number and i.reps is not None]
    return min(counted) if counted else None


def _band_suggestion(
    context: _Context, exercise: Exercise, state: ExerciseState, latest: SessionRecord, pain: Pain
) -> Suggestion | None:
    band = exercise.band
    count = _last_round(latest, exercise, state)
    if band is None or count is None:
        return None
    index = variant_index(exercise, state.variant_id)
    if count < band.low:
        if index == 0:
            return None
        easier = exercise.variants[index - 1]
        reason = (
            f"Your last round was {format_reps(count)}, under {band.low}: too hard for now. "
            f'Step down to "{easier.name}".'
        )
        return _change(
            context,
            exercise,
            state,
            "regress_band",
            (easier.id, easier.dose.target),
            reason,
            [latest],
        )
    if count < band.high or not pain.settled:
        return None
    pain_words = pain_range_words([pain])
    if index + 1 < len(exercise.variants):
        harder = exercise.variants[index + 1]
        reason = (
            f"Your last round reached {format_reps(count)} ({band.high} or more) with {pain_words}: "
            f'too easy now. Step up to "{harder.name}".'
        )
        return _change(
            context,
            exercise,
            state,
            "advance_band",
            (harder.id, harder.dose.target),
            reason,
            [latest],
        )
    lead = f"Your last round reached {format_reps(count)} on the last level with {pain_words}"
    return _step_suggestion(context, exercise, state, [latest], lead)


def _raise_suggestion(
    context: _Context, exercise: Exercise, state: ExerciseState, recent: list[SessionRecord]
) -> Suggestion | None:
    needed = context.needed
    evidence = recent[-needed:]
    if len(evidence) < needed or not all(reached(s, state) for s in evidence):
        return None
    pains = [pain_of(s, exercise, context.ratings, context.today, context.tz) for s in evidence]
    if any(p.over or not p.settled for p in pains):
        return None
    amount = amount_words(exercise, state.target)
    pain_words = pain_range_words(pains)
    where = sessions_words(needed)
    higher = step_up(exercise, state)
    if higher is not None:
        reason = f"Reached {amount} in {where} with {pain_words}: try {amount_words(exercise, higher[1])}."
        return _change(context, exercise, state, "raise", higher, reason, evidence)
    index = variant_index(exercise, state.variant_id)
    if index + 1 < len(exercise.variants):
        harder = exercise.variants[index + 1]
        to = (harder.id, harder.dose.min)
        reason = (
            f"Reached {amount}, the top of this level, in {where} with {pain_words}: "
            f"move on to {_describe(exercise, state, to)}."
        )
        return _change(context, exercise, state, "variant", to, reason, evidence)
    lead = (
        f"{exercise.name} is at the top of its last level in {where} with {pain_words}, "
        "and so is everything else"
    )
    return _step_suggestion(context, exercise, state, evidence, lead)


def _step_suggestion(
    context: _Context,
    exercise: Exercise,
    state: ExerciseState,
    evidence: Sequence[SessionRecord],
    lead: str,
) -> Suggestion | None:
    routine = context.routine
    if routine.next is None:
        return None
    states = current_state(routine, (), context.changes)
    if not all(at_top(e, states[e.id]) for e in routine.exercises):
        return None
    reason = f"{lead}: {routine.name} is mastered. Move on to the next step ({routine.next})."
    to = (state.variant_id, state.target)
    return _change(context, exercise, state, "advance_step", to, reason, evidence, routine.next)


def _settling(context: _Context, states: dict[str, ExerciseState]) -> set[str]:
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


def suggest(
    routine: Routine,
    sessions: Sequence[SessionRecord],
    journal: Iterable[JournalEvent],
    *,
    today: date,
    sessions_needed: int = SESSIONS_NEEDED,
    tz: tzinfo | None = None,
) -> list[Suggestion]:
    """What to change in `routine` now, each with its reason; empty when nothing should change.

    `sessions` may be every session (other routines' are ignored except for red flags);
    `journal` is every journal event. Days are local dates in `tz` (default: the offset each
    session was recorded with). At most one change that makes training harder is offered per
    routine at a time; easing off and notices are always offered.
    """
    journal = list(journal)
    notice = red_flag_notice(sessions, journal, routine_id=routine.id, tz=tz)
    if notice is not None:
        return [notice]
    history = sorted(
        (s for s in sessions if s.routine_id == routine.id and counts_as_training(s)),
        key=lambda s: s.started,
    )
    context = _Context(
        routine=routine,
        history=history,
        changes=target_changes(journal, routine.id),
        ratings=latest_ratings(journal),
        today=today,
        tz=tz,
        needed=max(1, sessions_needed),
    )
    states = current_state(routine, sessions, journal)
    unsettled = _settling(context, states)
    found: list[Suggestion] = []
    harder: list[tuple[int, Suggestion]] = []
    for order, exercise in enumerate(routine.exercises):
        suggestion = _exercise_suggestion(context, exercise, states[exercise.id])
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
    return found
