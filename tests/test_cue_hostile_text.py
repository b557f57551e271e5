"""Cues with hostile text: a NUL never silences the voice, a failing output hands over to the
next and says so once, and no text ever reaches a program as an option."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backtimer.domain.text import CONTROL
from backtimer.engine import Cue, CueKind
from backtimer.services.cue_outputs import (
    BellOutput,
    CommandOutput,
    SpeechOutput,
    notify_argv,
    speech_argv,
    substitute,
)
from backtimer.services.cues import Dispatcher
from backtimer.storage.config import Config


def recorder(tmp_path: Path, name: str = "speak") -> tuple[Path, Path]:
    """A fake program that appends its arguments (as JSON) to a log file."""
    log = tmp_path / f"{name}.log"
    script = tmp_path / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"with open({str(log)!r}, 'a') as handle:\n"
        "    handle.write(json.dumps(sys.argv[1:]) + '\\n')\n",
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


# --- a NUL in a name ----------------------------------------------------------------------------


def test_a_nul_in_a_name_does_not_silence_the_voice(tmp_path: Path) -> None:
    """A NUL in an exercise name killed the cue thread: no speech, no bell, all session."""
    script, log = recorder(tmp_path)
    dispatcher = Dispatcher.from_config(Config(voice_command=(str(script),)), Bells(), quiet=False)
    (speech,) = dispatcher.outputs
    assert isinstance(speech, SpeechOutput)
    dispatcher.send(Cue(CueKind.ANNOUNCE, "Dead\x00bug\x1b[2J"))
    dispatcher.send(Cue(CueKind.START, "Hold"))
    assert speech.idle(10)
    assert calls(log) == [["Dead bug [2J"], ["Hold"]]
    assert dispatcher.pop_messages() == []
    dispatcher.close()


def test_a_nul_in_a_user_command_text_is_a_space(tmp_path: Path) -> None:
    script, log = recorder(tmp_path, "hook")
    command = CommandOutput([str(script), "{text}"])
    command.send(Cue(CueKind.REST, "Rest\x00now"))
    assert command.idle(10)
    assert calls(log) == [["Rest now"]]
    assert command.failure() is None


# --- any failure hands over ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [ValueError("embedded null byte"), RuntimeError("something odd"), OSError(8, "Exec format")],
)
def test_a_voice_that_fails_for_any_reason_hands_over_to_the_bell_and_says_so_once(
    error: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    def popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        raise error

    monkeypatch.setattr(subprocess, "Popen", popen)
    bells = Bells()
    speech = SpeechOutput(["/usr/bin/espeak-ng"])
    dispatcher = Dispatcher([speech], fallbacks=[BellOutput(bells)])
    dispatcher.send(Cue(CueKind.START, "Hold"))
    assert speech.idle(5)
    dispatcher.send(Cue(CueKind.END, "Done"))
    dispatcher.send(Cue(CueKind.COUNT, "3"))
    assert bells.rung == 2
    (message,) = dispatcher.pop_messages()
    assert message.startswith("voice (espeak-ng): ") and "terminal bell instead" in message
    assert dispatcher.pop_messages() == []


class Raising:
    name = "odd"

    def __init__(self, error: Exception) -> None:
        self.error = error

    def send(self, cue: Cue) -> None:
        raise self.error

    def failure(self) -> str | None:
        return None

    def close(self) -> None:
        pass


@pytest.mark.parametrize("error", [ValueError("bad text"), TypeError("no"), RuntimeError("x")])
def test_an_output_that_raises_anything_is_switched_off_and_the_rest_go_on(
    error: Exception,
) -> None:
    bells = Bells()
    dispatcher = Dispatcher([Raising(error), BellOutput(bells)])
    dispatcher.send(Cue(CueKind.START, "Hold"))
    dispatcher.send(Cue(CueKind.END, "Done"))
    assert bells.rung == 2
    assert dispatcher.pop_messages() == [f"odd: {error}; switched off for this session"]


# --- no text is an option -----------------------------------------------------------------------

TEMPLATES = [
    ["/usr/bin/hook", "{text}"],
    ["/usr/bin/hook", "{text}{kind}"],
    ["/usr/bin/hook", "{kind}", "{text}", "more"],
    ["/usr/bin/hook", "--text", "{text}"],
    ["/usr/bin/hook", "--text={text}"],
]


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_text_starting_with_a_dash_is_never_an_option(template: list[str]) -> None:
    """With `{text}` in a cue command, `-rf` or `--help` went to the program as an option."""
    for argv in (
        substitute(template, text="--help -rf", kind="start"),
        speech_argv(template, "--help -rf", 160),
        speech_argv(["/usr/bin/spd-say", *template[1:]], "--help -rf", 160),
    ):
        (made,) = [argument for argument in argv if "--help -rf" in argument]
        assert not made.startswith("-") or made == "--text=--help -rf", argv


@given(text=st.text(max_size=60), template=st.sampled_from(TEMPLATES))
def test_no_cue_text_becomes_an_option_or_a_control_character(
    text: str, template: list[str]
) -> None:
    """Whatever a name holds, the program gets words: never an option, never a NUL or escape."""
    *_, end, title, words = notify_argv("/usr/bin/notify-send", text)
    assert (end, title) == ("--", "backtimer") and not CONTROL.search(words)
    for argv in (
        substitute(template, text=text, kind="start"),
        speech_argv(template, text, None),
        speech_argv(["/usr/bin/espeak-ng"], text, 160),
        speech_argv(["/usr/bin/say"], text, None),
        notify_argv("/usr/bin/notify-send", text)[:-3],  # its words come after `--`
        notify_argv("/usr/bin/osascript", text),
    ):
        own = set(argv) & {"-s", "-r", "-w", "-e", "--", "--text", "--app-name=backtimer"}
        for argument in argv[1:]:
            assert "\x00" not in argument and not CONTROL.search(argument)
            if argument not in own and not argument.startswith("--expire-time"):
                assert not argument.startswith("-") or argument.startswith("--text=")
