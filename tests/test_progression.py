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


# --- raises at the program's pace ------------------------------------------------------------------


def train_on(history: History, offsets: Sequence[int], **kwargs: object) -> None:
    """A session on each of these days after MONDAY."""
    for offset in offsets:
        history.train(MONDAY + timedelta(days=offset), **kwargs)  # type: ignore[arg-type]


def test_raise_reason_names_the_numbers_and_the_pain() -> None:
    """Pace: 3 good sessions over 7 days, then +10 % (60 s → 66 s, not 70 s)."""
    history = History(HOLDS)
    history.set_by_hand(MONDAY, 60)
    history.train(MONDAY, 8, after=0)
    history.train(MONDAY + timedelta(days=4), 8, after=1)
    history.train(MONDAY + timedelta(days=7), 8, after=0)
    assert history.suggest(MONDAY + timedelta(days=7)) == []  # the next day has not come yet
    history.rate(MONDAY + timedelta(days=7), 1)
    [suggestion] = history.suggest(MONDAY + timedelta(days=8))
    assert suggestion.kind == "raise"
    assert (suggestion.from_target, suggestion.to_target) == (60, 66)
    assert suggestion.reason == (
        "Reached 1 min in 3 sessions over 7 days with pain 0–1: try 1 min 6 s."
    )
    assert suggestion.evidence == tuple(s.id for s in history.sessions)


def test_a_missing_next_day_rating_does_not_block_once_the_day_is_over() -> None:
    history = History(HOLDS)
    train_on(history, [0, 3, 7])
    assert kinds(history.suggest(MONDAY + timedelta(days=8))) == ["raise"]


