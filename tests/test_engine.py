"""The session engine driven by a fake clock: timing, cues, pause, catch-up, navigation."""

from __future__ import annotations

import time

import pytest

from backtimer.engine import (
    Cue,
    CueKind,
    Phase,
    Session,
    SessionEnded,
    Settings,
)
from tests.support.clock import T0, FakeClock
from tests.support.engine import (
    a2,
    cues,
    inline,
    logged,
    phases,
    run,
    spoken,
    started,
    with_variant,
)

TWO_SETS = """
[[exercise]]
id = "hold"
name = "Static hold"
kind = "hold"
sets = 2
rest_s = 20
dose = { target = 30, min = 30, max = 60, step = 10 }

[[exercise]]
id = "cat-cow"
name = "Cat-cow"
kind = "movement"
dose = { target = 40 }
"""


# --------------------------------------------------------------------------- whole session


def test_whole_step_2_session_runs_by_itself_with_every_cue_and_record() -> None:
    began = time.perf_counter()
    clock = FakeClock()
    session = Session(a2(), clock)
    events = session.advance()
    assert phases(events) == [Phase.PAIN_BEFORE]
    assert cues(events) == [Cue(CueKind.QUESTION, "Pain right now, from 0 to 10?")]

    events = session.answer_pain(1)
    events += run(session, clock, 40)
    assert spoken(events) == [
        (
            0,
            "Static hold. Two legs, pad at its highest setting. Hips secure on the pad; heels to "
            "head in one straight line. Asymmetric: more weight on one leg; favour the other one "
            "next session. Get into position.",
        ),
        (2, "3"),
        (3, "2"),
        (4, "1"),
        (5, "Hold"),
        (15, "Breathe steadily the whole hold; never hold your breath."),
        (20, "Halfway"),
        (25, "10 seconds left"),
        (32, "3"),
        (33, "2"),
        (34, "1"),
        (35, "Done"),
        (35, "Pain during Static hold, from 0 to 10?"),
    ]
    assert [cue.kind for cue in cues(events)][:5] == [
        CueKind.ANNOUNCE,
        CueKind.COUNT,
        CueKind.COUNT,
        CueKind.COUNT,
        CueKind.START,
    ]
    assert phases(events) == [Phase.LEAD_IN, Phase.WORK, Phase.PAIN_EXERCISE]
    (first,) = logged(events)
    record = first.record
    assert not first.updated
    assert (record.exercise_id, record.variant_id, record.side, record.set_number) == (
        "static-hold",
        "pad-high",
        "both",
        1,
    )
    assert (record.target, record.unit, record.actual_s, record.overtime) == (30, "s", 30.0, False)
    assert (record.started_at_mono, record.ended_at_mono) == (T0 + 5, T0 + 35)
    assert record.stop_reason is None and record.pain is None and not record.untimed

    events = session.answer_pain(2)
    (update,) = logged(events)
    assert update.updated and update.record.id == record.id and update.record.pain == 2
    assert phases(events) == [Phase.PAIN_AFTER]
    assert phases(session.answer_pain(1)) == [Phase.RED_FLAG]
    events = session.answer_red_flag(False)
    assert phases(events) == [Phase.SUMMARY]
    assert events[-1] == SessionEnded("completed")
    assert session.status == "completed"
    assert session.records == [update.record]
    assert [(p.when, p.value, p.exercise_id) for p in session.pains] == [
        ("before", 1, None),
        ("exercise", 2, "static-hold"),
        ("after", 1, None),
    ]
    assert session.red_flag is False
    assert session.time_under_tension() == 30.0
    assert session.view().advice == ()
    assert time.perf_counter() - began < 1.0


def test_countdown_comes_before_the_end_never_after_and_no_cue_repeats() -> None:
    clock = FakeClock()
    session = started(inline(TWO_SETS), clock)
    events = session.advance() + run(session, clock, 200, step=0.25)
    seen = [(cue.kind, cue.text, cue.at) for cue in cues(events)]
    assert len(seen) == len(set(seen))
    # The work ends at 35 and 85: the counts belong to the 3 s before each end.
    counts = [round(cue.at - T0, 2) for cue in cues(events) if cue.kind is CueKind.COUNT]
    for end in (35, 85):
        assert [end - 3, end - 2, end - 1] == [c for c in counts if end - 3 <= c < end]
        assert not [c for c in counts if end <= c < end + 1]
    dones = [round(cue.at - T0, 2) for cue in cues(events) if cue.text == "Done"]
    assert dones == [35, 85]


