"""Quitting the app without losing a session: the keys, the palette and the signals.

Ctrl+Q, Ctrl+C and the palette's quit hand a running session to its screen, which asks first
(`RunLeave.ask_to_quit`). SIGTERM (a shutdown, `kill`) and SIGHUP (the terminal closed) cannot wait
for an answer: the session is written at once, marked interrupted, and the app then ends with
the usual 128 + signal number exit code. Lines for the terminal are printed once it has closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backtimer.tui.app import BacktimerApp
    from backtimer.tui.screens.run_leave import RunLeave

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)
"""The signals that end the app after saving (SIGHUP does not exist on Windows). SIGINT only
comes from another process: in the app Ctrl+C is a key."""


def session_screen(app: BacktimerApp) -> RunLeave | None:
    """The workout screen, if a session is open (under a dialog or not)."""
    from sys import modules

    # The workout screen's module is loaded with the first session: until then there is none.
    if "backtimer.tui.screens.run_leave" not in modules:
        return None
    from backtimer.tui.screens.run_leave import RunLeave

    for screen in reversed(app.screen_stack):
        if isinstance(screen, RunLeave):
            return screen
    return None


def quit_app(app: BacktimerApp) -> None:
    """Quit now, or, with a session open, let its screen ask and save first."""
    screen = session_screen(app)
    if screen is None:
        app.exit()
    else:
        screen.ask_to_quit()


def handle_stop_signals(app: BacktimerApp) -> None:
    """Save the session and end the app on SIGTERM and SIGHUP (from the event loop)."""
    loop = asyncio.get_running_loop()
    for signum in STOP_SIGNALS:
        # Windows' event loop takes no signal handlers: there the default applies.
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop_for_signal, app, int(signum))


def stop_for_signal(app: BacktimerApp, signum: int) -> None:
    """Write the open session (the set in progress included) and end the app."""
    screen = session_screen(app)
    if screen is not None:
        note = screen.interrupt()
        if note:
            app.exit_notes.append(note)
    app.exit(return_code=128 + signum)
