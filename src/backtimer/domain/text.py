"""Which characters never reach a terminal from a user's text, and how they are shown instead.

Names, form points, cues and notes come from files anyone can write. A control character in
one (an escape sequence, a NUL, a right-to-left override) would set the terminal's title, move
the cursor, hide text or reorder it. One set of characters is refused by the routine and config
checker and shown escaped (`\\x1b`, `\\u202e`) wherever text read from history is shown.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_LAYOUT: Final = "\t\n"
_OTHER_CONTROLS: Final = (
    "\x00-\x08\x0b-\x1f"  # C0 but tab and line break: NUL, escape, carriage return, ...
    "\x7f-\x9f"  # DEL and C1
    "\u061c\u200e\u200f"  # direction marks
    "\u2028\u2029"  # line and paragraph separators
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2066-\u2069"  # bidi isolates
    "\ufeff"  # zero-width no-break space (a stray byte-order mark)
    "\ufff9-\ufffb"  # interlinear annotations
)
CONTROL: Final = re.compile(f"[{_LAYOUT}{_OTHER_CONTROLS}]")
"""One control character: never shown as it is in a name, a form point or a cue."""

CONTROL_IN_PARAGRAPH: Final = re.compile(f"[{_OTHER_CONTROLS}]")
"""One control character other than a tab or a line break, which lay out a paragraph (a
description, notes)."""


def first_control(text: str, *, paragraph: bool = False) -> int | None:
    """The index of the first control character in `text`, or None when there is none.

    With `paragraph=True`, tabs and line breaks are allowed (a description, notes).
    """
    match = (CONTROL_IN_PARAGRAPH if paragraph else CONTROL).search(text)
    return None if match is None else match.start()


def describe_control(char: str) -> str:
    """`U+001B (escape)`: how a message names a refused character."""
    name = _NAMES.get(char) or unicodedata.name(char, "").lower() or "a control character"
    return f"U+{ord(char):04X} ({name})"


_NAMES: Final = {
    "\x00": "NUL",
    "\x07": "bell",
    "\x08": "backspace",
    "\t": "tab",
    "\n": "line break",
    "\r": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
}


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, paragraph: bool = False) -> str:
    """`text` with each control character written out (`\\x1b`), so it shows and does nothing.

    With `paragraph=True`, tabs and line breaks are kept (a description, notes).
    """
    pattern = CONTROL_IN_PARAGRAPH if paragraph else CONTROL
    return pattern.sub(_escaped, text) if pattern.search(text) else text
