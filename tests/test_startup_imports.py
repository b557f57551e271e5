"""What the app loads before its first frame: only what the home screen draws.

The first frame is "Loading today's plan…"; the plan is read in a worker afterwards. Anything
imported on the way there delays that frame (benchmarks/bench_startup.py measures it), so the
plan's rules, the history store, SQLite, the engine and the other screens wait until they are used.
"""

from __future__ import annotations

import json
import subprocess
import sys

# What `backtimer` (no command) imports before the app runs: the command line, whole, and the app.
STARTUP = """
import json, sys
from backtimer.cli import main
main.build_parser()
import backtimer.tui.app
print(json.dumps(sorted(sys.modules)))
"""

NOT_BEFORE_THE_FIRST_FRAME = {
    "sqlite3",
    "tomli_w",
    "backtimer.engine",
    "backtimer.domain.progression",
    "backtimer.domain.schedule",
    "backtimer.domain.stats",
    "backtimer.services.today",
    "backtimer.services.cues",
    "backtimer.services.recorder",
    "backtimer.storage.history",
    "backtimer.storage.journal",
    "backtimer.storage.library",
    "backtimer.storage.plan",
    "backtimer.tui.screens.run",
    "backtimer.tui.screens.stats",
    "backtimer.tui.screens.routines",
}


def test_starting_the_app_loads_only_what_the_home_screen_draws() -> None:
    result = subprocess.run(
        [sys.executable, "-c", STARTUP], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(json.loads(result.stdout))
    assert "backtimer.tui.screens.home" in loaded
    assert loaded & NOT_BEFORE_THE_FIRST_FRAME == set()
