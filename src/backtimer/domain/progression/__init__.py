"""Pain-gated progression: current targets derived from history, and suggestions with reasons.

Pure functions over a routine, the session records and the journal. Nothing is stored here: a
target is the routine's default plus every accepted change in the journal, in order, lowered by
any shorter target or easier variant the user chose for pain in a session since. Suggestions are
only suggestions; the user accepts or declines each one (`decide`), and that decision is what the
journal records. `docs/progression.md` states every rule with its numbers.

The parts: `model` (the numbers, `ExerciseState`, `Suggestion`), `history` (pain, "reached"),
`state` (current targets, the reductions chosen in a session, and the moves along the ladder at
the program's pace), `rules` (`suggest`), `breaks` (the break table's rules), `band` (the 20 ± 5
rules of reps to failure), `context` (what the rules share), `red_flag` and `clearance` (the red
flag and what follows it) and `decisions` (`answer`, `decide`, `manual_change`). Every public name is
importable from here.
"""

from __future__ import annotations

from backtimer.domain.progression.decisions import answer, decide, manual_change
from backtimer.domain.progression.history import (
    reached,
    red_flag_notice,
    red_flag_session,
    session_day,
)
from backtimer.domain.progression.model import (
    BREAK_DAYS,
    BREAKS,
    FLARE_CUT,
    FLARE_WINDOW,
    MASTERY_DAYS,
    PROGRESSIONS,
    REACH_SLACK_S,
    SESSIONS_NEEDED,
    SETTLING_CHANGES,
    SEVERE_CUT,
    SEVERE_OVER,
    SPREAD_DAYS,
    WEEKLY_BREAK_DAYS,
    WEEKLY_RISE,
    ExerciseState,
    Suggestion,
    SuggestionKind,
)
from backtimer.domain.progression.rules import suggest
from backtimer.domain.progression.state import apply_state, current_state

__all__ = [
    "BREAKS",
    "BREAK_DAYS",
    "FLARE_CUT",
    "FLARE_WINDOW",
    "MASTERY_DAYS",
    "PROGRESSIONS",
    "REACH_SLACK_S",
    "SESSIONS_NEEDED",
    "SETTLING_CHANGES",
    "SEVERE_CUT",
    "SEVERE_OVER",
    "SPREAD_DAYS",
    "WEEKLY_BREAK_DAYS",
    "WEEKLY_RISE",
    "ExerciseState",
    "Suggestion",
    "SuggestionKind",
    "answer",
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
