"""Pain-gated progression over synthetic histories built in code, with the `History` builder
from `tests.support.history_builder`: each test reads as a story."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest

from backtimer.domain.journal import ClinicianCleared, JournalEvent, TargetChange
from backtimer.domain.progression import (
    ExerciseState,
    Suggestion,
    apply_state,
    current_state,
    decide,
    manual_change,
    suggest,
)
from backtimer.domain.records import (
    SessionRecord,
    SetRecord,
)
from backtimer.domain.routine import Routine
from tests.support.history_builder import (
    HOLDS,
    HOLDS_TOML,
    SLOW,
    TZ,
    History,
    at,
    routine_from,
)

MONDAY = date(2026, 3, 2)


LADDER_TOML = """
id = "reverse-hyper"
name = "Reverse-hyper ladder"
program = "D"
frequency = "1-2-per-week"
{next}

[[exercise]]
id = "rh"
name = "Reverse-hyper ladder"
kind = "reps_to_failure"
sets = 2
current_variant = "{start}"

[[exercise.variant]]
id = "hip-abduction"
name = "Hip abduction"

[[exercise.variant]]
id = "bird-dog"
name = "Bird-dog"

[[exercise.variant]]
id = "reverse-hyper"
name = "Reverse hyper"
"""

PAIR_TOML = """
id = "pair"
name = "Two holds"
program = "B"
frequency = "daily"

[[exercise]]
id = "first"
name = "First hold"
kind = "hold"
dose = { target = 10, min = 10, max = 30, step = 5 }

