"""The phase flow: what follows each deadline, each set and each exercise, up to the summary.

Each step enters the next phase at the exact moment the previous one ended (see `core.py` for
how deadlines are caught up with) and says the cues that go with it.
"""

from __future__ import annotations

from backtimer.domain.formatting import format_reps, spoken_duration
from backtimer.domain.routine import Kind, Sides
from backtimer.domain.speech import lead_in_needed
from backtimer.engine import texts
from backtimer.engine.core import SessionCore
from backtimer.engine.events import CueKind, Event, Phase, SessionEnded
from backtimer.engine.work import TIMED_KINDS, Work, plan_slots, tempo_beats


class SessionFlow(SessionCore):
    """Moves a session through its phases; `Session` adds the actions a user takes."""

    def _on_deadline(self, at: float) -> None:
        phase = self._phase
        if phase in (Phase.LEAD_IN, Phase.SWITCH):
            self._start_work(at)
        elif phase is Phase.REST:
            self._say(CueKind.REST_OVER, "Rest over", at)
            self._start_work(at)
        elif phase is Phase.RELAX:
            self._start_hold(at)
        elif phase is Phase.WORK:
            self._work_deadline(at)

    def _start_exercise(self, index: int, at: float, *, again: bool = False) -> None:
        """Start exercise `index` from its lead-in. Its sets are numbered on from any logged
        before; `again` (going back to it) numbers them as its latest pass did, so each set
        done replaces the one logged for it."""
        self._index = index
        exercise = self.exercise_at(index)
        self._slots = plan_slots(exercise, self.settings.affected_leg)
        self._slot_index = 0
        if again and exercise.id in self._pass_bases:
            self._pass_base = self._pass_bases[exercise.id]
        else:
            self._pass_base = max(
                (r.set_number for r in self._records.values() if r.exercise_id == exercise.id),
                default=0,
            )
        self._pass_bases[exercise.id] = self._pass_base
        self._pass_records = []
        self._work = None
        self._awaiting_reason = []
        self._verdict = None
        self._resume_at = None
        first = self._slots[0].side
        first_side = "left" if first in ("left", "alternating") else None
        only_leg = (
            first if exercise.sides is Sides.AFFECTED and first in ("left", "right") else None
        )
        settings = self.settings
        lead_in = exercise.lead_in if settings.lead_in is None else settings.lead_in
        text = texts.announce(exercise, first_side, only_leg=only_leg, position=lead_in > 0)
        if lead_in > 0 and settings.speech_wpm is not None:
            # Spoken words are never cut off by the count, nor the count dropped behind them.
            needed = lead_in_needed(text, settings.countdown, settings.speech_wpm)
            lead_in = max(lead_in, needed)
        self._enter(Phase.LEAD_IN, at, lead_in)
        self._say(CueKind.ANNOUNCE, text, at)
        self._plan_cues(lead_in, halfway=False, ten=False)

    def _redo(self, slot: int, at: float) -> None:
        """Start slot `slot` of this pass again from a lead-in; nothing of a set running is
        logged, and the set done replaces the one logged for that slot."""
        exercise = self.exercise_at(self._index)
        self._slot_index = slot
        self._work = None
        self._awaiting_reason = []
        self._resume_at = None
        self._verdict = None
        lead_in = self.settings.lead_in
        lead_in = exercise.lead_in if lead_in is None else lead_in
        self._enter(Phase.LEAD_IN, at, lead_in)
        self._say(CueKind.ANNOUNCE, texts.again(self.slot_label(slot)), at)
        self._plan_cues(lead_in, halfway=False, ten=False)

    def slot_label(self, index: int) -> str:
        """`Static hold, set 2 of 3, right side`: slot `index` of the current pass."""
        exercise = self.exercise_at(self._index)
        slot = self._slots[index]
        parts = [exercise.name]
        if exercise.sets > 1:
            parts.append(f"set {slot.set_number} of {exercise.sets}")
        if slot.side in ("left", "right"):
            parts.append(f"{slot.side} side")
        return ", ".join(parts)

    def _start_work(self, at: float) -> None:
        exercise = self.exercise_at(self._index)
        self._work = Work(
            self._slots[self._slot_index], started=at, keep_going=self.settings.keep_going
        )
        kind = exercise.kind
        if kind in TIMED_KINDS:
            target = self.target_of(exercise)
            self._enter(Phase.WORK, at, target)
            self._say(CueKind.START, texts.start_word(kind), at)
            point = texts.reminder_point(exercise) if kind is Kind.HOLD else None
            self._plan_cues(target, halfway=True, ten=True, reminder=point)
        elif kind is Kind.REPEATED_HOLD:
            self._start_hold(at)
        elif kind is Kind.REPS and exercise.tempo is not None:
            self._enter(Phase.WORK, at)
            self._start_beat(0, at)
        else:
            self._enter(Phase.WORK, at)
            self._say(CueKind.START, "Go", at)

    def _start_hold(self, at: float) -> None:
        exercise = self.exercise_at(self._index)
        target = self.target_of(exercise)
        self._enter(Phase.WORK, at, target)
        text = "Hold"
        if self._work is not None and self._work.slot.side == "alternating":
            side = self._hold_side()
            self._work.began.setdefault(side, at)
            text = f"Hold, {side} side"
        self._say(CueKind.HOLD, text, at)
        self._plan_cues(target, halfway=False, ten=False, reminder=texts.reminder_point(exercise))

    def _start_beat(self, beat: int, at: float) -> None:
        exercise = self.exercise_at(self._index)
        assert exercise.tempo is not None and self._work is not None
        word, seconds = tempo_beats(exercise.tempo)[beat]
        self._work.beat = beat
        self._deadline = at + seconds
        if beat == 0 and self._work.slot.side == "alternating":
            # Every rep changes side (bird-dog): each rep says which.
            side = self._hold_side()
            self._work.began.setdefault(side, at)
            word = f"{word}, {side} side"
        self._say(CueKind.TEMPO, word, at)
        # Lowering is counted down out loud; the other beats are just named.
        self._plan_cues(seconds, halfway=False, ten=False, count=word == "Lower")

    def _work_deadline(self, at: float) -> None:
        exercise = self.exercise_at(self._index)
        work = self._work
        assert work is not None
        kind = exercise.kind
        if kind in TIMED_KINDS:
            if kind is Kind.HOLD and work.keep_going and not work.overtime:
                work.overtime = True
                self._say(CueKind.TARGET, "Target reached. Keep going if you can", at)
                return
            self._say(CueKind.END, "Done", at)
            elapsed = at - work.started - work.paused
            record_id = self._log(self._slot_side(), at, actual=elapsed, reps=None)
            self._end_set(at, [record_id], early=False)
        elif kind is Kind.REPEATED_HOLD:
            side = self._hold_side()
            work.held[side] = work.held.get(side, 0.0) + self.target_of(exercise)
            work.holds[side] = work.holds.get(side, 0) + 1
            work.ended[side] = at
            work.hold += 1
            count = exercise.repeat.count if exercise.repeat else 1
            if work.hold < count:
                relax = exercise.repeat.relax if exercise.repeat else 0.0
                self._enter(Phase.RELAX, at, relax)
                self._say(CueKind.RELAX, "Relax", at)
            else:
                self._say(CueKind.END, "Done", at)
                self._end_set(at, self._log_repeated(at), early=False)
        elif exercise.tempo is not None:
            beats = tempo_beats(exercise.tempo)
            if work.beat + 1 < len(beats):
                self._start_beat(work.beat + 1, at)
                return
            if work.slot.side == "alternating":
                side = self._hold_side()
                work.held[side] = work.held.get(side, 0.0) + sum(s for _, s in beats)
                work.ended[side] = at
            work.reps += 1
            if work.reps >= self._reps_target(exercise):
                self._complete_reps(at)
            else:
                self._start_beat(0, at)

    def _complete_reps(self, at: float) -> None:
        assert self._work is not None
        self._deadline = None
        self._plan = []
        self._say(CueKind.END, "Done", at)
        self._end_set(at, self._log_reps(at), early=False)

    def _change_reps(self, delta: int) -> list[Event]:
        now = self._begin()
        exercise = self.exercise_at(self._index)
        work = self._work
        counted = exercise.kind in (Kind.REPS, Kind.REPS_TO_FAILURE)
        if self._phase is not Phase.WORK or work is None or not counted:
            return self._drain()
        work.reps = max(0, work.reps + delta)
        if exercise.tempo is not None and work.reps >= self._reps_target(exercise):
            self._complete_reps(now)
        return self._drain()

    def _record_current(self, now: float, *, announce: bool) -> tuple[list[int], bool]:
        """Log the set in progress as it stands; return its record ids and whether it fell short."""
        exercise = self.exercise_at(self._index)
        work = self._work
        assert work is not None
        self._deadline = None
        self._plan = []
        elapsed = now - work.started - work.paused
        kind = exercise.kind
        target = self.target_of(exercise)
        if kind in TIMED_KINDS:
            if announce:
                verb = "Done" if work.overtime else "Stopped at"
                self._say(CueKind.END, f"{verb} {spoken_duration(elapsed)}", now)
            ids = [
                self._log(self._slot_side(), now, actual=elapsed, reps=None, overtime=work.overtime)
            ]
            return ids, not work.overtime and elapsed < target
        if kind is Kind.REPEATED_HOLD:
            if self._phase is Phase.WORK:
                side = self._hold_side()
                partial = now - self._phase_start - self._phase_paused
                work.held[side] = work.held.get(side, 0.0) + partial
                work.cut_short[side] = partial
                work.ended[side] = now
            if announce:
                self._say(CueKind.END, "Stopped", now)
            count = exercise.repeat.count if exercise.repeat else 1
            return self._log_repeated(now), work.hold < count
        if announce:
            said = format_reps(work.reps)
            if kind is Kind.REPS_TO_FAILURE and exercise.band is not None:
                easiest = texts.on_easiest_rung(exercise)
                said += f": {texts.band_verdict(work.reps, exercise.band, easiest=easiest)}"
            self._say(CueKind.END, said, now)
        return self._log_reps(now), work.reps < self._reps_target(exercise)

    def _end_set(self, at: float, record_ids: list[int], *, early: bool) -> None:
        self._work = None
        if early:
            self._awaiting_reason = record_ids
            self._enter(Phase.STOP_REASON, at)
        else:
            self._after_slot(at)

    def _after_slot(self, at: float) -> None:
        exercise = self.exercise_at(self._index)
        if self._slot_index + 1 >= len(self._slots):
            self._end_exercise(at)
            return
        previous = self._slots[self._slot_index]
        self._slot_index += 1
        upcoming = self._slots[self._slot_index]
        if upcoming.set_number == previous.set_number:
            self._enter(Phase.SWITCH, at, exercise.side_gap)
            self._say(CueKind.SWITCH, f"Switch sides: {upcoming.side} side", at)
            self._plan_cues(exercise.side_gap, halfway=False, ten=False)
        else:
            self._enter(Phase.REST, at, exercise.rest)
            if exercise.rest > 0:
                text = texts.rest(exercise.rest, self.slot_label(self._slot_index))
                self._say(CueKind.REST, text, at)
            self._plan_cues(exercise.rest, halfway=False, ten=True)

    def _resume_sets(self, at: float) -> None:
        """Go on with this exercise after a pain check-in during it: a rest, then the next set."""
        assert self._resume_at is not None
        self._slot_index, self._resume_at = self._resume_at, None
        if self._slot_index >= len(self._slots):
            self._next_exercise(at)
            return
        exercise = self.exercise_at(self._index)
        lead_in = self.settings.lead_in
        rest = max(exercise.rest, exercise.lead_in if lead_in is None else lead_in)
        self._enter(Phase.REST, at, rest)
        if rest > 0:
            self._say(CueKind.REST, texts.rest(rest, self.slot_label(self._slot_index)), at)
        self._plan_cues(rest, halfway=False, ten=True)

    def _end_exercise(self, at: float) -> None:
        if self._pass_records:
            self._enter(Phase.PAIN_EXERCISE, at)
        else:
            self._next_exercise(at)

    def _next_exercise(self, at: float) -> None:
        if self._index + 1 < len(self.routine.exercises):
            self._start_exercise(self._index + 1, at)
        else:
            self._enter(Phase.PAIN_AFTER, at)

    def _finish(self, at: float) -> None:
        self.status = "ended_early" if self._ending_early else "completed"
        self.ended_at = at
        self._work = None
        self._enter(Phase.SUMMARY, at)
        text = "Session complete" if self.status == "completed" else "Session ended"
        self._say(CueKind.FINISHED, text, at)
        self._outbox.append(SessionEnded(self.status))
