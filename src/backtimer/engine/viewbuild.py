"""Build a `SessionView` from a session's state at one moment.

Part of the engine package: it reads the session's internal state directly, so the state machine
stays about time and the drawing facts live here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backtimer.domain.formatting import format_duration
from backtimer.domain.routine import Kind
from backtimer.engine import texts
from backtimer.engine.events import MID_EXERCISE, Phase
from backtimer.engine.view import Option, SessionView
from backtimer.engine.work import tempo_beats

if TYPE_CHECKING:
    from backtimer.engine.session import Session

_COUNTED = (Kind.REPS, Kind.REPS_TO_FAILURE)
_SET_PHASES = frozenset(
    (Phase.LEAD_IN, Phase.WORK, Phase.RELAX, Phase.SWITCH, Phase.REST, Phase.STOP_REASON)
)
"""The phases of one set: before it, during it, and the question about why it stopped."""
_BEFORE_SET = frozenset((Phase.LEAD_IN, Phase.SWITCH, Phase.REST))


def build_view(session: Session, now: float) -> SessionView:
    """Everything a screen needs at `now`."""
    s = session
    phase = s._phase
    exercise = s.exercise_at(s._index)
    work = s._work
    slots = s._slots
    slot = slots[min(s._slot_index, len(slots) - 1)]
    in_set = phase in (Phase.WORK, Phase.RELAX) and work is not None
    kind = exercise.kind
    target = s.target_of(exercise)
    tempo = exercise.tempo if kind is Kind.REPS else None

    deadline_left = None if s._deadline is None else max(0.0, s._deadline - now)
    remaining = deadline_left
    tempo_word = tempo_remaining = None
    if phase is Phase.WORK and tempo is not None and work is not None:
        tempo_word = tempo_beats(tempo)[work.beat][0].upper()
        tempo_remaining, remaining = deadline_left, None
    duration = s._duration if remaining is not None else None

    elapsed = None
    if in_set and work is not None:
        if kind is Kind.REPEATED_HOLD:
            elapsed = (
                max(0.0, now - s._phase_start - s._phase_paused) if phase is Phase.WORK else 0.0
            )
        else:
            elapsed = max(0.0, now - work.started - work.paused)

    reps = work.reps if in_set and work is not None and kind in _COUNTED else None
    reps_target = round(target) if kind in _COUNTED else None
    if reps_target is not None and slot.side == "alternating":
        reps_target *= 2  # the target on each side, one side a rep
    overtime = bool(work and work.overtime)
    if overtime:
        progress = 1.0
    elif duration and remaining is not None:
        progress = min(1.0, max(0.0, (duration - remaining) / duration))
    elif reps is not None and reps_target:
        progress = min(1.0, reps / reps_target)
    else:
        progress = 0.0

    hold_number = holds = None
    if kind is Kind.REPEATED_HOLD and exercise.repeat is not None:
        holds = exercise.repeat.count
        done = work.hold if in_set and work is not None else 0
        hold_number = min(done + 1, holds)

    # A side belongs to a set: shown while one is coming, running or just stopped, never on a
    # check-in about the whole exercise or session.
    side: str | None = None
    if phase not in _SET_PHASES:
        side = None
    elif slot.side in ("left", "right"):
        side = slot.side
    elif slot.side == "alternating" and in_set:
        side = s._hold_side()
    elif slot.side == "alternating" and phase is not Phase.STOP_REASON:
        side = "left"  # the next set starts on the left

    question = texts.question(phase, exercise.name, diagnosed_leg=s.routine.diagnosed_leg_symptoms)
    return SessionView(
        phase=phase,
        paused=s.paused,
        status=s.status,
        exercise_index=s._index,
        exercise_count=len(s.routine.exercises),
        exercise=exercise,
        variant_name=exercise.variant.name,
        form_points=exercise.form_points,
        set_number=slot.set_number,
        sets=exercise.sets,
        side=side,
        target=target,
        unit=exercise.kind.unit,
        remaining=remaining,
        elapsed=elapsed,
        duration=duration,
        progress=progress,
        overtime=overtime,
        reps=reps,
        reps_target=reps_target,
        tempo_word=tempo_word,
        tempo_remaining=tempo_remaining,
        hold_number=hold_number,
        holds=holds,
        rest_remaining=remaining if phase is Phase.REST else None,
        next_text=next_text(session),
        last_text=s.last.get(exercise.id),
        verdict=s._verdict,
        question=question,
        options=_options(session),
        advice=advice(session),
        can_finish=in_set,
        can_count=phase is Phase.WORK and work is not None and kind in _COUNTED,
        can_mark_done=kind is Kind.ACTIVITY and phase in (Phase.LEAD_IN, Phase.WORK),
        can_adjust_rest=phase is Phase.REST,
        can_report_pain=phase in MID_EXERCISE,
        can_keep_going=phase is Phase.WORK and work is not None and kind is Kind.HOLD,
        keep_going=phase is Phase.WORK
        and work is not None
        and kind is Kind.HOLD
        and work.keep_going,
        can_start_counting=phase in _BEFORE_SET and kind in _COUNTED,
        back=s.back_target(),
    )


def _options(session: Session) -> tuple[Option, ...]:
    phase = session.phase
    if phase.is_pain_check:
        return texts.PAIN_OPTIONS
    if phase is Phase.STOP_REASON:
        return texts.STOP_OPTIONS
    if phase is Phase.RED_FLAG:
        return texts.RED_FLAG_OPTIONS
    if phase is Phase.PAIN_OVER_LIMIT:
        return session.choice_options()
    if phase is Phase.PAIN_BEFORE_HIGH:
        return session.pain_before_options()
    return ()


def _after_exercise(session: Session) -> str:
    index = session._index + 1
    if index < len(session.routine.exercises):
        return f"Next: {session.exercise_at(index).name}"
    return "Next: the end of the session"


def next_text(session: Session) -> str:
    """What comes after the current step, in a few words."""
    s = session
    phase = s._phase
    exercise = s.exercise_at(s._index)
    if phase is Phase.PAIN_BEFORE:
        return f"Next: {exercise.name}"
    if phase is Phase.PAIN_BEFORE_HIGH:
        return "Next: the summary, or the mobility routine"
    if phase in (Phase.LEAD_IN, Phase.SWITCH, Phase.REST):
        return f"Next: {s.slot_label(s._slot_index)}"
    if phase is Phase.RELAX and s._work is not None and exercise.repeat is not None:
        side = f", {s._hold_side()} side" if s._work.slot.side == "alternating" else ""
        return f"Next: hold {s._work.hold + 1} of {exercise.repeat.count}{side}"
    if phase in (Phase.WORK, Phase.STOP_REASON):
        following = s._slot_index + 1
        if following < len(s._slots):
            upcoming = s._slots[following]
            if upcoming.set_number == s._slots[s._slot_index].set_number:
                return f"Next: {exercise.name}, {upcoming.side} side"
            return f"Next: rest {format_duration(exercise.rest)}"
        return _after_exercise(s)
    if phase in (Phase.PAIN_EXERCISE, Phase.PAIN_OVER_LIMIT):
        if s._resume_at is not None and s._resume_at < len(s._slots):
            return f"Next: {s.slot_label(s._resume_at)}, after a rest"
        return _after_exercise(s)
    if phase is Phase.PAIN_AFTER:
        return "Next: one last question"
    if phase is Phase.RED_FLAG:
        return "Next: the summary"
    return ""


def advice(session: Session) -> tuple[str, ...]:
    """Notes for the summary: the red flag, and pain after the session above the limit."""
    notes: list[str] = []
    if session.red_flag:
        notes.append(texts.RED_FLAG_ADVICE)
    limit = session.pain_limit()
    for entry in session.pains:
        if entry.when == "before" and session.pain_before_choice == "stop":
            notes.append(texts.pain_before_advice(entry.value, limit))
        if entry.when == "after" and entry.value > limit:
            notes.append(texts.pain_after_advice(entry.value, limit))
    return tuple(notes)
