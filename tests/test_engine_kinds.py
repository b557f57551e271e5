"""The session engine for each kind of work: reps, tempo, reps to failure, repeated holds,
alternating sides, movement and activities."""

from __future__ import annotations

import pytest

from backtimer.domain.routine import Band
from backtimer.engine import (
    ABOVE_BAND,
    TOO_EASY,
    TOO_HARD,
    TOO_HARD_EASIEST,
    Phase,
    band_verdict,
)
from tests.support.clock import T0, FakeClock
from tests.support.engine import logged, one_exercise, phases, run, spoken, started

REPS = """
id = "bridge"
name = "Glute bridge"
kind = "reps"
sets = 2
rest_s = 30
dose = { target = 12, min = 10, max = 15 }
"""

TEMPO = """
id = "eccentric"
name = "Slow lowering"
kind = "reps"
dose = { target = 3, min = 3, max = 30, step = 1 }
tempo = { lower_s = 4, pause_s = 1, up_s = 2 }
"""

FAILURE = """
id = "reverse-hyper"
name = "Reverse hyper"
kind = "reps_to_failure"
sets = 3
rest_s = 120
current_variant = "reverse-hyper"

[[exercise.variant]]
id = "hip-abduction"
name = "Hip abduction"

[[exercise.variant]]
id = "reverse-hyper"
name = "Reverse hyper"
"""

BIRD_DOG = """
id = "bird-dog"
name = "Bird-dog"
kind = "repeated_hold"
sides = "alternating"
dose = { target = 8, min = 8, max = 10, step = 1 }
repeat = { count = 6, relax_s = 3 }
"""


# --------------------------------------------------------------------------- reps


def test_rep_counter_counts_taps_and_never_goes_below_zero() -> None:
    clock = FakeClock()
    session = started(one_exercise(REPS), clock)
    events = run(session, clock, 5)
    assert (5, "Go") in spoken(events)
    view = session.view()
    assert view.can_count and (view.reps, view.reps_target) == (0, 12)
    session.remove_rep()
    assert session.view().reps == 0
    for _ in range(13):
        session.add_rep()
    session.remove_rep()
    assert session.view().reps == 12 and session.view().progress == 1.0
    run(session, clock, 100)
    assert session.phase is Phase.WORK  # a plain counter waits for finish()
    events = session.finish()
    (entry,) = logged(events)
    assert (entry.record.reps, entry.record.unit, entry.record.target) == (12, "reps", 12)
    assert entry.record.actual_s == 100.0
    assert session.view().phase is Phase.REST


def test_reps_finished_short_of_the_target_ask_why() -> None:
    clock = FakeClock()
    session = started(one_exercise(REPS), clock)
    run(session, clock, 10)
    session.add_rep()
    events = session.finish()
    assert logged(events)[0].record.reps == 1
    assert session.phase is Phase.STOP_REASON
    session.answer("form")
    assert session.records[0].stop_reason == "form"


def test_tempo_metronome_paces_and_counts_reps_by_itself() -> None:
    clock = FakeClock()
    session = started(one_exercise(TEMPO), clock)
    events = run(session, clock, 6)
    view = session.view()
    assert (view.tempo_word, view.reps, view.reps_target) == ("LOWER", 0, 3)
    assert view.tempo_remaining == pytest.approx(3)
    events += run(session, clock, 3.5)  # lowering is 5-9 s, the pause at the bottom 9-10 s
    assert session.view().tempo_word == "PAUSE"
    events += run(session, clock, 1)
    assert session.view().tempo_word == "UP"
    events += run(session, clock, 1.5)
    assert session.view().reps == 1 and session.view().tempo_word == "LOWER"
    said = [cue for cue in spoken(events) if cue[0] >= 5]
    assert said[:6] == [(5, "Lower"), (6, "3"), (7, "2"), (8, "1"), (9, "Pause"), (10, "Up")]
    events += run(session, clock, 14)  # 3 reps of 7 s end at 5 + 21 = 26
    assert phases(events)[-1] is Phase.PAIN_EXERCISE
    (entry,) = logged(events)
    assert (entry.record.reps, entry.record.actual_s, entry.record.ended_at_mono) == (
        3,
        21.0,
        T0 + 26,
    )
    assert (26, "Done") in spoken(events)


