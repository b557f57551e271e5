"""Pain-gated progression: current targets derived from history, and suggestions with reasons.

Pure functions over a routine, the session records and the journal. Nothing is stored here: a
target is the routine's default plus every accepted change in the journal, in order. Suggestions
are only suggestions; the user accepts or declines each one (`decide`), and that decision is what
the journal records. `docs/progression.md` states every rule with its numbers.

The parts: `model` (the numbers, `ExerciseState`, `Suggestion`), `history` (pain, "reached", red
flags), `state` (current targets and the ladder), `rules` (`suggest`) and `decisions` (`decide`,
`manual_change`). Every public name is importable from here.
"""

from __future__ import annotations

from backtimer.domain.progression.decisions import decide, manual_change
from backtimer.domain.progression.history import (
    reached,
    red_flag_notice,
    red_flag_session,
    session_day,
)
from backtimer.domain.progression.model import (
    BREAK_DAYS,
    FLARE_WINDOW,
    PROGRESSIONS,
    REACH_SLACK_S,
    SESSIONS_NEEDED,
    SETTLING_CHANGES,
    SEVERE_OVER,
    WEEKLY_BREAK_DAYS,
    ExerciseState,
    Suggestion,
    SuggestionKind,
)
from backtimer.domain.progression.rules import suggest
from backtimer.domain.progression.state import apply_state, current_state

__all__ = [
    "BREAK_DAYS",
    "FLARE_WINDOW",
    "PROGRESSIONS",
    "REACH_SLACK_S",
    "SESSIONS_NEEDED",
    "SETTLING_CHANGES",
    "SEVERE_OVER",
    "WEEKLY_BREAK_DAYS",
    "ExerciseState",
    "Suggestion",
    "SuggestionKind",
    "apply_state",
    "current_state",
    "decide",
    "manual_change",
    "reached",
    "red_flag_notice",
    "red_flag_session",
    "session_day",
    "suggest",
]
