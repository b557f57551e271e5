"""Block letters that fill the room they are given: the workout clock and its phase word.

The letters come from `render.bigtext`, scaled by a whole number to the largest size that fits
the widget; when nothing fits (a very small terminal, a character the font lacks) the text is
drawn plain and bold, so it is never lost.

A running hold redraws the clock once a second, and Textual's cost grows with the rows it
repaints, so `update` repaints only the rows where the changed letters differ ("0:29" → "0:28"
leaves the top of the 8 alone), and the lines are drawn once a frame, not once a line.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from backtimer.render.bigtext import (
    FIGURES,
    WORDS,
    Font,
    best_scale,
    big_lines,
    letter_columns,
    rows_at,
)


class BigText(Widget):
    """`text` in the largest block letters that fit, centred; plain text when none fit.

    Block letters are capitals; the plain fallback keeps the text as written.
    """

    DEFAULT_CSS = """
    BigText {
        height: 1fr;
    }
    """

    text: reactive[str] = reactive("")

    def __init__(
        self,
        text: str = "",
        *,
        fonts: tuple[Font, ...] = (FIGURES, WORDS),
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.fonts = fonts
        """Tried in order: the first that fits at any scale is drawn."""
        self.set_reactive(BigText.text, text)
        self._styles: tuple[Style, Style] | None = None
        """(plain, bold): Textual forgets computed styles on every refresh; these only change
        with the stylesheet or the theme."""
        self._background = Color(0, 0, 0, 0)
        """The widget's background, for the app's line filters (set with `_styles`)."""
        self._frame: tuple[object, list[Strip]] = ((), [])
        """The lines drawn last, with what they were drawn from."""
        self._rows: tuple[object, dict[str, Strip]] = ((), {})
        """The last drawing's lines by their text, with the size and styles they were drawn in."""
        self._needed_filters: tuple[object, list[LineFilter]] = ((), [])
        """The line filters that change this widget's lines, with what that was worked out for."""

    def update(self, text: str) -> None:
        """Show `text`, repainting only the cells whose letters changed: the compositor's
        work grows with the area repainted."""
        if text == self.text:
            return
        size = self.text_area(self.content_region.size)
        old_text = self.text
        before = self._letters(old_text, size)
        self.set_reactive(BigText.text, text)
        after = self._letters(text, size)
        if before is None or after is None or before[0] != after[0]:
            self.refresh()  # drawn plain, or the letters moved: repaint it all
            return
        letters, new_lines = after
        changed = [
            columns
            for columns, old, new in zip(letters, old_text.upper(), text.upper(), strict=True)
            if old != new
        ]
        top = (size.height - len(new_lines)) // 2
        # Whole rows: the compositor writes a changed line out from the widget's left edge
        # anyway, and a line repainted to its right edge is written without another copy.
        regions = [
            Region(0, top + row, size.width, rows)
            for row, rows, _, _ in changed_cells(before[1], new_lines, changed)
        ]
        if regions:
            self.refresh(*regions)

    def _letters(
        self, text: str, size: Size
    ) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]] | None:
        """Where each letter sits and the block-letter lines; None when drawn plain."""
        text = text.upper()
        for font in self.fonts:
            lines = big_lines(text, size.width, size.height, font)
            if lines:
                return letter_columns(text, size.width, size.height, font), lines
        return None

    def notify_style_update(self) -> None:
        self._styles = None
        super().notify_style_update()

    @property
    def lines(self) -> tuple[str, ...]:
        """The block-letter lines at the widget's current size (empty when drawn plain)."""
        return self.lines_at(self.text_area(self.content_region.size))

    def text_area(self, size: Size) -> Size:
        """The part of a content area of `size` the letters are drawn in: all of it."""
        return size

    def lines_at(self, size: Size) -> tuple[str, ...]:
        """The block-letter lines for a content area of `size` (empty when drawn plain)."""
        drawn = self._letters(self.text, size)
        return drawn[1] if drawn is not None else ()

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in `crop`, drawn here rather than line by line through Textual's style
        cache: this widget has no border, padding or tint for it to add, and the clock is
        repainted every second."""
        styles = self.styles
        if styles.gutter or styles.tint.a or styles.text_opacity != 1 or self.opacity != 1:
            return super().render_lines(crop)
        strips = self._drawing()[crop.y : crop.bottom]
        for line_filter in self._filters():
            strips = [strip.apply_filter(line_filter, self._background) for strip in strips]
        if crop.x or crop.width != self.content_region.width:
            strips = [strip.crop(crop.x, crop.right) for strip in strips]
        return strips

    def render_line(self, y: int) -> Strip:
        """One line, for Textual's own drawing (used when the widget has a gutter or a tint)."""
        strips = self._drawing()
        return strips[y] if y < len(strips) else Strip.blank(self.content_region.width)

    def _drawing(self) -> list[Strip]:
        """Every line of the widget, drawn again only when the text, size or style changed."""
        size = self.content_region.size
        if self._styles is None:
            # Working out the style walks the widget's ancestors: once per stylesheet change.
            self._styles = (self.rich_style, self.rich_style + Style(bold=True))
            self._background = self.background_colors[1]
        key = (self.text, size, self._styles, self.drawn_from())
        if self._frame[0] != key:
            self._frame = (key, self._draw(size, *self._styles))
        return self._frame[1]

    def drawn_from(self) -> object:
        """What else the drawing shows, besides the text (a subclass's own part)."""
        return None

    def _filters(self) -> list[LineFilter]:
        """The app's line filters that change this widget's styles. The one always on turns
        terminal colours into true colours, which the theme's colours already are: skipping
        it spares a copy of every repainted line."""
        assert self._styles is not None
        filters = tuple(self.get_line_filters())
        key = (filters, self._styles, self._background)
        if self._needed_filters[0] != key:
            probe = [Segment(" ", style) for style in self._styles]
            needed = [each for each in filters if each.apply(probe, self._background) != probe]
            self._needed_filters = (key, needed)
        return self._needed_filters[1]

    def _draw(self, size: Size, base: Style, bold: Style) -> list[Strip]:
        """Every line of the widget. A line the last drawing had is kept as it was, so the
        compositor's caches for it stay good."""
        width, height = self.text_area(size)
        lines = self.lines_at(Size(width, height))
        style = base
        if not lines:
            lines = (self.text[:width],) if self.text else ()
            style = bold
        kept = self._rows if self._rows[0] == (size, base, bold) else ((size, base, bold), {})
        rows: dict[str, Strip] = {}
        top = max(0, (height - len(lines)) // 2)
        blank = Strip.blank(width, base)
        strips = [blank] * height
        for row, line in enumerate(lines[: max(0, height - top)]):
            line = line[:width]
            strip = kept[1].get(line)
            if strip is None:
                left = (width - len(line)) // 2
                right = width - left - len(line)
                if style is base:  # one segment: a line is written to the terminal whole
                    segments = [Segment(" " * left + line + " " * right, base)]
                else:
                    segments = [
                        Segment(" " * left, base),
                        Segment(line, style),
                        Segment(" " * right, base),
                    ]
                strip = Strip(segments, width)
            strips[top + row] = rows[line] = strip
        self._rows = ((size, base, bold), rows)
        return strips + [blank] * (size.height - height)


class Countdown(BigText):
    """The workout clock: the time in block letters with a bar below, `fraction` (0-1) of it
    filled. One widget, so a second repaints the changed figure and, when it moves, the bar,
    and nothing else."""

    COMPONENT_CLASSES = {"countdown--done", "countdown--left"}
    DEFAULT_CSS = """
    Countdown > .countdown--done {
        color: $primary;
    }
    Countdown > .countdown--left {
        color: $surface-lighten-2;
    }
    """

    BAR_INSET = 8
    """Blank columns each side of the bar."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(fonts=(FIGURES, WORDS), id=id, classes=classes)
        self.fraction = 0.0
        self._bar_styles: tuple[Style, Style] | None = None

    def set_fraction(self, fraction: float) -> None:
        """Fill `fraction` of the bar, repainting it only when a half cell moves (a long hold
        moves it every few seconds)."""
        width, height = self.content_region.size
        before = self._halves(self.fraction, width)
        self.fraction = fraction
        if height and self._halves(fraction, width) != before:
            self.refresh(Region(0, height - 1, width, 1))

    def text_area(self, size: Size) -> Size:
        return Size(size.width, max(0, size.height - 1))

    def drawn_from(self) -> object:
        return self._halves(self.fraction, self.content_region.width)

    def notify_style_update(self) -> None:
        self._bar_styles = None
        super().notify_style_update()

    def _halves(self, fraction: float, width: int) -> int:
        """How many half cells of the bar are filled when the clock is `width` cells wide."""
        bar = width - 2 * min(self.BAR_INSET, width // 2)
        return round(max(0.0, min(1.0, fraction)) * bar * 2)

    def _draw(self, size: Size, base: Style, bold: Style) -> list[Strip]:
        strips = super()._draw(size, base, bold)
        if strips:
            strips[-1] = self._bar(size.width, base)
        return strips

    def _bar(self, width: int, base: Style) -> Strip:
        # Half cells: a "╸" ends the filled part between two cells.
        if self._bar_styles is None:
            done = self.get_component_rich_style("countdown--done", partial=True)
            left = self.get_component_rich_style("countdown--left", partial=True)
            thin = Style(bold=False)  # the figures are bold, the bar is not
            self._bar_styles = (base + done + thin, base + left + thin)
        done, left = self._bar_styles
        inset = min(self.BAR_INSET, width // 2)
        bar = width - 2 * inset
        full, half = divmod(self._halves(self.fraction, width), 2)
        segments = [Segment(" " * inset, base), Segment("━" * full + ("╸" if half else ""), done)]
        rest = bar - full - half
        if rest > 0:
            segments.append(Segment(("╺" if half else "━") + "━" * (rest - 1), left))
        segments.append(Segment(" " * inset, base))
        return Strip(segments, width)


class PhaseWord(BigText):
    """The phase word (HOLD, REST, SWITCH SIDES…): block letters as tall as the screen allows.

    Its height follows the terminal's: one plain line on a short screen, three rows of letters
    from 22 rows, five from 45, so the clock below keeps most of the room.
    """

    DEFAULT_CSS = """
    PhaseWord {
        height: auto;
    }
    """

    text: reactive[str] = reactive("", layout=True)
    """A new word may need another height."""

    def update(self, text: str) -> None:
        self.text = text

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(fonts=(WORDS,), id=id, classes=classes)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        tallest = 0 if viewport.height < 22 else 1 if viewport.height < 45 else 2
        scale = min(tallest, best_scale(WORDS, self.text, width, rows_at(WORDS, 2)))
        return rows_at(WORDS, scale) if scale else 1


def changed_cells(
    before: tuple[str, ...], after: tuple[str, ...], changed: list[tuple[int, int]]
) -> list[tuple[int, int, int, int]]:
    """Where two drawings with letters in the same places differ, as bands of rows: (first row,
    rows, first column, end column) for each run of changed rows, the columns spanning every
    changed letter (`changed`: their columns, left to right). "0:29" → "0:28" is the rows of
    the last figure where an 8 differs from a 9."""
    if not changed:
        return []
    start, end = changed[0][0], changed[-1][1]
    bands: list[tuple[int, int, int, int]] = []
    for row, (old, new) in enumerate(zip(before, after, strict=True)):
        if old[start:end] == new[start:end]:
            continue
        if bands and bands[-1][0] + bands[-1][1] == row:
            first, rows, _, _ = bands[-1]
            bands[-1] = (first, rows + 1, start, end)
        else:
            bands.append((row, 1, start, end))
    return bands