def test_two_sets_rest_then_next_exercise() -> None:
    clock = FakeClock()
    session = started(inline(TWO_SETS), clock)
    events = run(session, clock, 86)
    assert phases(events) == [Phase.WORK, Phase.REST, Phase.WORK, Phase.PAIN_EXERCISE]
    said = spoken(events)
    assert (35, "Rest 20 seconds. Next: Static hold, set 2 of 2.") in said
    assert (45, "10 seconds left") in said
    assert (55, "Rest over") in said and (55, "Hold") in said
    assert [r.set_number for r in session.records] == [1, 2]
    assert session.view().next_text == "Next: Cat-cow"
    events = session.answer_pain(0)
    assert phases(events) == [Phase.LEAD_IN]
    assert cues(events)[0].text == "Cat-cow. Get into position."
    events = run(session, clock, 45)
    assert (86 + 5, "Go") in spoken(events)
    assert session.records[-1].actual_s == 40.0
    assert session.phase is Phase.PAIN_EXERCISE


def test_a_rest_of_ninety_seconds_reads_and_sounds_like_every_other_duration() -> None:
    clock = FakeClock()
    session = started(inline(TWO_SETS.replace("rest_s = 20", "rest_s = 90")), clock)
    assert session.view().next_text == "Next: Static hold, set 1 of 2"
    events = run(session, clock, 5)
    assert session.view().next_text == "Next: rest 1 min 30 s"
    events = run(session, clock, 31)
    assert (35, "Rest 1 minute 30 seconds. Next: Static hold, set 2 of 2.") in spoken(events)


# --------------------------------------------------------------------------- sides


def test_single_leg_variant_gives_each_side_the_full_time() -> None:
    clock = FakeClock()
    session = started(with_variant(a2(), "single-leg"), clock)
    assert cues(session.advance()) == []
    view = session.view()
    assert (view.side, view.target, view.next_text) == ("left", 15, "Next: Static hold, left side")
    events = run(session, clock, 5.0)
    assert session.view().side == "left"
    events += run(session, clock, 15.0)
    assert session.phase is Phase.SWITCH
    assert (20, "Switch sides: right side") in spoken(events)
    assert session.view().next_text == "Next: Static hold, right side"
    events += run(session, clock, 26)
    assert phases(events) == [Phase.WORK, Phase.SWITCH, Phase.WORK, Phase.PAIN_EXERCISE]
    left, right = session.records
    assert (left.side, left.actual_s, left.set_number, left.variant_id) == (
        "left",
        15.0,
        1,
        "single-leg",
    )
    assert (right.side, right.actual_s, right.set_number) == ("right", 15.0, 1)
    assert right.started_at_mono == T0 + 30  # the 10 s side gap
    assert left.id != right.id
    # A 15 s hold has a halfway cue but is too short for "10 seconds left".
    assert (12.5, "Halfway") in spoken(events)
    assert "10 seconds left" not in [text for _, text in spoken(events)]


def test_the_lead_in_announces_the_first_side() -> None:
    clock = FakeClock()
    session = Session(with_variant(a2(), "single-leg"), clock)
    session.advance()
    events = session.answer_pain(0)
    assert cues(events)[0].text == (
        "Static hold. One leg, each side. Left side first. Hips secure on the pad; heels to head "
        "in one straight line. One foot under the roller, the other leg resting beside it. "
        "Get into position."
    )


# --------------------------------------------------------------------------- hold endings


def test_hold_ended_early_keeps_the_real_seconds_and_asks_why() -> None:
    clock = FakeClock()
    session = started(a2(), clock)
    run(session, clock, 5 + 12.34, step=0.01)
    events = session.finish()
    (entry,) = logged(events)
    assert entry.record.actual_s == 12.3 and entry.record.stop_reason is None
    assert cues(events)[0] == Cue(CueKind.END, "Stopped at 12 seconds")
    assert session.phase is Phase.STOP_REASON
    view = session.view()
    assert view.question == "Why did you stop?"
    assert [option.value for option in view.options] == ["fatigue", "pain", "form", "other"]
    # Nothing runs on by itself while the question waits.
    assert run(session, clock, 100, step=1) == []
    events = session.answer_stop("pain")
    (update,) = logged(events)
    assert update.updated and update.record.id == entry.record.id
    assert update.record.stop_reason == "pain" and update.record.actual_s == 12.3
    assert session.view().phase is Phase.PAIN_EXERCISE
    with pytest.raises(ValueError):
        session.answer_stop("bored")


