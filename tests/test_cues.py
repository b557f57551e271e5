"""Cue outputs: arguments reach programs verbatim with no shell, failures fall back, nothing blocks."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path

import pytest

from backtimer.engine import Cue, CueKind, Phase, PhaseChanged
from backtimer.services.cue_outputs import (
    BellOutput,
    CommandOutput,
    NotifyOutput,
    SpeechOutput,
    notify_argv,
    speech_argv,
    substitute,
)
from backtimer.services.cues import Dispatcher, Which, build_outputs
from backtimer.storage.config import Config
from tests.support.waiting import wait_until

NASTY = '; rm -rf ~/canary $(touch pwned) `touch pwned2` "quoted" \\ {kind} * ?'


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway HOME and working folder, so even a wrongly run shell could touch nothing real."""
    home = tmp_path / "home"
    (home / "canary").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    return home


def recorder(tmp_path: Path, name: str = "speak", sleep: float = 0.0) -> tuple[Path, Path]:
    """A fake program that appends its arguments (as JSON) to a log file."""
    log = tmp_path / f"{name}.log"
    script = tmp_path / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys, time\n"
        f"with open({str(log)!r}, 'a') as handle:\n"
        "    handle.write(json.dumps(sys.argv[1:]) + '\\n')\n"
        f"time.sleep({sleep})\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script, log


