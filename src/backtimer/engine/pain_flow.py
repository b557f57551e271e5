"""Pain check-ins and what pain over the limit does, at once.

The program's pain rule: 0/10, or at most 1–2/10, during and after an exercise; above that the
exercise is too much today: shorten, regress or stop. So over the limit during an exercise the
session offers to shorten the rest of it, switch the rest of it to the easier variant, stop it, or
end the session, and applies the choice to the sets still to come. There is no "carry on".

Pain can be rated during an exercise (the pain key, or "pain" as the reason a set stopped early)
as well as at its end. Before the session, pain over the limit starts nothing that loads the back
(new or acute pain is reduced first): the choices are the mobility routine only, or stop.
"""

from __future__ import annotations

from backtimer.domain.pain import loads_the_back, shortened
from backtimer.domain.routine import Exercise, Kind, Variant
from backtimer.domain.vocabulary import (
    PAIN_BEFORE_CHOICES,
    PAIN_CHOICES,
    STOP_REASONS,
    PainBeforeChoice,
    PainChoiceKind,
    StopReason,
)
from backtimer.engine import texts
from backtimer.engine.events import MID_EXERCISE, ChoiceEntry, Event, PainEntry, Phase
from backtimer.engine.flow import SessionFlow
from backtimer.engine.view import Option
from backtimer.engine.work import plan_slots