def test_keep_going_counts_on_past_the_target_until_finish() -> None:
    clock = FakeClock()
    session = started(a2(), clock, settings=Settings(keep_going=True))
    events = run(session, clock, 35)
    assert (35, "Target reached. Keep going if you can") in spoken(events)
    assert session.phase is Phase.WORK and logged(events) == []
    events = run(session, clock, 12)
    assert cues(events) == []
    view = session.view()
    assert view.overtime and view.progress == 1.0 and view.elapsed == pytest.approx(42)
    events = session.finish()
    (entry,) = logged(events)
    assert entry.record.actual_s == 42.0 and entry.record.overtime
    assert session.view().phase is Phase.PAIN_EXERCISE  # no "why did you stop?" after the target


def test_pause_pushes_the_deadline_back() -> None:
    clock = FakeClock()
    session = started(a2(), clock)
    run(session, clock, 15)  # 10 s into the hold
    session.toggle_pause()
    assert session.view().paused
    remaining = session.view().remaining
    events = run(session, clock, 10)
    assert events == [] and session.view().remaining == remaining
    session.toggle_pause()
    events = run(session, clock, 19.9)
    assert session.phase is Phase.WORK and logged(events) == []
    events = run(session, clock, 0.1)
    (entry,) = logged(events)
    assert entry.record.ended_at_mono == pytest.approx(T0 + 5 + 40)
    assert entry.record.actual_s == 30.0
    assert (round(cues(events)[0].at - T0, 3), cues(events)[0].text) == (45, "Done")


def test_elapsed_leaves_out_the_paused_time() -> None:
    clock = FakeClock()
    session = started(a2(), clock)
    run(session, clock, 10)
    session.toggle_pause()
    run(session, clock, 60)
    session.toggle_pause()
    run(session, clock, 3)
    assert session.view().elapsed == pytest.approx(8)
    events = session.finish()
    assert logged(events)[0].record.actual_s == 8.0


def test_a_late_advance_processes_every_boundary_at_its_exact_time() -> None:
    clock = FakeClock()
    session = started(inline(TWO_SETS), clock)
    clock.now = T0 + 85 + 100  # the last hold ended at 85; the UI wakes 100 s late
    events = session.advance()
    assert phases(events) == [Phase.WORK, Phase.REST, Phase.WORK, Phase.PAIN_EXERCISE]
    first, second = (entry.record for entry in logged(events))
    assert (first.actual_s, first.ended_at_mono) == (30.0, T0 + 35)
    assert (second.actual_s, second.started_at_mono, second.ended_at_mono) == (
        30.0,
        T0 + 55,
        T0 + 85,
    )
    # No stale barrage: every cue's moment was long past.
    assert cues(events) == []


def test_a_slightly_late_advance_still_says_recent_cues() -> None:
    clock = FakeClock()
    session = started(a2(), clock)
    clock.now = T0 + 35.9
    events = session.advance()
    # "1" belonged to 34 s, 1.9 s ago: dropped. The end, 0.9 s ago, is still worth saying.
    assert spoken(events) == [
        (35, "Done"),
        (35, "Pain during Static hold, from 0 to 10?"),
    ]


# --------------------------------------------------------------------------- rest


def test_rest_can_be_lengthened_shortened_and_skipped() -> None:
    clock = FakeClock()
    session = started(inline(TWO_SETS), clock)
    run(session, clock, 40)  # 5 s into the 20 s rest
    view = session.view()
    assert view.phase is Phase.REST and view.rest_remaining == pytest.approx(15)
    assert view.can_adjust_rest and view.next_text == "Next: Static hold, set 2 of 2"
    session.adjust_rest(+15)
    assert session.view().rest_remaining == pytest.approx(30)
    events = run(session, clock, 20)  # 10 s left: the warning comes again
    assert (60, "10 seconds left") in spoken(events)
    session.adjust_rest(-15)
    assert session.phase is Phase.WORK
    assert session.records[-1].set_number == 1
    run(session, clock, 30)
    assert session.records[-1].started_at_mono == T0 + 60
    assert session.view().phase is Phase.PAIN_EXERCISE
    session.skip()  # no answer: on to the next exercise
    assert session.view().phase is Phase.LEAD_IN and session.pains[-1].when == "before"


