"""Spoken lead-ins fit their time: the words end before the "3, 2, 1" count starts.

Issue 12: a2's lead-in spoke about 12 s of words in a 5 s lead-in, so its count was dropped
behind them. The estimate in `domain/speech.py` is checked against espeak-ng, measured once
(`espeak-ng -s RATE --stdout TEXT`, length of the sound); the shipped lead-ins against the
estimate; and a voice slower than the default stretches a lead-in instead of cutting it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from backtimer.domain.routine import Exercise, Routine
from backtimer.domain.speech import COUNT_ROOM_S, DEFAULT_WPM, lead_in_needed, speaking_seconds
from backtimer.engine import CueKind, Phase, Session, Settings
from backtimer.engine.texts import announce
from backtimer.engine.work import plan_slots
from backtimer.services.cue_outputs import BellOutput, SpeechOutput
from backtimer.services.cues import Dispatcher
from backtimer.storage.library import Library, load_library
from backtimer.storage.paths import Dirs
from tests.support.clock import T0, FakeClock
from tests.support.engine import a2, cues, run, with_lead_in

SHIPPED = Path(__file__).resolve().parent.parent / "routines"

A2_TEXT = (
    "Static hold. Two legs, pad at its highest setting. Hips secure on the pad; heels to head in "
    "one straight line. Asymmetric: more weight on one leg; favour the other one next session. "
    "Get into position."
)
DOWEL_TEXT = (
    "Hip hinge with a dowel. Tip forward 20–30° only. Dowel touching head, upper back and "
    "tailbone the whole rep. Tip forward only 20–30° at first. Get into position."
)
CAT_COW_TEXT = (
    "Cat-cow. Move slowly, in time with the breath. Never force the end of the range: stop short "
    "of any strain. Get into position."
)


@pytest.mark.parametrize(
    ("text", "wpm", "espeak_s"),
    [
        (A2_TEXT, 175, 13.0),
        (A2_TEXT, 120, 19.4),
        (DOWEL_TEXT, 175, 11.9),
        (DOWEL_TEXT, 120, 17.6),
        (CAT_COW_TEXT, 175, 7.9),
        ("Switch sides: right side", 175, 2.0),
        ("Switch sides: right side", 120, 3.1),
    ],
)
def test_the_estimate_is_close_to_what_espeak_ng_takes(
    text: str, wpm: int, espeak_s: float
) -> None:
    """Never short by more than the room left before the count; never long by more than 2 s."""
    estimate = speaking_seconds(text, wpm)
    assert espeak_s - COUNT_ROOM_S <= estimate <= espeak_s + 2.0


def test_a_slower_voice_takes_longer() -> None:
    assert speaking_seconds(A2_TEXT, 100) > speaking_seconds(A2_TEXT, DEFAULT_WPM)
    assert speaking_seconds(A2_TEXT, 300) < speaking_seconds(A2_TEXT, DEFAULT_WPM)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = tmp_path_factory.mktemp("backtimer")
    return load_library(Dirs(config=root / "config", data=root / "data"), shipped=SHIPPED)


def spoken_lead_ins(routine: Routine) -> list[tuple[str, Exercise, str]]:
    """(where, exercise, announcement) for the warm-up and every rung of every exercise."""
    found = []
    for item in routine.session_exercises:
        for rung in item.variants:
            on_rung = dataclasses.replace(item, variant_id=rung.id)
            first = plan_slots(on_rung, "left")[0].side
            side = "left" if first in ("left", "alternating") else None
            only_leg = first if on_rung.sides.value == "affected" else None
            text = announce(on_rung, side, only_leg=only_leg, position=on_rung.lead_in > 0)
            found.append((f"{routine.id}/{item.id}/{rung.id}", on_rung, text))
    return found


def test_every_shipped_lead_in_leaves_room_for_its_words_and_its_count(library: Library) -> None:
    """The words of each lead-in (exercise, rung, side, key form points) are said, at the
    default voice rate, before "3, 2, 1" starts; a lead-in of 0 (the walk) has no count."""
    too_short = []
    for routine in library.routines:
        for where, item, text in spoken_lead_ins(routine):
            if item.lead_in == 0:
                assert "position" not in text, where
                continue
            needed = lead_in_needed(text, countdown=3)
            if needed > item.lead_in:
                too_short.append(f"{where}: {item.lead_in:g} s, needs {needed:g} s")
    assert too_short == []


def first_count_and_work(wpm: int | None) -> tuple[float, float, str]:
    clock = FakeClock()
    routine = a2()  # a 5 s lead-in: far too short for its words
    session = Session(routine, clock, settings=Settings(speech_wpm=wpm))
    events = session.answer_pain(0) + run(session, clock, 40)
    said = cues(events)
    announced = next(cue for cue in said if cue.kind is CueKind.ANNOUNCE)
    count = next(cue for cue in said if cue.kind is CueKind.COUNT)
    work = next(cue for cue in said if cue.kind is CueKind.START)
    return count.at - T0, work.at - T0, announced.text


@pytest.mark.parametrize("wpm", [DEFAULT_WPM, 100])
def test_a_spoken_lead_in_is_stretched_until_its_words_are_said(wpm: int) -> None:
    count_at, work_at, text = first_count_and_work(wpm)
    assert count_at >= speaking_seconds(text, wpm)
    assert work_at == lead_in_needed(text, 3, wpm) == count_at + 3


def test_unspoken_lead_ins_keep_their_time() -> None:
    """With no voice (the bell, or --quiet) there are no words to wait for."""
    count_at, work_at, _ = first_count_and_work(None)
    assert (count_at, work_at) == (2, 5)


def test_a_lead_in_longer_than_its_words_is_kept() -> None:
    clock = FakeClock()
    session = Session(with_lead_in(a2(), 40), clock, settings=Settings(speech_wpm=DEFAULT_WPM))
    session.answer_pain(0)
    run(session, clock, 39.9)
    before = session.phase
    run(session, clock, 0.2)
    assert (before, session.phase) == (Phase.LEAD_IN, Phase.WORK)


def test_the_dispatcher_tells_the_rate_only_when_a_voice_speaks() -> None:
    def bell() -> None:
        return None

    voice = Dispatcher([SpeechOutput(["espeak-ng"], rate=130)])
    assert voice.speech_wpm == 130
    assert Dispatcher([SpeechOutput(["espeak-ng"])]).speech_wpm == DEFAULT_WPM
    assert Dispatcher([BellOutput(bell)]).speech_wpm is None
