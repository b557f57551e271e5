"""Text drawn in block letters that grow with the room they are given.

The workout screen's clock and phase word are read from across the room, so they are drawn from
two pixel fonts of our own (5×7 for figures, 3×5 for words), scaled by a whole number so every
stroke keeps one thickness, and packed two pixel rows to a terminal row with half blocks (a
terminal cell is about twice as tall as it is wide, so one pixel is one column by half a row and
stays square).

`big_lines` picks the largest scale that fits a box. It is pure: the widget calls it again only
when the text or its size changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Each glyph is its rows of pixels, "#" on and "." off; all rows of a glyph have one width.
_FIGURES_5X7: dict[str, tuple[str, ...]] = {
    "0": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": ("####.", "....#", "....#", ".###.", "....#", "....#", "####."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    ":": (".", ".", "#", ".", "#", ".", "."),
    "+": (".....", "..#..", "..#..", "#####", "..#..", "..#..", "....."),
    "-": (".....", ".....", ".....", "#####", ".....", ".....", "....."),
    "/": ("....#", "....#", "...#.", "..#..", ".#...", "#....", "#...."),
    " ": ("..", "..", "..", "..", "..", "..", ".."),
}

_WORDS_3X5: dict[str, tuple[str, ...]] = {
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#..#", "##.#", "#.##", "#..#", "#..#"),
    "O": (".#.", "#.#", "#.#", "#.#", ".#."),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".#.", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("##.", "..#", ".#.", "#..", "###"),
    "3": ("##.", "..#", ".#.", "..#", "##."),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "##.", "..#", "##."),
    "6": (".##", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "##."),
    " ": ("..", "..", "..", "..", ".."),
    "-": ("...", "...", "###", "...", "..."),
    "?": ("##.", "..#", ".#.", "...", ".#."),
    "!": ("#", "#", "#", ".", "#"),
    "·": (".", ".", "#", ".", "."),
    ":": (".", "#", ".", "#", "."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
}


@dataclass(frozen=True, eq=False)
class Font:
    """A pixel font: glyphs of one height, a pixel column between letters."""

    name: str
    height: int
    glyphs: dict[str, tuple[str, ...]]

    def covers(self, text: str) -> bool:
        return all(char in self.glyphs for char in text)

    def pixels(self, text: str) -> tuple[str, ...]:
        """The text's pixel rows at scale 1 (every character must be covered)."""
        rows = [""] * self.height
        for index, char in enumerate(text):
            glyph = self.glyphs[char]
            for row in range(self.height):
                rows[row] += ("." if index else "") + glyph[row]
        return tuple(rows)


FIGURES = Font("figures", 7, _FIGURES_5X7)
"""The clock's font: figures, `:`, `+`, `-` and `/`."""
WORDS = Font("words", 5, _WORDS_3X5)
"""The phase word's font: capitals, figures and a little punctuation."""


def text_width(font: Font, text: str) -> int:
    """The text's width in pixels at scale 1: its glyphs, a pixel apart."""
    if not text:
        return 0
    return sum(len(font.glyphs[char][0]) for char in text) + len(text) - 1


def best_scale(font: Font, text: str, width: int, height: int) -> int:
    """The largest whole scale at which `text` fits `width` columns by `height` rows; 0 if none.

    A pixel at scale `s` is `s` columns wide and `s` half rows tall.
    """
    if not text or width <= 0 or height <= 0 or not font.covers(text):
        return 0
    by_width = width // text_width(font, text)
    by_height = (2 * height) // font.height
    return max(0, min(by_width, by_height))


def rows_at(font: Font, scale: int) -> int:
    """How many terminal rows the font takes at `scale`."""
    return -(-font.height * scale // 2)


@lru_cache(maxsize=64)
def big_lines(text: str, width: int, height: int, font: Font = FIGURES) -> tuple[str, ...]:
    """`text` in block letters as large as fits `width` × `height`; empty if it cannot fit.

    Each line is the same length (the text's width at the chosen scale); callers centre them.
    """
    scale = best_scale(font, text, width, height)
    if scale == 0:
        return ()
    glyphs = [_glyph_lines(font, char, scale) for char in text]
    gap = " " * scale
    return tuple(gap.join(glyph[row] for glyph in glyphs) for row in range(len(glyphs[0])))


@lru_cache(maxsize=64)
def letter_columns(
    text: str, width: int, height: int, font: Font = FIGURES
) -> tuple[tuple[int, int], ...]:
    """Where each letter of `big_lines(text, width, height, font)` sits: its first column and
    the column after its last; empty if the text cannot fit."""
    scale = best_scale(font, text, width, height)
    if scale == 0:
        return ()
    columns = []
    x = 0
    for char in text:
        end = x + len(font.glyphs[char][0]) * scale
        columns.append((x, end))
        x = end + scale
    return tuple(columns)


@lru_cache(maxsize=512)
def _glyph_lines(font: Font, char: str, scale: int) -> tuple[str, ...]:
    """One glyph in half blocks at `scale`: a clock redraws from these, a figure at a time."""
    grown = [
        "".join(pixel * scale for pixel in row) for row in font.glyphs[char] for _ in range(scale)
    ]
    if len(grown) % 2:
        grown.append("." * len(grown[0]))
    return tuple(
        "".join(_half_block(top, bottom) for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(grown[0::2], grown[1::2], strict=True)
    )


def _half_block(top: str, bottom: str) -> str:
    if top == "#":
        return "█" if bottom == "#" else "▀"
    return "▄" if bottom == "#" else " "
