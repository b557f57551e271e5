"""What progression works with: its numbers, an exercise's current state, and a suggestion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from backtimer.domain.journal import ChangeKind

SuggestionKind = Literal[
    "raise",
    "variant",
    "advance_step",
    "step_back",
    "ease_back",
    "regress_band",
    "advance_band",
    "hold",
    "red_flag",
]

SESSIONS_NEEDED: Final = 2
"""Default for the `progression_sessions` setting."""
BREAK_DAYS: Final = 7
"""This many days or more since the last session of a routine is a break."""
WEEKLY_BREAK_DAYS: Final = 14
"""The same for a routine done only once or twice a week, where 7 days apart is normal."""
SEVERE_OVER: Final = 3
"""Pain this far over the limit (or more) is severe."""
FLARE_WINDOW: Final = 3
"""Step back when pain went over the limit in 2 of this many latest sessions."""
REACH_SLACK_S: Final = 0.5
"""A hold this close to its target counts as reaching it (the timer's own rounding)."""

PROGRESSIONS: Final[frozenset[str]] = frozenset(
    ("raise", "variant", "advance_band", "advance_step")
)
"""Changes that make training harder: only one at a time per routine."""
SETTLING_CHANGES: Final[frozenset[str]] = PROGRESSIONS | {"manual"}
"""Accepted changes that other exercises of the routine wait on before progressing."""


@dataclass(frozen=True)
class ExerciseState:
    """Where one exercise stands now: its variant and target, and when that last changed."""

    exercise_id: str
    variant_id: str
    target: float
    changed_at: datetime | None = None
    """Time of the last accepted change, or None while on the routine's own default."""
    last_change: ChangeKind | None = None


@dataclass(frozen=True)
class Suggestion:
    """A proposed change (or a notice) for one exercise, with its reason in plain words.

    `kind` is a change (`raise`, `variant`, `advance_step`, `step_back`, `ease_back`,
    `regress_band`, `advance_band`) that the user accepts or declines, or a notice that changes
    nothing: `hold` (pain: stay where you are) and `red_flag` (see a clinician; progression paused).
    `to_variant`/`to_target` are where a change leads; `next_routine` is set for `advance_step`.
    """

    routine_id: str
    exercise_id: str | None
    kind: SuggestionKind
    reason: str
    from_variant: str | None = None
    from_target: float | None = None
    to_variant: str | None = None
    to_target: float | None = None
    next_routine: str | None = None
    evidence: tuple[str, ...] = ()
    """Ids of the sessions the suggestion rests on."""

    @property
    def is_change(self) -> bool:
        """True when accepting it changes something (False for `hold` and `red_flag`)."""
        return self.kind not in ("hold", "red_flag")
