"""What a user reads on the screen: the app's current frame as lines of plain text."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from typing import Any

from textual.app import App

_TEXT = re.compile(r'<text [^>]*clip-path="url\(#[^)]*-line-(\d+)\)"[^>]*>(.*?)</text>')


def screen_text(app: App[Any]) -> str:
    """The frame on show, one line of text per terminal row (from Textual's own screenshot)."""
    rows: dict[int, list[str]] = defaultdict(list)
    for row, text in _TEXT.findall(app.export_screenshot()):
        rows[int(row)].append(html.unescape(text).replace("\xa0", " "))
    return "\n".join("".join(rows[row]) for row in sorted(rows))
