"""Write a realistic, deterministic history of the shipped routines into a data folder.

    python benchmarks/make_history.py --years 10 --seed 1 --data-dir /tmp/bt-history

The generator itself is `tests/support/history.py` (its docstring describes the simulated user);
tests import it from there. This is its command line, and benchmarks may import `make_history`
from here.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project folder, for `tests`

from tests.support.history import main, make_history

__all__ = ["main", "make_history"]

if __name__ == "__main__":
    sys.exit(main())