class PainFlow(SessionFlow):
    """The pain check-ins and the choices pain over the limit offers."""

    # ------------------------------------------------------------ reading

    def sets_left(self) -> int:
        """Sets of this exercise still to come after a pain check-in during it (0 at its end)."""
        if self._resume_at is None:
            return 0
        return len({slot.set_number for slot in self._slots[self._resume_at :]})

    def offered_choices(self) -> tuple[PainChoiceKind, ...]:
        """What the pain-over-limit question offers now: only what can still apply."""
        exercise = self.exercise_at(self._index)
        offered: list[PainChoiceKind] = []
        if self.sets_left():
            if self._shorter(exercise) is not None:
                offered.append("shorten")
            if self._easier(exercise) is not None:
                offered.append("regress")
        elif self._index + 1 >= len(self.routine.exercises):
            # The last set of the last exercise: stopping it and ending are the same.
            return ("stop_exercise",)
        offered += ["stop_exercise", "end"]
        return tuple(choice for choice in PAIN_CHOICES if choice in offered)

    def choice_options(self) -> tuple[Option, ...]:
        """The pain-over-limit answers, each labelled with what it does to this exercise."""
        exercise = self.exercise_at(self._index)
        labels: dict[PainChoiceKind, str] = {}
        shorter = self._shorter(exercise)
        if shorter is not None:
            labels["shorten"] = texts.shorten_label(
                exercise.kind, self.target_of(exercise), shorter
            )
        easier = self._easier(exercise)
        if easier is not None:
            labels["regress"] = texts.regress_label(easier.name)
        following = self._index + 1
        next_name = (
            self.exercise_at(following).name if following < len(self.routine.exercises) else None
        )
        labels["stop_exercise"] = texts.stop_exercise_label(self.sets_left(), next_name)
        labels["end"] = texts.END_LABEL
        return tuple(Option(choice, labels[choice]) for choice in self.offered_choices())

    def pain_before_options(self) -> tuple[Option, ...]:
        """The answers when pain before the session is over the limit."""
        gentle = not loads_the_back(self.routine)
        return tuple(
            Option(choice, texts.pain_before_label(choice, gentle=gentle))
            for choice in PAIN_BEFORE_CHOICES
        )

    # ------------------------------------------------------------ actions

    def answer_pain(self, value: int) -> list[Event]:
        """A 0–10 rating for the pain check-in showing (before, during an exercise, after)."""
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
            raise ValueError(f"pain is a whole number from 0 to 10, got {value!r}")
        now = self._begin()
        phase = self._phase
        if phase is Phase.PAIN_BEFORE:
            self.pains.append(PainEntry("before", value, None, now))
            if value > self.pain_limit():
                self._enter(Phase.PAIN_BEFORE_HIGH, now)
            else:
                self._start_exercise(0, now)
        elif phase is Phase.PAIN_EXERCISE:
            exercise = self.exercise_at(self._index)
            self.pains.append(PainEntry("exercise", value, exercise.id, now))
            for record_id in self._pass_records:
                self._update(record_id, pain=value)
            if value > self.pain_limit(exercise):
                self._over_limit_pain = value
                self._enter(Phase.PAIN_OVER_LIMIT, now)
            elif self._resume_at is not None:
                self._resume_sets(now)
            else:
                self._next_exercise(now)
        elif phase is Phase.PAIN_AFTER:
            self.pains.append(PainEntry("after", value, None, now))
            self._enter(Phase.RED_FLAG, now)
        return self._drain()

    def report_pain(self) -> list[Event]:
        """Rate pain now, during the exercise: a set in progress ends here (reason: pain)."""
        now = self._begin()
        phase = self._phase
        if phase not in MID_EXERCISE:
            return self._drain()
        resume = self._slot_index
        if phase in (Phase.WORK, Phase.RELAX) and self._work is not None:
            ids, _ = self._record_current(now, announce=True)
            for record_id in ids:
                self._update(record_id, stop_reason="pain")
            self._work = None
            resume += 1
        self._ask_pain_during(resume, now)
        return self._drain()

    def answer_stop(self, reason: str) -> list[Event]:
        """Why the set ended early: `fatigue`, `pain`, `form` or `other`. Pain asks how much."""
        if reason not in STOP_REASONS:
            raise ValueError(f"expected one of {', '.join(STOP_REASONS)}, got {reason!r}")
        now = self._begin()
        if self._phase is Phase.STOP_REASON:
            stop: StopReason = reason  # checked just above
            for record_id in self._awaiting_reason:
                self._update(record_id, stop_reason=stop)
            self._awaiting_reason = []
            if stop == "pain":
                self._ask_pain_during(self._slot_index + 1, now)
            else:
                self._after_slot(now)
        return self._drain()

    def choose(self, option: str) -> list[Event]:
        """Pain went over the limit: one of `offered_choices()`, applied at once."""
        now = self._begin()
        if self._phase is not Phase.PAIN_OVER_LIMIT:
            return self._drain()
        offered = self.offered_choices()
        if option not in offered:
            raise ValueError(f"expected one of {', '.join(offered)}, got {option!r}")
        choice: PainChoiceKind = option  # checked just above
        exercise = self.exercise_at(self._index)
        target = self.target_of(exercise)
        new_target: float | None = None
        new_variant: str | None = None
        if choice == "shorten":
            new_target = self._shorter(exercise)
            assert new_target is not None  # offered only when there is one
            self.targets[exercise.id] = new_target
        elif choice == "regress":
            easier = self._easier(exercise)
            assert easier is not None
            new_variant = easier.id
            new_target = self._regress_to(exercise, easier)
        self.choices.append(
            ChoiceEntry(
                exercise.id,
                choice,
                self._over_limit_pain,
                now,
                variant_id=exercise.variant.id,
                target=target,
                new_target=new_target,
                new_variant_id=new_variant,
            )
        )
        if choice == "end":
            self._resume_at = None
            self._ending_early = True
            self._enter(Phase.PAIN_AFTER, now)
        elif choice == "stop_exercise":
            self._resume_at = None
            self._next_exercise(now)
        else:
            self._resume_sets(now)
        return self._drain()

    def choose_before(self, option: str) -> list[Event]:
        """Pain before the session was over the limit: `mobility` or `stop`."""
        if option not in PAIN_BEFORE_CHOICES:
            raise ValueError(f"expected one of {', '.join(PAIN_BEFORE_CHOICES)}, got {option!r}")
        now = self._begin()
        if self._phase is not Phase.PAIN_BEFORE_HIGH:
            return self._drain()
        choice: PainBeforeChoice = option  # checked just above
        self.pain_before_choice = choice
        if choice == "mobility" and not loads_the_back(self.routine):
            self._start_exercise(0, now)  # this routine is the gentle mobility already
        else:
            # Nothing here loads the back today; "mobility" is run as its own session.
            self._ending_early = True
            self._finish(now)
        return self._drain()

    # ------------------------------------------------------------ helpers

    def _ask_pain_during(self, resume: int, at: float) -> None:
        """Ask for pain during the exercise; `resume` is the slot to go on from."""
        self._resume_at = resume if resume < len(self._slots) else None
        self._enter(Phase.PAIN_EXERCISE, at)

    def _shorter(self, exercise: Exercise) -> float | None:
        if exercise.kind is Kind.REPS_TO_FAILURE:
            return None  # its count is the measure, not a target to cut
        return shortened(self.target_of(exercise))

    def _easier(self, exercise: Exercise) -> Variant | None:
        ids = [variant.id for variant in exercise.variants]
        position = ids.index(exercise.variant.id)
        return exercise.variants[position - 1] if position > 0 else None

    def _regress_to(self, exercise: Exercise, easier: Variant) -> float:
        """Switch the rest of this exercise to `easier`; return its target.

        The easier variant keeps the dose being done when its own is higher: an easier variant
        is never a longer hold or more reps than the one that hurt.
        """
        target = min(easier.dose.target, self.target_of(exercise))
        self._variants[exercise.id] = easier.id
        self.targets[exercise.id] = target
        if easier.sides is not exercise.sides and self._resume_at is not None:
            # One leg to two (or back): plan the sets still to come for the new arrangement.
            done = self._slots[: self._resume_at]
            last = done[-1].set_number if done else 0
            upcoming = [
                s
                for s in plan_slots(self.exercise_at(self._index), self.settings.affected_leg)
                if s.set_number > last
            ]
            self._slots = done + upcoming
        return target
