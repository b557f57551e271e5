"""Short tones for the cues that matter most, for when no speech program is installed.

Each tone is a few notes of a sine wave with soft edges (no clicks), written as a 16-bit mono
WAV in memory with the standard library. The four are told apart by ear alone: a rising pair
for "start", one short high pip for each of the last three seconds, a falling pair for "end",
and a high-low-high trill for "switch sides".
"""

from __future__ import annotations

import io
import math
import struct
import wave
from dataclasses import dataclass
from enum import StrEnum

RATE = 22_050
"""Samples a second: plenty for tones under 2 kHz, and small files."""
VOLUME = 0.45
"""Of full scale: clear without clipping when several players mix."""
EDGE_S = 0.008
"""Fade in and out over this long, so a note starts and stops without a click."""


class Tone(StrEnum):
    START = "start"
    COUNT = "count"
    END = "end"
    SWITCH = "switch"


@dataclass(frozen=True)
class Note:
    hz: float
    """0 for a rest."""
    seconds: float


TUNES: dict[Tone, tuple[Note, ...]] = {
    Tone.START: (Note(660, 0.12), Note(0, 0.03), Note(990, 0.22)),
    Tone.COUNT: (Note(1320, 0.07),),
    Tone.END: (Note(880, 0.15), Note(0, 0.03), Note(587, 0.35)),
    Tone.SWITCH: (Note(988, 0.08), Note(740, 0.08), Note(988, 0.08), Note(740, 0.08)),
}


def samples(tune: tuple[Note, ...]) -> list[int]:
    """The tune as 16-bit samples."""
    out: list[int] = []
    peak = VOLUME * 32767
    edge = max(1, int(EDGE_S * RATE))
    for note in tune:
        count = int(note.seconds * RATE)
        for n in range(count):
            if note.hz == 0:
                out.append(0)
                continue
            fade = min(1.0, n / edge, (count - 1 - n) / edge)
            out.append(int(peak * fade * math.sin(2 * math.pi * note.hz * n / RATE)))
    return out


def wav_bytes(tone: Tone) -> bytes:
    """`tone` as a complete WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        data = samples(TUNES[tone])
        out.writeframes(struct.pack(f"<{len(data)}h", *data))
    return buffer.getvalue()
