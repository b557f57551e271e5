"""A one-line progress bar that redraws only when its drawing changes.

Textual's ProgressBar keeps a timer of its own for its ETA and animation; a workout screen that
should sit idle between seconds does better with this plain bar. It draws its one line as a strip
of three segments (the line API), which costs a tenth of laying out a Rich `Text` each second.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget


class ProgressLine(Widget):
    """A thin bar, `fraction` (0–1) of it filled."""

    COMPONENT_CLASSES = {"progress-line--done", "progress-line--left"}
    DEFAULT_CSS = """
    ProgressLine {
        height: 1;
    }
    ProgressLine > .progress-line--done {
        color: $primary;
    }
    ProgressLine > .progress-line--left {
        color: $surface-lighten-2;
    }
    """

    fraction: reactive[float] = reactive(0.0, repaint=False)
    """How much is done. A long hold moves the bar by half a cell every few seconds: it is
    repainted only then, not on every new value."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._styles: tuple[Style, Style, Style] | None = None
        """(base, done, left): Textual forgets component styles on every refresh; these only
        change when the stylesheet or the theme does."""

    def watch_fraction(self, before: float, after: float) -> None:
        width = self.size.width
        if _halves(before, width) != _halves(after, width):
            self.refresh()

    def notify_style_update(self) -> None:
        self._styles = None
        super().notify_style_update()

    def _line_styles(self) -> tuple[Style, Style, Style]:
        if self._styles is None:
            base = self.rich_style
            done = base + self.get_component_rich_style("progress-line--done", partial=True)
            left = base + self.get_component_rich_style("progress-line--left", partial=True)
            self._styles = (base, done, left)
        return self._styles

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base, done, left = self._line_styles()
        if y or width <= 0:
            return Strip.blank(width, base)
        # Half cells: a "╸" ends the filled part between two cells.
        full, half = divmod(_halves(self.fraction, width), 2)
        segments = [Segment("━" * full + ("╸" if half else ""), done)]
        rest = width - full - half
        if rest > 0:
            segments.append(Segment(("╺" if half else "━") + "━" * (rest - 1), left))
        return Strip(segments, width)


def _halves(fraction: float, width: int) -> int:
    """How many half cells of a bar `width` cells wide are filled."""
    return round(max(0.0, min(1.0, fraction)) * width * 2)
