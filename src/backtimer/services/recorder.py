"""Keep a running session on disk: engine state in, a saved history record out.

The recorder builds the whole `SessionRecord` from the engine's state whenever something worth
keeping happens (a set logged, a check-in answered, the end) and hands it to one background thread
that writes it through the history `SessionWriter`. Writes never run on the caller's thread, so a
slow disk cannot stall the screen or the timer; they happen in order, and when several pile up only
the newest is written (each record holds everything before it).

When the disk refuses (read-only, full, not a folder) the record stays in memory, the caller is told
through `on_result`, and `retry()` or `relocate()` try again.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from backtimer.domain.records import (
    PainCheck,
    PainChoice,
    PauseRecord,
    SessionRecord,
    SetRecord,
)
from backtimer.domain.routine import Routine
from backtimer.engine import ChoiceEntry, LoggedSet, PainEntry, Session
from backtimer.render.summary import last_time
from backtimer.services.session_clock import SessionClock
from backtimer.services.unsaved import Flushed, copy_to, write_fallback
from backtimer.storage.history.store import HistoryStore
from backtimer.storage.history.writer import SaveResult, SessionWriter

UNTIMED_NOTE = "ticked off without the timer"
LAST_TIME_DAYS = 120
"""How far back the workout screen looks for how an exercise went last time."""


@dataclass(frozen=True)
class RunOptions:
    """How a session was started: from `backtimer run --speed N --quiet`, or the defaults."""

    speed: float = 1.0
    """How much faster than real time the clock runs (demo runs); 1.0 is a real session."""
    quiet: bool = False


@dataclass(frozen=True)
class MobilityInstead:
    """Pain before a session was over the limit and the user chose the mobility routine only:
    start it with this pain rating (already taken) and the same options."""

    pain_before: int
    options: RunOptions


@dataclass(frozen=True)
class TimeBase:
    """Maps the engine's clock to wall-clock time.

    `speed` is how much faster the engine's clock runs than real time (demo runs), so a set that
    ended 60 engine-seconds in, at speed 10, ended 6 real seconds after the start.
    """

    start_wall: datetime
    start_mono: float
    speed: float = 1.0

    def wall(self, mono: float) -> datetime:
        """The wall-clock time of engine moment `mono`."""
        return self.start_wall + timedelta(seconds=(mono - self.start_mono) / self.speed)


def run_clock(speed: float) -> SessionClock:
    """The clock a session runs on: real time counting the computer's sleep, or `speed` times
    faster (demo runs); see `services/session_clock.py`."""
    return SessionClock(speed)


def last_time_texts(store: HistoryStore, routine: Routine, now: datetime) -> dict[str, str]:
    """How each exercise of `routine` went the last time it was done, in the last 120 days."""
    result = store.load(since=now - timedelta(days=LAST_TIME_DAYS))
    return last_time([s for s in result.sessions if s.routine_id == routine.id], routine)


def set_record(logged: LoggedSet, base: TimeBase) -> SetRecord:
    """One engine set as a history set."""
    return SetRecord(
        exercise_id=logged.exercise_id,
        exercise_name=logged.exercise_name,
        kind=logged.kind.value,
        variant_id=logged.variant_id,
        side=logged.side,
        set_number=logged.set_number,
        target=logged.target,
        target_unit=logged.unit,
        ended_at=base.wall(logged.ended_at_mono),
        # A set ticked off without the timer has no measured time, and none is claimed.
        actual_s=None if logged.actual_s is None or logged.untimed else round(logged.actual_s, 1),
        reps=logged.reps,
        overtime=logged.overtime,
        stop_reason=logged.stop_reason,
        pain=logged.pain,
        notes=UNTIMED_NOTE if logged.untimed and not logged.notes else logged.notes,
        warmup=logged.warmup,
        hold_s=logged.hold_s,
        holds=logged.holds,
    )


def pain_check(entry: PainEntry, base: TimeBase) -> PainCheck:
    """One engine pain rating as a history check-in."""
    return PainCheck(
        when=entry.when,
        value=entry.value,
        at=base.wall(entry.at_mono),
        exercise_id=entry.exercise_id,
    )


def pain_choice(entry: ChoiceEntry, base: TimeBase) -> PainChoice:
    """What the user chose when pain went over the limit."""
    return PainChoice(
        exercise_id=entry.exercise_id,
        choice=entry.choice,
        at=base.wall(entry.at_mono),
        value=entry.pain,
        variant_id=entry.variant_id,
        target=entry.target,
        new_target=entry.new_target,
        new_variant_id=entry.new_variant_id,
    )


class Recorder:
    """Saves one session as it runs. Call `sync(session)` after anything happens."""

    def __init__(
        self,
        store: HistoryStore,
        routine: Routine,
        base: TimeBase,
        *,
        on_result: Callable[[SaveResult], None] | None = None,
        fsync: bool = True,
    ) -> None:
        self._store = store
        self._base = base
        self._on_result = on_result
        self._fsync = fsync
        self._record = SessionRecord(
            id=uuid.uuid4().hex,
            routine_id=routine.id,
            routine_name=routine.name,
            routine_fingerprint=routine.fingerprint(),
            started=base.start_wall,
            status="in_progress",
            speed=base.speed,
        )
        self._writer: SessionWriter | None = None
        self._latest: SessionRecord | None = None
        self._handed = False
        """True once a record has been handed to the saving thread."""
        self._command: tuple[str, Path | None] | None = None
        self._closing = False
        self._busy = False
        self._result = SaveResult(False, None, "not saved yet")
        self._lock = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="backtimer-save", daemon=True)
        self._thread.start()

    @property
    def record(self) -> SessionRecord:
        """The newest record built, saved or not."""
        return self._record

    @property
    def data_dir(self) -> Path:
        """The data folder sessions are being saved under."""
        return self._writer.data_dir if self._writer is not None else self._store.data_dir

    @property
    def last_result(self) -> SaveResult:
        """The outcome of the newest write attempt."""
        with self._lock:
            return self._result

    @property
    def pending(self) -> bool:
        """True while the newest record is not known to be on disk."""
        with self._lock:
            if not self._handed:
                return False  # nothing worth a file was ever done
            return self._busy or self._latest is not None or not self._result.ok

    @property
    def unsaved_sets(self) -> int:
        """How many sets of the newest record are not on disk (0 once everything is saved)."""
        if not self.pending:
            return 0
        saved = self._writer.saved_sets if self._writer is not None else 0
        return max(0, len(self._record.sets) - saved)

    def save_copy(self, path: Path) -> Path:
        """Write the newest record to a file of its own at `path` (a file or a folder), for when
        the data folder will not take it; raises `HistoryWriteError`."""
        return copy_to(self._record, path, fsync=self._fsync)

    def flush(self, session: Session, *, interrupted: bool, timeout: float = 5.0) -> Flushed:
        """The process is stopping: write `session` as it stands and stop the saving thread.

        `interrupted` marks the record as such (it never reached its end). When the data folder
        refuses, or does not answer within `timeout`, the record goes to a file of its own in
        the home or the temporary folder (`write_fallback`). A session with nothing done and no
        file yet writes nothing.
        """
        record = self.build(session)
        if interrupted:
            record = replace(record, status="interrupted")
        with self._lock:
            untouched = self._writer is None and self._latest is None
        if untouched and not (record.sets or record.pains):
            self.close(timeout)
            return Flushed(None, elsewhere=False)
        self._record = record
        with self._lock:
            self._latest = record
            self._handed = True
            self._closing = True
            self._lock.notify()
        self._thread.join(timeout)
        with self._lock:
            saved = not self._thread.is_alive() and self._result.ok
            path = self._result.path
        if saved:
            return Flushed(path, elsewhere=False)
        return write_fallback(record, fsync=self._fsync)

    def build(self, session: Session) -> SessionRecord:
        """The history record for `session` as it stands now."""
        base = self._base
        ended = None if session.ended_at is None else base.wall(session.ended_at)
        return SessionRecord(
            id=self._record.id,
            routine_id=self._record.routine_id,
            routine_name=self._record.routine_name,
            routine_fingerprint=self._record.routine_fingerprint,
            started=self._record.started,
            status=session.status,
            ended=ended,
            speed=base.speed,
            sets=tuple(set_record(item, base) for item in session.records),
            pains=tuple(pain_check(item, base) for item in session.pains),
            pain_choices=tuple(pain_choice(item, base) for item in session.choices),
            red_flag=session.red_flag,
            red_flag_skipped=session.red_flag_skipped,
            pain_after_skipped=session.pain_after_skipped,
            notes=self._record.notes,
            pauses=tuple(
                PauseRecord(base.wall(at), round(seconds / base.speed, 1))
                for at, seconds in session.sleeps
            ),
        )

    def sync(self, session: Session) -> bool:
        """Queue a save if the session changed since the last one; True when one was queued."""
        record = self.build(session)
        if record.status == "in_progress" and not (record.sets or record.pains):
            return False  # nothing done yet: no file for a session that never started
        with self._lock:
            unchanged = record == self._record and self._result.ok
        if unchanged:
            return False
        self._record = record
        with self._lock:
            self._latest = record
            self._handed = True
            self._lock.notify()
        return True

    def retry(self) -> None:
        """Try the same folder again with everything held in memory."""
        with self._lock:
            self._command = ("retry", None)
            self._lock.notify()

    def relocate(self, data_dir: Path) -> None:
        """Save this session under another data folder from now on."""
        with self._lock:
            self._command = ("relocate", data_dir)
            self._lock.notify()

    def close(self, timeout: float = 10.0) -> SaveResult:
        """Write what is pending, release the session, and stop the thread (waits up to `timeout`)."""
        with self._lock:
            self._closing = True
            self._lock.notify()
        self._thread.join(timeout)
        return self.last_result

    def wait_saved(self, timeout: float = 5.0) -> bool:
        """Block until nothing is queued or being written; True if it got there in time."""

        def idle() -> bool:
            return not self._busy and self._latest is None and self._command is None

        with self._lock:
            return self._lock.wait_for(idle, timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(
                    lambda: self._latest is not None or self._command is not None or self._closing
                )
                record, self._latest = self._latest, None
                command, self._command = self._command, None
                closing = self._closing
                self._busy = True
            result = self._write(record, command) if record or command or self._writer else None
            if closing:
                result = self._writer.close() if self._writer is not None else result
            with self._lock:
                self._busy = False
                if result is not None:
                    self._result = result
                self._lock.notify_all()
            if result is not None and self._on_result is not None:
                self._on_result(result)
            if closing:
                return

    def _write(
        self, record: SessionRecord | None, command: tuple[str, Path | None] | None
    ) -> SaveResult | None:
        try:
            if self._writer is None:
                self._writer = self._store.open_session(record or self._record, fsync=self._fsync)
                record = None if record is None or record == self._writer.record else record
                result: SaveResult | None = self._writer.last_result
            else:
                result = None
            if command is not None:
                verb, folder = command
                if verb == "relocate" and folder is not None:
                    result = self._writer.relocate(folder)
                else:
                    result = self._writer.retry()
            if record is not None:
                result = self._writer.save(record)
        except OSError as error:  # anything the writer did not turn into a SaveResult
            result = SaveResult(False, None, f"could not save the session: {error}")
        return result
