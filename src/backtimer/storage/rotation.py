"""Today's swaps in the daily rotation: `<data dir>/rotation.toml`.

```toml
day = 2026-12-02

[[swap]]
out = "b-isometrics/bird-dog"
in = "b-reconnect/cat-cow"
```

A swap holds for its day only: on another day the file is read as no swaps, and the next swap
writes the file anew. A broken file is reported (file, line, key) and read as no swaps; saving is
atomic and owner-only (0600).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Final

import tomli_w

from backtimer.domain.rotation import Swap
from backtimer.storage.history.writer import make_private_dirs, write_atomic
from backtimer.storage.toml import Checker, Problem, ReadFailure, read_toml

ROTATION_FILE: Final = "rotation.toml"
_HEADER: Final = "# Today's swaps in the daily rotation; another day starts without them.\n"
_SWAP_WORDS: Final = 'an exercise as "routine-id/exercise-id", like "b-reconnect/cat-cow"'


def rotation_path(data_dir: Path) -> Path:
    """`<data dir>/rotation.toml`."""
    return data_dir / ROTATION_FILE


def load_swaps(data_dir: Path, day: date) -> tuple[list[Swap], list[Problem]]:
    """The swaps saved for `day`, in the order they were made, and any problems reading them."""
    path = rotation_path(data_dir)
    if not path.exists() and not path.is_symlink():
        return [], []
    result = read_toml(path)
    if isinstance(result, ReadFailure):
        return [], [Problem(str(path), f"{result.message}; no swaps today", result.line)]
    data, text = result
    check = Checker(str(path), text)
    top = check.table(data, (), ("day", "swap"))
    if top is None:
        return [], check.problems
    saved = check.date(top, (), "day")
    tables = check.tables(top, (), "swap") or []
    swaps: list[Swap] = []
    for index, table in enumerate(tables):
        path_ = ("swap", index)
        if check.table(table, path_, ("out", "in")) is None:
            continue
        out = check.text(table, path_, "out", allow_empty=False)
        into = check.text(table, path_, "in", allow_empty=False)
        for key, value in (("out", out), ("in", into)):
            if value is not None and value.count("/") != 1:
                check.expected((*path_, key), _SWAP_WORDS, value)
        if out is not None and into is not None and out.count("/") == into.count("/") == 1:
            swaps.append(Swap(out=out, into=into))
    if saved != day:
        return [], check.problems
    return swaps, check.problems


def save_swap(data_dir: Path, day: date, swap: Swap) -> Path:
    """Add `swap` to `day`'s swaps (dropping another day's) and write the file atomically.

    Raises OSError (or the writer's error) when the disk refuses.
    """
    earlier, _problems = load_swaps(data_dir, day)
    swaps = [*earlier, swap]
    make_private_dirs(data_dir, data_dir)
    path = rotation_path(data_dir)
    text = _HEADER + tomli_w.dumps(
        {"day": day, "swap": [{"out": s.out, "in": s.into} for s in swaps]}
    )
    write_atomic(path, text.encode("utf-8"))
    return path
