"""A minimal terminal screen for the bytes a served app sends to the browser.

textual-serve streams the app's terminal output over a websocket; the browser's xterm.js draws
it on a canvas, where a test cannot read text. Replaying the same bytes here gives the characters
at each row and column: enough to find a name or measure the countdown's width."""

from __future__ import annotations

import re

_ESCAPE = re.compile(
    r"\x1b(?:\[([0-9;?<>=]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|.)"
)


class WebScreen:
    """Rows of characters, updated by cursor moves (CSI row;col H) and printed text."""

    def __init__(self, width: int = 200, height: int = 100) -> None:
        self.width = width
        self.height = height
        self.rows = [[" "] * width for _ in range(height)]
        self.row = 0
        self.col = 0

    def feed(self, data: str) -> None:
        """Apply a chunk of output; colours and other modes are ignored."""
        position = 0
        for match in _ESCAPE.finditer(data):
            self._text(data[position : match.start()])
            position = match.end()
            params, final = match.group(1), match.group(2)
            if final == "H":
                parts = [int(p) if p.isdigit() else 1 for p in (params or "").split(";")]
                parts += [1, 1]
                self.row, self.col = parts[0] - 1, parts[1] - 1
            elif final == "J" and params == "2":
                self.rows = [[" "] * self.width for _ in range(self.height)]
        self._text(data[position:])

    def _text(self, text: str) -> None:
        for char in text:
            if char == "\n":
                self.row += 1
            elif char == "\r":
                self.col = 0
            elif char >= " ":
                if 0 <= self.row < self.height and 0 <= self.col < self.width:
                    self.rows[self.row][self.col] = char
                self.col += 1

    def lines(self) -> list[str]:
        """Each row as text, trailing spaces removed."""
        return ["".join(row).rstrip() for row in self.rows]

    def text(self) -> str:
        """The whole screen, one line per row."""
        return "\n".join(self.lines())
