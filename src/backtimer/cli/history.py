"""The `history` and `export` commands: list saved sessions, and export every set.

Kept light on purpose (no Textual, no Rich): `backtimer history --all --json` is something
scripts call, so the whole process should start and finish quickly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from backtimer.domain.formatting import format_count, format_date, format_duration
from backtimer.domain.text import visible

# The history store is imported by the commands that read it: building the command line (which
# every command does, the app too) should not load it.
if TYPE_CHECKING:
    from backtimer.storage.history import Problem, SessionSummary
    from backtimer.storage.paths import Dirs

DEFAULT_LIMIT = 20


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `history` and `export` to the main parser; each sets `func(args, dirs) -> int`."""
    history = sub.add_parser(
        "history",
        help="list saved sessions",
        description=f"List saved sessions, newest last (the last {DEFAULT_LIMIT} unless --all).",
    )
    history.add_argument("--all", action="store_true", help="list every session")
    history.add_argument(
        "--since", type=_parse_date, metavar="DATE", help="only sessions from DATE (YYYY-MM-DD) on"
    )
    history.add_argument(
        "--json", action="store_true", help="print a JSON array, one object per session"
    )
    history.set_defaults(func=run_history)

    export = sub.add_parser(
        "export",
        help="export every set as CSV or JSON",
        description="Export one row per set and side, oldest first.",
    )
    export.add_argument("--format", choices=("csv", "json"), default="csv", help="default: csv")
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)"
    )
    export.set_defaults(func=run_export)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date as YYYY-MM-DD, like 2026-11-01; got {text!r}"
        ) from None


def _report(problems: tuple[Problem, ...], stream: TextIO) -> None:
    for problem in problems:
        print(f"skipped {visible(str(problem.path))}: {problem.message}", file=stream)


def run_history(args: argparse.Namespace, dirs: Dirs) -> int:
    """List sessions as a table, or as JSON with `--json`. Skipped files go to stderr."""
    from backtimer.storage.history import HistoryStore

    result = HistoryStore(dirs.data).summaries(since=args.since)
    _report(result.problems, sys.stderr)
    sessions = result.sessions if args.all else result.sessions[-DEFAULT_LIMIT:]
    try:
        if args.json:
            sys.stdout.write(json.dumps([_as_json(s) for s in sessions], indent=1) + "\n")
        elif not sessions:
            print(f"No sessions saved in {dirs.sessions}.")
        else:
            sys.stdout.write(_table(sessions))
            hidden = len(result.sessions) - len(sessions)
            if hidden:
                print(f"({hidden} older sessions not shown; use --all to list them.)")
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_left()
    return 0


def _as_json(s: SessionSummary) -> dict[str, Any]:
    return {
        "id": s.id,
        "routine": s.routine_id,
        "routine_name": s.routine_name,
        "started": s.started.isoformat(),
        "ended": None if s.ended is None else s.ended.isoformat(),
        "status": s.status,
        "sets": s.set_count,
        "speed": s.speed,
        "file": s.file,
    }


def _table(sessions: tuple[SessionSummary, ...]) -> str:
    rows = [("Started", "Routine", "Status", "Sets", "Time", "")]
    for s in sessions:
        if s.ended is not None:
            duration = format_duration((s.ended - s.started).total_seconds())
        else:
            duration = "–"
        note = f"demo ×{s.speed:g}" if s.is_demo else ""
        started = f"{format_date(s.started.date())} {s.started:%H:%M}"
        status = s.status.replace("_", " ")
        rows.append((started, s.routine_name, status, str(s.set_count), duration, note))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if index in (3, 4) else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def run_export(args: argparse.Namespace, dirs: Dirs) -> int:
    """Export every set; to stdout, or atomically to `-o FILE` (mode 0600: it is health data)."""
    from backtimer.storage.history import HistoryStore
    from backtimer.storage.history.export import export_text
    from backtimer.storage.history.writer import os_reason, write_atomic

    result = HistoryStore(dirs.data).load()
    _report(result.problems, sys.stderr)
    text = export_text(result.sessions, args.format)
    if args.output is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            _reader_left()
        return 0
    output: Path = args.output
    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as error:
        print(f"Could not write {output}: {os_reason(error)}.", file=sys.stderr)
        return 1
    count = sum(len(session.sets) for session in result.sessions)
    print(f"Exported {format_count(count, 'set')} to {output}.", file=sys.stderr)
    return 0


def _reader_left() -> None:
    # The reading end closed (e.g. `| head`): not an error. Point stdout at devnull so the
    # interpreter's final flush does not complain.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
