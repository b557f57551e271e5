"""What a session says about form: the lead-in names the exercise, its rung, the side and its key
points; holds of 30 s or more get one reminder (issue 12: "Form spoken and complete")."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from backtimer.engine import CueKind, Session, Settings
from backtimer.services.cues import Dispatcher
from backtimer.storage.config import load_config, session_settings
from tests.support.clock import FakeClock
from tests.support.engine import a2, cues, one_exercise, run, spoken, started

HOLD_30 = """id = "h"
name = "Wall sit"
kind = "hold"
form = ["Back flat against the wall", "Breathe steadily"]
dose = { target = 30 }
"""


def lead_in_text(session: Session) -> str:
    announced = [cue for cue in cues(session.advance()) if cue.kind is CueKind.ANNOUNCE]
    return announced[0].text if announced else ""


def test_the_lead_in_speaks_the_rung_and_keeps_the_exercise_points() -> None:
    """Issue 12: a2 pad-lower no longer loses "hips on the pad"; the rung is said."""
    clock = FakeClock()
    session = Session(a2("pad-lower"), clock)
    session.advance()
    (announce,) = [c for c in cues(session.answer_pain(0)) if c.kind is CueKind.ANNOUNCE]
    assert announce.text == (
        "Static hold. Two legs, pad one notch lower. Hips secure on the pad; heels to head in one "
        "straight line. Asymmetric: more weight on one leg; favour the other one next "
        "session. Get into position."
    )


def test_an_exercise_without_a_ladder_speaks_its_two_first_points() -> None:
    clock = FakeClock()
    session = Session(one_exercise(HOLD_30), clock)
    session.advance()
    (announce,) = [c for c in cues(session.answer_pain(0)) if c.kind is CueKind.ANNOUNCE]
    assert (
        announce.text
        == "Wall sit. Back flat against the wall. Breathe steadily. Get into position."
    )


def test_an_exercise_without_points_is_announced_as_before() -> None:
    clock = FakeClock()
    body = HOLD_30.replace('form = ["Back flat against the wall", "Breathe steadily"]\n', "")
    session = Session(one_exercise(body), clock)
    session.advance()
    (announce,) = [c for c in cues(session.answer_pain(0)) if c.kind is CueKind.ANNOUNCE]
    assert announce.text == "Wall sit. Get into position."


def test_a_30_s_hold_gets_one_breathing_reminder_a_third_of_the_way_in() -> None:
    """ "Holds of 30 s or more get one mid-hold reminder (for example: keep breathing)"."""
    clock = FakeClock()
    session = started(one_exercise(HOLD_30), clock)
    said = spoken(run(session, clock, 36))
    reminders = [(at, text) for at, text in said if text == "Breathe steadily."]
    assert reminders == [(15.0, "Breathe steadily.")]  # 5 s lead-in, then 10 s into the hold
    assert (20.0, "Halfway") in said


def test_a_hold_under_30_s_gets_no_reminder() -> None:
    clock = FakeClock()
    session = started(one_exercise(HOLD_30.replace("target = 30", "target = 29")), clock)
    kinds = [cue.kind for cue in cues(run(session, clock, 36))]
    assert CueKind.REMINDER not in kinds


def test_the_reminder_can_be_turned_off() -> None:
    clock = FakeClock()
    settings = Settings(form_reminder=False)
    session = started(one_exercise(HOLD_30), clock, settings=settings)
    kinds = [cue.kind for cue in cues(run(session, clock, 36))]
    assert CueKind.REMINDER not in kinds and CueKind.HALFWAY in kinds


def test_each_long_hold_of_a_repeated_hold_gets_its_reminder() -> None:
    clock = FakeClock()
    body = """id = "r"
name = "Long holds"
kind = "repeated_hold"
form = ["Keep breathing"]
dose = { target = 30 }
repeat = { count = 2, relax_s = 5 }
"""
    session = started(one_exercise(body), clock)
    said = spoken(run(session, clock, 75))
    assert [at for at, text in said if text == "Keep breathing."] == [15.0, 50.0]


def test_a_bridge_rep_lifts_holds_then_lowers_with_the_count_on_the_way_down() -> None:
    """B: glute bridge "lift, hold 2 s at the top, lower"."""
    clock = FakeClock()
    body = """id = "b"
name = "Glute bridge"
kind = "reps"
dose = { target = 1 }
tempo = { up_s = 2, top_s = 2, lower_s = 4, up_first = true }
"""
    session = started(one_exercise(body), clock)
    said = spoken(run(session, clock, 14))
    after_lead_in = [(at, text) for at, text in said if at >= 5]
    assert after_lead_in[:6] == [
        (5.0, "Up"),
        (7.0, "Hold"),
        (9.0, "Lower"),
        (10.0, "3"),
        (11.0, "2"),
        (12.0, "1"),
    ]


def test_spoken_text_reaches_the_command_output_and_obeys_the_config(tmp_path: Path) -> None:
    """The `command` cue output hears the lead-in's points; `form_reminder = false` silences
    the reminder and nothing else."""
    log = tmp_path / "said.log"
    script = tmp_path / "hook"
    script.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"open({str(log)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    for reminder in ("true", "false"):
        log.unlink(missing_ok=True)
        config_file = tmp_path / "config.toml"
        config_file.write_text(
            f'voice = false\nbell = false\ncommand = ["{script}", "{{kind}}", "{{text}}"]\n'
            f"[warnings]\nform_reminder = {reminder}\n",
            encoding="utf-8",
        )
        config, problems = load_config(config_file)
        assert problems == []
        dispatcher = Dispatcher.from_config(config, lambda: None, quiet=False)
        clock = FakeClock()
        session = Session(a2(), clock, settings=session_settings(config))
        dispatcher.send_events(session.advance())
        dispatcher.send_events(session.answer_pain(0))
        dispatcher.send_events(run(session, clock, 36))
        (output,) = dispatcher.outputs
        assert output.idle(10)  # type: ignore[attr-defined]
        dispatcher.close()
        said = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        announce = next(text for kind, text in said if kind == "announce")
        assert "Hips secure on the pad" in announce and "Asymmetric" in announce
        reminders = [text for kind, text in said if kind == "reminder"]
        expected = ["Breathe steadily the whole hold; never hold your breath."]
        assert reminders == (expected if reminder == "true" else [])
        assert ["halfway", "Halfway"] in said