def test_a_corrected_metronome_count_ends_the_set_at_the_target() -> None:
    clock = FakeClock()
    session = started(one_exercise(TEMPO), clock)
    run(session, clock, 5 + 7 + 1)  # one rep counted, 1 s into the next
    session.add_rep()
    assert session.view().reps == 2
    events = session.add_rep()
    (entry,) = logged(events)
    assert entry.record.reps == 3 and entry.record.stop_reason is None
    assert session.phase is Phase.PAIN_EXERCISE


def test_a_metronome_set_finished_early_keeps_its_count() -> None:
    clock = FakeClock()
    session = started(one_exercise(TEMPO), clock)
    run(session, clock, 5 + 7 + 7 + 2)
    events = session.finish()
    assert logged(events)[0].record.reps == 2
    assert session.phase is Phase.STOP_REASON


@pytest.mark.parametrize(
    ("count", "verdict"),
    [(14, TOO_HARD), (15, TOO_HARD), (20, "in band"), (27, ABOVE_BAND), (30, TOO_EASY)],
)
def test_reps_to_failure_compares_the_count_with_the_band(count: int, verdict: str) -> None:
    clock = FakeClock()
    session = started(one_exercise(FAILURE), clock)
    run(session, clock, 5)
    assert session.view().reps_target == 20
    for _ in range(count):
        session.add_rep()
    run(session, clock, 40)
    events = session.finish()
    (entry,) = logged(events)
    assert entry.record.reps == count and entry.record.stop_reason is None
    assert spoken(events)[0][1] == f"{count} reps: {verdict}"
    assert session.view().verdict == verdict
    assert session.phase is Phase.REST  # stopping at failure is the plan, not "early"


def test_band_verdict_edges() -> None:
    """Program D: "Done at 15 reps or fewer ... too hard: step down the ladder. Reaching 30 means
    it is probably too easy: step up. 16–25 is on target; 26–29 is above the band, not in it." """
    band = Band(target=20, low=15, high=30)
    assert [band_verdict(n, band) for n in (0, 14, 15, 16, 25, 26, 29, 30, 99)] == [
        TOO_HARD,
        TOO_HARD,
        TOO_HARD,
        "in band",
        "in band",
        ABOVE_BAND,
        ABOVE_BAND,
        TOO_EASY,
        TOO_EASY,
    ]


def test_twelve_reps_on_the_easiest_rung_never_say_step_down_the_ladder() -> None:
    """On the first rung there is no lower one: the advice is to stay, not to step down."""
    clock = FakeClock()
    easiest = one_exercise(FAILURE.replace('current_variant = "reverse-hyper"', ""))
    session = started(easiest, clock)
    run(session, clock, 5)
    for _ in range(12):
        session.add_rep()
    run(session, clock, 40)
    events = session.finish()
    said = spoken(events)[0][1]
    assert said == f"12 reps: {TOO_HARD_EASIEST}"
    assert "step down" not in said and session.view().verdict == TOO_HARD_EASIEST


# --------------------------------------------------------------------------- repeated holds


def test_repeated_hold_cycles_hold_and_relax_by_itself() -> None:
    clock = FakeClock()
    body = BIRD_DOG.replace('sides = "alternating"\n', "").replace("count = 6", "count = 3")
    session = started(one_exercise(body), clock)
    events = run(session, clock, 5 + 8 + 3 + 8 + 3 + 8 + 1)
    said = [text for _, text in spoken(events)]
    assert [t for t in said if t in ("Hold", "Relax", "Done")] == [
        "Hold",
        "Relax",
        "Hold",
        "Relax",
        "Hold",
        "Done",
    ]
    assert phases(events)[:4] == [Phase.WORK, Phase.RELAX, Phase.WORK, Phase.RELAX]
    (entry,) = logged(events)
    assert (entry.record.side, entry.record.reps, entry.record.actual_s) == ("both", 3, 24.0)
    assert entry.record.ended_at_mono == T0 + 35


