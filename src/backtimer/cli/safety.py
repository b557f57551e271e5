"""The red flag on the command line: `run` refuses to start under one, `clear-red-flag` lifts it."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Final

from backtimer.cli.common import EXIT_OK, EXIT_USAGE
from backtimer.storage.paths import Dirs

EXIT_BLOCKED: Final = 3
"""`backtimer run` while a red flag is open: no session started."""

CLEAR_QUESTION = (
    "Have you seen a clinician about the pain, tingling or numbness down your leg, and have they "
    "said you can go on training? Type yes to confirm: "
)


def refuse_if_blocked(dirs: Dirs, *, speed: float) -> int | None:
    """Say why on stderr and return the exit code when the gate refuses a session; else None."""
    from backtimer.services.session_gate import check_start

    check = check_start(dirs.data, speed=speed, now=datetime.now().astimezone())
    if check.allowed:
        return None
    print(f"backtimer: no session started. {check.reason}", file=sys.stderr)
    return EXIT_BLOCKED


def cmd_clear_red_flag(args: argparse.Namespace, dirs: Dirs) -> int:
    """Record that a clinician has seen the leg symptoms, after asking the user to confirm."""
    from backtimer.services.session_gate import clear_red_flag, open_red_flag

    flagged = open_red_flag(dirs.data)
    if flagged is None:
        print("No red flag is open: nothing to clear.")
        return EXIT_OK
    if not args.yes:
        try:
            answer = input(CLEAR_QUESTION)
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Not cleared: the red flag stays open.", file=sys.stderr)
            return EXIT_USAGE
    try:
        clear_red_flag(dirs.data, now=datetime.now().astimezone())
    except OSError as error:
        print(f"backtimer: not saved: {error}", file=sys.stderr)
        return EXIT_USAGE
    print("Noted: you have seen a clinician. Sessions can start again; the first plan eases back.")
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `clear-red-flag` to the main parser."""
    clear = sub.add_parser(
        "clear-red-flag",
        help="after leg symptoms: confirm you have seen a clinician",
        description="After you reported pain, tingling or numbness down a leg, no session "
        "starts until you confirm you have seen a clinician. This records that confirmation "
        "(the same as \u201cSeen a clinician\u201d on the home screen).",
    )
    clear.add_argument(
        "--yes", action="store_true", help="confirm without being asked (for scripts)"
    )
    clear.set_defaults(func=cmd_clear_red_flag)
