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

SESSIONS_NEEDED: Final = 3
"""Good sessions a raise needs, at the least ("master each level before moving on")."""
SPREAD_DAYS: Final = 7
"""Days from the first to the last of those sessions, at the least: a raise a week at most."""
MASTERY_DAYS: Final = 14
"""Days the top of a range must be held like that before the next variant, rung or step."""
WEEKLY_RISE: Final = 0.10
"""No target rises more than this share in any 7 days ("no more than 5–10 % a week")."""
PACE_WINDOW_DAYS: Final = 7
"""The window `WEEKLY_RISE` applies to."""
BREAK_DAYS: Final = 7
"""This many days or more since the last session of a routine is a break."""
WEEKLY_BREAK_DAYS: Final = 14
"""The same for a routine done only once or twice a week, where 7 days apart is normal."""
SEVERE_OVER: Final = 3
"""Pain this far over the limit (or more) is severe."""
FLARE_WINDOW: Final = 3
"""Step back when pain went over the limit in 2 of this many latest sessions."""
FLARE_CUT: Final = 0.10
"""A step back after repeated pain over the limit takes this share off the target."""
SEVERE_CUT: Final = 0.20
"""A step back after severe pain takes this share off the target."""
REACH_SLACK_S: Final = 0.5
"""A hold this close to its target counts as reaching it (the timer's own rounding)."""


@dataclass(frozen=True)
class BreakRow:
    """How far back a break of `days` or more (up to the next row) eases an exercise."""

    days: int
    cut: float
    """The share taken off the target, on the same variant (crossing back when it runs out)."""
    variants_back: int = 0
    """Variants (rungs) to go back, whatever the cut leaves; their dose then takes the cut."""
    to_start: bool = False
    """Back to the easiest dose of the routine, and the previous step of the program."""


BREAKS: Final[tuple[BreakRow, ...]] = (
    BreakRow(7, 0.10),
    BreakRow(14, 0.20),
    BreakRow(28, 0.35),
    BreakRow(56, 0.35, variants_back=1),
    BreakRow(180, 1.0, to_start=True),
)
"""The break table (days since the last session, counted for routines done daily or more often;
a routine done once or twice a week counts from 14 days, one week later). `docs/progression.md`
gives the reasons."""
BAND_REPEAT: Final = 2
"""Sessions with both rounds above the band (26–29) before stepping up the ladder."""

PROGRESSIONS: Final[frozenset[str]] = frozenset(
    ("raise", "variant", "advance_band", "advance_step")
)
"""Changes that make training harder: only one at a time per routine."""
SETTLING_CHANGES: Final[frozenset[str]] = PROGRESSIONS | {"manual"}
"""Accepted changes that other exercises of the routine wait on before progressing."""


@dataclass(frozen=True)
class ExerciseState:
    """Where one exercise stands now: its variant and target, and when that last changed.

    `reduced_by` names the session whose in-session pain choice (shorten, easier variant) set
    this dose, when that is where it comes from rather than the journal.
    """

    exercise_id: str
    variant_id: str
    target: float
    changed_at: datetime | None = None
    """Time of the last accepted change, or None while on the routine's own default."""
    last_change: ChangeKind | None = None
    reduced_by: str | None = None


@dataclass(frozen=True)
class Suggestion:
    """A proposed change (or a notice) for one exercise, with its reason in plain words.

    `kind` is a change (`raise`, `variant`, `advance_step`, `step_back`, `ease_back`,
    `regress_band`, `advance_band`) that the user accepts or declines, or a notice that changes
    nothing: `hold` (stay where you are: pain, a dose reduced in a session, a break at the easiest
    dose, the 20 ± 5 band's advice) and `red_flag` (see a clinician; progression paused).
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
    parts: tuple[Suggestion, ...] = ()
    """When one suggestion stands for several exercises' changes (a break eases the whole
    routine back at once): those changes, each answered with it."""

    @property
    def is_change(self) -> bool:
        """True when accepting it changes something (False for `hold` and `red_flag`)."""
        return self.kind not in ("hold", "red_flag")