def test_skip_ends_the_rest_now() -> None:
    clock = FakeClock()
    session = started(inline(TWO_SETS), clock)
    run(session, clock, 36)
    events = session.skip()
    assert phases(events) == [Phase.WORK]
    assert session.view().set_number == 2
    run(session, clock, 30)
    assert session.records[-1].started_at_mono == T0 + 36


def test_a_shortened_rest_below_zero_ends_at_once() -> None:
    clock = FakeClock()
    session = started(inline(TWO_SETS), clock)
    run(session, clock, 50)
    events = session.adjust_rest(-15)
    assert phases(events) == [Phase.WORK]


# --------------------------------------------------------------------------- navigation


def test_skip_the_lead_in_starts_the_work() -> None:
    clock = FakeClock()
    session = started(a2(), clock)
    clock.now += 1
    events = session.skip()
    assert phases(events) == [Phase.WORK]
    run(session, clock, 30)
    assert session.records[0].started_at_mono == T0 + 1


def test_skip_during_work_skips_the_rest_of_the_exercise_without_logging() -> None:
    clock = FakeClock()
    session = started(inline(TWO_SETS), clock)
    run(session, clock, 10)
    events = session.skip()
    assert logged(events) == []
    # Nothing was logged for it, so there is no pain question: straight on to the next.
    assert phases(events) == [Phase.LEAD_IN]
    assert session.view().exercise.id == "cat-cow"


def test_back_and_jump_keep_what_was_logged() -> None:
    """`b` does the set just done again and replaces it; `g` to an exercise numbers its sets on
    (issue 13: a set done again was logged as set 3 of a 2-set exercise)."""
    clock = FakeClock()
    session = started(inline(TWO_SETS), clock)
    run(session, clock, 36)  # set 1 logged, resting
    session.back()  # do set 1 again
    assert session.phase is Phase.LEAD_IN and session.view().exercise_index == 0
    run(session, clock, 35)
    assert [r.set_number for r in session.records] == [1]  # the new try replaced set 1
    session.jump(1)
    assert session.view().exercise.id == "cat-cow" and session.phase is Phase.LEAD_IN
    session.back()  # in the lead-in: back to the previous exercise
    assert session.view().exercise_index == 0
    assert len(session.records) == 1
    session.jump(1)
    session.jump(0)
    run(session, clock, 35)
    assert [r.set_number for r in session.records] == [1, 2]  # go to numbers on
    with pytest.raises(IndexError):
        session.jump(5)


def test_quit_ends_early_and_keeps_every_record() -> None:
    clock = FakeClock()
    session = started(inline(TWO_SETS), clock)
    run(session, clock, 60)  # set 2 running for 5 s
    events = session.quit()
    assert events[-1] == SessionEnded("ended_early")
    assert session.status == "ended_early" and session.phase is Phase.SUMMARY
    assert [r.actual_s for r in session.records] == [30.0, 5.0]
    assert run(session, clock, 100) == []
    assert session.quit() == []


def test_wrap_up_still_asks_the_closing_questions() -> None:
    clock = FakeClock()
    session = started(inline(TWO_SETS), clock)
    run(session, clock, 20)
    events = session.wrap_up()
    assert phases(events) == [Phase.PAIN_AFTER]
    assert logged(events)[0].record.actual_s == 15.0
    session.answer_pain(1)
    events = session.answer_red_flag(False)
    assert events[-1] == SessionEnded("ended_early")


# --------------------------------------------------------------------------- view


def test_view_during_a_hold() -> None:
    clock = FakeClock()
    session = started(a2(), clock, last={"static-hold": "30 s, pain 1"})
    view = session.view()
    assert view.phase is Phase.LEAD_IN and view.remaining == 5 and view.progress == 0
    run(session, clock, 12.5)
    view = session.view()
    assert view.phase is Phase.WORK
    assert view.remaining == pytest.approx(22.5) and view.elapsed == pytest.approx(7.5)
    assert view.progress == pytest.approx(0.25) and view.duration == 30
    assert (view.exercise_index, view.exercise_count, view.set_number, view.sets) == (0, 1, 1, 1)
    assert view.variant_name == "Two legs, pad at its highest setting"
    assert any(point.startswith("Hips secure on the pad") for point in view.form_points)
    assert view.last_text == "30 s, pain 1"
    assert view.next_text == "Next: the end of the session"
    assert view.can_finish and not view.can_count and not view.can_mark_done
    assert view.question is None and view.options == ()


