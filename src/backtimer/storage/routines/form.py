"""Form points of an exercise or a variant: `form = [...]`, or the older single `cue` text.

Files written before form points were lists carry one `cue` sentence or two. They still load: each
sentence becomes one point, held to the same limits, and a sentence too long to speak is reported
with the way to rewrite it.
"""

from __future__ import annotations

import re
from typing import Any

from backtimer.domain.routine import FORM_POINT_MAX, FORM_POINTS_MAX
from backtimer.storage.toml import Checker, KeyPath

EXAMPLE = 'form = ["Neutral spine", "Breathe steadily"]'
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def check_form(check: Checker, table: dict[str, Any], path: KeyPath) -> tuple[str, ...] | None:
    """The form points written in `table`: `()` when there are none, None after a problem."""
    if "form" in table and "cue" in table:
        check.error(
            (*path, "cue"), "write the form points once, as form = [...]; drop the older 'cue'"
        )
        return None
    if "form" in table:
        return check.short_texts(
            table, path, "form", longest=FORM_POINT_MAX, most=FORM_POINTS_MAX, example=EXAMPLE
        )
    cue = check.text(table, path, "cue", default="")
    if cue is None:
        return None
    points = tuple(part for part in _SENTENCE_END.split(cue) if part.strip())
    too_long = [point for point in points if len(point) > FORM_POINT_MAX]
    if too_long:
        check.error(
            (*path, "cue"),
            f"a sentence of {len(too_long[0])} characters is too long to speak as a form point "
            f"(at most {FORM_POINT_MAX}); write the points as a list, like {EXAMPLE}",
        )
        return None
    if len(points) > FORM_POINTS_MAX:
        check.error(
            (*path, "cue"),
            f"expected at most {FORM_POINTS_MAX} sentences, found {len(points)}; "
            f"write the points as a list, like {EXAMPLE}",
        )
        return None
    return points