def test_alternating_repeated_hold_logs_each_side_with_its_holds() -> None:
    clock = FakeClock()
    session = started(one_exercise(BIRD_DOG), clock)
    run(session, clock, 5 + 11 + 1)  # into hold 2
    view = session.view()
    assert (view.side, view.hold_number, view.holds) == ("right", 2, 6)
    events = run(session, clock, 6 * 8 + 5 * 3)
    said = spoken(events)
    # Holds of 8 s with 3 s to relax: left 5-13, right 16-24, left 27-35, right 38-46...
    assert (24, "Relax") in said and (27, "Hold, left side") in said
    assert (38, "Hold, right side") in said and (68, "Done") in said
    left, right = (entry.record for entry in logged(events))
    assert (left.side, left.reps, left.actual_s, left.set_number) == ("left", 3, 24.0, 1)
    assert (right.side, right.reps, right.actual_s, right.set_number) == ("right", 3, 24.0, 1)


def test_repeated_hold_stopped_midway_keeps_the_partial_hold() -> None:
    clock = FakeClock()
    session = started(one_exercise(BIRD_DOG), clock)
    run(session, clock, 5 + 11 + 4)  # hold 2 (right) is 4 s in
    events = session.finish()
    left, right = (entry.record for entry in logged(events))
    assert (left.reps, left.actual_s) == (1, 8.0)
    assert (right.reps, right.actual_s) == (0, 4.0)
    assert session.phase is Phase.STOP_REASON
    session.answer_stop("fatigue")
    assert [r.stop_reason for r in session.records] == ["fatigue", "fatigue"]


def test_alternating_sides_on_a_hold_swap_every_set() -> None:
    clock = FakeClock()
    body = """
id = "side-plank"
name = "Side plank"
kind = "hold"
sides = "alternating"
sets = 2
rest_s = 10
dose = { target = 20 }
"""
    session = started(one_exercise(body), clock)
    run(session, clock, 5 + 20 + 10 + 20)
    assert [(r.side, r.set_number) for r in session.records] == [("left", 1), ("right", 2)]


# --------------------------------------------------------------------------- movement, activity


def test_movement_is_a_countdown_that_ends_by_itself() -> None:
    clock = FakeClock()
    body = 'id = "cat-cow"\nname = "Cat-cow"\nkind = "movement"\ndose = { target = 45 }\n'
    session = started(one_exercise(body), clock)
    events = run(session, clock, 51)
    said = spoken(events)
    assert (5, "Go") in said and (27.5, "Halfway") in said and (50, "Done") in said
    assert session.records[0].actual_s == 45.0


def test_an_activity_can_be_ticked_off_without_the_timer() -> None:
    clock = FakeClock()
    body = (
        'id = "walk"\nname = "Brisk walk"\nkind = "activity"\nlead_in_s = 0\n'
        "dose = { target = 1200, min = 1200, max = 1800, step = 300 }\n"
    )
    session = started(one_exercise(body), clock)
    session.advance()
    assert session.view().can_mark_done and session.phase is Phase.WORK
    clock.now += 3
    events = session.mark_done()
    (entry,) = logged(events)
    assert entry.record.untimed and entry.record.actual_s == 1200.0
    assert session.view().phase is Phase.PAIN_EXERCISE
    assert session.time_under_tension() == 0.0  # a walk is not time under tension


def test_mark_done_only_applies_to_activities() -> None:
    clock = FakeClock()
    body = 'id = "cat-cow"\nname = "Cat-cow"\nkind = "movement"\ndose = { target = 45 }\n'
    session = started(one_exercise(body), clock)
    assert session.mark_done() == []
    assert session.records == []


def test_a_repeated_hold_logs_the_time_of_each_hold_and_the_holds_per_side() -> None:
    """Like with like: the target is per hold, so the time logged to compare it with is too."""
    clock = FakeClock()
    session = started(one_exercise(BIRD_DOG), clock)
    events = run(session, clock, 5 + 6 * 8 + 5 * 3 + 1)
    left, right = (entry.record for entry in logged(events))
    assert (left.target, left.hold_s, left.reps, left.holds) == (8.0, 8.0, 3, 3)
    assert (right.target, right.hold_s, right.reps, right.holds) == (8.0, 8.0, 3, 3)


def test_a_repeated_hold_stopped_in_its_first_hold_logs_that_holds_seconds() -> None:
    clock = FakeClock()
    session = started(one_exercise(BIRD_DOG), clock)
    run(session, clock, 5 + 11 + 4)  # left held hold 1; right is 4 s into hold 2
    left, right = (entry.record for entry in logged(session.finish()))
    assert (left.hold_s, left.reps, left.holds) == (8.0, 1, 3)
    assert (right.hold_s, right.reps, right.holds) == (4.0, 0, 3)
