"""Sample history records for the history store tests: one session of alternating-side holds,
with pain check-ins and a pain choice, set by set."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from backtimer.storage.history import PainCheck, PainChoice, SessionRecord, SetRecord

TZ = timezone(timedelta(hours=1))
START = datetime(2026, 11, 22, 7, 15, tzinfo=TZ)
SETS_PER_SESSION = 12


def sample_set(index: int, start: datetime = START) -> SetRecord:
    """The `index`-th set (0-based) of a sample session: alternating sides of a hold."""
    return SetRecord(
        exercise_id="back-extension-hold",
        exercise_name="Back extension hold",
        kind="hold",
        variant_id="single-leg",
        side="left" if index % 2 == 0 else "right",
        set_number=index // 2 + 1,
        target=45.0,
        target_unit="s",
        ended_at=start + timedelta(minutes=index + 1),
        actual_s=40.0 + index / 10,
        reps=None,
        overtime=index % 5 == 0,
        stop_reason="fatigue" if index % 7 == 3 else None,
        pain=index % 4,
        notes="wobbly" if index == 2 else "",
    )


def sample_session(
    sets: int = 3, *, start: datetime = START, session_id: str | None = None, **changes: object
) -> SessionRecord:
    """A completed sample session with `sets` sets, pain check-ins and one pain choice."""
    record = SessionRecord(
        id=session_id or uuid.uuid4().hex,
        routine_id="a2-static-holds",
        routine_name="Step 2: static holds",
        routine_fingerprint="sha256:0123abcd",
        started=start,
        status="completed",
        ended=start + timedelta(minutes=sets + 2),
        speed=1.0,
        sets=tuple(sample_set(i, start) for i in range(sets)),
        pains=(
            PainCheck("before", 2, start),
            PainCheck("exercise", 5, start + timedelta(minutes=1), "back-extension-hold"),
            PainCheck("after", 1, start + timedelta(minutes=sets + 2)),
        ),
        pain_choices=(
            PainChoice("back-extension-hold", "shorten", start, 6, "pad-high", 45.0, 32.0),
            PainChoice(
                "back-extension-hold",
                "regress",
                start + timedelta(minutes=1),
                4,
                "single-leg",
                30.0,
                45.0,
                "pad-high",
            ),
        ),
        red_flag=False,
        notes="felt fine",
    )
    return replace(record, **changes)  # type: ignore[arg-type]
