"""Bounded waits: wait for something a limited number of times, then fail saying what never
happened, instead of hanging or sleeping for a guessed while."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

SETTLE_ROUNDS = 3
"""A load worker that finishes can start a redraw, which can start a save: three rounds settle
every chain the app has."""


async def settle(pilot: Pilot[Any], rounds: int = SETTLE_ROUNDS) -> None:
    """Let every load and save worker finish, and the screen catch up."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def wait_for(
    pilot: Pilot[Any], condition: Callable[[], bool], what: str, *, rounds: int = 400
) -> None:
    """Let the app run until `condition` holds, for at most `rounds` short pauses.

    A bound on tries, not a timing assertion: fails with "never happened: `what`".
    """
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}")


def wait_until(condition: Callable[[], bool], what: str, *, timeout: float = 5.0) -> None:
    """Poll `condition` (something a real thread or process does) until it holds, or fail after
    `timeout` seconds saying what never happened."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:g} s: {what}")
        time.sleep(0.01)
