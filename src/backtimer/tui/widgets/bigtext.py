"""Block letters that fill the room they are given: the workout clock and its phase word.

The letters come from `render.bigtext`, scaled by a whole number to the largest size that fits
the widget; when nothing fits (a very small terminal, a character the font lacks) the text is
drawn plain and bold, so it is never lost. Lines are drawn with the line API and only when the
text or the size changes, so a running hold costs one redraw a second.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from backtimer.render.bigtext import FIGURES, WORDS, Font, best_scale, big_lines, rows_at


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
        self._frame: tuple[object, list[Strip]] | None = None
        """The lines drawn last, with what they were drawn from."""

    def update(self, text: str) -> None:
        """Show `text`, repainting only the columns whose letters changed ("0:29" → "0:28" is one
        figure of four): the compositor's work grows with the area repainted."""
        if text == self.text:
            return
        before = self.lines
        self.set_reactive(BigText.text, text)
        after = self.lines
        changed = _changed_columns(before, after)
        if changed is None:
            self.refresh()
            return
        width, height = self.content_region.size
        left = (width - len(after[0])) // 2
        top = (height - len(after)) // 2
        start, end = changed
        self.refresh(Region(left + start, top, end - start, len(after)))

    def notify_style_update(self) -> None:
        self._styles = None
        super().notify_style_update()

    @property
    def lines(self) -> tuple[str, ...]:
        """The block-letter lines at the widget's current size (empty when drawn plain)."""
        width, height = self.content_region.size
        for font in self.fonts:
            lines = big_lines(self.text.upper(), width, height, font)
            if lines:
                return lines
        return ()

    def render_line(self, y: int) -> Strip:
        key = (self.text, self.content_region.size, self._styles)
        if self._frame is None or self._frame[0] != key:
            strips = self._draw()
            self._frame = ((self.text, self.content_region.size, self._styles), strips)
        strips = self._frame[1]
        return strips[y] if y < len(strips) else Strip.blank(self.content_region.width)

    def _draw(self) -> list[Strip]:
        """Every line of the widget, drawn once per frame (Textual asks for them one by one)."""
        width, height = self.content_region.size
        if self._styles is None:
            # Working out the style walks the widget's ancestors: once per stylesheet change.
            self._styles = (self.rich_style, self.rich_style + Style(bold=True))
        base, bold = self._styles
        lines = self.lines
        style = base
        if not lines:
            lines = (self.text[:width],) if self.text else ()
            style = bold
        top = max(0, (height - len(lines)) // 2)
        blank = Strip.blank(width, base)
        strips = [blank] * height
        for row, line in enumerate(lines[: max(0, height - top)]):
            line = line[:width]
            left = (width - len(line)) // 2
            right = width - left - len(line)
            segments = [Segment(" " * left, base), Segment(line, style), Segment(" " * right, base)]
            strips[top + row] = Strip(segments, width)
        return strips


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


def _changed_columns(before: tuple[str, ...], after: tuple[str, ...]) -> tuple[int, int] | None:
    """The span of columns that differ between two drawings of one size; None if not alike."""
    if not before or not after or len(before) != len(after) or len(before[0]) != len(after[0]):
        return None
    columns = [
        x
        for x, (old, new) in enumerate(
            zip(zip(*before, strict=True), zip(*after, strict=True), strict=True)
        )
        if old != new
    ]
    return (columns[0], columns[-1] + 1) if columns else (0, 0)
