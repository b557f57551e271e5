"""The routines a user can run: the shipped library plus their own files.

A user routine whose id matches a shipped one replaces it (and the listing says so). A broken user
file is reported and skipped; every other routine still loads.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from backtimer.domain.pain import with_pain_limit
from backtimer.domain.routine import Routine
from backtimer.storage.config import load_config
from backtimer.storage.paths import Dirs, shipped_routines_dir
from backtimer.storage.routines import load_routine_file
from backtimer.storage.toml import Problem, locate_keys

PROGRAM_TITLES = {
    "A": "Five-step Roman-chair program",
    "B": "Reconnect and daily deposits",
    "C": "Sciatica-friendly set",
    "D": "Reverse-hyper progression",
    "E": "Gym strength list",
}
"""Headings for the shipped programs; a user's own program is headed by its name."""


def program_title(program: str) -> str:
    """`Program A · Five-step Roman-chair program`, or the program's own text for user programs."""
    title = PROGRAM_TITLES.get(program)
    return f"Program {program} · {title}" if title else f"Program {program}"


MAX_USER_FILES = 500
"""More routine files than anyone writes by hand; past this the folder is probably not ours."""


@dataclass(frozen=True)
class Library:
    """Every routine that loaded, in display order, and every problem met on the way."""

    routines: tuple[Routine, ...]
    problems: tuple[Problem, ...]

    def get(self, routine_id: str) -> Routine | None:
        """The routine with this id, if any."""
        for routine in self.routines:
            if routine.id == routine_id:
                return routine
        return None

    def suggest(self, routine_id: str) -> str | None:
        """The closest known id, for "did you mean" messages."""
        close = difflib.get_close_matches(routine_id, [r.id for r in self.routines], n=1)
        return close[0] if close else None


def sort_key(routine: Routine) -> tuple[str, int, int, str]:
    """Group by program, then step, then the routine's own `order`, then name."""
    last = 1000
    return (
        routine.program,
        routine.step if routine.step is not None else last,
        routine.order if routine.order is not None else last,
        routine.name,
    )


def _toml_files(folder: Path) -> list[Path]:
    # Hidden files are skipped: editors leave lock files such as `.#mine.toml` beside the real one.
    try:
        return sorted(path for path in folder.glob("*.toml") if not path.name.startswith("."))
    except OSError:
        return []


def load_files(
    paths: Iterable[Path], *, source: str, known: Sequence[Routine] = ()
) -> tuple[list[Routine], list[Problem]]:
    """Load several routine files; flag ids used twice, and `next` or `locked_until_mastered`
    ids that name no routine.

    `known` are routines loaded elsewhere (the shipped library) that `next` may also point at.
    """
    routines: list[Routine] = []
    problems: list[Problem] = []
    first_seen: dict[str, str] = {}
    for path in paths:
        routine, found = load_routine_file(path, source=source)
        problems.extend(found)
        if routine is None:
            continue
        if routine.id in first_seen:
            problems.append(
                _key_problem(
                    path,
                    "id",
                    f"duplicate routine id {routine.id!r} (also in {first_seen[routine.id]})",
                )
            )
            continue
        first_seen[routine.id] = str(path)
        routines.append(routine)
    everything = {r.id for r in known} | {r.id for r in routines}
    valid: list[Routine] = []
    for routine in routines:
        named = [("next", routine.next), ("locked_until_mastered", routine.locked_until_mastered)]
        wrong = [
            (key, value) for key, value in named if value is not None and value not in everything
        ]
        for key, value in wrong:
            close = difflib.get_close_matches(value, sorted(everything), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(
                _key_problem(Path(routine.path), key, f"no routine has the id {value!r}{hint}")
            )
        if not wrong:
            valid.append(routine)
    return valid, problems


def _key_problem(path: Path, key: str, message: str) -> Problem:
    try:
        line = locate_keys(path.read_text(encoding="utf-8-sig")).get((key,))
    except (OSError, UnicodeDecodeError):
        line = None
    return Problem(str(path), message, line, key)


def load_library(dirs: Dirs, shipped: Path | None = None) -> Library:
    """Load the shipped routines and the user's own, the user's replacing shipped ones by id."""
    shipped_dir = shipped if shipped is not None else shipped_routines_dir()
    shipped_routines, problems = load_files(_toml_files(shipped_dir), source="shipped")
    user_files = _toml_files(dirs.user_routines)
    if len(user_files) > MAX_USER_FILES:
        problems.append(
            Problem(
                str(dirs.user_routines),
                f"holds {len(user_files)} routine files; only the first {MAX_USER_FILES} are read",
            )
        )
        user_files = user_files[:MAX_USER_FILES]
    user_routines, user_problems = load_files(user_files, source="user", known=shipped_routines)
    problems.extend(user_problems)

    by_id = {routine.id: routine for routine in shipped_routines}
    for routine in user_routines:
        overrides = routine.id in by_id
        by_id[routine.id] = replace(routine, overrides_shipped=overrides)
    # The one pain limit: a lower one in config.toml applies to every routine and every rule.
    limit = _settings_pain_limit(dirs)
    routines = sorted((with_pain_limit(r, limit) for r in by_id.values()), key=sort_key)
    return Library(routines=tuple(routines), problems=tuple(problems))


def _settings_pain_limit(dirs: Dirs) -> int | None:
    """`pain_limit` from config.toml; its problems are reported where the settings are read."""
    config, _ = load_config(dirs.config_file)
    return config.pain_limit
