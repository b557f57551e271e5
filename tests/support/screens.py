"""Waiting for a screen the app opens from a worker (a session starts after the gate's check)."""

from __future__ import annotations

from textual.pilot import Pilot

from backtimer.tui.screens.run import RunScreen
from tests.support.waiting import wait_for


async def on_run_screen(pilot: Pilot[int], routine_id: str | None = None) -> RunScreen:
    """The workout screen, once the app has opened and drawn it (for `routine_id`, when given)."""

    def showing() -> bool:
        screen = pilot.app.screen
        return (
            isinstance(screen, RunScreen)
            and screen.is_mounted
            and (routine_id is None or screen.routine.id == routine_id)
        )

    await wait_for(pilot, showing, f"the workout screen of {routine_id or 'the routine'}")
    await pilot.pause()  # its first view is drawn after mounting
    screen = pilot.app.screen
    assert isinstance(screen, RunScreen)
    return screen