def test_actions_in_the_wrong_phase_do_nothing() -> None:
    clock = FakeClock()
    session = Session(a2(), clock)
    session.advance()
    assert session.finish() == []
    assert session.add_rep() == []
    assert session.adjust_rest(15) == []
    assert session.answer_stop("form") == []
    assert session.answer_red_flag(True) == []
    assert session.phase is Phase.PAIN_BEFORE and session.red_flag is None


def test_settings_change_the_lead_in_and_the_warnings() -> None:
    clock = FakeClock()
    settings = Settings(lead_in=10, halfway=False, ten_seconds=False, countdown=5)
    session = started(a2(), clock, settings=settings)
    events = run(session, clock, 41)
    said = spoken(events)
    assert [t for t, text in said if text == "5"] == [5, 35]
    assert "Halfway" not in [text for _, text in said]
    assert "10 seconds left" not in [text for _, text in said]
    assert session.records[0].started_at_mono == T0 + 10


NO_GAPS = """
[[exercise]]
id = "bridge"
name = "Glute bridge"
kind = "reps"
sides = "each"
sets = 2
rest_s = 0
side_gap_s = 0
dose = { target = 10 }
"""


def test_zero_second_gaps_and_rests_pass_at_once_after_an_action() -> None:
    clock = FakeClock()
    session = started(inline(NO_GAPS), clock)
    run(session, clock, 5)
    events = session.finish()  # left side, set 1 (short of target: asks why)
    events += session.answer_stop("other")
    assert phases(events) == [Phase.STOP_REASON, Phase.SWITCH, Phase.WORK]
    assert "Switch sides: right side" in [cue.text for cue in cues(events)]
    for _ in range(10):
        session.add_rep()
    events = session.finish()  # right side, set 1: a zero rest, then set 2 at once
    assert phases(events) == [Phase.REST, Phase.WORK]
    assert "Rest over" in [cue.text for cue in cues(events)]
    assert (session.view().set_number, session.view().side) == (2, "left")


def test_turning_keep_going_off_in_overtime_ends_the_hold() -> None:
    clock = FakeClock()
    session = started(a2(), clock)
    run(session, clock, 6)  # into the hold
    session.set_keep_going(True)
    run(session, clock, 34)
    assert session.view().overtime
    events = session.set_keep_going(False)
    (entry,) = logged(events)
    assert entry.record.actual_s == 35.0 and entry.record.overtime
    assert session.phase is Phase.PAIN_EXERCISE and not session.view().keep_going


def test_a_phase_entered_while_paused_starts_on_resume() -> None:
    clock = FakeClock()
    session = started(a2(), clock)
    run(session, clock, 1)
    session.toggle_pause()
    session.skip()  # skip the lead-in while paused: the hold waits for the resume
    assert session.phase is Phase.WORK and session.view().remaining == 30
    run(session, clock, 50)
    session.toggle_pause()
    run(session, clock, 30)
    (record,) = session.records
    assert (record.started_at_mono, record.ended_at_mono, record.actual_s) == (
        T0 + 51,
        T0 + 81,
        30.0,
    )


def test_next_text_says_what_comes_after_the_current_step() -> None:
    clock = FakeClock()
    session = Session(inline(TWO_SETS), clock)
    assert session.view().next_text == "Next: Static hold"
    session.answer_pain(0)
    assert session.view().next_text == "Next: Static hold, set 1 of 2"
    run(session, clock, 6)
    assert session.view().next_text == "Next: rest 20 s"
    run(session, clock, 30)
    assert session.view().next_text == "Next: Static hold, set 2 of 2"
    run(session, clock, 20)
    assert session.view().next_text == "Next: Cat-cow"
    single = started(with_variant(a2(), "single-leg"), FakeClock())
    single.skip()
    assert single.view().next_text == "Next: Static hold, right side"
