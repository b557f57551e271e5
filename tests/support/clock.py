"""The one fake monotonic clock: the engine and the workout screen take it as their `clock`."""

from __future__ import annotations

T0 = 1000.0
"""Where a fake clock starts unless told otherwise (cue times read as seconds after it)."""


class FakeClock:
    """A monotonic clock the test moves by hand: `clock.now += 30` is half a minute later."""

    def __init__(self, start: float = T0) -> None:
        self.now = start
        self._slept = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        """The computer sleeps for `seconds` (a closed lid): time runs on, and `slept` says so."""
        self.now += seconds
        self._slept += seconds

    def slept(self) -> float:
        """Seconds slept since last asked, as `services.session_clock.SessionClock` reports."""
        slept, self._slept = self._slept, 0.0
        return slept
