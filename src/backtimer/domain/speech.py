"""How long words take to say: a lead-in must leave room for its words before its count.

The estimate counts words (a number of two or more digits as two, "°" as "degrees", "20–30" as
"20 to 30") and the pauses at punctuation, at the voice's words a minute. Measured against
espeak-ng at its default rate on every cue the shipped routines say, it is at most 0.6 s short,
which `COUNT_ROOM_S` covers, and at most 1.6 s long.
"""

from __future__ import annotations

import re

DEFAULT_WPM = 175
"""Words a minute when the config sets no `voice_rate`: espeak-ng's and espeak's default."""

WORD_S = 0.27
"""Seconds a word takes at `DEFAULT_WPM` (espeak-ng's words are short ones, faster than 60/175)."""
PAUSE_S = 0.4
"""Seconds of the pause at a full stop, colon, semicolon, comma or question mark."""
COUNT_ROOM_S = 1.0
"""Room left between the end of the words and the first count cue."""

_WORD = re.compile(r"\w+")
_PAUSE = re.compile(r"[.?!:;,]")


def speaking_seconds(text: str, wpm: int = DEFAULT_WPM) -> float:
    """About how long `text` takes to say at `wpm` words a minute, to 0.1 s."""
    spoken = text.replace("°", " degrees").replace("–", " to ")
    words = _WORD.findall(spoken)
    count = len(words) + sum(1 for word in words if word.isdigit() and len(word) > 1)
    seconds = (count * WORD_S + len(_PAUSE.findall(spoken)) * PAUSE_S) * DEFAULT_WPM / wpm
    return round(seconds, 1)


def lead_in_needed(text: str, countdown: int, wpm: int = DEFAULT_WPM) -> float:
    """The shortest lead-in in which `text` is said before its `countdown` count ("3, 2, 1")
    begins, whole seconds."""
    return float(-(-(speaking_seconds(text, wpm) + COUNT_ROOM_S + countdown) // 1))