def calls(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


class Bells:
    def __init__(self) -> None:
        self.rung = 0

    def __call__(self) -> None:
        self.rung += 1


def only(*found: str) -> Which:
    """A `which` that finds just these programs (as /usr/bin/<name>)."""

    def which(name: str) -> str | None:
        return f"/usr/bin/{name}" if name in found else None

    return which


# --------------------------------------------------------------------------- no shell, verbatim


def test_speech_passes_the_text_verbatim_without_a_shell(tmp_path: Path, home: Path) -> None:
    script, log = recorder(tmp_path)
    dispatcher = Dispatcher.from_config(Config(voice_command=(str(script),)), Bells(), quiet=False)
    (speech,) = dispatcher.outputs
    assert isinstance(speech, SpeechOutput)
    dispatcher.send(Cue(CueKind.ANNOUNCE, NASTY))
    assert speech.idle(10)
    assert calls(log) == [[NASTY]]
    assert (home / "canary").is_dir()
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()
    assert dispatcher.pop_messages() == []
    dispatcher.close()


def test_a_text_placeholder_in_the_voice_command_is_filled_in(tmp_path: Path, home: Path) -> None:
    script, log = recorder(tmp_path)
    config = Config(voice_command=(str(script), "--voice", "en", "--text={text}"))
    dispatcher = Dispatcher.from_config(config, Bells(), quiet=False)
    dispatcher.send(Cue(CueKind.START, "$(touch pwned)"))
    assert isinstance(dispatcher.outputs[0], SpeechOutput) and dispatcher.outputs[0].idle(10)
    assert calls(log) == [["--voice", "en", "--text=$(touch pwned)"]]
    assert not (tmp_path / "pwned").exists()
    dispatcher.close()


def test_the_user_command_gets_text_and_kind_per_argument(tmp_path: Path, home: Path) -> None:
    script, log = recorder(tmp_path, "hook")
    config = Config(voice=False, bell=False, command=(str(script), "{kind}", "say: {text}!"))
    dispatcher = Dispatcher.from_config(config, Bells(), quiet=False)
    (command,) = dispatcher.outputs
    assert isinstance(command, CommandOutput)
    dispatcher.send_events([PhaseChanged(Phase.WORK), Cue(CueKind.REST, NASTY)])
    assert command.idle(10)
    assert calls(log) == [["rest", f"say: {NASTY}!"]]
    assert (home / "canary").is_dir() and not (tmp_path / "pwned").exists()
    dispatcher.close()


def test_substitute_is_one_pass() -> None:
    assert substitute(["a{text}b", "{kind}", "{other}"], text="{kind}", kind="count") == [
        "a{kind}b",
        "count",
        "{other}",
    ]


def test_speech_arguments_for_each_known_program() -> None:
    assert speech_argv(["/usr/bin/espeak-ng"], "Hold", 160) == [
        "/usr/bin/espeak-ng",
        "-s",
        "160",
        "Hold",
    ]
    assert speech_argv(["espeak"], "Hold") == ["espeak", "Hold"]
    assert speech_argv(["say"], "Hold", 200) == ["say", "-r", "200", "Hold"]
    assert speech_argv(["spd-say"], "Hold") == ["spd-say", "-w", "Hold"]
    assert speech_argv(["spd-say", "-w"], "Hold", 360) == ["spd-say", "-w", "-r", "100", "Hold"]
    # A text that looks like an option is still read as words.
    assert speech_argv(["espeak-ng"], "-rf") == ["espeak-ng", " -rf"]


def test_notifications_pass_the_text_as_an_argument() -> None:
    assert notify_argv("/usr/bin/notify-send", "Rest 60 seconds")[-3:] == [
        "--",
        "backtimer",
        "Rest 60 seconds",
    ]
    argv = notify_argv("/usr/bin/osascript", 'say "hi" & beep')
    assert argv[-1] == 'say "hi" & beep'
    assert all('say "hi"' not in item for item in argv[:-1])  # not spliced into the script


# --------------------------------------------------------------------------- picking outputs


def test_the_first_speech_program_found_is_used() -> None:
    choice = build_outputs(Config(), Bells(), quiet=False, which=only("spd-say", "say"))
    (speech,) = choice.outputs
    assert isinstance(speech, SpeechOutput) and speech.command == ("/usr/bin/spd-say",)
    assert [type(f) for f in choice.fallbacks] == [BellOutput] and choice.messages == ()
    choice = build_outputs(Config(), Bells(), quiet=False, which=only("espeak", "espeak-ng"))
    assert isinstance(choice.outputs[0], SpeechOutput)
    assert choice.outputs[0].command == ("/usr/bin/espeak-ng",)


def test_no_speech_program_means_the_bell() -> None:
    bells = Bells()
    choice = build_outputs(Config(), bells, quiet=False, which=only())
    (bell,) = choice.outputs
    assert isinstance(bell, BellOutput)
    bell.send(Cue(CueKind.COUNT, "3"))
    assert bells.rung == 1
    assert "No speech program found" in choice.messages[0]


def test_a_missing_voice_command_falls_back_to_the_bell(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-speaker")
    bells = Bells()
    config = Config(voice_command=(missing,), tone=False)
    dispatcher = Dispatcher.from_config(config, bells, quiet=False)
    assert [type(output) for output in dispatcher.outputs] == [BellOutput]
    dispatcher.send(Cue(CueKind.START, "Hold"))
    assert bells.rung == 1
    (message,) = dispatcher.pop_messages()
    assert "no-such-speaker" in message and "bell" in message


def test_voice_off_and_bell_off_is_silent() -> None:
    choice = build_outputs(Config(voice=False, bell=False), Bells(), quiet=False, which=only("say"))
    assert choice.outputs == () and choice.messages == ()


def test_quiet_means_no_sound_at_all_but_notifications_stay() -> None:
    config = Config(notify=True, command=("hook", "{text}"))
    which = only("espeak-ng", "hook", "notify-send")
    choice = build_outputs(config, Bells(), quiet=True, which=which)
    (notify,) = choice.outputs
    assert isinstance(notify, NotifyOutput) and choice.fallbacks == ()


def test_notify_and_command_are_off_by_default() -> None:
    choice = build_outputs(Config(), Bells(), quiet=False, which=only("espeak-ng", "notify-send"))
    assert [type(output) for output in choice.outputs] == [SpeechOutput]


def test_programs_that_cannot_be_found_are_reported() -> None:
    config = Config(notify=True, command=("hook",))
    choice = build_outputs(config, Bells(), quiet=False, which=only("say"))
    assert any("hook" in message for message in choice.messages)
    assert any("notify-send" in message for message in choice.messages)


# --------------------------------------------------------------------------- failures, blocking


def test_speech_that_fails_later_is_reported_once_and_the_bell_takes_over(tmp_path: Path) -> None:
    not_a_program = tmp_path / "speak"
    not_a_program.write_text("not executable", encoding="utf-8")  # no exec bit: OSError
    bells = Bells()
    speech = SpeechOutput([str(not_a_program)])
    dispatcher = Dispatcher([speech], fallbacks=[BellOutput(bells)])
    dispatcher.send(Cue(CueKind.START, "Hold"))
    speech.idle(5)
    dispatcher.send(Cue(CueKind.END, "Done"))
    dispatcher.send(Cue(CueKind.COUNT, "3"))
    assert bells.rung == 2
    (message,) = dispatcher.pop_messages()
    assert "could not run" in message and "bell" in message
    assert dispatcher.pop_messages() == []


class Broken:
    name = "broken"

    def send(self, cue: Cue) -> None:
        raise OSError(5, "Input/output error")

    def failure(self) -> str | None:
        return None

    def close(self) -> None:
        pass


def test_an_output_that_raises_is_switched_off_not_crashing() -> None:
    bells = Bells()
    dispatcher = Dispatcher([Broken(), BellOutput(bells)])
    dispatcher.send(Cue(CueKind.START, "Hold"))
    dispatcher.send(Cue(CueKind.END, "Done"))
    assert bells.rung == 2
    assert dispatcher.pop_messages() == [
        "broken: Input/output error; switched off for this session"
    ]
    assert [output.name for output in dispatcher.outputs] == ["bell"]


def test_sending_never_waits_for_the_program(tmp_path: Path) -> None:
    script, log = recorder(tmp_path, sleep=0.2)
    speech = SpeechOutput([str(script)])
    began = time.perf_counter()
    for text in ("Static hold. Get into position.", "Hold", "Halfway"):
        speech.send(Cue(CueKind.ANNOUNCE, text))
    assert time.perf_counter() - began < 0.2
    assert speech.idle(10)
    # One at a time, in order: no talking over each other.
    assert calls(log) == [["Static hold. Get into position."], ["Hold"], ["Halfway"]]
    speech.close()


def test_a_new_count_cuts_a_stale_count_short(tmp_path: Path) -> None:
    script, log = recorder(tmp_path, sleep=5)
    speech = SpeechOutput([str(script)])
    began = time.perf_counter()
    speech.send(Cue(CueKind.COUNT, "3"))
    wait_until(lambda: bool(calls(log)), "the first count is spoken")
    speech.send(Cue(CueKind.COUNT, "2"))
    speech.send(Cue(CueKind.COUNT, "1"))  # replaces the "2" still waiting
    wait_until(lambda: len(calls(log)) >= 2, "the last count is spoken")
    assert calls(log) == [["3"], ["1"]]
    assert time.perf_counter() - began < 4  # "3" was killed, not waited for
    speech.close(kill=True)


def test_finished_programs_are_reaped(tmp_path: Path) -> None:
    script, _ = recorder(tmp_path)
    command = CommandOutput([str(script), "{text}"])
    for number in range(5):
        command.send(Cue(CueKind.START, str(number)))
    assert command.idle(10)
    # A zombie would be collected here and its pid returned; (0, 0) or no child at all is clean.
    with contextlib.suppress(ChildProcessError):
        assert os.waitpid(-1, os.WNOHANG) == (0, 0)
    command.close()
