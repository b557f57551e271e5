"""Getting cues to the ear without ever blocking the screen or the timer.

`build_outputs` picks the outputs the settings ask for (see `backtimer.services.cue_outputs`),
and `Dispatcher` fans cues out to them. An output that fails, for any reason, is switched off
and reported once as a message the UI can show; when the voice fails, the terminal bell takes
over.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from backtimer.domain.speech import DEFAULT_WPM
from backtimer.engine import Cue
from backtimer.services.cue_outputs import (
    BellOutput,
    CommandOutput,
    CueOutput,
    NotifyOutput,
    SpeechOutput,
)
from backtimer.services.tone_output import ToneOutput, find_player
from backtimer.storage.config import Config
from backtimer.storage.markers import SPEECH_NOTE_SEEN, mark, marked

SPEECH_PROGRAMS = ("espeak-ng", "espeak", "spd-say", "say")
"""Tried in this order when `voice_command` is empty."""

Which = Callable[[str], str | None]


@dataclass(frozen=True)
class OutputChoice:
    """What `build_outputs` picked: the outputs, the bell to fall back on, and notes for the user."""

    outputs: tuple[CueOutput, ...]
    fallbacks: tuple[CueOutput, ...]
    """What takes over, in order, when the voice or the tones fail."""
    messages: tuple[str, ...]
    speech_missing: bool = False
    """The voice is on but no speech program was found (none was named in the settings)."""


def find_speech(config: Config, which: Which = shutil.which) -> tuple[list[str] | None, str | None]:
    """The speech command to use and, when there is none, a note saying why."""
    if config.voice_command:
        found = which(config.voice_command[0])
        if found is None:
            return None, (
                f"voice_command: the program {config.voice_command[0]!r} was not found; "
                "cues will play tones, or ring the terminal bell, instead"
            )
        return [found, *config.voice_command[1:]], None
    for program in SPEECH_PROGRAMS:
        found = which(program)
        if found is not None:
            return [found], None
    return None, (
        "No speech program found (espeak-ng, espeak, spd-say or say): cues will play tones, "
        "or ring the terminal bell. Install espeak-ng to hear them spoken."
    )


def speech_status(config: Config, which: Which = shutil.which) -> str:
    """How cues will be spoken, in a line: the program found, or why there is no voice."""
    if not config.voice:
        return "off (voice = false): " + ("the terminal bell" if config.bell else "no sound")
    speech, note = find_speech(config, which)
    if speech is None:
        player = find_player(which) if config.tone else None
        if player is not None:
            return f"none found: cues play tones with {player[0]}"
        return note or "none"
    return " ".join(speech)


def build_outputs(
    config: Config,
    bell: Callable[[], None],
    quiet: bool,
    *,
    which: Which = shutil.which,
    speech_note: bool = True,
) -> OutputChoice:
    """Pick the outputs the settings ask for.

    Voice when it is on and a speech program is found, else the bell (if on). `quiet` means no
    sound at all: no voice, no bell, and no user command (usually a sound); desktop notifications
    are silent, so they stay. `speech_note` False leaves out the note that no speech program was
    found (said once, then shown by `backtimer config`); a `voice_command` that is missing is
    always reported: the user asked for it.
    """
    outputs: list[CueOutput] = []
    messages: list[str] = []
    fallbacks: list[CueOutput] = []
    missing = False
    if not quiet:
        speech = None
        if config.voice:
            speech, note = find_speech(config, which)
            missing = speech is None and not config.voice_command
            wanted = speech_note or bool(config.voice_command)
            if note is not None and wanted and (config.voice_command or config.bell):
                messages.append(note)
        player = find_player(which) if config.tone else None
        tones = ToneOutput(player) if player is not None else None
        bells = BellOutput(bell) if config.bell else None
        # Voice, else tones, else the bell; each failing output hands over to the next.
        chain: list[CueOutput] = [output for output in (tones, bells) if output is not None]
        if speech is not None:
            outputs.append(SpeechOutput(speech, rate=config.voice_rate))
            fallbacks = chain
        elif chain:
            outputs.append(chain[0])
            fallbacks = chain[1:]
        else:
            fallbacks = []
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
    return OutputChoice(tuple(outputs), tuple(fallbacks), tuple(messages), missing)


class Dispatcher:
    """Sends cues to every output without blocking; never raises for a failing output."""

    def __init__(
        self,
        outputs: Iterable[CueOutput],
        *,
        fallbacks: Iterable[CueOutput] = (),
        messages: Iterable[str] = (),
        speech_missing: bool = False,
    ) -> None:
        self._outputs = list(outputs)
        self._fallbacks = list(fallbacks)
        self._messages = list(messages)
        self.speech_missing = speech_missing
        """The voice is on but no speech program was found (see `OutputChoice`)."""

    @classmethod
    def from_config(
        cls,
        config: Config,
        bell: Callable[[], None],
        quiet: bool,
        *,
        which: Which = shutil.which,
        speech_note: bool = True,
    ) -> Dispatcher:
        """The dispatcher the settings ask for (see `build_outputs`)."""
        choice = build_outputs(config, bell, quiet, which=which, speech_note=speech_note)
        return cls(
            choice.outputs,
            fallbacks=choice.fallbacks,
            messages=choice.messages,
            speech_missing=choice.speech_missing,
        )

    @property
    def outputs(self) -> tuple[CueOutput, ...]:
        """The outputs in use now."""
        return tuple(self._outputs)

    @property
    def speech_wpm(self) -> int | None:
        """Words a minute the cues are spoken at, or None when no voice speaks them: the session
        then gives each lead-in room for its words (`domain/speech.py`)."""
        for output in self._outputs:
            if isinstance(output, SpeechOutput):
                return output.rate or DEFAULT_WPM
        return None

    def send(self, cue: Cue) -> None:
        """Hand `cue` to every working output."""
        self._check()
        for output in list(self._outputs):
            try:
                output.send(cue)
            except Exception as error:  # whatever the reason, the next output takes over
                reason = error.strerror if isinstance(error, OSError) else None
                self._drop(output, f"{output.name}: {reason or error}")

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
        """Close every output, and those kept to take over."""
        for output in [*self._outputs, *self._fallbacks]:
            output.close()
        self._outputs = []
        self._fallbacks = []

    def _check(self) -> None:
        for output in list(self._outputs):
            failure = output.failure()
            if failure is not None:
                self._drop(output, f"{output.name}: {failure}")

    def _drop(self, output: CueOutput, message: str) -> None:
        self._outputs.remove(output)
        output.close()
        if isinstance(output, SpeechOutput | ToneOutput) and self._fallbacks:
            instead = self._fallbacks.pop(0)
            self._outputs.append(instead)
            label = "the terminal bell" if isinstance(instead, BellOutput) else instead.name
            message += f"; using {label} instead"
        else:
            message += "; switched off for this session"
        self._messages.append(message)


def session_dispatcher(
    config: Config, bell: Callable[[], None], quiet: bool, data_dir: Path
) -> Dispatcher:
    """The cue outputs for a session. That no speech program was found is said once: the data
    folder remembers it (`backtimer config` shows it from then on)."""
    told = marked(data_dir, SPEECH_NOTE_SEEN)
    dispatcher = Dispatcher.from_config(config, bell, quiet, speech_note=not told)
    if dispatcher.speech_missing and not told:
        mark(data_dir, SPEECH_NOTE_SEEN)  # if it cannot be saved, it is said again next time
    return dispatcher
