"""Where cues go: a speech program, the terminal bell, desktop notifications, a user command.

Programs run with an argument list, never through a shell, so a cue text such as
`; rm -rf ~` or `$(...)` reaches the program as plain words. No argument made from a cue's text
starts with `-`, so none is read as an option, and control characters (a NUL, an escape) become
spaces: they mean nothing spoken, and a NUL cannot be passed to a program at all. Each program-backed output has one
background thread that runs its commands one at a time and waits for each (so utterances do not
talk over each other and no finished process is left unreaped); the caller only queues.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

from backtimer.domain.text import CONTROL
from backtimer.engine import Cue, CueKind

TIMING_KINDS = frozenset({CueKind.COUNT, CueKind.TEMPO})
"""Cues that mean nothing once late: a newer one replaces any still waiting."""

NOTIFY_KINDS = frozenset(
    {
        CueKind.ANNOUNCE,
        CueKind.SWITCH,
        CueKind.REST,
        CueKind.REST_OVER,
        CueKind.END,
        CueKind.TARGET,
        CueKind.QUESTION,
        CueKind.FINISHED,
    }
)
"""Cues worth a desktop notification; counts and beats would only flood the screen."""

STALE_AFTER_S = 0.75
"""A count or beat that waited longer than this behind another utterance is dropped."""
RUN_TIMEOUT_S = 30.0
"""A cue program still running after this long is stopped: something is stuck."""
MAX_QUEUE = 16


class CueOutput(Protocol):
    """Somewhere cues go. `send` must return at once."""

    name: str

    def send(self, cue: Cue) -> None:
        """Queue or play `cue`. May raise OSError; the dispatcher then switches this output off."""

    def failure(self) -> str | None:
        """Why this output stopped working in the background, or None while it works."""

    def close(self) -> None:
        """Stop taking cues and let the background thread end."""


_PLACEHOLDER = re.compile(r"\{(text|kind)\}")


def substitute(template: Sequence[str], *, text: str, kind: str) -> list[str]:
    """Replace `{text}` and `{kind}` inside each argument, in one pass (a text that itself says
    `{kind}` stays as written).

    An argument that starts with `-` only once the text is in (`{text}` first in it, the text
    `-x`) gets a space in front, so the program never reads the text as an option.
    """
    values = {"text": speakable(text), "kind": kind}
    argv = []
    for item in template:
        filled = _PLACEHOLDER.sub(lambda match: values[match.group(1)], item)
        argv.append(" " + filled if filled.startswith("-") and not item.startswith("-") else filled)
    return argv


def speakable(text: str) -> str:
    """`text` with each control character a space: a NUL cannot be an argument at all."""
    return CONTROL.sub(" ", text) if CONTROL.search(text) else text


def _plain(text: str) -> str:
    """Keep a text from being read as an option by the program (`-x` → ` -x`)."""
    text = speakable(text)
    return " " + text if text.startswith("-") else text


def speech_argv(command: Sequence[str], text: str, rate: int | None = None) -> list[str]:
    """The argument list that says `text` with `command`.

    Known programs get their rate option and, for spd-say, `-w` so it returns only once the words
    are spoken. A `{text}` placeholder in the command is filled in; otherwise the text goes last.
    """
    program = Path(command[0]).name
    extra: list[str] = []
    if program in ("espeak-ng", "espeak") and rate is not None:
        extra = ["-s", str(rate)]
    elif program == "say" and rate is not None:
        extra = ["-r", str(rate)]
    elif program == "spd-say":
        extra = [] if "-w" in command or "--wait" in command else ["-w"]
        if rate is not None:
            # spd-say takes -100..100 around its normal speed (~180 words a minute).
            extra += ["-r", str(max(-100, min(100, round((rate - 180) / 1.8))))]
    if any("{text}" in item for item in command):
        return [*substitute(command, text=text, kind="speech"), *extra]
    return [*command, *extra, _plain(text)]


def notify_argv(program: str, text: str) -> list[str]:
    """A desktop notification with `notify-send` or macOS `osascript`, the text as an argument."""
    if Path(program).name == "osascript":
        # The text is passed as argv to the script, never spliced into AppleScript source.
        return [
            program,
            "-e",
            "on run argv",
            "-e",
            'display notification (item 1 of argv) with title "backtimer"',
            "-e",
            "end run",
            _plain(text),
        ]
    return [
        program,
        "--app-name=backtimer",
        "--expire-time=5000",
        "--",
        "backtimer",
        speakable(text),
    ]


class ProgramQueue:
    """Runs programs one at a time on a background thread, in order, and reaps each one."""

    def __init__(self, name: str, *, stale_after: float = STALE_AFTER_S) -> None:
        self.name = name
        self.failure: str | None = None
        self._stale_after = stale_after
        self._condition = threading.Condition()
        self._queue: deque[tuple[list[str], Cue, float]] = deque()
        self._running: subprocess.Popen[bytes] | None = None
        self._running_kind: CueKind | None = None
        self._busy = False
        """True from taking a cue off the queue until its program has been reaped."""
        self._closed = False
        self._kill_on_close = False
        self._thread: threading.Thread | None = None

    def submit(self, argv: list[str], cue: Cue) -> None:
        with self._condition:
            if self._thread is not None and not self._thread.is_alive() and not self._closed:
                self.failure = self.failure or "its thread stopped"
            if self._closed or self.failure is not None:
                return
            if cue.kind in TIMING_KINDS:
                # "2" makes a waiting "3" pointless, and a still-sounding "3" is cut short.
                kept = [item for item in self._queue if item[1].kind not in TIMING_KINDS]
                self._queue = deque(kept)
                if self._running is not None and self._running_kind in TIMING_KINDS:
                    self._kill(self._running)
            self._queue.append((argv, cue, time.monotonic()))
            while len(self._queue) > MAX_QUEUE:
                self._queue.popleft()
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name=f"backtimer-{self.name}", daemon=True
                )
                self._thread.start()
            self._condition.notify()

    def _loop(self) -> None:
        while True:
            with self._condition:
                while not self._queue and not self._closed:
                    self._condition.wait()
                if self._closed:
                    return
                argv, cue, queued = self._queue.popleft()
                self._busy = True
            try:
                self._run(argv, cue, queued)
            except Exception as error:  # any failure: reported, and the next output takes over
                with self._condition:
                    self.failure = f"stopped working: {error}"
                    self._queue.clear()
            finally:
                with self._condition:
                    self._busy = False
                    self._running = self._running_kind = None
                    self._condition.notify_all()
            if self.failure is not None:
                return

    def _run(self, argv: list[str], cue: Cue, queued: float) -> None:
        if cue.kind in TIMING_KINDS and time.monotonic() - queued > self._stale_after:
            return
        try:
            process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # the terminal's Ctrl-C is for backtimer, not the voice
            )
        except (OSError, ValueError) as error:  # ValueError: an argument Popen cannot pass
            reason = error.strerror if isinstance(error, OSError) else None
            with self._condition:
                self.failure = f"could not run {argv[0]!r}: {reason or error}"
                self._queue.clear()
            return
        with self._condition:
            self._running, self._running_kind = process, cue.kind
            if self._closed and self._kill_on_close:
                self._kill(process)
        try:
            process.wait(timeout=RUN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._kill(process)
            process.wait()

    @staticmethod
    def _kill(process: subprocess.Popen[bytes]) -> None:
        # It may have ended by itself a moment ago; the worker reaps it either way.
        with contextlib.suppress(OSError):
            process.kill()

    def idle(self, timeout: float) -> bool:
        """Wait until nothing is queued or running; True if that happened within `timeout`."""
        end = time.monotonic() + timeout
        with self._condition:
            while self._queue or self._busy:
                left = end - time.monotonic()
                if left <= 0 or self._thread is None or not self._thread.is_alive():
                    return not self._queue and not self._busy
                self._condition.wait(min(left, 0.05))
        return True

    def close(self, *, kill: bool = False) -> None:
        with self._condition:
            self._closed = True
            self._kill_on_close = kill
            self._queue.clear()
            if kill and self._running is not None:
                self._kill(self._running)
            self._condition.notify_all()


class SpeechOutput:
    """Says each cue with a speech program, one utterance at a time."""

    def __init__(self, command: Sequence[str], *, rate: int | None = None) -> None:
        if not command:
            raise ValueError("a speech command needs at least the program")
        self.command = tuple(command)
        self.rate = rate
        self.name = f"voice ({Path(command[0]).name})"
        self._worker = ProgramQueue(self.name)

    def send(self, cue: Cue) -> None:
        """Queue the cue's words."""
        self._worker.submit(speech_argv(self.command, cue.text, self.rate), cue)

    def failure(self) -> str | None:
        """Why speech stopped, if it did."""
        return self._worker.failure

    def idle(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued has been said (tests, and a tidy exit)."""
        return self._worker.idle(timeout)

    def close(self, *, kill: bool = False) -> None:
        """Say nothing more. An utterance under way is left to finish unless `kill`."""
        self._worker.close(kill=kill)


class BellOutput:
    """Rings the terminal bell through the callable given (the TUI passes `app.bell`)."""

    def __init__(self, bell: Callable[[], None], kinds: Iterable[CueKind] | None = None) -> None:
        self.name = "bell"
        self._bell = bell
        self._kinds = None if kinds is None else frozenset(kinds)

    def send(self, cue: Cue) -> None:
        """Ring for this cue if its kind is one this bell rings for."""
        if self._kinds is None or cue.kind in self._kinds:
            self._bell()

    def failure(self) -> str | None:
        """A bell does not fail in the background."""
        return None

    def close(self) -> None:
        """Nothing to stop."""


class NotifyOutput:
    """Desktop notifications (notify-send, or osascript on macOS) for the cues that matter."""

    def __init__(self, program: str) -> None:
        self.program = program
        self.name = f"notifications ({Path(program).name})"
        self._worker = ProgramQueue(self.name)

    def send(self, cue: Cue) -> None:
        """Queue a notification for announcements, switches, rests, ends and questions."""
        if cue.kind in NOTIFY_KINDS:
            self._worker.submit(notify_argv(self.program, cue.text), cue)

    def failure(self) -> str | None:
        """Why notifications stopped, if they did."""
        return self._worker.failure

    def idle(self, timeout: float = 5.0) -> bool:
        """Wait until every queued notification has been handed over."""
        return self._worker.idle(timeout)

    def close(self, *, kill: bool = False) -> None:
        """Send nothing more."""
        self._worker.close(kill=kill)


class CommandOutput:
    """The user's own program, run for every cue with `{text}` and `{kind}` filled in."""

    def __init__(self, template: Sequence[str]) -> None:
        if not template:
            raise ValueError("a cue command needs at least the program")
        self.template = tuple(template)
        self.name = f"command ({Path(template[0]).name})"
        self._worker = ProgramQueue(self.name)

    def send(self, cue: Cue) -> None:
        """Queue the command for this cue."""
        self._worker.submit(substitute(self.template, text=cue.text, kind=cue.kind.value), cue)

    def failure(self) -> str | None:
        """Why the command stopped being run, if it did."""
        return self._worker.failure

    def idle(self, timeout: float = 5.0) -> bool:
        """Wait until every queued run has finished."""
        return self._worker.idle(timeout)

    def close(self, *, kill: bool = False) -> None:
        """Run it no more; `kill` also stops a run under way."""
        self._worker.close(kill=kill)
