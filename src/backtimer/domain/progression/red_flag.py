"""The red flag: pain that shoots, tingles or goes numb down a leg.

The program's safety rule: "stop, and see a clinician before going on", and "the red flag can only
be lifted by the person confirming they have seen a clinician; until then nothing loads the back,
whatever screen or command starts it". Every rule about it is here, and every way of starting a
session asks `may_start`:

- A red flag is open from a real session answered "yes" until a later "I have seen a clinician"
  (`ClinicianCleared` in the journal). Demo runs (another speed than real time) ask no health
  questions and never open one, even when an old file says "yes".
- While one is open, no session starts, real or demo.
- Flagged sessions, and sessions done while a flag was open, are never evidence for progression.
- A skipped question is unknown, never "no": such a session is not evidence for a raise, and the
  next real session asks again before it loads the back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar

from backtimer.domain.days import session_day
from backtimer.domain.formatting import format_short_day
from backtimer.domain.journal import ClinicianCleared, JournalEvent, last_cleared
from backtimer.domain.progression.model import Suggestion
from backtimer.domain.records import SessionRecord
from backtimer.domain.training import counts_as_training, is_demo_speed


class Answered(Protocol):
    """A session's speed and red-flag answer: a record, a summary or a statistics row."""

    @property
    def speed(self) -> float: ...
    @property
    def red_flag(self) -> bool | None: ...


class Flaggable(Answered, Protocol):
    """What the red-flag rules need of a session: a record or a listing's summary."""

    @property
    def started(self) -> datetime: ...
    @property
    def last_activity(self) -> datetime: ...


def is_real_flag(session: Answered) -> bool:
    """A "yes" to leg symptoms in a real session (a demo's answer never counts)."""
    return bool(session.red_flag) and not is_demo_speed(session.speed)


_F = TypeVar("_F", bound=Flaggable)


def red_flag_session(sessions: Iterable[_F], journal: Iterable[JournalEvent]) -> _F | None:
    """The latest real session with a red flag since the user last said they saw a clinician."""
    cleared = last_cleared(journal)
    flagged = [
        s for s in sessions if is_real_flag(s) and (cleared is None or s.last_activity > cleared)
    ]
    return max(flagged, key=lambda s: s.started, default=None)


def red_flag_notice(
    sessions: Iterable[SessionRecord],
    journal: Iterable[JournalEvent],
    *,
    routine_id: str = "",
) -> Suggestion | None:
    """The "see a clinician" notice while a red flag is open, else None."""
    flagged = red_flag_session(sessions, journal)
    if flagged is None:
        return None
    return Suggestion(
        routine_id,
        None,
        "red_flag",
        f"You reported pain, tingling or numbness down a leg on {format_short_day(session_day(flagged))}. "
        "Progression is paused: see a clinician before going on, then mark it as seen.",
        evidence=(flagged.id,),
    )


# ---------------------------------------------------------------- evidence


def not_evidence(sessions: Sequence[SessionRecord], journal: Iterable[JournalEvent]) -> set[str]:
    """Ids of the sessions that are never evidence: flagged ones, and those done under a flag.

    A session is done under a flag when a real flagged session started before it and no
    clearance came between that session's end and this session's start.
    """
    clearances = sorted(e.at for e in journal if isinstance(e, ClinicianCleared))
    flags = sorted((s for s in sessions if is_real_flag(s)), key=lambda s: s.started)
    found = {s.id for s in flags}
    for session in sessions:
        for flag in flags:
            if flag.started >= session.started:
                break
            if not any(flag.last_activity < at <= session.started for at in clearances):
                found.add(session.id)
                break
    return found


def answer_unknown(session: SessionRecord) -> bool:
    """The red-flag question was skipped (or the session ended before it): unknown, not "no"."""
    return session.red_flag is None and session.red_flag_skipped


def no_raise_on(sessions: Iterable[SessionRecord]) -> set[str]:
    """Ids of the sessions whose red-flag answer is unknown: no raise may rest on them."""
    return {s.id for s in sessions if answer_unknown(s)}


@dataclass(frozen=True)
class Clearance:
    """The user saw a clinician after a red flag: the first plan after it eases back."""

    flagged: SessionRecord
    """The last flagged session before the clearance."""
    at: datetime
    """When the clearance was recorded."""


def fresh_clearance(
    sessions: Sequence[SessionRecord], journal: Iterable[JournalEvent], routine_id: str
) -> Clearance | None:
    """The last clearance of a red flag, while no session of `routine_id` counts since it."""
    cleared = last_cleared(journal)
    if cleared is None:
        return None
    flagged = [s for s in sessions if is_real_flag(s) and s.last_activity < cleared]
    if not flagged:
        return None
    if any(
        s.routine_id == routine_id and counts_as_training(s) and s.started > cleared
        for s in sessions
    ):
        return None
    return Clearance(max(flagged, key=lambda s: s.started), cleared)


# ---------------------------------------------------------------- starting a session


@dataclass(frozen=True)
class StartCheck:
    """Whether a session may start now, and why not."""

    allowed: bool
    reason: str = ""
    """Why it may not start, in words a user can act on; empty when it may."""
    ask_red_flag: bool = False
    """The last real session's red-flag answer is unknown: ask it before loading the back."""
    flagged_on: date | None = None


BLOCKED_HOW_TO_CLEAR = (
    "Once a clinician has seen it, open backtimer and choose \u201cSeen a clinician\u201d (c), "
    "or run `backtimer clear-red-flag`."
)


def may_start(
    sessions: Iterable[Flaggable],
    journal: Iterable[JournalEvent],
    *,
    speed: float,
    last_answer_unknown: bool = False,
) -> StartCheck:
    """May a session start now, at `speed`? No while a red flag is open, whatever the speed.

    `last_answer_unknown` is whether the last real session's red-flag answer was skipped; a
    real session then asks it first (a demo asks no health questions).
    """
    flagged = red_flag_session(sessions, journal)
    if flagged is not None:
        day = session_day(flagged)
        return StartCheck(
            False,
            f"Red flag: on {format_short_day(day)} you reported pain, tingling or numbness down "
            "a leg. No session starts until you have seen a clinician. " + BLOCKED_HOW_TO_CLEAR,
            flagged_on=day,
        )
    return StartCheck(True, ask_red_flag=last_answer_unknown and not is_demo_speed(speed))


def last_answer_unknown(sessions: Iterable[SessionRecord]) -> bool:
    """Whether the latest real session that reached the red-flag question left it unanswered.

    Sessions that never reached it with nothing done (ended before the first set) and demos are
    passed over.
    """
    asked = [
        s
        for s in sessions
        if not is_demo_speed(s.speed) and (s.red_flag is not None or s.red_flag_skipped)
    ]
    latest = max(asked, key=lambda s: s.started, default=None)
    return latest is not None and answer_unknown(latest)
