"""Command line: argparse wiring only. Each command is a small function over the domain modules.

Every command, the full-screen app too, first builds the whole command line: so each command
imports what it needs when it runs, and the app's first frame waits only for the app.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import backtimer
from backtimer.cli.common import EXIT_OK, EXIT_USAGE, print_problems, run_app
from backtimer.storage.paths import Dirs, exposed_data_dir, resolve_dirs

if TYPE_CHECKING:
    from backtimer.domain.routine import Routine
    from backtimer.storage.library import Library

Handler = Callable[[argparse.Namespace, Dirs], int]


def routine_summary(routine: Routine) -> dict[str, Any]:
    """The JSON object `routines --json` prints for one routine."""
    return {
        "id": routine.id,
        "name": routine.name,
        "program": routine.program,
        "step": routine.step if routine.program == "A" else None,
        "frequency": routine.frequency.value,
        "duration_s": routine.duration_seconds,
        "source": routine.source,
        "overrides_shipped": routine.overrides_shipped,
        "exercises": [exercise.id for exercise in routine.exercises],
        "path": routine.path,
    }


def source_label(routine: Routine) -> str:
    """`shipped`, `user`, or `user (replaces shipped)`."""
    return "user (replaces shipped)" if routine.overrides_shipped else routine.source


def cmd_routines(args: argparse.Namespace, dirs: Dirs) -> int:
    """List every routine, or show one in full."""
    import json

    from backtimer.domain.formatting import format_duration
    from backtimer.storage.library import load_library

    library = load_library(dirs)
    print_problems(library.problems)
    if getattr(args, "routine_command", None) == "show":
        # `routines --json show ID` and `routines show ID --json` both mean JSON.
        as_json = args.json or args.show_json
        return _show_routine(library, args.routine_id, as_json=as_json, dirs=dirs)
    if args.json:
        json.dump([routine_summary(r) for r in library.routines], sys.stdout, indent=2)
        print()
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Routines", title_justify="left")
    for column in ("id", "name", "program", "step", "frequency", "duration", "source"):
        table.add_column(column, no_wrap=column in ("id", "duration"))
    for routine in library.routines:
        cells = (
            routine.id,
            routine.name,
            routine.program,
            "" if routine.step is None else str(routine.step),
            routine.frequency.label,
            format_duration(routine.duration_seconds),
            source_label(routine),
        )
        # Text, not markup: a name like `Back [/] day` is shown as written.
        table.add_row(*(Text(cell) for cell in cells))
    console = Console()
    if not console.is_terminal:
        # Piped or captured: do not squeeze the table into 80 columns and cut names short.
        wide = console.options.update_width(10_000)
        console = Console(width=max(console.width, console.measure(table, options=wide).maximum))
    console.print(table)
    return EXIT_OK


def _show_routine(library: Library, routine_id: str, *, as_json: bool, dirs: Dirs) -> int:
    routine = library.get(routine_id)
    if routine is None:
        hint = library.suggest(routine_id)
        extra = f" Did you mean {hint!r}?" if hint else " `backtimer routines` lists them."
        print(f"backtimer: no routine has the id {routine_id!r}.{extra}", file=sys.stderr)
        return EXIT_USAGE
    if as_json:
        import json
        from dataclasses import asdict

        json.dump(asdict(routine), sys.stdout, indent=2, default=str)
        print()
        return EXIT_OK
    from rich.console import Console

    from backtimer.render.describe import routine_text

    following = library.get(routine.next) if routine.next else None
    leg = None
    if routine.diagnosed_leg_symptoms:
        from backtimer.services.leg_symptoms import chosen_leg

        leg = chosen_leg(dirs.data)
    Console().print(routine_text(routine, following.name if following else None, affected_leg=leg))
    return EXIT_OK


def cmd_check(args: argparse.Namespace, dirs: Dirs) -> int:
    """Validate routine files; exit 2 with every problem when any is invalid."""
    from backtimer.domain.formatting import format_count
    from backtimer.domain.text import visible
    from backtimer.storage.library import load_files, load_library

    # `next` may name any routine the user has: shipped ones and their own.
    known = load_library(dirs).routines
    # The same file named twice is checked once, not reported as its own duplicate.
    paths = list(dict.fromkeys(Path(p) for p in args.files))
    routines, problems = load_files(paths, source="user", known=known)
    print_problems(problems)
    if problems:
        bad = len({problem.file for problem in problems})
        print(f"{bad} of {format_count(len(paths), 'file')} invalid.", file=sys.stderr)
        return EXIT_USAGE
    for routine in routines:
        count = len(routine.exercises)
        print(f"{visible(str(routine.path))}: ok ({routine.id}, {format_count(count, 'exercise')})")
    return EXIT_OK


def cmd_config(args: argparse.Namespace, dirs: Dirs) -> int:
    """Print where config.toml is and every setting in effect."""
    from backtimer.services.cues import speech_status
    from backtimer.storage.config import effective_values, load_config

    config, problems = load_config(dirs.config_file)
    print_problems(problems)
    exists = "" if dirs.config_file.exists() else " (not created yet: every value is a default)"
    print(f"config file: {dirs.config_file}{exists}")
    print(f"your routines: {dirs.user_routines}")
    print(f"data: {dirs.data}")
    print()
    rows = effective_values(config)
    width = max(len(key) for key, _, _ in rows)
    for key, value, source in rows:
        print(f"{key:<{width}}  {value}  ({source})")
    print()
    print(f"speech: {speech_status(config)}")
    return EXIT_USAGE if problems else EXIT_OK


def cmd_tui(args: argparse.Namespace, dirs: Dirs) -> int:
    """Start the full-screen app."""
    return run_app(dirs, quiet=args.quiet_app)


def find_routine(spec: str, dirs: Dirs) -> tuple[Routine | None, str]:
    """A routine by id, or from a path to a .toml file; else a message saying what went wrong."""
    from backtimer.storage.library import load_files, load_library

    library = load_library(dirs)
    looks_like_path = spec.endswith(".toml") or "/" in spec or Path(spec).is_file()
    if looks_like_path:
        routines, problems = load_files([Path(spec)], source="user", known=library.routines)
        if problems:
            return None, "\n".join(f"backtimer: {problem}" for problem in problems)
        return routines[0], ""
    routine = library.get(spec)
    if routine is None:
        hint = library.suggest(spec)
        extra = f" Did you mean {hint!r}?" if hint else " `backtimer routines` lists them."
        return None, f"backtimer: no routine has the id {spec!r}.{extra}"
    return routine, ""


def _speed(text: str) -> float:
    from backtimer.domain.training import SPEEDS

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number such as 10, found {text!r}") from None
    slowest, fastest = SPEEDS
    if not slowest <= value <= fastest:
        raise argparse.ArgumentTypeError(
            f"expected a speed from {slowest:g} to {fastest:g}, found {value:g}"
        )
    return value


def cmd_run(args: argparse.Namespace, dirs: Dirs) -> int:
    """Start a session of one routine straight away."""
    routine, message = find_routine(args.routine, dirs)
    if routine is None:
        print(message, file=sys.stderr)
        return EXIT_USAGE
    from backtimer.cli.safety import refuse_if_blocked
    from backtimer.services.recorder import RunOptions
    from backtimer.services.today import with_current_targets

    refused = refuse_if_blocked(dirs, speed=args.speed)
    if refused is not None:
        return refused
    return run_app(
        dirs,
        run=with_current_targets(routine, dirs),
        run_options=RunOptions(speed=args.speed, quiet=args.quiet or args.quiet_app),
    )


class _Version(argparse.Action):
    """`--version`, reading the installed version only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.pop("nargs", None)
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print(f"backtimer {backtimer.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, with `--help` on every command."""
    parser = argparse.ArgumentParser(
        prog="backtimer",
        description="A hands-free workout timer for rebuilding the lower back. "
        "With no command, starts the full-screen app. Not medical advice.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="where history is kept (env BACKTIMER_DATA_DIR)"
    )
    parser.add_argument(
        "--config-dir",
        metavar="DIR",
        help="where config.toml and routines/ are (env BACKTIMER_CONFIG_DIR)",
    )
    parser.add_argument(
        "--quiet",
        dest="quiet_app",
        action="store_true",
        help="no sound (no voice, no bell, no command) in any session started this time",
    )
    parser.set_defaults(func=cmd_tui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    routines = sub.add_parser(
        "routines",
        help="list the routines",
        description="List every routine, shipped and your own.",
    )
    routines.add_argument("--json", action="store_true", help="print JSON instead of a table")
    routines.set_defaults(func=cmd_routines)
    routines_sub = routines.add_subparsers(dest="routine_command", metavar="show")
    show = routines_sub.add_parser(
        "show", help="show one routine in full", description="Show one routine in full."
    )
    show.add_argument("routine_id", metavar="ID", help="the routine's id")
    show.add_argument(
        "--json", dest="show_json", action="store_true", help="print JSON instead of text"
    )

    check = sub.add_parser(
        "check",
        help="validate routine files",
        description="Validate routine files. Exit 0 when all are valid, 2 when any is not.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="routine .toml files")
    check.set_defaults(func=cmd_check)

    run = sub.add_parser(
        "run",
        help="start a session of a routine now",
        description="Start a session now. ROUTINE is a routine id or a path to a .toml file.",
    )
    run.add_argument("routine", metavar="ROUTINE", help="routine id or path to a routine file")
    run.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        metavar="N",
        help="run the clock N times faster, to try a routine out; such sessions are saved "
        "marked with their speed and left out of stats and progression",
    )
    run.add_argument("--quiet", action="store_true", help="no sound for this run")
    run.set_defaults(func=cmd_run)

    config = sub.add_parser(
        "config",
        help="show where settings live and their values",
        description="Print the path of config.toml and every setting in effect "
        "(docs/config.md documents each key).",
    )
    config.set_defaults(func=cmd_config)

    for register in _extra_commands():
        register(sub)
    return parser


def _extra_commands() -> list[Callable[[Any], None]]:
    """Command groups that live in their own modules."""
    from backtimer.cli import history as cli_history
    from backtimer.cli import safety as cli_safety
    from backtimer.cli import serve as cli_serve
    from backtimer.cli import stats as cli_stats
    from backtimer.cli import today as cli_today

    return [
        cli_history.add_commands,
        cli_today.add_commands,
        cli_stats.add_commands,
        cli_safety.add_commands,
        cli_serve.add_commands,
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `backtimer` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    dirs = resolve_dirs(args.config_dir, args.data_dir)
    handler: Handler = args.func
    exposed = exposed_data_dir(dirs.data)
    if exposed and handler is not cmd_tui:  # the app shows it on its own screen
        print(f"backtimer: warning: {exposed}.", file=sys.stderr)
    try:
        return handler(args, dirs)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`); nothing to report
        return EXIT_OK
