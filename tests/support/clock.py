"""The one fake monotonic clock: the engine and the workout screen take it as their `clock`."""

from __future__ import annotations

T0 = 1000.0
"""Where a fake clock starts unless told otherwise (cue times read as seconds after it)."""


class FakeClock:
    """A monotonic clock the test moves by hand: `clock.now += 30` is half a minute later."""

    def __init__(self, start: float = T0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now
