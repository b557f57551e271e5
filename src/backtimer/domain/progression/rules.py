"""Pain-gated progression: current targets derived from history, and suggestions with reasons.

Pure functions over a routine, the session records and the journal. Nothing is stored here: a
target is the routine's default plus every accepted change in the journal, in order. Suggestions
are only suggestions; the user accepts or declines each one (`decide`), and that decision is what
the journal records. `docs/progression.md` states every rule with its numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from typing import Final, Literal

from backtimer.domain.formatting import format_amount, format_short_day
from backtimer.domain.journal import (
    ChangeKind,
    JournalEvent,
    TargetChange,
    last_cleared,
    latest_ratings,
    target_changes,
)
from backtimer.domain.records import SessionRecord, SetRecord
from backtimer.domain.routine import Exercise, Frequency, Kind, Routine, Variant
from backtimer.domain.training import counts_as_training

SuggestionKind = Literal[
    "raise",
    "variant",
    "advance_step",
    "step_back",
    "ease_back",
    "regress_band",
    "advance_band",
    "hold",
    "red_flag",
]

SESSIONS_NEEDED: Final = 2
"""Default for the `progression_sessions` setting."""
BREAK_DAYS: Final = 7
"""This many days or more since the last session of a routine is a break."""
WEEKLY_BREAK_DAYS: Final = 14
"""The same for a routine done only once or twice a week, where 7 days apart is normal."""
SEVERE_OVER: Final = 3
"""Pain this far over the limit (or more) is severe."""
FLARE_WINDOW: Final = 3
"""Step back when pain went over the limit in 2 of this many latest sessions."""
REACH_SLACK_S: Final = 0.5
"""A hold this close to its target counts as reaching it (the timer's own rounding)."""

PROGRESSIONS: Final[frozenset[str]] = frozenset(
    ("raise", "variant", "advance_band", "advance_step")
)
"""Changes that make training harder: only one at a time per routine."""
SETTLING_CHANGES: Final[frozenset[str]] = PROGRESSIONS | {"manual"}
"""Accepted changes that other exercises of the routine wait on before progressing."""


@dataclass(frozen=True)
class ExerciseState:
    """Where one exercise stands now: its variant and target, and when that last changed."""

    exercise_id: str
    variant_id: str
    target: float
    changed_at: datetime | None = None
    """Time of the last accepted change, or None while on the routine's own default."""
    last_change: ChangeKind | None = None


@dataclass(frozen=True)
class Suggestion:
    """A proposed change (or a notice) for one exercise, with its reason in plain words.

    `kind` is a change (`raise`, `variant`, `advance_step`, `step_back`, `ease_back`,
    `regress_band`, `advance_band`) that the user accepts or declines, or a notice that changes
    nothing: `hold` (pain: stay where you are) and `red_flag` (see a clinician; progression paused).
    `to_variant`/`to_target` are where a change leads; `next_routine` is set for `advance_step`.
    """

    routine_id: str
    exercise_id: str | None
    kind: SuggestionKind
    reason: str
    from_variant: str | None = None
    from_target: float | None = None
    to_variant: str | None = None
    to_target: float | None = None
    next_routine: str | None = None
    evidence: tuple[str, ...] = ()
    """Ids of the sessions the suggestion rests on."""

    @property
    def is_change(self) -> bool:
        """True when accepting it changes something (False for `hold` and `red_flag`)."""
        return self.kind not in ("hold", "red_flag")


# --- reading the history ------------------------------------------------------------------------


def session_day(session: SessionRecord, tz: tzinfo | None = None) -> date:
    """The local date a session started on (in `tz`, or the offset it was recorded with)."""
    started = session.started.astimezone(tz) if tz is not None else session.started
    return started.date()


def _sets(session: SessionRecord, exercise_id: str) -> list[SetRecord]:
    return [item for item in session.sets if item.exercise_id == exercise_id]


@dataclass(frozen=True)
class _Pain:
    """The pain that bears on one exercise in one session."""

    values: tuple[int, ...]
    day: date
    own_over: bool
    """Over the limit during this exercise or after this session."""
    next_day_over: bool
    """Over the limit the day after (shared by every session of that day)."""
    severe: bool
    settled: bool
    """False while the next-day rating could still come (the session was today)."""

    @property
    def over(self) -> bool:
        return self.own_over or self.next_day_over

    @property
    def worst(self) -> int | None:
        return max(self.values) if self.values else None


def _pain(
    session: SessionRecord,
    exercise: Exercise,
    ratings: dict[date, int],
    today: date,
    tz: tzinfo | None,
) -> _Pain:
    limit = exercise.pain_limit
    values = [
        p.value
        for p in session.pains
        if (p.when == "exercise" and p.exercise_id == exercise.id) or p.when == "after"
    ]
    values += [s.pain for s in _sets(session, exercise.id) if s.pain is not None]
    choices = [c for c in session.pain_choices if c.exercise_id == exercise.id]
    values += [c.value for c in choices if c.value is not None]
    # Being asked what to do about pain means it went over the limit, rated or not.
    own_over = max(values, default=0) > limit or bool(choices)
    day = session_day(session, tz)
    next_day = ratings.get(day)
    if next_day is not None:
        values.append(next_day)
    return _Pain(
        values=tuple(values),
        day=day,
        own_over=own_over,
        next_day_over=next_day is not None and next_day > limit,
        severe=max(values, default=0) >= limit + SEVERE_OVER,
        settled=next_day is not None or day < today,
    )


def _flares(pains: Sequence[_Pain], sessions: Sequence[SessionRecord]) -> int:
    """How many times pain went over the limit: once per session, and once per bad next day."""
    found: set[object] = set()
    for session, pain in zip(sessions, pains, strict=True):
        if pain.own_over:
            found.add(session.id)
        if pain.next_day_over:
            found.add(pain.day)
    return len(found)


def _set_reached(item: SetRecord, state: ExerciseState) -> bool:
    if item.variant_id != state.variant_id:
        return False
    if item.target_unit == "reps":
        return item.reps is not None and item.reps >= state.target
    if item.actual_s is not None:
        return item.actual_s >= state.target - REACH_SLACK_S
    # An activity ticked off without the timer: done as planned unless it ended early.
    return item.kind == "activity" and item.stop_reason is None and item.target >= state.target


def reached(session: SessionRecord, state: ExerciseState) -> bool:
    """Every set on every side of this exercise reached the current variant's current target.

    Seconds count as reached at `target - 0.5` or more; reps at `target` or more. A session
    without sets of the exercise did not reach it.
    """
    items = _sets(session, state.exercise_id)
    return bool(items) and all(_set_reached(item, state) for item in items)


def red_flag_session(
    sessions: Iterable[SessionRecord], journal: Iterable[JournalEvent]
) -> SessionRecord | None:
    """The latest session with a red flag since the user last said they saw a clinician.

    Red flags count from every session, demo runs included: the answer is about the user's leg,
    not about the run.
    """
    cleared = last_cleared(journal)
    flagged = [s for s in sessions if s.red_flag and (cleared is None or s.last_activity > cleared)]
    return max(flagged, key=lambda s: s.started, default=None)


def red_flag_notice(
    sessions: Iterable[SessionRecord],
    journal: Iterable[JournalEvent],
    *,
    routine_id: str = "",
    tz: tzinfo | None = None,
) -> Suggestion | None:
    """The "see a clinician" notice while a red flag is open, else None."""
    flagged = red_flag_session(sessions, journal)
    if flagged is None:
        return None
    day = session_day(flagged, tz)
    return Suggestion(
        routine_id,
        None,
        "red_flag",
        f"You reported pain, tingling or numbness down a leg on {_day_words(day)}. "
        "Progression is paused: see a clinician before going on, then mark it as seen.",
        evidence=(flagged.id,),
    )


# --- current state -----------------------------------------------------------------------------


def _variant(exercise: Exercise, variant_id: str) -> Variant | None:
    for variant in exercise.variants:
        if variant.id == variant_id:
            return variant
    return None


def current_state(
    routine: Routine,
    sessions: Sequence[SessionRecord] = (),
    journal: Iterable[JournalEvent] = (),
    *,
    today: date | None = None,
) -> dict[str, ExerciseState]:
    """Each exercise's current variant and target: the routine's own, then accepted changes.

    Accepted `TargetChange` events of this routine apply in time order; an event naming an
    exercise or variant the routine no longer has is ignored, and a target outside the variant's
    range is brought inside it. `sessions` and `today` are accepted for symmetry with `suggest`;
    the state depends on the journal alone.
    """
    del sessions, today
    states = {
        exercise.id: ExerciseState(exercise.id, exercise.variant.id, exercise.dose.target)
        for exercise in routine.exercises
    }
    for change in target_changes(journal, routine.id):
        if not change.accepted or change.change == "advance_step":
            continue
        exercise = routine.exercise(change.exercise_id)
        variant = _variant(exercise, change.variant_id) if exercise else None
        if exercise is None or variant is None:
            continue
        target = min(max(change.target, variant.dose.min), variant.dose.max)
        states[exercise.id] = ExerciseState(
            exercise.id, variant.id, target, changed_at=change.at, last_change=change.change
        )
    return states


def apply_state(routine: Routine, states: Mapping[str, ExerciseState]) -> Routine:
    """The routine with each exercise on its current variant at its current target."""
    exercises = []
    for exercise in routine.exercises:
        state = states.get(exercise.id)
        variant = _variant(exercise, state.variant_id) if state else None
        if state is None or variant is None:
            exercises.append(exercise)
            continue
        dose = replace(variant.dose, target=state.target)
        variants = tuple(
            replace(v, dose=dose) if v.id == variant.id else v for v in exercise.variants
        )
        exercises.append(replace(exercise, variant_id=variant.id, variants=variants))
    return replace(routine, exercises=tuple(exercises))


# --- the ladder --------------------------------------------------------------------------------


def _index(exercise: Exercise, variant_id: str) -> int:
    for index, variant in enumerate(exercise.variants):
        if variant.id == variant_id:
            return index
    return 0


def _step_up(exercise: Exercise, state: ExerciseState) -> tuple[str, float] | None:
    """The next target on this variant's ladder, or None at its top."""
    dose = _variant_or_current(exercise, state).dose
    higher = [v for v in dose.ladder() if v > state.target + 1e-9]
    return (state.variant_id, higher[0]) if higher else None


def _step_down(
    exercise: Exercise, state: ExerciseState, *, cross: bool
) -> tuple[str, float] | None:
    """One step down the ladder; with `cross`, from a variant's bottom to the one before's top."""
    dose = _variant_or_current(exercise, state).dose
    lower = [v for v in dose.ladder() if v < state.target - 1e-9]
    if lower:
        return state.variant_id, lower[-1]
    index = _index(exercise, state.variant_id)
    if cross and index > 0:
        previous = exercise.variants[index - 1]
        return previous.id, previous.dose.max
    return None


def _variant_or_current(exercise: Exercise, state: ExerciseState) -> Variant:
    return _variant(exercise, state.variant_id) or exercise.variant


def _at_top(exercise: Exercise, state: ExerciseState) -> bool:
    last = _index(exercise, state.variant_id) == len(exercise.variants) - 1
    if exercise.kind is Kind.REPS_TO_FAILURE:
        return last
    return last and state.target >= _variant_or_current(exercise, state).dose.max - 1e-9


# --- wording -----------------------------------------------------------------------------------


def _amount(exercise: Exercise, value: float) -> str:
    return format_amount(value, exercise.kind.unit)


def _pain_words(pains: Sequence[_Pain]) -> str:
    values = [v for p in pains for v in p.values]
    if not values:
        return "no pain reported"
    low, high = min(values), max(values)
    return f"pain {low}" if low == high else f"pain {low}–{high}"


def _sessions_words(count: int) -> str:
    return "your last session" if count == 1 else f"your last {count} sessions"


def _day_words(day: date) -> str:
    return format_short_day(day)


# --- suggestions -------------------------------------------------------------------------------


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
        lower = _step_down(exercise, state, cross=False)
        if lower is None:
            return None
        reason = (
            f"No {routine.name} session for {gap} days (the last was on "
            f"{_day_words(session_day(last, context.tz))}): ease back to "
            f"{_amount(exercise, lower[1])} and build up again."
        )
        return _change(context, exercise, state, "ease_back", lower, reason, [last])

    recent = [
        s
        for s in context.history
        if _sets(s, exercise.id) and (state.changed_at is None or s.started > state.changed_at)
    ]
    if not recent:
        return None
    pains = {
        s.id: _pain(s, exercise, context.ratings, context.today, context.tz)
        for s in recent[-FLARE_WINDOW:]
    }
    window = recent[-FLARE_WINDOW:]
    limit = exercise.pain_limit
    severe = [s for s in window if pains[s.id].severe]
    over = [s for s in window if pains[s.id].over]
    flares = _flares([pains[s.id] for s in window], window)
    if severe or flares >= 2:
        lower = _step_down(exercise, state, cross=True)
        if severe:
            worst = severe[-1]
            why = (
                f"Pain {pains[worst.id].worst} with your session on "
                f"{_day_words(session_day(worst, context.tz))} (your limit is {limit})"
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
            f"{_amount(exercise, state.target)} until it settles.",
            evidence=(latest.id,),
        )
    if exercise.kind is Kind.REPS_TO_FAILURE:
        return _band_suggestion(context, exercise, state, latest, pains[latest.id])
    return _raise_suggestion(context, exercise, state, recent)


def _describe(exercise: Exercise, state: ExerciseState, to: tuple[str, float]) -> str:
    amount = _amount(exercise, to[1])
    if to[0] == state.variant_id:
        return amount
    variant = _variant(exercise, to[0])
    name = variant.name if variant else to[0]
    return f'"{name}" at {amount}'


def _last_round(session: SessionRecord, exercise: Exercise, state: ExerciseState) -> int | None:
    items = [s for s in _sets(session, exercise.id) if s.variant_id == state.variant_id]
    if not items:
        return None
    last_number = max(item.set_number for item in items)
    counted = [i.reps for i in items if i.set_number == last_number and i.reps is not None]
    return min(counted) if counted else None


def _band_suggestion(
    context: _Context, exercise: Exercise, state: ExerciseState, latest: SessionRecord, pain: _Pain
) -> Suggestion | None:
    band = exercise.band
    count = _last_round(latest, exercise, state)
    if band is None or count is None:
        return None
    index = _index(exercise, state.variant_id)
    if count < band.low:
        if index == 0:
            return None
        easier = exercise.variants[index - 1]
        reason = (
            f"Your last round was {count} reps, under {band.low}: too hard for now. "
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
    pain_words = _pain_words([pain])
    if index + 1 < len(exercise.variants):
        harder = exercise.variants[index + 1]
        reason = (
            f"Your last round reached {count} reps ({band.high} or more) with {pain_words}: "
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
    lead = f"Your last round reached {count} reps on the last level with {pain_words}"
    return _step_suggestion(context, exercise, state, [latest], lead)


def _raise_suggestion(
    context: _Context, exercise: Exercise, state: ExerciseState, recent: list[SessionRecord]
) -> Suggestion | None:
    needed = context.needed
    evidence = recent[-needed:]
    if len(evidence) < needed or not all(reached(s, state) for s in evidence):
        return None
    pains = [_pain(s, exercise, context.ratings, context.today, context.tz) for s in evidence]
    if any(p.over or not p.settled for p in pains):
        return None
    amount = _amount(exercise, state.target)
    pain_words = _pain_words(pains)
    where = _sessions_words(needed)
    higher = _step_up(exercise, state)
    if higher is not None:
        reason = (
            f"Reached {amount} in {where} with {pain_words}: try {_amount(exercise, higher[1])}."
        )
        return _change(context, exercise, state, "raise", higher, reason, evidence)
    index = _index(exercise, state.variant_id)
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
    if not all(_at_top(e, states[e.id]) for e in routine.exercises):
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
            s for s in context.history if s.started > state.changed_at and _sets(s, exercise_id)
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


_CHANGE_OF: Final[dict[str, ChangeKind]] = {
    "raise": "raise",
    "variant": "variant",
    "advance_step": "advance_step",
    "step_back": "step_back",
    "ease_back": "ease_back",
    "regress_band": "regress_band",
    "advance_band": "advance_band",
}


def decide(suggestion: Suggestion, *, accepted: bool, at: datetime) -> TargetChange:
    """The journal event recording that the user accepted or declined `suggestion`."""
    kind = _CHANGE_OF.get(suggestion.kind)
    if (
        kind is None
        or suggestion.exercise_id is None
        or suggestion.to_variant is None
        or suggestion.to_target is None
    ):
        raise ValueError(f"a {suggestion.kind} notice changes nothing and cannot be accepted")
    return TargetChange(
        at=at,
        routine_id=suggestion.routine_id,
        exercise_id=suggestion.exercise_id,
        variant_id=suggestion.to_variant,
        target=suggestion.to_target,
        change=kind,
        accepted=accepted,
        reason=suggestion.reason,
        from_variant_id=suggestion.from_variant,
        from_target=suggestion.from_target,
        next_routine=suggestion.next_routine,
        evidence=suggestion.evidence,
    )


def manual_change(
    routine: Routine,
    states: Mapping[str, ExerciseState],
    exercise_id: str,
    *,
    variant_id: str | None = None,
    target: float | None = None,
    at: datetime,
    reason: str = "Set by hand.",
) -> TargetChange:
    """A target (and/or variant) set by hand, checked against the routine; raises `ValueError`.

    Leaving `variant_id` out keeps the current variant; leaving `target` out starts the variant
    at the bottom of its range (or keeps the target when the variant does not change).
    """
    exercise = routine.exercise(exercise_id)
    if exercise is None:
        known = ", ".join(e.id for e in routine.exercises)
        raise ValueError(f"{routine.id} has no exercise {exercise_id!r} (it has: {known})")
    state = states.get(exercise_id) or ExerciseState(
        exercise.id, exercise.variant.id, exercise.dose.target
    )
    chosen = variant_id or state.variant_id
    variant = _variant(exercise, chosen)
    if variant is None:
        known = ", ".join(v.id for v in exercise.variants)
        raise ValueError(f"{exercise.name} has no variant {chosen!r} (it has: {known})")
    if target is None:
        target = state.target if chosen == state.variant_id else variant.dose.min
    dose = variant.dose
    if not dose.min - 1e-9 <= target <= dose.max + 1e-9:
        raise ValueError(
            f"{exercise.name} ({variant.name}) takes a target from {_amount(exercise, dose.min)} "
            f"to {_amount(exercise, dose.max)}, not {_amount(exercise, target)}"
        )
    return TargetChange(
        at=at,
        routine_id=routine.id,
        exercise_id=exercise.id,
        variant_id=variant.id,
        target=float(target),
        change="manual",
        accepted=True,
        reason=reason,
        from_variant_id=state.variant_id,
        from_target=state.target,
    )
