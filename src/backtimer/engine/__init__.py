"""The session engine: runs a routine by itself from a monotonic clock. No UI in here.

`Session` is the state machine; `SessionView` is what a screen draws; events (`Cue`,
`SetLogged`, `PhaseChanged`, `SessionEnded`) are what `advance()` and the actions return.
"""

from __future__ import annotations

from backtimer.engine.events import (
    ChoiceEntry,
    Cue,
    CueKind,
    Event,
    LoggedSet,
    PainEntry,
    Phase,
    PhaseChanged,
    SessionEnded,
    SetLogged,
    Settings,
)
from backtimer.engine.session import Clock, Session
from backtimer.engine.texts import (
    ABOVE_BAND,
    IN_BAND,
    TOO_EASY,
    TOO_HARD,
    TOO_HARD_EASIEST,
    band_verdict,
)
from backtimer.engine.view import Option, SessionView

__all__ = [
    "ABOVE_BAND",
    "IN_BAND",
    "TOO_EASY",
    "TOO_HARD",
    "TOO_HARD_EASIEST",
    "ChoiceEntry",
    "Clock",
    "Cue",
    "CueKind",
    "Event",
    "LoggedSet",
    "Option",
    "PainEntry",
    "Phase",
    "PhaseChanged",
    "Session",
    "SessionEnded",
    "SessionView",
    "SetLogged",
    "Settings",
    "band_verdict",
]
