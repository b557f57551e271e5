"""The clock a session runs on: one that keeps counting while the computer sleeps.

`time.monotonic` stands still during a suspend on Linux, so a lid closed mid-hold would stretch
the hold by however long the laptop slept, and every time logged after it would be early. The
session clock reads `CLOCK_BOOTTIME` instead where there is one (Linux), which counts the sleep,
and notices it: while the computer is awake both clocks advance together, so when the boot clock
has run ahead of the monotonic one the computer slept for the difference. The workout screen
asks `slept()` on every tick and pauses the session for that long (`Session.suspended`); the
pause is logged in the session file. Where there is no boot clock, the monotonic clock is used
and no sleep is noticed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final, Protocol, runtime_checkable

BOOT_CLOCK: Final = getattr(time, "CLOCK_BOOTTIME", None)

MIN_SLEEP: Final = 1.0
"""Seconds of difference between the clocks below which nothing is reported (clock jitter)."""


def _boot_time() -> float:
    return time.clock_gettime(BOOT_CLOCK) if BOOT_CLOCK is not None else time.monotonic()


@runtime_checkable
class SleepAware(Protocol):
    """A session clock that can tell how long the computer slept since it was last asked."""

    def __call__(self) -> float: ...

    def slept(self) -> float:
        """Seconds of session time the computer slept since the last call (0 when awake)."""
        ...


class SessionClock:
    """Seconds on the boot clock, `speed` times faster for demo runs; notices sleep."""

    def __init__(
        self,
        speed: float = 1.0,
        *,
        boot: Callable[[], float] = _boot_time,
        awake: Callable[[], float] = time.monotonic,
    ) -> None:
        self._speed = speed
        self._boot = boot
        self._awake = awake
        self._origin = boot()
        self._lead = self._origin - awake()
        """How far the boot clock is ahead of the monotonic one: grows only by sleep."""

    def __call__(self) -> float:
        return self._origin + (self._boot() - self._origin) * self._speed

    def slept(self) -> float:
        """Seconds of session time slept since the last call; 0 when the gap is below `MIN_SLEEP`."""
        if BOOT_CLOCK is None and self._boot is _boot_time:
            return 0.0  # both are the monotonic clock: sleep cannot be seen
        lead = self._boot() - self._awake()
        gap = lead - self._lead
        if gap < MIN_SLEEP:
            return 0.0
        self._lead = lead
        return gap * self._speed
