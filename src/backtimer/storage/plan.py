"""Which routines the user follows: `<data dir>/plan.toml`.

```toml
follow = ["a1-mobility"]
```

When the file is absent the user follows the five-step program at step 1. A broken file is
reported (file, line, what is wrong), the default is used for this run, and the file is left alone
so nothing the user wrote is lost. Saving is atomic and owner-only (0600).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

import tomli_w

from backtimer.domain.routine import Routine
from backtimer.domain.vocabulary import is_id
from backtimer.storage.history.writer import make_private_dirs, write_atomic
from backtimer.storage.library import Library
from backtimer.storage.toml import (
    ID_WORDS,
    Checker,
    Problem,
    ReadFailure,
    expected_found,
    read_toml,
)

PLAN_FILE: Final = "plan.toml"
PLAN_KEYS: Final = ("follow",)
MOBILITY_ROUTINE: Final = "a1-mobility"
"""The five-step program, step 1: gentle mobility. Also what pain before a session over the
limit offers instead of a routine that loads the back."""
DEFAULT_FOLLOW: Final = (MOBILITY_ROUTINE,)
"""The five-step program, step 1."""

_HEADER: Final = "# The routines you follow, in the order the home screen lists them.\n"


@dataclass(frozen=True)
class Plan:
    """The routine ids the user follows, in their order."""

    follow: tuple[str, ...] = DEFAULT_FOLLOW

    def with_followed(self, routine_id: str) -> Plan:
        """This plan also following `routine_id` (at the end; no duplicates)."""
        if routine_id in self.follow:
            return self
        return Plan((*self.follow, routine_id))

    def without(self, routine_id: str) -> Plan:
        """This plan no longer following `routine_id`."""
        return Plan(tuple(r for r in self.follow if r != routine_id))

    def advanced(self, from_id: str, to_id: str) -> Plan:
        """`to_id` takes `from_id`'s place (moving on to the next step of a program)."""
        if from_id not in self.follow:
            return self.with_followed(to_id)
        follow = [to_id if r == from_id else r for r in self.follow]
        return Plan(tuple(dict.fromkeys(follow)))


def plan_path(data_dir: Path) -> Path:
    """`<data dir>/plan.toml`."""
    return data_dir / PLAN_FILE


def load_plan(data_dir: Path) -> tuple[Plan, list[Problem]]:
    """The saved plan, or the default one with the problems that made the file unusable."""
    path = plan_path(data_dir)
    if not path.exists() and not path.is_symlink():
        return Plan(), []
    result = read_toml(path)
    if isinstance(result, ReadFailure):
        return Plan(), [Problem(str(path), _using_default(result.message), result.line)]
    data, text = result
    check = Checker(str(path), text)
    check.table(data, (), PLAN_KEYS)
    follow = check.text_list(data, (), "follow", 'a list of routine ids, like ["a1-mobility"]')
    if follow is None:
        # The last problem is why the plan cannot be used: say what happens instead.
        last = check.problems.pop()
        return Plan(), [*check.problems, replace(last, message=_using_default(last.message))]
    kept: list[str] = []
    for index, item in enumerate(follow):
        if not is_id(item):
            check.error(
                ("follow", index),
                f"{expected_found(ID_WORDS, item)}; it is left out",
            )
        elif item not in kept:
            kept.append(item)
    return Plan(tuple(kept)), check.problems


def _using_default(message: str) -> str:
    default = ", ".join(DEFAULT_FOLLOW)
    return f"{message}; following the default ({default}) for now, the file is left as it is"


def save_plan(data_dir: Path, plan: Plan) -> Path:
    """Write the plan atomically (temp file, fsync, rename; 0600) and return the path.

    Raises `ValueError` for an id that is not a routine id, and `OSError` or
    `backtimer.storage.history.writer.HistoryWriteError` when the disk refuses.
    """
    for routine_id in plan.follow:
        if not is_id(routine_id):
            raise ValueError(f"{routine_id!r} is not a routine id")
    make_private_dirs(data_dir, data_dir)
    path = plan_path(data_dir)
    text = _HEADER + tomli_w.dumps({"follow": list(plan.follow)})
    write_atomic(path, text.encode("utf-8"))
    return path


def followed_routines(
    plan: Plan, library: Library | Sequence[Routine]
) -> tuple[list[Routine], list[str]]:
    """The followed routines found in the library, in plan order, and the ids that were not."""
    routines = library.routines if isinstance(library, Library) else tuple(library)
    by_id = {routine.id: routine for routine in routines}
    found = [by_id[r] for r in plan.follow if r in by_id]
    missing = [r for r in plan.follow if r not in by_id]
    return found, missing
