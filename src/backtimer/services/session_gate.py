"""The one gate every way of starting a session goes through: may a session start now?

The home screen (Enter and "start next due"), the library's Start, the command palette and
`backtimer run` all call `check_start` before a session begins; the rule itself is
`backtimer.domain.progression.red_flag.may_start`. `clear_red_flag` records that the user has seen
a clinician, the only thing that lifts a red flag. Nothing here prints or draws.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Final

from backtimer.domain.journal import ClinicianCleared
from backtimer.domain.progression.red_flag import (
    StartCheck,
    answer_unknown,
    may_start,
    red_flag_session,
)
from backtimer.domain.training import is_demo_speed
from backtimer.engine import Settings
from backtimer.storage.history import HistoryStore
from backtimer.storage.history.store import SessionSummary
from backtimer.storage.history.toml_io import HistoryFileError, read_session_file
from backtimer.storage.journal import load_journal, record_event

__all__ = ["StartCheck", "check_start", "clear_red_flag", "open_red_flag", "run_settings"]

_MAX_READS: Final = 20
"""Session files read to find the last red-flag answer; far more than ever needed."""


def check_start(data_dir: Path, *, speed: float, now: datetime) -> StartCheck:
    """May a session start now at `speed`, and must it ask the red-flag question first?

    Reads the session listing (from the index: quick however long the history) and the journal,
    and at most a few session files. A journal that cannot be read hides no clearance that
    could lift a flag, so it only ever keeps a session from starting.
    """
    summaries = HistoryStore(data_dir).summaries().sessions
    journal, _problems = load_journal(data_dir)
    unknown = False if is_demo_speed(speed) else _last_answer_unknown(summaries)
    return may_start(summaries, journal, speed=speed, last_answer_unknown=unknown)


def run_settings(settings: Settings, *, speed: float, check: StartCheck) -> Settings:
    """The engine settings for a session the gate let start: a demo run asks no health
    questions; a real one asks the red-flag question first when the last answer is unknown."""
    demo = is_demo_speed(speed)
    return replace(
        settings, health_questions=not demo, red_flag_first=check.ask_red_flag and not demo
    )


def _last_answer_unknown(summaries: tuple[SessionSummary, ...]) -> bool:
    """Whether the newest real session that reached the red-flag question left it unanswered."""
    real = [s for s in summaries if not s.is_demo]
    for summary in sorted(real, key=lambda s: s.started, reverse=True)[:_MAX_READS]:
        if summary.red_flag is not None:
            return False
        try:
            record = read_session_file(summary.path)
        except (HistoryFileError, OSError):
            continue  # listed as a problem wherever the history is shown
        if answer_unknown(record):
            return True
    return False


def open_red_flag(data_dir: Path) -> SessionSummary | None:
    """The session whose red flag is open, or None."""
    journal, _problems = load_journal(data_dir)
    return red_flag_session(HistoryStore(data_dir).summaries().sessions, journal)


def clear_red_flag(data_dir: Path, *, now: datetime) -> Path:
    """Record that the user has seen a clinician about their leg symptoms; the journal file.

    Raises OSError (or the journal's write error) when it cannot be saved.
    """
    return record_event(data_dir, ClinicianCleared(at=now, cleared_on=now.date()))
