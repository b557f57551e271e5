"""A real `backtimer run` in a terminal, told to stop: the session is written down, never lost.

SIGTERM is what a shutdown or `kill` sends; SIGHUP is what closing the terminal sends. The app
runs in its own pseudo-terminal; the test waits (boundedly) for files to appear, never for a
guessed while.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import signal
import stat
import struct
import subprocess
import sys
import termios
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backtimer.storage.paths import Dirs
from backtimer.tui.dialogs.notice import remember_notice
from tests.support.waiting import wait_until

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and terminals")


class Terminal:
    """`backtimer` running in a pseudo-terminal of 100×30, its output read as it comes."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "backtimer", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self._master = master
        self._output = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        # Drained all the time, so the app never blocks on a full terminal.
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self._output += chunk

    @property
    def output(self) -> str:
        return bytes(self._output).decode("utf-8", "replace")

    def hang_up(self) -> None:
        """Close the terminal, as closing its window does; the app gets SIGHUP."""
        with contextlib.suppress(OSError):
            os.close(self._master)
        self.process.send_signal(signal.SIGHUP)

    def wait(self, timeout: float = 20.0) -> int:
        code = self.process.wait(timeout)
        self._reader.join(5)
        return code

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        with contextlib.suppress(OSError):
            os.close(self._master)


@pytest.fixture
def ready_dirs(dirs: Dirs) -> Dirs:
    assert remember_notice(dirs) is None
    return dirs


@pytest.fixture
def terminal(ready_dirs: Dirs, tmp_path: Path) -> Iterator[Any]:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "TERM": "xterm-256color",
        "BACKTIMER_DATA_DIR": str(ready_dirs.data),
        "BACKTIMER_CONFIG_DIR": str(ready_dirs.config),
    }
    env.pop("TEXTUAL", None)
    started: list[Terminal] = []

    def start(*args: str) -> Terminal:
        started.append(Terminal(list(args), env))
        return started[-1]

    yield start
    for each in started:
        each.close()


def session_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.toml")) if folder.exists() else []


def read(path: Path) -> dict[str, Any]:
    # Each version of the file is complete (written aside, then renamed into place).
    return tomllib.loads(path.read_text(encoding="utf-8"))


def start_a_session(terminal: Any, data: Path) -> tuple[Terminal, Path]:
    """`backtimer run` at ten times speed (a demo: no questions), once its first set (the
    warm-up's, 3.5 s in) is on disk; the static hold comes next and takes 3.5 s more."""
    app: Terminal = terminal("run", "a2-static-holds", "--speed", "10", "--quiet")
    wait_until(lambda: bool(session_files(data / "sessions")), "the session's file", timeout=30)
    [path] = session_files(data / "sessions")
    wait_until(lambda: bool(read(path).get("set")), "the first set in the file")
    return app, path


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stopped_session_is_saved_as_interrupted(
    terminal: Any, ready_dirs: Dirs, signum: int
) -> None:
    app, path = start_a_session(terminal, ready_dirs.data)
    before = read(path)
    assert before["status"] == "in_progress"
    if signum == signal.SIGHUP:
        app.hang_up()
    else:
        app.process.send_signal(signum)
    assert app.wait() == 128 + signum
    saved = read(path)
    assert saved["status"] == "interrupted"
    assert saved["set"][: len(before["set"])] == before["set"]
    # The lock that says "still running" is gone with the process.
    assert not list((ready_dirs.data / "live").glob("*.lock"))


def test_a_stopped_session_the_data_folder_refuses_goes_home_and_says_where(
    terminal: Any, ready_dirs: Dirs, tmp_path: Path
) -> None:
    app, path = start_a_session(terminal, ready_dirs.data)
    # The data folder stops taking files: its sessions folder is now a file.
    sessions = ready_dirs.data / "sessions"
    sessions.rename(ready_dirs.data / "moved")
    sessions.write_text("in the way")
    app.process.send_signal(signal.SIGTERM)
    assert app.wait() == 128 + signal.SIGTERM
    [copy] = list((tmp_path / "home").glob("*.toml"))
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    saved = read(copy)
    assert (
        saved["status"] == "interrupted"
        and saved["id"] == read(ready_dirs.data / "moved" / path.relative_to(sessions))["id"]
    )
    assert str(copy) in app.output.replace("\r\n", "")
