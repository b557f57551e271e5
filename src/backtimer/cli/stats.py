"""The `stats` and `report` commands: the stats screen, and a printable report for a clinician."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Final

from backtimer.cli.common import EXIT_OK, EXIT_USAGE, run_app
from backtimer.domain.formatting import format_date

if TYPE_CHECKING:
    from backtimer.storage.paths import Dirs

DEFAULT_WEEKS: Final = 12
"""The period a clinician asks about, when --since is not given."""
FORMATS: Final = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `stats` and `report` to the main parser; each sets `func(args, dirs) -> int`."""
    stats = sub.add_parser(
        "stats",
        help="open the stats screen",
        description="Open the full-screen app on the stats: progress, pain, adherence, sessions.",
    )
    stats.set_defaults(func=run_stats)

    report = sub.add_parser(
        "report",
        help="write a report to take to a clinician",
        description="Summarise adherence, hold and rep trends, pain, warning signs and "
        "left/right differences. Markdown or HTML by the file name (.md, .html); "
        "Markdown on standard output without -o.",
    )
    report.add_argument(
        "--since",
        metavar="DATE",
        help="from DATE (YYYY-MM-DD) on; default: the 12 weeks up to --until",
    )
    report.add_argument(
        "--until", metavar="DATE", help="up to DATE (YYYY-MM-DD) included; default: today"
    )
    report.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (.md, .markdown, .html or .htm)"
    )
    report.set_defaults(func=run_report)


def run_stats(args: argparse.Namespace, dirs: Dirs) -> int:
    """Start the app on the stats screen."""
    return run_app(dirs, start_screen="stats", quiet=getattr(args, "quiet_app", False))


def _fail(message: str) -> int:
    print(f"backtimer report: {message}", file=sys.stderr)
    return EXIT_USAGE


def _date(text: str, option: str) -> date | str:
    """The date given to `option`, or the message saying what is wrong with it."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return f"{option} expects a date as YYYY-MM-DD, like 2026-01-31; got {text!r}"


def run_report(args: argparse.Namespace, dirs: Dirs, today: date | None = None) -> int:
    """Write the report (Markdown or HTML, by the output's name) or print it as Markdown."""
    today = today or date.today()
    until = today
    if getattr(args, "until", None) is not None:
        parsed = _date(args.until, "--until")
        if isinstance(parsed, str):
            return _fail(parsed)
        if parsed > today:
            return _fail(
                f"--until {format_date(parsed)} is after today, {format_date(today)}: "
                "nothing to report"
            )
        until = parsed
    since = until - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
    if args.since is not None:
        parsed = _date(args.since, "--since")
        if isinstance(parsed, str):
            return _fail(parsed)
        if parsed > until:
            return _fail(
                f"--since {format_date(parsed)} is after "
                + ("today" if until == today else "--until")
                + f", {format_date(until)}: nothing to report"
            )
        since = parsed
    # Imported here: every other command would otherwise pay for loading them.
    from backtimer.render.report import build, to_html, to_markdown
    from backtimer.services.stats_loading import report_stats
    from backtimer.storage.history.writer import write_atomic

    output = None if args.output is None else Path(args.output)
    kind = "markdown"
    if output is not None:
        found = FORMATS.get(output.suffix.lower())
        if found is None:
            return _fail(
                f"cannot tell the format from {output.name!r}: end the name with .md or .html"
            )
        kind = found
        if output.is_dir():
            return _fail(f"{output} is a folder; give a file name ending in .md or .html")
    stats, problems = report_stats(dirs, today=until, since=since)
    for problem in problems:
        print(f"skipped {problem}", file=sys.stderr)
    report = build(stats, since=since, generated=today)
    text = to_html(report) if kind == "html" else to_markdown(report)
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as error:
        return _fail(f"cannot write {output}: {error.strerror or error}")
    print(f"wrote {output}")
    return EXIT_OK
