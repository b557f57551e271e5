"""The words backtimer uses for sessions, sets and pain, defined once.

The engine, the records, the files and the screens all take these types, so a value written by one
is read by every other. Each `Literal` has a tuple in its canonical order, used both to check a value
read from a file and to list the choices on screen.
"""

from __future__ import annotations

import re
from typing import Final, Literal

Side = Literal["both", "left", "right"]
SIDES: Final[tuple[Side, ...]] = ("both", "left", "right")

Status = Literal["in_progress", "completed", "ended_early", "interrupted"]
"""How a session stands. `interrupted` is written when backtimer is told to stop mid-session
(SIGTERM, SIGHUP), and is also how a reader sees an `in_progress` file whose writer has gone."""
STATUSES: Final[tuple[Status, ...]] = ("in_progress", "completed", "ended_early", "interrupted")

StopReason = Literal["fatigue", "pain", "form", "other"]
STOP_REASONS: Final[tuple[StopReason, ...]] = ("fatigue", "pain", "form", "other")

PauseReason = Literal["suspend"]
"""Why a session was paused without the user asking: the computer slept."""
PAUSE_REASONS: Final[tuple[PauseReason, ...]] = ("suspend",)

PainWhen = Literal["before", "exercise", "after"]
"""When a pain check-in inside a session was taken."""
PAIN_WHENS: Final[tuple[PainWhen, ...]] = ("before", "exercise", "after")

PainChoiceKind = Literal["shorten", "regress", "stop_exercise", "end", "continue"]
"""What the user chose when pain went over the limit during an exercise.

`shorten`: the rest of this exercise at a lower dose; `regress`: the rest of it on the easier
variant; `stop_exercise`: no more sets of it today; `end`: end the session. `continue` ("carry
on") is no longer offered (the program's pain rule: above the limit, shorten, regress or stop);
it is still read from older session files.
"""
PAIN_CHOICES: Final[tuple[PainChoiceKind, ...]] = ("shorten", "regress", "stop_exercise", "end")
"""The choices offered, in the order shown."""
PAIN_CHOICES_READ: Final[tuple[PainChoiceKind, ...]] = (*PAIN_CHOICES, "continue")
"""Every value a session file may hold: the offered ones and the retired `continue`."""

PainBeforeChoice = Literal["mobility", "stop"]
"""What the user chose when pain before a session was over the limit: the mobility routine
only, or stop for today. Nothing that loads the back starts either way."""
PAIN_BEFORE_CHOICES: Final[tuple[PainBeforeChoice, ...]] = ("mobility", "stop")

RecordKind = Literal["hold", "reps", "reps_to_failure", "repeated_hold", "movement", "activity"]
"""An exercise's kind as a session file stores it (the routine model's `Kind` values)."""
RECORD_KINDS: Final[tuple[RecordKind, ...]] = (
    "hold",
    "reps",
    "reps_to_failure",
    "repeated_hold",
    "movement",
    "activity",
)

Unit = Literal["s", "reps"]
UNITS: Final[tuple[Unit, ...]] = ("s", "reps")

ID_PATTERN: Final = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
"""Routine, exercise and variant ids: lower-case letters, digits, `-` and `_`, starting with a
letter or digit, at most 64 characters. Use `is_id`."""


def is_id(value: object) -> bool:
    """True when `value` is a string that is a valid id."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None
