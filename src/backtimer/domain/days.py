"""Which day something happened on: one rule for every count, streak, calendar and report.

A session, a set or a journal answer belongs to the local date where it was done: the date of
its time in the UTC offset it was recorded with, never in today's offset. A session at 00:30
in summer stays on its day after the clocks go back, so the home screen, `backtimer today`,
progression, the statistics and the report all see the same days, across a daylight-saving
change or a journey.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol


class Started(Protocol):
    """Anything that started at a recorded time: a session record, a listing's summary."""

    @property
    def started(self) -> datetime: ...


def local_day(moment: datetime) -> date:
    """The local date of `moment` where it was recorded (in the offset it carries)."""
    return moment.date()


def session_day(session: Started) -> date:
    """The local date a session started on, where it was done."""
    return local_day(session.started)