[[exercise]]
id = "second"
name = "Second hold"
kind = "hold"
dose = { target = 10, min = 10, max = 30, step = 5 }
"""


PAIR = routine_from(PAIR_TOML)


def ladder(start: str = "bird-dog", next_id: str | None = None) -> Routine:
    routine = routine_from(LADDER_TOML, start=start, next=f'next = "{next_id}"' if next_id else "")
    if next_id:  # `next` must name a routine; the library checks that, not the parser
        assert routine.next == next_id
    return routine


def kinds(suggestions: Sequence[Suggestion]) -> list[str]:
    return [s.kind for s in suggestions]


# --- eight weeks of step-2 holds -------------------------------------------------------------------


def test_eight_weeks_of_static_holds_climb_from_30_s_to_2_min_then_offer_a_lower_pad() -> None:
    history = History(HOLDS)
    accepted: list[tuple[str, str, float]] = []
    variant_start = 0
    for index in range(56):
        day = MONDAY + timedelta(days=index)
        for suggestion in history.suggest(day):
            assert suggestion.is_change, suggestion
            history.answer(suggestion, day)
            accepted.append(
                (suggestion.kind, suggestion.to_variant or "", suggestion.to_target or 0)
            )
            if suggestion.kind == "variant":
                variant_start = index
        # The user can hold a little longer every day; they stop when they cannot go on.
        capacity = 32 + 2 * (index - variant_start)
        target = history.state().target
        for hour, pain in ((8, 0), (18, 1)):
            history.train(day, hour, done=min(target, capacity), after=pain)
        history.rate(day, 1)

    raises = [a for a in accepted if a[1] == "pad-high"]
    assert raises == [("raise", "pad-high", t) for t in range(40, 130, 10)]
    assert accepted[len(raises)] == ("variant", "pad-lower", 30)
    assert len(accepted) > len(raises) + 1  # and the climb goes on with the lower pad
    assert all(a[:2] == ("raise", "pad-lower") for a in accepted[len(raises) + 1 :])


def test_raise_reason_names_the_numbers_and_the_pain() -> None:
    history = History(HOLDS)
    history.set_by_hand(MONDAY, 60)
    history.train(MONDAY, 8, after=0)
    history.train(MONDAY, 18, after=1)
    assert history.suggest(MONDAY) == []  # the next day has not come yet
    history.rate(MONDAY, 1)
    [suggestion] = history.suggest(MONDAY + timedelta(days=1))
    assert suggestion.kind == "raise"
    assert (suggestion.from_target, suggestion.to_target) == (60, 70)
    assert suggestion.reason == (
        "Reached 1 min in your last 2 sessions with pain 0–1: try 1 min 10 s."
    )
    assert suggestion.evidence == tuple(s.id for s in history.sessions)


def test_a_missing_next_day_rating_does_not_block_once_the_day_is_over() -> None:
    history = History(HOLDS)
    history.train(MONDAY, 8)
    history.train(MONDAY, 18)
    assert kinds(history.suggest(MONDAY + timedelta(days=1))) == ["raise"]


def test_the_whole_ladder_ends_with_the_next_step() -> None:
    history = History(HOLDS)
    offered: list[tuple[str, str, float]] = []
    for index in range(40):
        day = MONDAY + timedelta(days=index)
        for suggestion in history.suggest(day):
            offered.append(
                (suggestion.kind, suggestion.to_variant or "", suggestion.to_target or 0)
            )
            history.answer(suggestion, day)
        history.train(day, 8)
        history.train(day, 18)
    expected = (
        [("raise", "pad-high", float(t)) for t in range(40, 130, 10)]
        + [("variant", "pad-lower", 30.0)]
        + [("raise", "pad-lower", float(t)) for t in range(40, 130, 10)]
        + [("variant", "single-leg", 15.0)]
        + [("raise", "single-leg", float(t)) for t in range(20, 65, 5)]
        + [("advance_step", "single-leg", 60.0)]
    )
    assert offered == expected
    step = [s for s in history.journal if isinstance(s, TargetChange)][-1]
    assert step.next_routine == "slow"
    # Accepting the next step changes no target here; the plan follows the next routine instead.
    assert history.state() == ExerciseState(
        "static-hold", "single-leg", 60, history.state().changed_at, "raise"
    )


def test_one_leg_holds_must_be_reached_on_both_sides() -> None:
    history = History(HOLDS)
    history.set_by_hand(MONDAY, 20, "single-leg")
    history.train(MONDAY, 8)
    weak = history.train(MONDAY, 18)
    history.sessions[-1] = SessionRecord(
        **{
            **{name: getattr(weak, name) for name in SessionRecord.__slots__},
            "sets": (weak.sets[0], _replace_actual(weak.sets[1], 15)),
        }
    )
    assert history.suggest(MONDAY + timedelta(days=1)) == []
    history.train(MONDAY + timedelta(days=1), 8)
    assert history.suggest(MONDAY + timedelta(days=2)) == []
    history.train(MONDAY + timedelta(days=1), 18)
    assert kinds(history.suggest(MONDAY + timedelta(days=2))) == ["raise"]


def _replace_actual(item: SetRecord, actual: float) -> SetRecord:
    values = {name: getattr(item, name) for name in SetRecord.__slots__}
    values["actual_s"] = actual
    return SetRecord(**values)


@pytest.mark.parametrize(
    ("done", "raised"),
    [(60, True), (59.5, True), (59.4, False), (45, False)],
)
def test_reached_means_within_half_a_second(done: float, raised: bool) -> None:
    history = History(HOLDS)
    history.set_by_hand(MONDAY, 60)
    history.train(MONDAY, 8)
    history.train(MONDAY, 18, done=done)
    assert kinds(history.suggest(MONDAY + timedelta(days=1))) == (["raise"] if raised else [])


def test_reps_are_reached_at_the_count() -> None:
    history = History(SLOW)
    history.train(MONDAY, done=10)
    history.train(MONDAY + timedelta(days=1), done=9)
    assert history.suggest(MONDAY + timedelta(days=2)) == []
    history.train(MONDAY + timedelta(days=2), done=11)
    assert history.suggest(MONDAY + timedelta(days=3)) == []
    history.train(MONDAY + timedelta(days=3), done=10)
    [suggestion] = history.suggest(MONDAY + timedelta(days=4))
    assert (suggestion.kind, suggestion.to_target) == ("raise", 12)
    assert "Reached 10 reps in your last 2 sessions" in suggestion.reason


# --- demo runs, declines, manual targets ------------------------------------------------------------


def test_demo_sessions_are_ignored() -> None:
    history = History(HOLDS)
    history.train(MONDAY, 8, speed=10.0)
    history.train(MONDAY, 18, speed=10.0)
    assert history.suggest(MONDAY + timedelta(days=1)) == []
    history.train(MONDAY + timedelta(days=1), 8, after=5, speed=4.0)
    history.train(MONDAY + timedelta(days=1), 18, after=5, speed=4.0)
    assert history.suggest(MONDAY + timedelta(days=2)) == []


def test_sessions_still_running_are_ignored() -> None:
    history = History(HOLDS)
    history.train(MONDAY, 8)
    history.train(MONDAY, 18, status="in_progress")
    assert history.suggest(MONDAY + timedelta(days=1)) == []


def test_a_declined_suggestion_waits_for_fresh_evidence() -> None:
    history = History(HOLDS)
    history.train(MONDAY, 8)
    history.train(MONDAY, 18)
    tuesday = MONDAY + timedelta(days=1)
    [raise_] = history.suggest(tuesday)
    history.answer(raise_, tuesday, accepted=False)
    declined = history.journal[-1]
    assert isinstance(declined, TargetChange) and not declined.accepted
    assert history.suggest(tuesday) == []
    assert history.state().target == 30  # a decline changes nothing
    history.train(tuesday, 8)
    assert history.suggest(tuesday + timedelta(days=1)) == []  # one fresh session is not enough
    history.train(tuesday, 18)
    [again] = history.suggest(tuesday + timedelta(days=1))
    assert (again.kind, again.to_target) == ("raise", 40)


def test_a_target_set_by_hand_applies_and_resets_the_count() -> None:
    history = History(HOLDS)
    history.train(MONDAY, 8)
    history.train(MONDAY, 18)
    tuesday = MONDAY + timedelta(days=1)
    history.set_by_hand(tuesday, 90)
    assert history.state().target == 90
    assert history.state().last_change == "manual"
    assert history.suggest(tuesday) == []  # the old sessions were at another target
    applied = apply_state(HOLDS, current_state(HOLDS, history.sessions, history.journal))
    assert applied.exercises[0].dose.target == 90
    assert applied.exercises[0].variant_id == "pad-high"


@pytest.mark.parametrize(
    ("variant", "target", "message"),
    [
        ("pad-high", 130, "from 30 s to 2 min"),
        ("single-leg", 90, "from 15 s to 1 min"),
        ("no-such", 30, "no variant 'no-such'"),
    ],
)
def test_targets_set_by_hand_must_fit_the_range(variant: str, target: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        manual_change(HOLDS, {}, "static-hold", variant_id=variant, target=target, at=at(MONDAY))


def test_state_ignores_declines_and_changes_the_routine_no_longer_fits() -> None:
    journal: list[JournalEvent] = [
        TargetChange(at(MONDAY), "holds", "static-hold", "pad-high", 50, "raise", True),
        TargetChange(at(MONDAY, 9), "holds", "static-hold", "pad-high", 60, "raise", False),
        TargetChange(at(MONDAY, 10), "holds", "gone", "pad-high", 60, "raise", True),
        TargetChange(at(MONDAY, 11), "holds", "static-hold", "gone", 60, "raise", True),
        TargetChange(at(MONDAY, 12), "other", "static-hold", "pad-high", 90, "raise", True),
    ]
    state = current_state(HOLDS, (), journal)["static-hold"]
    assert (state.variant_id, state.target) == ("pad-high", 50)
    journal.append(
        TargetChange(at(MONDAY, 13), "holds", "static-hold", "pad-high", 500, "manual", True)
    )
    assert current_state(HOLDS, (), journal)["static-hold"].target == 120


def test_notices_cannot_be_accepted() -> None:
    with pytest.raises(ValueError, match="notice"):
        decide(Suggestion("holds", "static-hold", "hold", "Pain."), accepted=True, at=at(MONDAY))


# --- pain -----------------------------------------------------------------------------------------


def flare_history() -> History:
    history = History(HOLDS)
    history.set_by_hand(MONDAY - timedelta(days=1), 60)
    return history


FLARES = [
    # (name, sessions as (day offset, hour, after, during, choice), next-day ratings, expected kind)
    (
        "one session over the limit holds",
        [(0, 8, 0, None, False), (0, 18, 4, None, False)],
        {},
        "hold",
    ),
    ("pain during the exercise holds", [(0, 8, 0, None, False), (0, 18, 0, 3, False)], {}, "hold"),
    (
        "a pain question holds",
        [(0, 8, 0, None, False), (0, 18, 0, None, True)],
        {},
        "hold",
    ),
    ("a bad next day holds", [(0, 8, 0, None, False), (0, 18, 0, None, False)], {0: 4}, "hold"),
    (
        "two bad next days step back",
        [(0, 8, 0, None, False), (1, 8, 0, None, False)],
        {0: 3, 1: 3},
        "step_back",
    ),
    ("at the limit is fine", [(0, 8, 2, None, False), (0, 18, 2, 2, False)], {0: 2}, "raise"),
    (
        "two of three over steps back",
        [(0, 8, 4, None, False), (0, 18, 0, None, False), (1, 8, 3, None, False)],
        {0: 0},
        "step_back",
    ),
    (
        "severe pain once steps back",
        [(0, 8, 0, None, False), (0, 18, 5, None, False)],
        {},
        "step_back",
    ),
    (
        "a severe next day steps back",
        [(0, 8, 0, None, False), (0, 18, 0, None, False)],
        {0: 6},
        "step_back",
    ),
]


@pytest.mark.parametrize(
    ("name", "plan", "ratings", "expected"), FLARES, ids=[f[0] for f in FLARES]
)
def test_pain_gates_progression(
    name: str,
    plan: list[tuple[int, int, int, int | None, bool]],
    ratings: dict[int, int],
    expected: str,
) -> None:
    history = flare_history()
    for offset, hour, after, during, choice in plan:
        history.train(
            MONDAY + timedelta(days=offset), hour, after=after, during=during, choice=choice
        )
    for offset, value in ratings.items():
        history.rate(MONDAY + timedelta(days=offset), value)
    today = MONDAY + timedelta(days=max(p[0] for p in plan) + 1)
    [suggestion] = history.suggest(today)
    assert suggestion.kind == expected, suggestion.reason
    if expected == "hold":
        assert not suggestion.is_change
        assert "your limit is 2" in suggestion.reason and "stay at 1 min" in suggestion.reason
    if expected == "step_back":
        assert (suggestion.from_target, suggestion.to_target) == (60, 50)
        assert "step back to 50 s" in suggestion.reason


def test_pain_today_holds_at_once_without_waiting_for_the_next_day() -> None:
    history = flare_history()
    history.train(MONDAY, 8, after=4)
    assert kinds(history.suggest(MONDAY)) == ["hold"]


def test_a_flare_holds_then_repeated_pain_steps_back_and_the_climb_resumes() -> None:
    history = flare_history()
    tuesday, wednesday, thursday = (MONDAY + timedelta(days=n) for n in (1, 2, 3))
    history.train(MONDAY, 8, after=4)
    [hold] = history.suggest(MONDAY)
    assert hold.kind == "hold"
    assert (
        hold.reason
        == "Pain 4 with your last session (your limit is 2): stay at 1 min until it settles."
    )
    history.train(MONDAY, 18, after=3)
    [step_back] = history.suggest(tuesday)
    assert step_back.kind == "step_back"
    assert step_back.reason == (
        "Pain went over your limit of 2 twice in your last 2 sessions: step back to 50 s."
    )
    history.answer(step_back, tuesday)
    assert history.state().target == 50
    assert history.suggest(tuesday) == []  # the painful sessions were at the old target
    history.train(tuesday, 8, after=1)
    history.train(tuesday, 18, after=0)
    history.rate(tuesday, 0)
    [raise_] = history.suggest(wednesday)
    assert (raise_.kind, raise_.to_target) == ("raise", 60)
    history.answer(raise_, wednesday)
    history.train(wednesday, 8)
    history.train(wednesday, 18)
    assert kinds(history.suggest(thursday)) == ["raise"]


def test_a_declined_step_back_still_holds() -> None:
    history = flare_history()
    history.train(MONDAY, 8, after=4)
    history.train(MONDAY, 18, after=4)
    tuesday = MONDAY + timedelta(days=1)
    [step_back] = history.suggest(tuesday)
    history.answer(step_back, tuesday, accepted=False)
    assert kinds(history.suggest(tuesday)) == ["hold"]


def test_stepping_back_from_the_bottom_of_a_level_returns_to_the_top_of_the_one_before() -> None:
    history = History(HOLDS)
    history.set_by_hand(MONDAY - timedelta(days=1), 30, "pad-lower")
    history.train(MONDAY, 8, after=5)
    [suggestion] = history.suggest(MONDAY)
    assert (suggestion.kind, suggestion.to_variant, suggestion.to_target) == (
        "step_back",
        "pad-high",
        120,
    )
    assert 'step back to "Pad high" at 2 min' in suggestion.reason


def test_at_the_easiest_level_pain_can_only_hold() -> None:
    history = History(HOLDS)
    history.train(MONDAY, 8, after=6)
    [suggestion] = history.suggest(MONDAY)
    assert suggestion.kind == "hold"
    assert "already the easiest level" in suggestion.reason


# --- red flag -------------------------------------------------------------------------------------


def test_a_red_flag_stops_everything_until_a_clinician_has_been_seen() -> None:
    history = History(HOLDS)
    history.train(MONDAY, 8)
    flagged = history.train(MONDAY, 18, red_flag=True)
    tuesday = MONDAY + timedelta(days=1)
    [notice] = history.suggest(tuesday)
    assert notice.kind == "red_flag" and not notice.is_change
    assert notice.evidence == (flagged.id,)
    assert "see a clinician" in notice.reason and "2 Mar" in notice.reason
    # Even a gap or a flare suggests nothing else while the flag is open.
    assert kinds(history.suggest(tuesday + timedelta(days=30))) == ["red_flag"]
    history.journal.append(ClinicianCleared(at(tuesday + timedelta(days=3), 12), tuesday))
    assert kinds(history.suggest(tuesday + timedelta(days=3))) == ["raise"]
    history.train(tuesday + timedelta(days=4), red_flag=True)
    assert kinds(history.suggest(tuesday + timedelta(days=5))) == ["red_flag"]


def test_a_red_flag_in_a_demo_run_or_another_routine_still_counts() -> None:
    history = History(HOLDS)
    other = History(SLOW)
    other.train(MONDAY, red_flag=True, speed=8.0)
    history.train(MONDAY, 8)
    history.train(MONDAY, 18)
    sessions = history.sessions + other.sessions
    result = suggest(HOLDS, sessions, [], today=MONDAY + timedelta(days=1), tz=TZ)
    assert kinds(result) == ["red_flag"]


# --- breaks ---------------------------------------------------------------------------------------


def test_a_two_week_break_eases_back_one_step_once() -> None:
    history = History(HOLDS)
    history.set_by_hand(MONDAY - timedelta(days=1), 80)
    history.train(MONDAY, 8)
    history.train(MONDAY, 18)
    back = MONDAY + timedelta(days=14)
    [ease] = history.suggest(back)
    assert (ease.kind, ease.from_target, ease.to_target) == ("ease_back", 80, 70)
    assert ease.reason == (
        "No Static holds session for 14 days (the last was on 2 Mar): "
        "ease back to 1 min 10 s and build up again."
    )
    history.answer(ease, back)
    assert history.state().target == 70
    assert history.suggest(back) == []


def test_a_declined_ease_back_is_not_repeated_and_a_break_never_raises() -> None:
    history = History(HOLDS)
    history.set_by_hand(MONDAY - timedelta(days=1), 80)
    history.train(MONDAY, 8)
    history.train(MONDAY, 18)
    back = MONDAY + timedelta(days=7)
    [ease] = history.suggest(back)
    history.answer(ease, back, accepted=False)
    assert history.suggest(back) == []
    assert history.suggest(back + timedelta(days=3)) == []
    assert kinds(history.suggest(MONDAY + timedelta(days=6))) == ["raise"]  # six days is no break


def test_a_session_with_no_sets_or_interrupted_does_not_end_a_break() -> None:
    history = History(HOLDS)
    history.set_by_hand(MONDAY - timedelta(days=1), 80)
    history.train(MONDAY, 8)
    back = MONDAY + timedelta(days=14)
    history.train(back - timedelta(days=1), 8, exercises=[])  # ended before its first set
    history.train(back - timedelta(days=1), 9, status="interrupted")
    [ease] = history.suggest(back)
    assert (ease.kind, ease.from_target, ease.to_target) == ("ease_back", 80, 70)


def test_a_break_at_the_bottom_of_the_range_changes_nothing() -> None:
    history = History(HOLDS)
    history.train(MONDAY, 8)
    assert history.suggest(MONDAY + timedelta(days=20)) == []


# --- reps to technical failure ---------------------------------------------------------------------

BAND = [
    # (start variant, rounds, day offset of "today", next routine, expected kind, to variant)
    ("bird-dog", [22, 20], 1, None, None, None),
    ("bird-dog", [31, 30], 1, None, "advance_band", "reverse-hyper"),
    ("bird-dog", [31, 30], 0, None, None, None),  # too easy is only acted on once the day is over
    ("bird-dog", [30, 29], 1, None, None, None),  # the last round decides
    ("bird-dog", [18, 12], 0, None, "regress_band", "hip-abduction"),
    ("bird-dog", [14, 15], 1, None, None, None),
    ("hip-abduction", [12, 10], 1, None, None, None),  # nothing easier to step down to
    ("reverse-hyper", [33, 31], 1, None, None, None),
    ("reverse-hyper", [33, 31], 1, "slow", "advance_step", "reverse-hyper"),
]


@pytest.mark.parametrize(("start", "rounds", "offset", "next_id", "expected", "to"), BAND)
def test_reps_to_failure_follow_the_band(
    start: str,
    rounds: list[int],
    offset: int,
    next_id: str | None,
    expected: str | None,
    to: str | None,
) -> None:
    history = History(ladder(start, next_id))
    history.train(MONDAY, done=rounds)
    found = history.suggest(MONDAY + timedelta(days=offset))
    if expected is None:
        assert found == []
        return
    [suggestion] = found
    assert (suggestion.kind, suggestion.to_variant) == (expected, to)
    assert str(rounds[-1]) in suggestion.reason


def test_reps_to_failure_climb_and_fall_along_the_ladder() -> None:
    history = History(ladder("hip-abduction"))
    path = []
    for index, rounds in enumerate([[32, 30], [34, 31], [14, 12], [25, 24], [26, 22]]):
        day = MONDAY + timedelta(days=7 * index)
        for suggestion in history.suggest(day):
            history.answer(suggestion, day)
            path.append((suggestion.kind, suggestion.to_variant))
        history.train(day, done=rounds)
    final = MONDAY + timedelta(days=35)
    for suggestion in history.suggest(final):
        path.append((suggestion.kind, suggestion.to_variant))
    assert path == [
        ("advance_band", "bird-dog"),
        ("advance_band", "reverse-hyper"),
        ("regress_band", "bird-dog"),
    ]
    assert history.state().variant_id == "bird-dog"


def test_pain_blocks_stepping_up_the_band() -> None:
    history = History(ladder())
    history.train(MONDAY, done=[31, 30], after=3)
    assert kinds(history.suggest(MONDAY + timedelta(days=1))) == ["hold"]


# --- one change at a time --------------------------------------------------------------------------


def test_only_one_harder_change_at_a_time_in_a_routine() -> None:
    history = History(PAIR)
    days = [MONDAY + timedelta(days=n) for n in range(8)]
    history.train(days[0])
    history.train(days[1])
    [first] = history.suggest(days[2])
    assert (first.exercise_id, first.kind) == ("first", "raise")  # both qualify; one is offered
    history.answer(first, days[2])
    # The second exercise still qualifies, but waits until the first change has settled.
    assert history.suggest(days[2]) == []
    history.train(days[2])
    assert history.suggest(days[3]) == []
    history.train(days[3])
    [second] = history.suggest(days[4])
    assert (second.exercise_id, second.to_target) == ("second", 15)  # waited longest goes first
    history.answer(second, days[4])
    history.train(days[4])
    history.train(days[5])
    [third] = history.suggest(days[6])
    assert (third.exercise_id, third.to_target) == ("first", 20)


def test_easing_off_is_never_held_back_by_the_one_change_rule() -> None:
    history = History(PAIR)
    history.set_by_hand(MONDAY - timedelta(days=1), 20)
    history.train(MONDAY)
    history.train(MONDAY + timedelta(days=1))
    back = MONDAY + timedelta(days=9)
    assert kinds(history.suggest(back)) == ["ease_back"]


def test_apply_state_puts_every_exercise_on_its_current_rung() -> None:
    journal: list[JournalEvent] = [
        TargetChange(at(MONDAY), "holds", "static-hold", "single-leg", 25, "manual", True)
    ]
    routine = apply_state(HOLDS, current_state(HOLDS, (), journal))
    exercise = routine.exercises[0]
    assert exercise.variant_id == "single-leg"
    assert exercise.dose.target == 25
    assert exercise.per_side
    assert HOLDS.exercises[0].dose.target == 30  # the original is untouched


@pytest.mark.parametrize(
    ("days", "expected"), [(6, ["raise"]), (10, ["raise"]), (14, ["ease_back"])]
)
def test_a_weekly_routine_has_a_longer_break(days: int, expected: list[str]) -> None:
    weekly = routine_from(HOLDS_TOML.replace('"2-per-day"', '"1-2-per-week"'))
    history = History(weekly)
    history.set_by_hand(MONDAY - timedelta(days=8), 60)
    history.train(MONDAY - timedelta(days=7))
    history.train(MONDAY)
    assert kinds(history.suggest(MONDAY + timedelta(days=days))) == expected
