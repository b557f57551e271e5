"""The small tables of an exercise: its dose, tempo, band of reps and repeats."""

from __future__ import annotations

from typing import Any

from backtimer.domain.routine import Band, Dose, Kind, Repeat, Tempo
from backtimer.storage.toml import MISSING, Checker, KeyPath

MAX_SECONDS = {
    Kind.HOLD: 600.0,
    Kind.MOVEMENT: 1800.0,
    Kind.ACTIVITY: 4 * 3600.0,
    Kind.REPEATED_HOLD: 120.0,
}
"""The longest dose each timed kind accepts: a 'hold' of a week is a typo, not a plan."""
MAX_REPS = 500

DOSE_KEYS = ("target", "min", "max", "step")
TEMPO_KEYS = ("lower_s", "pause_s", "up_s", "top_s", "up_first")
BAND_KEYS = ("target", "low", "high")
REPEAT_KEYS = ("count", "relax_s")


def dose_hint(kind: Kind) -> str:
    if kind.unit == "reps":
        return "expected a dose table, like dose = { target = 10, min = 10, max = 30, step = 2 }"
    return "expected a dose table in seconds, like dose = { target = 30, min = 30, max = 120, step = 10 }"


def check_dose(check: Checker, raw: Any, path: KeyPath, kind: Kind) -> Dose | None:
    table = check.table(raw, path, DOSE_KEYS)
    if table is None:
        return None
    before = check.count
    values: dict[str, float | None] = {}
    for key in DOSE_KEYS:
        default: Any = MISSING if key == "target" else table.get("target", MISSING)
        if key == "step":
            default = 1 if kind.unit == "reps" else 5
        elif key != "target" and key not in table and values.get("target") is None:
            continue  # min and max default to the target, whose problem is already reported
        if kind.unit == "reps":
            got = check.integer(table, path, key, 1, MAX_REPS, default=default)
            values[key] = None if got is None else float(got)
        else:
            longest = MAX_SECONDS[kind]
            values[key] = check.number(
                table, path, key, 0, longest, default=default, positive=True, unit="seconds"
            )
    if check.count > before:
        return None
    target, low, high, step = (values.get(key) for key in DOSE_KEYS)
    assert target is not None and low is not None and high is not None and step is not None
    unit = "reps" if kind.unit == "reps" else "s"
    if low > high:
        check.error((*path, "min"), f"min ({low:g} {unit}) is above max ({high:g} {unit})")
        return None
    if not low <= target <= high:
        check.error(
            (*path, "target"),
            f"expected a target inside the range {low:g}–{high:g} {unit}, found {target:g}",
        )
        return None
    if high > low and step > high - low:
        which = "step" if "step" in table else "the default step"
        check.error(
            (*path, "step"), f"{which} ({step:g}) is larger than the whole range {low:g}–{high:g}"
        )
        return None
    return Dose(target=target, min=low, max=high, step=step)


def check_tempo(check: Checker, raw: Any, path: KeyPath) -> Tempo | None:
    table = check.table(raw, path, TEMPO_KEYS)
    if table is None:
        return None
    lower = check.number(table, path, "lower_s", 0, 30, positive=True, unit="seconds")
    pause = check.number(table, path, "pause_s", 0, 30, default=0.0, unit="seconds")
    up = check.number(table, path, "up_s", 0, 30, default=2.0, positive=True, unit="seconds")
    top = check.number(table, path, "top_s", 0, 30, default=0.0, unit="seconds")
    up_first = check.boolean(table, path, "up_first", default=False)
    if lower is None or pause is None or up is None or top is None or up_first is None:
        return None
    return Tempo(lower=lower, pause=pause, up=up, top=top, up_first=up_first)


def check_band(check: Checker, raw: Any, path: KeyPath) -> Band | None:
    table = check.table(raw, path, BAND_KEYS)
    if table is None:
        return None
    target = check.integer(table, path, "target", 1, MAX_REPS, default=20)
    low = check.integer(table, path, "low", 1, MAX_REPS, default=15)
    high = check.integer(table, path, "high", 1, MAX_REPS, default=30)
    if target is None or low is None or high is None:
        return None
    if not low < target < high:
        check.error(path, f"expected low < target < high, found {low} / {target} / {high}")
        return None
    return Band(target=target, low=low, high=high)


def check_repeat(check: Checker, raw: Any, path: KeyPath) -> Repeat | None:
    table = check.table(raw, path, REPEAT_KEYS)
    if table is None:
        return None
    count = check.integer(table, path, "count", 1, 100)
    relax = check.number(table, path, "relax_s", 0, 120, default=3.0, unit="seconds")
    if count is None or relax is None:
        return None
    return Repeat(count=count, relax=relax)
