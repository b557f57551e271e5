"""What the workout screen shows for a moment of a session, worked out from the engine's view.

Words, the clock's figures, the answers a check-in takes and the keys that apply: all pure, so
the screen only draws them, and each can be checked without a terminal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from backtimer.domain.formatting import format_amount, format_duration
from backtimer.domain.routine import Kind
from backtimer.engine import Phase, SessionView

PHASE_WORDS = {
    Phase.PAIN_BEFORE: "CHECK-IN",
    Phase.LEAD_IN: "GET INTO POSITION",
    Phase.RELAX: "RELAX",
    Phase.SWITCH: "SWITCH SIDES",
    Phase.REST: "REST",
    Phase.STOP_REASON: "WHY DID YOU STOP?",
    Phase.PAIN_EXERCISE: "CHECK-IN",
    Phase.PAIN_OVER_LIMIT: "PAIN ABOVE YOUR LIMIT",
    Phase.PAIN_BEFORE_HIGH: "PAIN ABOVE YOUR LIMIT",
    Phase.PAIN_AFTER: "CHECK-IN",
    Phase.RED_FLAG: "CHECK-IN",
    Phase.SUMMARY: "SESSION DONE",
}
WORK_WORDS = {
    Kind.HOLD: "HOLD",
    Kind.REPS: "REPS",
    Kind.REPS_TO_FAILURE: "REPS TO FAILURE",
    Kind.REPEATED_HOLD: "HOLD",
    Kind.MOVEMENT: "MOVE",
    Kind.ACTIVITY: "GO",
}
PAIN_KEYS = [str(n) for n in range(10)]
TEN_KEY = "t"
"""Pain 10 has its own key, so every rating stays one keystroke."""


@dataclass(frozen=True)
class Answer:
    """One answer: what to send back, its label, and the key that picks it."""

    value: str
    label: str
    key: str


# --- time ----------------------------------------------------------------------------------------


def clock_text(seconds: float) -> str:
    """`0:45`, `1:05`, `1:02:03`: whole seconds, rounded up while counting down."""
    total = max(0, math.ceil(seconds - 1e-6))
    minutes, secs = divmod(total, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def until_next_change(value: float, *, counting_down: bool) -> float:
    """Seconds until the whole-second display of `value` changes."""
    fraction = value - math.floor(value)
    if counting_down:
        return fraction if fraction > 1e-3 else 1.0
    return 1.0 - fraction if fraction < 1 - 1e-3 else 1.0


def next_redraw(view: SessionView, speed: float) -> float | None:
    """Real seconds until something on show changes by itself; None when only a key can."""
    if view.paused or view.phase is Phase.SUMMARY:
        return None
    delays: list[float] = []
    if view.remaining is not None:
        delays.append(until_next_change(view.remaining, counting_down=True))
    if view.tempo_remaining is not None:
        delays.append(until_next_change(view.tempo_remaining, counting_down=True))
    if view.phase is Phase.WORK and view.elapsed is not None and view.remaining is None:
        delays.append(until_next_change(view.elapsed, counting_down=False))
    if not delays:
        return None  # waiting for an answer: nothing changes until a key is pressed
    return max(0.001, min(delays) / speed + 0.002)


def timeless(view: SessionView) -> SessionView:
    """`view` without the values that change as time passes: equal for two moments of one step."""
    return replace(
        view,
        remaining=None,
        elapsed=None,
        progress=0.0,
        tempo_remaining=None,
        rest_remaining=None,
    )


# --- words ---------------------------------------------------------------------------------------


def where_text(view: SessionView) -> str:
    """`Exercise 2 of 4 · Set 1 of 3 · LEFT SIDE`."""
    parts = [f"Exercise {view.exercise_index + 1} of {view.exercise_count}"]
    if view.sets > 1:
        parts.append(f"Set {view.set_number} of {view.sets}")
    if view.side is not None:
        parts.append(f"{view.side.upper()} SIDE")
    return " · ".join(parts)


def phase_text(view: SessionView) -> str:
    """The banner over the clock: what to do now."""
    if view.paused:
        return "PAUSED · space to resume"
    if view.phase is Phase.WORK:
        if view.tempo_word is not None and view.tempo_remaining is not None:
            return f"{view.tempo_word} {math.ceil(view.tempo_remaining - 1e-6)}"
        word = WORK_WORDS[view.exercise.kind]
        if view.overtime:
            return "TARGET REACHED · KEEP GOING · Enter to stop"
        if view.keep_going:
            word += " · KEEP GOING ON: past the target until Enter"
        if view.hold_number is not None and view.holds is not None:
            return f"{word} {view.hold_number} of {view.holds}"
        return word
    if view.phase is Phase.RELAX and view.hold_number is not None and view.holds is not None:
        return f"RELAX · next hold {view.hold_number} of {view.holds}"
    return PHASE_WORDS.get(view.phase, view.phase.value.upper())


def clock_value(view: SessionView) -> str:
    """What the big digits show: the time left or taken, the reps, or nothing."""
    if view.phase.is_question or view.phase is Phase.SUMMARY:
        return ""
    if view.phase is Phase.WORK and view.reps is not None:
        return str(view.reps)
    if view.overtime and view.elapsed is not None:
        return "+" + clock_text(max(0.0, view.elapsed - view.target))
    if view.remaining is not None:
        return clock_text(view.remaining)
    if view.elapsed is not None:
        return clock_text(view.elapsed)
    return ""


def target_text(view: SessionView) -> str:
    """`Target 30 s · pad high · Last time 25 s, pain 1`."""
    if view.phase is Phase.SUMMARY or view.phase.is_question:
        return ""
    parts = [f"Target {format_amount(view.target, view.unit)}"]
    if view.variant_name and view.variant_name != "standard":
        parts.append(view.variant_name)
    if view.last_text:
        parts.append(f"Last time {view.last_text}")
    if view.verdict:
        parts.append(view.verdict)
    return " · ".join(parts)


def question_text(view: SessionView, pain_limit: int) -> str:
    """The check-in on show, with how to answer a pain question."""
    question = view.question or ""
    if view.phase.is_pain_check:
        question += f"\nOne key: 0–9, or t for 10.  Up to {pain_limit} counts as fine."
    return question


def answers_for(view: SessionView) -> list[Answer]:
    """The answers the check-in on show takes, each with its one key."""
    if view.phase.is_pain_check:
        keys = [*PAIN_KEYS, TEN_KEY]
        return [Answer(str(n), str(n), keys[n]) for n in range(11)]
    if view.phase is Phase.RED_FLAG:
        return [
            Answer(option.value, option.label, "y" if index == 0 else "n")
            for index, option in enumerate(view.options)
        ]
    return [
        Answer(option.value, option.label, str(index + 1))
        for index, option in enumerate(view.options)
    ]


def summary_text(
    view: SessionView,
    *,
    completed: bool,
    tension: float,
    sets_done: bool = True,
    checkins: Sequence[str] = (),
) -> str:
    """The lines under the summary table: how it ended, the check-ins, advice, how to leave."""
    lines = [f"Session {'completed' if completed else 'ended early'}."]
    if not sets_done:
        lines[0] += " No sets were done."
    if tension:  # mobility and walks are not tension: "0 s" would read as nothing done
        lines[0] += f" Time under tension {format_duration(tension)}."
    lines += checkins
    lines += list(view.advice)
    lines.append("Press Enter or q to finish.")
    return "\n".join(lines)


def skip_question(view: SessionView) -> str:
    """What ending at the closing check-ins asks first: they are saved as skipped."""
    leg = (
        "The leg question is saved as skipped (not a no) and asked before the next session starts."
    )
    if view.phase is Phase.PAIN_AFTER:
        return f"End without the last two questions? Pain after is saved as skipped. {leg}"
    return f"End without answering? {leg}"


# --- keys ----------------------------------------------------------------------------------------


def key_facts(view: SessionView) -> tuple[object, ...]:
    """What `key_state` reads from a view: when it changes, the keys on show may change."""
    return (
        view.phase,
        view.exercise_index,
        view.can_finish,
        view.can_count,
        bool(view.reps),
        view.can_start_counting,
        view.can_adjust_rest,
        view.can_mark_done,
        view.can_report_pain,
        view.can_keep_going,
        view.keep_going,
        view.back,
    )


def key_state(
    action: str,
    view: SessionView,
    *,
    save_problem: bool,
    parameters: tuple[object, ...] = (),
) -> bool:
    """Whether a workout key acts now. A key that would do nothing is not shown at all, so the
    footer lists exactly the keys that act in this phase."""
    phase = view.phase
    question = phase.is_question
    summary = phase is Phase.SUMMARY
    if action == "finish":
        return view.can_finish
    if action == "leave":
        return summary
    if action == "add_rep":
        return view.can_count or view.can_start_counting
    if action == "remove_rep":
        return view.can_count and bool(view.reps)
    if action == "rest":
        return view.can_adjust_rest
    if action == "mark_done":
        return view.can_mark_done
    if action == "report_pain":
        return view.can_report_pain
    if action == "keep_going":
        # Two keys share `k`: "Keep going" while it is off, "Stop at target" while it is on.
        return view.can_keep_going and bool(parameters and parameters[0]) != view.keep_going
    if action == "back":
        return view.back is not None and (not parameters or parameters[0] == view.back)
    if action in ("retry_save", "save_elsewhere"):
        return save_problem
    if action in ("toggle_pause", "skip", "jump"):
        return not (question or summary)
    return True
