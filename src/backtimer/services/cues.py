"""Getting cues to the ear without ever blocking the screen or the timer.

`build_outputs` picks the outputs the settings ask for (see `backtimer.services.cue_outputs`),
and `Dispatcher` fans cues out to them. An output that fails is switched off and reported once
as a message the UI can show; when the voice fails, the terminal bell takes over.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from backtimer.engine import Cue
from backtimer.services.cue_outputs import (
    BellOutput,
    CommandOutput,
    CueOutput,
    NotifyOutput,
    SpeechOutput,
)
from backtimer.storage.config import Config

SPEECH_PROGRAMS = ("espeak-ng", "espeak", "spd-say", "say")
"""Tried in this order when `voice_command` is empty."""

Which = Callable[[str], str | None]


@dataclass(frozen=True)
class OutputChoice:
    """What `build_outputs` picked: the outputs, the bell to fall back on, and notes for the user."""

    outputs: tuple[CueOutput, ...]
    fallback: CueOutput | None
    messages: tuple[str, ...]


def find_speech(config: Config, which: Which = shutil.which) -> tuple[list[str] | None, str | None]:
    """The speech command to use and, when there is none, a note saying why."""
    if config.voice_command:
        found = which(config.voice_command[0])
        if found is None:
            return None, (
                f"voice_command: the program {config.voice_command[0]!r} was not found; "
                "cues will ring the terminal bell instead"
            )
        return [found, *config.voice_command[1:]], None
    for program in SPEECH_PROGRAMS:
        found = which(program)
        if found is not None:
            return [found], None
    return None, (
        "No speech program found (espeak-ng, espeak, spd-say or say): cues will ring the "
        "terminal bell. Install espeak-ng to hear them spoken."
    )


def build_outputs(
    config: Config, bell: Callable[[], None], quiet: bool, *, which: Which = shutil.which
) -> OutputChoice:
    """Pick the outputs the settings ask for.

    Voice when it is on and a speech program is found, else the bell (if on). `quiet` means no
    sound at all: no voice, no bell, and no user command (usually a sound); desktop notifications
    are silent, so they stay.
    """
    outputs: list[CueOutput] = []
    messages: list[str] = []
    fallback: CueOutput | None = None
    if not quiet:
        speech = None
        if config.voice:
            speech, note = find_speech(config, which)
            if note is not None and (config.voice_command or config.bell):
                messages.append(note)
        if speech is not None:
            outputs.append(SpeechOutput(speech, rate=config.voice_rate))
            fallback = BellOutput(bell) if config.bell else None
        elif config.bell:
            outputs.append(BellOutput(bell))
        if config.command:
            found = which(config.command[0])
            if found is None:
                messages.append(f"command: the program {config.command[0]!r} was not found")
            else:
                outputs.append(CommandOutput([found, *config.command[1:]]))
    if config.notify:
        program = which("notify-send") or which("osascript")
        if program is None:
            messages.append("notify: neither notify-send nor osascript was found")
        else:
            outputs.append(NotifyOutput(program))
    return OutputChoice(tuple(outputs), fallback, tuple(messages))


class Dispatcher:
    """Sends cues to every output without blocking; never raises for a failing output."""

    def __init__(
        self,
        outputs: Iterable[CueOutput],
        *,
        fallback: CueOutput | None = None,
        messages: Iterable[str] = (),
    ) -> None:
        self._outputs = list(outputs)
        self._fallback = fallback
        self._messages = list(messages)

    @classmethod
    def from_config(
        cls, config: Config, bell: Callable[[], None], quiet: bool, *, which: Which = shutil.which
    ) -> Dispatcher:
        """The dispatcher the settings ask for (see `build_outputs`)."""
        choice = build_outputs(config, bell, quiet, which=which)
        return cls(choice.outputs, fallback=choice.fallback, messages=choice.messages)

    @property
    def outputs(self) -> tuple[CueOutput, ...]:
        """The outputs in use now."""
        return tuple(self._outputs)

    def send(self, cue: Cue) -> None:
        """Hand `cue` to every working output."""
        self._check()
        for output in list(self._outputs):
            try:
                output.send(cue)
            except OSError as error:
                self._drop(output, f"{output.name}: {error.strerror or error}")

    def send_events(self, events: Iterable[object]) -> None:
        """Send the cues among `events` (what the engine returns), in order."""
        for event in events:
            if isinstance(event, Cue):
                self.send(event)

    def pop_messages(self) -> list[str]:
        """Notes for the user gathered since the last call (each problem is reported once)."""
        self._check()
        messages, self._messages = self._messages, []
        return messages

    def close(self) -> None:
        """Close every output."""
        for output in self._outputs:
            output.close()
        self._outputs = []

    def _check(self) -> None:
        for output in list(self._outputs):
            failure = output.failure()
            if failure is not None:
                self._drop(output, f"{output.name}: {failure}")

    def _drop(self, output: CueOutput, message: str) -> None:
        self._outputs.remove(output)
        output.close()
        if isinstance(output, SpeechOutput) and self._fallback is not None:
            self._outputs.append(self._fallback)
            self._fallback = None
            message += "; using the terminal bell instead"
        else:
            message += "; switched off for this session"
        self._messages.append(message)
