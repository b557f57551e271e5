"""Routine files: read one TOML file into a `Routine`, strictly, reporting every problem at once.

- `load`: `load_routine_file` and `parse_routine_text`, and the routine's own keys.
- `exercise`: one `[[exercise]]` table and its variants.
- `parts`: the small tables of an exercise (dose, tempo, band, repeat).

The format is documented in `routines/README.md`.
"""

from __future__ import annotations

from backtimer.storage.routines.load import load_routine_file, parse_routine_text
from backtimer.storage.toml import MAX_PROBLEMS, MAX_TEXT, Problem

__all__ = ["MAX_PROBLEMS", "MAX_TEXT", "Problem", "load_routine_file", "parse_routine_text"]
