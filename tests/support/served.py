"""Running `backtimer serve` for a test: a free port, a bounded start, and always a stop."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from backtimer.storage.paths import Dirs
from tests.support.waiting import wait_until

START_TIMEOUT_S = 20.0
_URL = re.compile(r"http://\S+/")


@dataclass(frozen=True)
class Served:
    url: str
    """The printed address, token included."""
    origin: str
    """Scheme, host and port: the address without the token."""
    startup_s: float
    """Seconds from starting the command to the address being printed."""
    dirs: Dirs
    """The folders the served app uses."""


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def serving(tmp_path: Path, *extra: str) -> Iterator[Served]:
    """Start `backtimer serve` on a free port in its own process group; stop the group after.

    The app uses `tmp_path / "data"` and `tmp_path / "config"`."""
    port = free_port()
    dirs = Dirs(config=tmp_path / "config", data=tmp_path / "data")
    log = tmp_path / "serve.log"
    command = [
        sys.executable,
        "-m",
        "backtimer",
        "--data-dir",
        str(dirs.data),
        "--config-dir",
        str(dirs.config),
        "serve",
        "--port",
        str(port),
        *extra,
    ]
    started = time.monotonic()
    with log.open("w") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:

        def printed() -> bool:
            return process.poll() is not None or bool(_URL.search(log.read_text()))

        wait_until(printed, "backtimer serve printing its address", timeout=START_TIMEOUT_S)
        startup = time.monotonic() - started
        found = _URL.search(log.read_text())
        assert found, f"backtimer serve did not start:\n{log.read_text()}"
        url = found.group(0)
        scheme, _, host, _ = url.split("/", 3)
        yield Served(url=url, origin=f"{scheme}//{host}", startup_s=startup, dirs=dirs)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group (the served apps too), then SIGKILL if it lingers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
