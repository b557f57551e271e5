"""The user's text inside Textual markup: shown exactly as written, never read as a tag."""

from __future__ import annotations


def escape(text: str) -> str:
    """`text` for a place in a Textual markup string, shown exactly as written.

    A backslash before `[` is all Textual's parser needs to read a bracket as text; it keeps
    every other character, backslashes included. (`rich.markup.escape` and
    `textual.markup.escape` escape only what looks like a tag, so `Back [$x]` loses its tail and
    a backslash before a bracket doubles.)
    """
    return text.replace("[", "\\[")
