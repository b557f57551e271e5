"""Tones played through the system's sound player, for when there is no speech program.

The four tones (`domain.tones`) are written once per session as WAV files in a private
temporary folder and played with the first player found: `pw-play`, `paplay`, `aplay` or
`afplay`. The player runs with an argument list, never through a shell, on the same kind of
background queue as speech, so the timer never waits for a sound.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from backtimer.domain.tones import Tone, wav_bytes
from backtimer.engine import Cue, CueKind
from backtimer.services.cue_outputs import ProgramQueue

PLAYERS = ("pw-play", "paplay", "aplay", "afplay")
"""Sound players tried in order: PipeWire, PulseAudio, ALSA, macOS."""
QUIET_FLAGS = {"aplay": ("-q",)}
"""Options that keep a player from printing over the screen."""

Which = Callable[[str], str | None]

TONE_OF: dict[CueKind, Tone] = {
    CueKind.START: Tone.START,
    CueKind.HOLD: Tone.START,
    CueKind.REST_OVER: Tone.START,
    CueKind.COUNT: Tone.COUNT,
    CueKind.END: Tone.END,
    CueKind.RELAX: Tone.END,
    CueKind.TARGET: Tone.END,
    CueKind.FINISHED: Tone.END,
    CueKind.SWITCH: Tone.SWITCH,
}
"""The cue kinds worth a tone. Words with no tone of their own (the exercise's name, a form
reminder, a question) stay silent: a tone that means nothing in particular only confuses."""


def tone_for(kind: CueKind) -> Tone | None:
    return TONE_OF.get(kind)


def find_player(which: Which = shutil.which) -> list[str] | None:
    """The argument list of the first sound player found, without the file; None if none."""
    for program in PLAYERS:
        found = which(program)
        if found is not None:
            return [found, *QUIET_FLAGS.get(program, ())]
    return None


class ToneOutput:
    """Plays a tone for the cues that have one (start, the last seconds, end, switch sides)."""

    def __init__(self, player: list[str]) -> None:
        if not player:
            raise ValueError("a tone output needs a player")
        self.player = list(player)
        self.name = f"tones ({Path(player[0]).name})"
        self._folder: Path | None = None
        self.files: dict[Tone, Path] = {}
        """Made at the first tone, so a session that never plays one (the voice works) writes
        nothing."""
        self._queue = ProgramQueue(self.name)

    def send(self, cue: Cue) -> None:
        """Queue the cue's tone, if it has one."""
        tone = tone_for(cue.kind)
        if tone is not None:
            self._queue.submit([*self.player, str(self._file(tone))], cue)

    def _file(self, tone: Tone) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="backtimer-tones-"))  # mode 0700
            for each in Tone:
                path = self._folder / f"{each.value}.wav"
                path.write_bytes(wav_bytes(each))
                self.files[each] = path
        return self.files[tone]

    def failure(self) -> str | None:
        """Why the player stopped being run, if it did."""
        return self._queue.failure

    def idle(self, timeout: float = 5.0) -> bool:
        """Wait until every queued tone has played."""
        return self._queue.idle(timeout)

    def close(self, *, kill: bool = False) -> None:
        """Play no more tones, and remove their files once the last has played."""
        self._queue.close(kill=kill)
        if self._folder is None:
            return
        # The last tone may still be playing: its files go once it has, off the caller's thread.
        threading.Thread(target=self._remove_files, daemon=True).start()

    def _remove_files(self) -> None:
        self._queue.idle(5.0)
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
