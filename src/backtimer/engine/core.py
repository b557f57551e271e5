"""The engine's core: session state, catching up with the clock, entering phases, logging sets.

Every timed phase has a deadline on the injected monotonic clock; `_run` processes each boundary
that has passed, in order and at its exact moment, however late it is called, and plans each
phase's cues as "seconds left" thresholds. `SessionFlow` (in `flow.py`) moves from one phase to
the next; `Session` (in `session.py`) adds the public actions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from backtimer.domain.pain import pain_limit
from backtimer.domain.routine import Exercise, Kind, Routine
from backtimer.domain.vocabulary import PainBeforeChoice, Side, Status
from backtimer.engine import texts
from backtimer.engine.events import (
    STALE_S,
    ChoiceEntry,
    Cue,
    CueKind,
    Event,
    LoggedSet,
    PainEntry,
    Phase,
    PhaseChanged,
    SetLogged,
    Settings,
)
from backtimer.engine.work import Slot, Work, plan_slots

Clock = Callable[[], float]

_MAX_STEPS = 1_000_000
"""Boundaries one catch-up may process; far more than any real session has."""


class SessionCore:
    """State and phase flow shared by every action; see `Session` for the public API."""

    def __init__(
        self,
        routine: Routine,
        clock: Clock,
        *,
        settings: Settings | None = None,
        targets: Mapping[str, float] | None = None,
        last: Mapping[str, str] | None = None,
        pain_before: int | None = None,
    ) -> None:
        # The warm-up is the session's first step: the flow, the view and the logging see one
        # list of exercises, and each logged set says whether it was the warm-up.
        self.routine = (
            routine
            if routine.warmup is None
            else dataclasses.replace(routine, exercises=routine.session_exercises, warmup=None)
        )
        self.settings = settings or Settings()
        self.targets: dict[str, float] = dict(targets or {})
        """Target per exercise id; starts as given, and `shorten` lowers one."""
        self.last: dict[str, str] = dict(last or {})
        self.pains: list[PainEntry] = []
        self.choices: list[ChoiceEntry] = []
        self.red_flag: bool | None = None
        self.sleeps: list[tuple[float, float]] = []
        """(moment, seconds) of each time the computer slept during the session (`suspended`)."""
        self.status: Status = "in_progress"
        self._clock = clock
        self._now = clock()
        self.started_at: float = self._now
        self.ended_at: float | None = None
        self._records: dict[int, LoggedSet] = {}
        self._next_id = 1
        self._variants: dict[str, str] = {}
        self._outbox: list[Event] = []
        self._paused_at: float | None = None
        self._phase = Phase.PAIN_BEFORE
        self._phase_start = self._now
        self._phase_paused = 0.0
        self._deadline: float | None = None
        self._duration: float | None = None
        self._plan: list[tuple[float, Cue]] = []
        self._index = 0
        self._slots: list[Slot] = plan_slots(self.exercise_at(0), self.settings.affected_leg)
        self._slot_index = 0
        self._pass_base = 0
        self._pass_bases: dict[str, int] = {}
        """Per exercise id: the set number its latest pass numbered on from."""
        self._pass_records: list[int] = []
        self._work: Work | None = None
        self._awaiting_reason: list[int] = []
        self._over_limit_pain = 0
        self._resume_at: int | None = None
        """After a pain check-in during an exercise: the slot to go on from (None at its end)."""
        self.pain_before_choice: PainBeforeChoice | None = None
        """What was chosen when pain before the session was over the limit."""
        self._ending_early = False
        self._verdict: str | None = None
        self._enter(Phase.PAIN_BEFORE, self._now)
        if pain_before is not None:
            # Rated already, for the session this one replaces (mobility only): go straight on.
            self.pains.append(PainEntry("before", pain_before, None, self._now))
            self._start_exercise(0, self._now)

    def _start_exercise(self, index: int, at: float, *, again: bool = False) -> None:
        raise NotImplementedError

    # ----------------------------------------------------------------- reading

    @property
    def phase(self) -> Phase:
        """The current phase."""
        return self._phase

    @property
    def paused(self) -> bool:
        """Whether the session is paused."""
        return self._paused_at is not None

    @property
    def records(self) -> list[LoggedSet]:
        """Every logged set, latest version of each, in the order they were logged."""
        return list(self._records.values())

    def exercise_at(self, index: int) -> Exercise:
        """Exercise `index` as this session runs it: with any regression applied."""
        exercise = self.routine.exercises[index]
        variant_id = self._variants.get(exercise.id)
        return dataclasses.replace(exercise, variant_id=variant_id) if variant_id else exercise

    def target_of(self, exercise: Exercise) -> float:
        """The target a set of `exercise` aims for in this session."""
        return self.targets.get(exercise.id, exercise.dose.target)

    def pain_limit(self, exercise: Exercise | None = None) -> int:
        """The one pain limit: the lowest of the settings', the routine's and the exercise's
        (every exercise's when none is given), never over the pain rule's 2."""
        exercises = (exercise,) if exercise is not None else self.routine.exercises
        return pain_limit(
            self.settings.pain_limit,
            self.routine.pain_limit,
            *(item.pain_limit for item in exercises),
        )

    # ------------------------------------------------------------ catching up

    def _begin(self) -> float:
        """Read the clock (or the pause moment) and catch up to it."""
        if self._paused_at is not None:
            self._now = self._paused_at
            return self._now
        self._now = self._clock()
        self._run(self._now)
        return self._now

    def _drain(self) -> list[Event]:
        """Hand over the events so far, after processing anything an action made due at once
        (a zero-second rest or side gap)."""
        if self._paused_at is None:
            self._run(self._now)
        events, self._outbox = self._outbox, []
        return events

    def _run(self, now: float) -> None:
        for _ in range(_MAX_STEPS):
            deadline = self._deadline
            if deadline is None:
                return
            until = min(now, deadline)
            while self._plan and deadline - self._plan[0][0] <= until:
                threshold, cue = self._plan.pop(0)
                self._say(cue.kind, cue.text, deadline - threshold)
            if deadline > now:
                return
            self._deadline = None
            self._plan = []
            self._on_deadline(deadline)
        raise RuntimeError("session clock ran away: too many boundaries in one catch-up")

    def _say(self, kind: CueKind, text: str, moment: float) -> None:
        if self._now - moment > STALE_S:
            return  # long past (the machine slept): process the boundary, skip the words
        self._outbox.append(Cue(kind, text, moment))

    def _enter(self, phase: Phase, at: float, duration: float | None = None) -> None:
        self._phase = phase
        self._phase_start = at
        self._phase_paused = 0.0
        self._duration = None if duration is None else max(0.0, duration)
        self._deadline = None if self._duration is None else at + self._duration
        self._plan = []
        self._outbox.append(PhaseChanged(phase, at))
        question = texts.question(
            phase,
            self.exercise_at(self._index).name,
            diagnosed_leg=self.routine.diagnosed_leg_symptoms,
        )
        if question is not None:
            self._say(CueKind.QUESTION, question, at)

    def _plan_cues(
        self,
        duration: float,
        *,
        halfway: bool,
        ten: bool,
        count: bool = True,
        reminder: str | None = None,
    ) -> None:
        """Plan the cues of a timed phase as "seconds left" thresholds, earliest first.

        `reminder` is a form point for a hold: said once, a third of the way in, when the hold
        is long enough and reminders are on.
        """
        settings = self.settings
        plan: list[tuple[float, Cue]] = []
        if reminder and settings.form_reminder and duration >= texts.REMINDER_FROM_S:
            plan.append((duration * 2 / 3, Cue(CueKind.REMINDER, texts.reminder(reminder))))
        with_halfway = halfway and settings.halfway and duration >= 10
        if with_halfway:
            plan.append((duration / 2, Cue(CueKind.HALFWAY, "Halfway")))
        # Skip "10 seconds left" when halfway is about the same moment (holds under ~25 s).
        close_to_halfway = with_halfway and abs(duration / 2 - 10) < 2.5
        if ten and settings.ten_seconds and duration >= 20 and not close_to_halfway:
            plan.append((10.0, Cue(CueKind.WARNING, "10 seconds left")))
        if count:
            for number in range(settings.countdown, 0, -1):
                if duration > number:
                    plan.append((float(number), Cue(CueKind.COUNT, str(number))))
        plan.sort(key=lambda item: -item[0])
        self._plan = plan

    def _on_deadline(self, at: float) -> None:
        """Move on when the current phase's deadline passes; `SessionFlow` says how."""
        raise NotImplementedError

    # --------------------------------------------------------- logging

    def _slot_side(self) -> Side:
        side = self._slots[self._slot_index].side
        return "left" if side == "left" else "right" if side == "right" else "both"

    def _hold_side(self) -> Side:
        """The side of the current hold or rep: alternating sides swap every hold (repeated
        holds) or every rep (reps), left first."""
        work = self._work
        if work is not None and work.slot.side == "alternating":
            turn = work.reps if self.exercise_at(self._index).kind is Kind.REPS else work.hold
            return "left" if turn % 2 == 0 else "right"
        return self._slot_side()

    def _reps_target(self, exercise: Exercise) -> int:
        """Reps that complete the set: the target, on each side when sides alternate per rep."""
        target = round(self.target_of(exercise))
        work = self._work
        return 2 * target if work is not None and work.slot.side == "alternating" else target

    def _log(
        self,
        side: Side,
        at: float,
        *,
        actual: float | None,
        reps: int | None,
        overtime: bool = False,
        untimed: bool = False,
        hold_s: float | None = None,
        holds: int | None = None,
        started: float | None = None,
    ) -> int:
        exercise = self.exercise_at(self._index)
        work = self._work
        assert work is not None
        set_number = self._pass_base + work.slot.set_number
        # A set done again (the back key) replaces the one logged for it: same id, same place.
        replaced = next(
            (
                r.id
                for r in self._records.values()
                if (r.exercise_id, r.set_number, r.side, r.warmup)
                == (exercise.id, set_number, side, exercise.warmup)
            ),
            None,
        )
        record = LoggedSet(
            id=self._next_id if replaced is None else replaced,
            exercise_id=exercise.id,
            exercise_name=exercise.name,
            kind=exercise.kind,
            variant_id=exercise.variant.id,
            side=side,
            set_number=set_number,
            target=self.target_of(exercise),
            unit="reps" if exercise.kind.unit == "reps" else "s",
            actual_s=None if actual is None else round(max(0.0, actual), 1),
            reps=reps,
            overtime=overtime,
            stop_reason=None,
            pain=None,
            untimed=untimed,
            warmup=exercise.warmup,
            started_at_mono=work.started if started is None else started,
            ended_at_mono=at,
            hold_s=None if hold_s is None else round(max(0.0, hold_s), 1),
            holds=holds,
        )
        if replaced is None:
            self._next_id += 1
        self._records[record.id] = record
        if record.id not in self._pass_records:
            self._pass_records.append(record.id)
        self._outbox.append(SetLogged(record, updated=replaced is not None))
        return record.id

    def _log_reps(self, at: float) -> list[int]:
        exercise = self.exercise_at(self._index)
        work = self._work
        assert work is not None
        if exercise.kind is Kind.REPS_TO_FAILURE and exercise.band is not None:
            self._verdict = texts.band_verdict(
                work.reps, exercise.band, easiest=texts.on_easiest_rung(exercise)
            )
        if work.slot.side == "alternating":
            # Left takes the odd reps, right the even ones; each side is its own record.
            counts = {"left": (work.reps + 1) // 2, "right": work.reps // 2}
            return self._log_sides(at, counts)
        elapsed = at - work.started - work.paused
        return [self._log(self._slot_side(), at, actual=elapsed, reps=work.reps)]

    def _log_repeated(self, at: float) -> list[int]:
        work = self._work
        assert work is not None
        if work.slot.side == "alternating":
            sides: list[Side] = [side for side in ("left", "right") if side in work.held]
        else:
            sides = [self._slot_side()]
        exercise = self.exercise_at(self._index)
        count = exercise.repeat.count if exercise.repeat else 1
        ids = []
        for side in sides or [self._hold_side()]:
            held, done = work.held.get(side, 0.0), work.holds.get(side, 0)
            cut = work.cut_short.get(side, 0.0)
            planned = count
            if work.slot.side == "alternating":  # left takes the first hold, then every other
                planned = (count + 1) // 2 if side == "left" else count // 2
            each = (held - cut) / done if done else cut
            # Alternating: each side's set ends with its own last hold, not both at the end.
            alternating = work.slot.side == "alternating"
            ended = work.ended.get(side, at) if alternating else at
            started = work.began.get(side) if alternating else None
            ids.append(
                self._log(
                    side,
                    ended,
                    actual=held,
                    reps=done,
                    hold_s=each,
                    holds=planned,
                    started=started,
                )
            )
        return ids

    def _log_sides(self, at: float, counts: Mapping[str, int]) -> list[int]:
        """One record per side of a set whose side alternated, each with its own time, count,
        start and end; a set stopped before its first hold or rep logs the side it was on."""
        work = self._work
        assert work is not None
        sides: list[Side] = [s for s in ("left", "right") if s in work.held or counts.get(s)]
        return [
            self._log(
                side,
                work.ended.get(side, at),
                actual=work.held.get(side, 0.0),
                reps=counts.get(side, 0),
                started=work.began.get(side),
            )
            for side in sides or [self._hold_side()]
        ]

    def _update(self, record_id: int, **changes: object) -> None:
        record = dataclasses.replace(self._records[record_id], **changes)  # type: ignore[arg-type]
        self._records[record_id] = record
        self._outbox.append(SetLogged(record, updated=True))
