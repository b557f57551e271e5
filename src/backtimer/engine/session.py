"""The session state machine: runs a routine by itself from a clock and a set of deadlines.

Every timed phase has a deadline on the injected monotonic clock; `advance()` processes each
boundary that has passed, in order and at its exact moment, however late it is called. Pausing
records when, and resuming pushes the deadline back by the paused time. A tick is never a duration.

Every public method returns the events it caused, in order. Actions that do not apply to the
current phase (a key pressed just as the phase changed) do nothing and return the catch-up events.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from backtimer.domain.routine import Kind
from backtimer.engine.core import Clock
from backtimer.engine.events import (
    CueKind,
    Event,
    Phase,
)
from backtimer.engine.health import (
    RED_FLAG_FIRST_NEW_QUESTION,
    RED_FLAG_FIRST_QUESTION,
    HealthQuestions,
)
from backtimer.engine.view import SessionView
from backtimer.engine.viewbuild import build_view
from backtimer.engine.work import TENSION_KINDS, Work

__all__ = ["Clock", "Session"]

_NO_RESTART = frozenset(
    (Phase.SUMMARY, Phase.PAIN_BEFORE, Phase.PAIN_BEFORE_HIGH, Phase.PAIN_OVER_LIMIT)
)
"""Phases in which back and jump start nothing: the session is over, or pain decides first."""

_WARMUP_PHASES = frozenset((Phase.LEAD_IN, Phase.WORK))
"""The phases of the warm-up that `Session.skip_warmup` skips; once it is done, the pain
question about it is answered (or skipped) like any other."""


class Session(HealthQuestions):
    """One run of a routine. Drive it with `advance()` and the action methods; draw `view()`.

    `Session(routine, clock, settings=..., targets=..., last=..., pain_before=...)`: `clock`
    returns monotonic seconds; `targets` overrides an exercise's target by id; `last` is how each
    exercise went last time, preformatted, shown as is; `pain_before`, when given, is the rating
    already taken before this session, which then starts with its first exercise.
    """

    def time_under_tension(self) -> float:
        """Seconds of timed strength work logged: holds, repeated holds and rep sets.

        Movement and activities (a walk) are not tension; untimed sets count nothing.
        """
        return round(
            sum(
                record.actual_s or 0.0
                for record in self._records.values()
                if record.kind in TENSION_KINDS and not record.untimed
            ),
            1,
        )

    def view(self) -> SessionView:
        """A snapshot for drawing. Reads the clock but never advances: call `advance()` first."""
        now = self._paused_at if self._paused_at is not None else self._clock()
        view = build_view(self, now)
        if self.asking_first:
            return dataclasses.replace(
                view,
                question=(
                    RED_FLAG_FIRST_NEW_QUESTION
                    if self.routine.diagnosed_leg_symptoms
                    else RED_FLAG_FIRST_QUESTION
                ),
                next_text=f"Next: {view.exercise.name}",
            )
        return view

    # ------------------------------------------------------------ time

    def advance(self) -> list[Event]:
        """Process every boundary and cue due by now, in order; return what happened."""
        self._begin()
        return self._drain()

    def toggle_pause(self) -> list[Event]:
        """Pause, or resume and push every running deadline back by the paused time."""
        if self._paused_at is None:
            now = self._begin()
            if self._phase is not Phase.SUMMARY:
                self._paused_at = now
            return self._drain()
        now = self._clock()
        paused_at, self._paused_at = self._paused_at, None
        gap = max(0.0, now - paused_at)
        if self._deadline is not None:
            self._deadline += gap
        # A phase or set entered while paused has not really begun: move its start instead.
        if self._phase_start >= paused_at:
            self._phase_start += gap
        else:
            self._phase_paused += gap
        if self._work is not None:
            if self._work.started >= paused_at:
                self._work.started += gap
            else:
                self._work.paused += gap
        self._begin()
        return self._drain()

    def suspended(self, seconds: float) -> list[Event]:
        """The computer slept for the last `seconds` (on this session's clock): log it, and pause
        the session as of the moment it fell asleep, so no hold, rest or countdown ran on
        unseen and unheard. Resuming goes on from where it was."""
        now = self._clock()
        since = min(now, max(self._now, now - seconds))
        if seconds <= 0 or self._phase is Phase.SUMMARY:
            return []
        self.sleeps.append((since, now - since))
        if self._paused_at is None:
            self._now = since
            self._run(since)
            if self.phase is not Phase.SUMMARY:  # the catch-up may have ended the session
                self._paused_at = since
        return self._drain()

    def adjust_rest(self, delta: float) -> list[Event]:
        """Lengthen or shorten the rest; below zero remaining, the rest ends now."""
        now = self._begin()
        if self._phase is not Phase.REST or self._deadline is None or self._duration is None:
            return self._drain()
        self._deadline = max(now, self._deadline + delta)
        self._duration = max(0.0, self._duration + delta)
        remaining = self._deadline - now
        # Cues still ahead of the new end are (re)planned; those now behind it are gone.
        self._plan_cues(self._duration, halfway=False, ten=True)
        self._plan = [(threshold, cue) for threshold, cue in self._plan if threshold < remaining]
        self._run(now)
        return self._drain()

    # ------------------------------------------------------------ the set

    def finish(self) -> list[Event]:
        """End the running set now and log it (early, in overtime, or a counted set)."""
        now = self._begin()
        if self._phase not in (Phase.WORK, Phase.RELAX) or self._work is None:
            return self._drain()
        exercise = self.exercise_at(self._index)
        ids, early = self._record_current(now, announce=True)
        if exercise.kind is Kind.REPS_TO_FAILURE:
            early = False
        self._end_set(now, ids, early=early)
        return self._drain()

    def set_keep_going(self, on: bool) -> list[Event]:
        """Turn keep-going on or off for the hold running now; the next hold starts as the
        settings say. Off during overtime ends the hold now."""
        now = self._begin()
        work = self._work
        exercise = self.exercise_at(self._index)
        if self._phase is not Phase.WORK or work is None or exercise.kind is not Kind.HOLD:
            return self._drain()
        work.keep_going = on
        if not on and work.overtime:
            ids, _ = self._record_current(now, announce=True)
            self._end_set(now, ids, early=False)
        return self._drain()

    def add_rep(self) -> list[Event]:
        """Count one more rep (with a metronome: correct its count). Before a counted set (its
        lead-in, the rest or the side switch) the set starts now, with this rep counted."""
        self._begin()
        counted = self.exercise_at(self._index).kind in (Kind.REPS, Kind.REPS_TO_FAILURE)
        if counted and self._phase in (Phase.LEAD_IN, Phase.SWITCH, Phase.REST):
            if self._phase is Phase.REST:
                self._say(CueKind.REST_OVER, "Rest over", self._now)
            self._start_work(self._now)
        return self._change_reps(+1)

    def remove_rep(self) -> list[Event]:
        """Count one rep fewer, never below zero."""
        return self._change_reps(-1)

    def mark_done(self) -> list[Event]:
        """Tick off an activity set as done at its target, without timing it."""
        now = self._begin()
        exercise = self.exercise_at(self._index)
        if exercise.kind is not Kind.ACTIVITY or self._phase not in (Phase.LEAD_IN, Phase.WORK):
            return self._drain()
        if self._work is None or self._phase is Phase.LEAD_IN:
            self._work = Work(self._slots[self._slot_index], started=now)
        self._plan = []
        self._say(CueKind.END, "Marked done", now)
        record_id = self._log(
            self._slot_side(), now, actual=self.target_of(exercise), reps=None, untimed=True
        )
        self._end_set(now, [record_id], early=False)
        return self._drain()

    # ------------------------------------------------------------ navigation

    def skip(self) -> list[Event]:
        """Skip the current step. During work: the rest of this exercise, logging nothing more."""
        now = self._begin()
        phase = self._phase
        if phase in (Phase.LEAD_IN, Phase.SWITCH, Phase.REST):
            self._start_work(now)
        elif phase is Phase.RELAX:
            self._start_hold(now)
        elif phase is Phase.WORK:
            self._work = None
            self._end_exercise(now)
        elif phase is Phase.STOP_REASON:
            self._awaiting_reason = []
            self._after_slot(now)
        elif phase is Phase.PAIN_BEFORE:
            self._start_exercise(0, now)
        elif phase is Phase.PAIN_EXERCISE and self._resume_at is not None:
            self._resume_sets(now)
        elif phase in (Phase.PAIN_EXERCISE, Phase.PAIN_OVER_LIMIT):
            # Over the limit, skipping the question stops the exercise: it never carries on.
            self._resume_at = None
            self._next_exercise(now)
        elif phase is Phase.PAIN_AFTER:
            self._skip_pain_after()
            self._enter(Phase.RED_FLAG, now)
        elif phase is Phase.RED_FLAG and self.asking_first:
            self._first_answer(None, now)
        elif phase is Phase.RED_FLAG:
            self._left_unanswered()
            self._finish(now)
        return self._drain()

    def back(self) -> list[Event]:
        """Go back one step: do a set again, or go to the previous exercise.

        During a set: that set starts again from its lead-in, and the unfinished try is not
        logged. In the rest or side switch after a set, or the lead-in of a set done again: the
        set before starts again from its lead-in. In the lead-in of an exercise's first set:
        the previous exercise starts again. A set done again replaces the one logged for it
        (same exercise, set number and side). Nothing happens at a check-in or the summary.
        """
        now = self._begin()
        target = self.back_target()
        if target == "set":
            slot = self._back_slot()
            assert slot is not None
            self._redo(slot, now)
        elif target == "exercise":
            self._ending_early = False
            self._start_exercise(self._index - 1, now, again=True)
        return self._drain()

    def back_target(self) -> Literal["set", "exercise"] | None:
        """What `back()` does now: do a set again, go to the previous exercise, or nothing."""
        if self._back_slot() is not None:
            return "set"
        before = self._index - 1
        if self._phase in (Phase.LEAD_IN, Phase.SWITCH, Phase.REST) and before >= 0:
            return None if self.stopped_for_pain(before) else "exercise"
        return None

    def stopped_for_pain(self, index: int) -> bool:
        """Whether exercise `index` was stopped today because pain went over the limit: the
        pain rule's "stop", so neither back nor go to starts it again in this session."""
        exercise_id = self.routine.exercises[index].id
        return any(
            c.exercise_id == exercise_id and c.choice == "stop_exercise" for c in self.choices
        )

    def _back_slot(self) -> int | None:
        """The slot `back()` does again: the one running, else the one before the next."""
        if self._phase in (Phase.WORK, Phase.RELAX):
            return self._slot_index
        if self._phase in (Phase.LEAD_IN, Phase.SWITCH, Phase.REST) and self._slot_index > 0:
            return self._slot_index - 1
        return None

    def jump(self, index: int) -> list[Event]:
        """Go to the start of exercise `index` (0-based). Logged sets are kept."""
        if not 0 <= index < len(self.routine.exercises):
            raise IndexError(f"no exercise {index}; the routine has {len(self.routine.exercises)}")
        now = self._begin()
        # Pain over the limit (before the session, or waiting for a choice): the exercise does
        # not start again at full dose behind the question's back.
        if self.stopped_for_pain(index):
            return self._drain()
        if self._phase not in _NO_RESTART or self._phase is Phase.PAIN_BEFORE:
            self._ending_early = False
            self._start_exercise(index, now)
        return self._drain()

    @property
    def in_warmup(self) -> bool:
        """Whether the warm-up is under way: its lead-in or its movement."""
        return self.exercise_at(self._index).warmup and self._phase in _WARMUP_PHASES

    def skip_warmup(self) -> list[Event]:
        """Skip the warm-up and go on to the first exercise; the skipped part is not logged."""
        now = self._begin()
        if self.in_warmup:
            self._work = None
            self._next_exercise(now)
        return self._drain()

    def quit(self) -> list[Event]:
        """End the session now (`ended_early`), keeping every record and the set in progress."""
        now = self._begin()
        if self._phase is not Phase.SUMMARY:
            if self._phase in (Phase.WORK, Phase.RELAX) and self._work is not None:
                self._record_current(now, announce=False)
            self._work = None
            self._ending_early = True
            self._left_unanswered()
            self._finish(now)
        return self._drain()

    def wrap_up(self) -> list[Event]:
        """Stop training now but still ask the closing questions (pain after, red flag)."""
        now = self._begin()
        if self._phase in (Phase.SUMMARY, Phase.PAIN_AFTER, Phase.RED_FLAG):
            return self._drain()
        if self._phase in (Phase.WORK, Phase.RELAX) and self._work is not None:
            self._record_current(now, announce=False)
        self._work = None
        self._ending_early = True
        self._enter(Phase.PAIN_AFTER, now)
        return self._drain()

    # ------------------------------------------------------------ questions

    def answer(self, value: str) -> list[Event]:
        """Answer whatever question is showing with one of its options' `value`."""
        phase = self._phase
        if phase.is_pain_check:
            if not value.isdigit():
                raise ValueError(f"expected a pain rating from 0 to 10, got {value!r}")
            return self.answer_pain(int(value))
        if phase is Phase.STOP_REASON:
            return self.answer_stop(value)
        if phase is Phase.PAIN_OVER_LIMIT:
            return self.choose(value)
        if phase is Phase.PAIN_BEFORE_HIGH:
            return self.choose_before(value)
        if phase is Phase.RED_FLAG:
            if value not in ("yes", "no"):
                raise ValueError(f"expected 'yes' or 'no', got {value!r}")
            return self.answer_red_flag(value == "yes")
        return self.advance()

    def answer_red_flag(self, yes: bool) -> list[Event]:
        """Pain, tingling or numbness going down a leg? Recorded; the summary follows."""
        now = self._begin()
        if self._phase is Phase.RED_FLAG and self.asking_first:
            self._first_answer(yes, now)
        elif self._phase is Phase.RED_FLAG:
            self.red_flag = yes
            self._finish(now)
        return self._drain()
