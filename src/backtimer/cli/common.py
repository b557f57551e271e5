"""What every command shares: exit codes, reporting problems, and starting the full-screen app."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from backtimer.domain.routine import Routine
    from backtimer.services.recorder import RunOptions
    from backtimer.storage.config import Config
    from backtimer.storage.paths import Dirs

EXIT_OK: Final = 0
EXIT_USAGE: Final = 2
"""argparse's own code for bad usage; also used for "the files you gave me are invalid"."""


def print_problems(problems: Sequence[object]) -> None:
    """Each problem on its own line of stderr, after `backtimer: `."""
    for problem in problems:
        print(f"backtimer: {problem}", file=sys.stderr)


def load_settings(dirs: Dirs) -> Config:
    """The user's config.toml (defaults when absent); problems go to stderr, defaults apply."""
    from backtimer.storage.config import load_config

    config, problems = load_config(dirs.config_file)
    print_problems(problems)
    return config


def run_app(
    dirs: Dirs,
    *,
    run: Routine | None = None,
    run_options: RunOptions | None = None,
    start_screen: str | None = None,
    quiet: bool = False,
) -> int:
    """Start the full-screen app with the user's settings; its exit code once it closes."""
    # Start-up allocates much and frees little: collecting would only delay the first frame. The
    # app turns collection back on once it is mounted (`freeze_startup_objects`).
    gc.disable()
    # Imported here, so scripted commands never pay for loading Textual.
    from backtimer.tui.app import BacktimerApp

    app = BacktimerApp(
        dirs=dirs,
        config=load_settings(dirs),
        run=run,
        run_options=run_options,
        start_screen=start_screen,
        handle_signals=True,
        quiet=quiet,
    )
    app.run()
    for note in app.exit_notes:
        # Where a session went when it could not go home; the terminal may be gone (SIGHUP).
        with contextlib.suppress(OSError):
            print(note, file=sys.stderr)
    return app.return_code or EXIT_OK
