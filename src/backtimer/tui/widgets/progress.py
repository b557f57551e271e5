"""A one-line progress bar that redraws only when its value changes.

Textual's ProgressBar keeps a timer of its own for its ETA and animation; a workout screen that
should sit idle between seconds does better with this plain bar.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
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

    fraction: reactive[float] = reactive(0.0)

    def render(self) -> Text:
        width = self.size.width
        # Half cells: a "╸" ends the filled part between two cells.
        halves = round(max(0.0, min(1.0, self.fraction)) * width * 2)
        full, half = divmod(halves, 2)
        done_style = self.get_component_rich_style("progress-line--done", partial=True)
        left_style = self.get_component_rich_style("progress-line--left", partial=True)
        text = Text("━" * full, style=done_style)
        if half:
            text.append("╸", style=done_style)
        rest = width - full - half
        if rest > 0:
            text.append(("╺" if half else "━") + "━" * (rest - 1), style=left_style)
        return text