def pace_steps(start: int, top: int, step: int) -> list[float]:
    """The targets a perfect user is offered: +10 % (whole, at least 1, at most `step`)."""
    values, value = [], start
    while value < top:
        value = min(top, value + max(1, min(step, value // 10)))
        values.append(float(value))
    return values


def test_the_whole_ladder_ends_with_the_next_step() -> None:
    """Master each level before moving on: raises at 10 %, the top held 2 weeks, then on."""
    history = History(HOLDS)
    offered: list[tuple[str, str, float]] = []
    for index in range(600):
        day = MONDAY + timedelta(days=index)
        for suggestion in history.suggest(day):
            offered.append(
                (suggestion.kind, suggestion.to_variant or "", suggestion.to_target or 0)
            )
            history.answer(suggestion, day)
        if offered and offered[-1][0] == "advance_step":
            break
        history.train(day, 8)
    expected = (
        [("raise", "pad-high", t) for t in pace_steps(30, 120, 10)]
        + [("variant", "pad-lower", 30.0)]
        + [("raise", "pad-lower", t) for t in pace_steps(30, 120, 10)]
        + [("variant", "single-leg", 15.0)]
        + [("raise", "single-leg", t) for t in pace_steps(15, 60, 5)]
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
    train_on(history, [4, 7])
    assert history.suggest(MONDAY + timedelta(days=8)) == []  # the short side ends the run
    train_on(history, [11])
    assert kinds(history.suggest(MONDAY + timedelta(days=12))) == ["raise"]


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
    train_on(history, [0, 4])
    history.train(MONDAY + timedelta(days=7), done=done)
    assert kinds(history.suggest(MONDAY + timedelta(days=8))) == (["raise"] if raised else [])


def test_reps_are_reached_at_the_count() -> None:
    """Whole reps, at least +1: 10 reps → 11 (10 % of 10 is 1), not 12."""
    history = History(SLOW)
    train_on(history, [0, 3], done=10)
    train_on(history, [7], done=9)
    assert history.suggest(MONDAY + timedelta(days=8)) == []
    train_on(history, [8], done=11)
    train_on(history, [11, 15], done=10)
    assert history.suggest(MONDAY + timedelta(days=15)) == []  # the last day is not over
    [suggestion] = history.suggest(MONDAY + timedelta(days=16))
    assert (suggestion.kind, suggestion.to_target) == ("raise", 11)
    assert "Reached 10 reps in 3 sessions over 7 days" in suggestion.reason


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
    train_on(history, [0, 4, 7])
    day = MONDAY + timedelta(days=8)
    [raise_] = history.suggest(day)
    history.answer(raise_, day, accepted=False)
    declined = history.journal[-1]
    assert isinstance(declined, TargetChange) and not declined.accepted
    assert history.suggest(day) == []
    assert history.state().target == 30  # a decline changes nothing
    train_on(history, [8, 12])
    assert history.suggest(MONDAY + timedelta(days=13)) == []  # fresh sessions span 4 days only
    train_on(history, [15])
    [again] = history.suggest(MONDAY + timedelta(days=16))
    assert (again.kind, again.to_target) == ("raise", 33)


def test_a_target_set_by_hand_applies_and_resets_the_count() -> None:
    history = History(HOLDS)
    train_on(history, [-7, -3, 0])
    tuesday = MONDAY + timedelta(days=1)
    assert kinds(history.suggest(tuesday)) == ["raise"]
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
    # (rule, sessions as (day offset, hour, after, during, choice), next-day ratings, expected
    # kind, expected target): "above 1–2/10 the exercise is too much today"; a step back is
    # proportional, 10 % (20 % after severe pain), never a jump.
    (
        "one session over the limit holds",
        [(0, 8, 0, None, False), (0, 18, 4, None, False)],
        {},
        "hold",
        None,
    ),
    (
        "pain during the exercise holds",
        [(0, 8, 0, None, False), (0, 18, 0, 3, False)],
        {},
        "hold",
        None,
    ),
    (
        "a shortened exercise starts the next session shorter",
        [(0, 8, 0, None, False), (0, 18, 0, None, True)],
        {},
        "hold",
        42,
    ),
    (
        "a bad next day holds",
        [(0, 8, 0, None, False), (0, 18, 0, None, False)],
        {0: 4},
        "hold",
        None,
    ),
    (
        "two bad next days step back 10 %",
        [(0, 8, 0, None, False), (1, 8, 0, None, False)],
        {0: 3, 1: 3},
        "step_back",
        54,
    ),
    (
        "pain at the limit in 3 sessions over 7 days is fine: raise 10 %",
        [(0, 8, 2, None, False), (4, 18, 2, 2, False), (7, 8, 1, None, False)],
        {0: 2, 4: 2, 7: 2},
        "raise",
        66,
    ),
    (
        "two of three over steps back 10 %",
        [(0, 8, 4, None, False), (0, 18, 0, None, False), (1, 8, 3, None, False)],
        {0: 0},
        "step_back",
        54,
    ),
    (
        "severe pain once steps back 20 %",
        [(0, 8, 0, None, False), (0, 18, 5, None, False)],
        {},
        "step_back",
        48,
    ),
    (
        "a severe next day steps back 20 %",
        [(0, 8, 0, None, False), (0, 18, 0, None, False)],
        {0: 6},
        "step_back",
        48,
    ),
]


@pytest.mark.parametrize(
    ("name", "plan", "ratings", "expected", "target"), FLARES, ids=[f[0] for f in FLARES]
)
def test_pain_gates_progression(
    name: str,
    plan: list[tuple[int, int, int, int | None, bool]],
    ratings: dict[int, int],
    expected: str,
    target: float | None,
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
    if expected == "hold" and target is None:
        assert not suggestion.is_change
        assert "your limit is 2" in suggestion.reason and "stay at 1 min" in suggestion.reason
    if expected == "hold" and target is not None:
        assert history.state().target == target
        assert "you shortened it" in suggestion.reason
    if expected in ("step_back", "raise"):
        assert (suggestion.from_target, suggestion.to_target) == (60, target)


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
        "Pain went over your limit of 2 twice in your last 2 sessions: step back to 54 s."
    )
    history.answer(step_back, tuesday)
    assert history.state().target == 54
    assert history.suggest(tuesday) == []  # the painful sessions were at the old target
    history.train(tuesday, 8, after=1)
    history.train(wednesday, 18, after=0)
    history.train(thursday + timedelta(days=5), after=0)
    [raise_] = history.suggest(thursday + timedelta(days=6))
    assert (raise_.kind, raise_.to_target) == ("raise", 59)  # 10 % of 54 s, in whole seconds


def test_a_declined_step_back_still_holds() -> None:
    history = flare_history()
    history.train(MONDAY, 8, after=4)
    history.train(MONDAY, 18, after=4)
    tuesday = MONDAY + timedelta(days=1)
    [step_back] = history.suggest(tuesday)
    history.answer(step_back, tuesday, accepted=False)
    assert kinds(history.suggest(tuesday)) == ["hold"]


def test_stepping_back_from_the_bottom_of_a_level_never_goes_to_a_longer_hold() -> None:
    """A step back is never a jump to a harder dose or a longer hold: pad-lower at 30 s steps
    back to the easier pad at 30 s, not to the top of it (2 min)."""
    history = History(HOLDS)
    history.set_by_hand(MONDAY - timedelta(days=1), 30, "pad-lower")
    history.train(MONDAY, 8, after=5)
    [suggestion] = history.suggest(MONDAY)
    assert (suggestion.kind, suggestion.to_variant, suggestion.to_target) == (
        "step_back",
        "pad-high",
        30,
    )
    assert 'step back to "Pad high" at 30 s' in suggestion.reason


def test_at_the_easiest_level_pain_can_only_hold() -> None:
    history = History(HOLDS)
    history.train(MONDAY, 8, after=6)
    [suggestion] = history.suggest(MONDAY)
    assert suggestion.kind == "hold"
    assert "already the easiest level" in suggestion.reason
    assert "Rest for now, and see a clinician if the pain persists" in suggestion.reason


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
    # Issue 11: the first plan after the clearance eases back; at the easiest level it says so.
    [welcome] = history.suggest(tuesday + timedelta(days=3))
    assert welcome.kind == "hold" and "start again gently" in welcome.reason
    history.train(tuesday + timedelta(days=4), red_flag=True)
    assert kinds(history.suggest(tuesday + timedelta(days=5))) == ["red_flag"]


def test_a_red_flag_in_another_routine_counts_but_one_in_a_demo_run_never_does() -> None:
    """Program, safety rules: leg symptoms are a red flag whatever routine they came in. Issue 11:
    demo runs ask no health questions and stay out of the red flag, so an old demo's "yes"
    never blocks real training."""
    history = History(HOLDS)
    other = History(SLOW)
    other.train(MONDAY, red_flag=True, speed=8.0)
    history.train(MONDAY, 8)
    history.train(MONDAY, 18)
    tuesday = MONDAY + timedelta(days=1)
    sessions = history.sessions + other.sessions
    assert "red_flag" not in kinds(suggest(HOLDS, sessions, [], today=tuesday))
    other.train(MONDAY, 20, red_flag=True)
    sessions = history.sessions + other.sessions
    assert kinds(suggest(HOLDS, sessions, [], today=tuesday)) == ["red_flag"]


# --- breaks ---------------------------------------------------------------------------------------


def test_a_two_week_break_eases_back_20_percent_once() -> None:
    """After a break, re-adapt from a lower dose: 14–27 days take 20 % off."""
    history = History(HOLDS)
    history.set_by_hand(MONDAY - timedelta(days=1), 80)
    history.train(MONDAY, 8)
    history.train(MONDAY, 18)
    back = MONDAY + timedelta(days=14)
    [ease] = history.suggest(back)
    assert (ease.kind, ease.from_target, ease.to_target) == ("ease_back", 80, 64)
    assert ease.reason == (
        "No Static holds session for 14 days (the last was on 2 Mar): "
        "ease back to 1 min 4 s and build up again."
    )
    history.answer(ease, back)
    assert history.state().target == 64
    assert history.suggest(back) == []


def test_a_declined_ease_back_is_not_repeated_and_a_break_never_raises() -> None:
    history = History(HOLDS)
    history.set_by_hand(MONDAY - timedelta(days=8), 80)
    train_on(history, [-7, -3, 0])
    back = MONDAY + timedelta(days=7)
    [ease] = history.suggest(back)
    assert (ease.kind, ease.to_target) == ("ease_back", 72)  # 7–13 days: 10 % off
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
    assert (ease.kind, ease.from_target, ease.to_target) == ("ease_back", 80, 64)


def test_a_break_at_the_easiest_dose_says_start_there_again() -> None:
    """At the bottom of the ladder the easiest dose is the answer, never nothing."""
    history = History(HOLDS)
    history.train(MONDAY, 8)
    [notice] = history.suggest(MONDAY + timedelta(days=20))
    assert notice.kind == "hold" and not notice.is_change
    assert "start again gently at 30 s, the easiest level" in notice.reason


# --- reps to technical failure ---------------------------------------------------------------------

BAND = [
    # (rule, start variant, rounds, day offset of "today", next routine, expected kind, to
    # variant): 20 ± 5, judged on the first round (the second is tired).
    ("16–25 is on target", "bird-dog", [22, 20], 1, None, None, None),
    ("30 or more in the first round steps up", "bird-dog", [31, 30], 1, None, "advance_band", "reverse-hyper"),
    ("too easy waits for the next day", "bird-dog", [31, 30], 0, None, None, None),
    ("the first round decides, not the tired second", "bird-dog", [30, 24], 1, None, "advance_band", "reverse-hyper"),
    ("a tired second round under 15 is no step down", "bird-dog", [18, 12], 0, None, None, None),
    ("15 or fewer is too hard: step down", "bird-dog", [15, 17], 0, None, "regress_band", "hip-abduction"),
    ("14 in the first round steps down", "bird-dog", [14, 15], 1, None, "regress_band", "hip-abduction"),
    ("too hard on the lowest rung says what to do instead", "hip-abduction", [12, 10], 1, None, "hold", None),
    ("26–29 is above the band: say so", "bird-dog", [27, 26], 1, None, "hold", None),
    ("the last rung with no next step stays", "reverse-hyper", [33, 31], 1, None, None, None),
    ("the last rung moves on to the next step", "reverse-hyper", [33, 31], 1, "slow", "advance_step", "reverse-hyper"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "start", "rounds", "offset", "next_id", "expected", "to"),
    BAND,
    ids=[b[0] for b in BAND],
)
def test_reps_to_failure_follow_the_band(
    rule: str,
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
    assert f"first round was {rounds[0]} reps" in suggestion.reason


def test_above_the_band_twice_in_both_rounds_steps_up() -> None:
    """26–29: above the band; step up once both rounds are there in 2 sessions."""
    history = History(ladder())
    history.train(MONDAY, done=[28, 26])
    history.train(MONDAY + timedelta(days=4), done=[27, 24])
    [note] = history.suggest(MONDAY + timedelta(days=5))
    assert note.kind == "hold" and "above the 16–25 band" in note.reason
    history.train(MONDAY + timedelta(days=8), done=[29, 27])
    [up] = history.suggest(MONDAY + timedelta(days=9))
    assert (up.kind, up.to_variant) == ("hold", None)  # [27, 24] had a round in the band
    history.train(MONDAY + timedelta(days=12), done=[28, 26])
    [up] = history.suggest(MONDAY + timedelta(days=13))
    assert (up.kind, up.to_variant) == ("advance_band", "reverse-hyper")


def test_the_band_steps_up_only_when_pain_free() -> None:
    """Move up only when pain-free: pain 1 (within the limit) keeps the rung, and says why."""
    history = History(ladder())
    history.train(MONDAY, done=[31, 30], after=1)
    [note] = history.suggest(MONDAY + timedelta(days=1))
    assert note.kind == "hold" and "not pain-free (pain 1)" in note.reason


def test_reps_to_failure_climb_and_fall_along_the_ladder() -> None:
    history = History(ladder("hip-abduction"))
    path = []
    for index, rounds in enumerate([[32, 30], [34, 31], [14, 12], [25, 24], [26, 22]]):
        day = MONDAY + timedelta(days=7 * index)
        for suggestion in history.suggest(day):
            if suggestion.is_change:
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
        ("hold", None),  # 26 in the first round: above the band, said so
    ]
    assert history.state().variant_id == "bird-dog"


def test_pain_blocks_stepping_up_the_band() -> None:
    history = History(ladder())
    history.train(MONDAY, done=[31, 30], after=3)
    assert kinds(history.suggest(MONDAY + timedelta(days=1))) == ["hold"]


# --- one change at a time --------------------------------------------------------------------------


def test_only_one_harder_change_at_a_time_in_a_routine() -> None:
    """Inside a level, progress one variable at a time."""
    history = History(PAIR)

    def offered(day: int) -> list[tuple[str | None, float | None]]:
        found = history.suggest(MONDAY + timedelta(days=day))
        for suggestion in found:
            history.answer(suggestion, MONDAY + timedelta(days=day))
        return [(s.exercise_id, s.to_target) for s in found]

    train_on(history, range(8))
    assert offered(8) == [("first", 11)]  # both qualify; one is offered (10 s + 10 %, 1 s)
    # The second exercise still qualifies, but waits until the first change has settled.
    for day in (8, 9):
        history.train(MONDAY + timedelta(days=day))
        assert offered(day + 1) == []
    history.train(MONDAY + timedelta(days=10))
    assert offered(11) == [("second", 11)]  # waited longest goes first
    for day in range(11, 15):
        history.train(MONDAY + timedelta(days=day))
        assert offered(day + 1) == []  # the first needs 7 days at 11 s, the second settles
    history.train(MONDAY + timedelta(days=15))
    assert offered(16) == [("first", 12)]


def test_easing_off_is_never_held_back_by_the_one_change_rule() -> None:
    history = History(PAIR)
    history.set_by_hand(MONDAY - timedelta(days=1), 20)
    history.train(MONDAY)
    history.train(MONDAY + timedelta(days=1))
    back = MONDAY + timedelta(days=9)
    # One suggestion for the break: ease the first hold back; the second, at its easiest dose
    # already, starts there again.
    [found] = history.suggest(back)
    assert found.kind == "ease_back"
    assert [part.kind for part in found.parts] == ["ease_back"]
    assert "Start Second hold again gently at the easiest level." in found.reason


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
    history.set_by_hand(MONDAY - timedelta(days=15), 60)
    train_on(history, [-14, -7, 0])
    assert kinds(history.suggest(MONDAY + timedelta(days=days))) == expected
