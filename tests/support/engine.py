"""Routines and runs for the session engine tests: a session driven by a fake clock, and what it
said, did and logged on the way."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

from backtimer.domain.routine import Routine
from backtimer.engine import Cue, Event, Phase, PhaseChanged, Session, SetLogged
from backtimer.storage.routines import load_routine_file, parse_routine_text
from tests.support.clock import T0, FakeClock

ROOT = Path(__file__).resolve().parents[2]


def a2(variant: str | None = None) -> Routine:
    """Step 2 of program A (static holds) as shipped, on `variant` when given, without its
    warm-up (tests/test_warmup.py runs that) so a session starts with the static hold, and with
    a 5 s lead-in, so the timings these tests read stay short (the shipped lead-in leaves room
    for the spoken form points: tests/test_speech.py)."""
    routine, problems = load_routine_file(ROOT / "routines" / "a2-static-holds.toml")
    assert routine is not None, problems
    routine = with_lead_in(without_warmup(routine), 5)
    return routine if variant is None else with_variant(routine, variant)


def without_warmup(routine: Routine) -> Routine:
    """`routine` without the warm-up it starts with, for tests about its own exercises."""
    return dataclasses.replace(routine, warmup=None)


def with_lead_in(routine: Routine, seconds: float) -> Routine:
    """`routine` with every exercise's lead-in (its warm-up's too) set to `seconds`: for tests
    whose timings were written for a short lead-in, not about the lead-in itself."""
    exercises = tuple(dataclasses.replace(item, lead_in=seconds) for item in routine.exercises)
    warmup = routine.warmup and dataclasses.replace(routine.warmup, lead_in=seconds)
    return dataclasses.replace(routine, exercises=exercises, lead_in=seconds, warmup=warmup)


def with_variant(routine: Routine, variant_id: str) -> Routine:
    """`routine` with its first exercise on another variant."""
    exercise = dataclasses.replace(routine.exercises[0], variant_id=variant_id)
    return dataclasses.replace(routine, exercises=(exercise,))


def inline(body: str, lead_in: float = 5) -> Routine:
    """A routine from the TOML of its exercises."""
    text = f'id = "t"\nname = "T"\nprogram = "X"\nfrequency = "daily"\nlead_in_s = {lead_in}\n'
    text += body
    routine, problems = parse_routine_text(tomllib.loads(text), text, "test.toml")
    assert routine is not None, problems
    return routine


def one_exercise(body: str) -> Routine:
    """A routine of one exercise, from the TOML of that exercise."""
    return inline("[[exercise]]\n" + body)


def started(routine: Routine, clock: FakeClock, **kwargs: object) -> Session:
    """A session past its pain-before check-in, in the first lead-in."""
    session = Session(routine, clock, **kwargs)  # type: ignore[arg-type]
    session.answer_pain(0)
    return session


def run(session: Session, clock: FakeClock, seconds: float, step: float = 0.1) -> list[Event]:
    """Call advance() every `step` seconds for `seconds`, as the UI would."""
    start = clock.now
    events: list[Event] = []
    for tick in range(1, round(seconds / step) + 1):
        clock.now = start + tick * step
        events += session.advance()
    return events


def cues(events: list[Event]) -> list[Cue]:
    """The cues among `events`."""
    return [event for event in events if isinstance(event, Cue)]


def spoken(events: list[Event]) -> list[tuple[float, str]]:
    """(seconds since T0, text) of each cue."""
    return [(round(cue.at - T0, 2), cue.text) for cue in cues(events)]


def phases(events: list[Event]) -> list[Phase]:
    """The phases entered, in order."""
    return [event.phase for event in events if isinstance(event, PhaseChanged)]


def logged(events: list[Event]) -> list[SetLogged]:
    """The sets logged, in order."""
    return [event for event in events if isinstance(event, SetLogged)]
