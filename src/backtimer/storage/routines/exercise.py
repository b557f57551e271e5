"""One `[[exercise]]` table and its `[[exercise.variant]]` tables, checked and built."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any, TypeVar

from backtimer.domain.pain import PROGRAM_PAIN_LIMIT
from backtimer.domain.routine import Band, Dose, Exercise, Kind, Load, Sides, Variant
from backtimer.domain.vocabulary import is_id
from backtimer.storage.routines.form import check_form
from backtimer.storage.routines.parts import (
    check_band,
    check_dose,
    check_repeat,
    check_tempo,
    dose_hint,
)
from backtimer.storage.toml import Checker, KeyPath

EXERCISE_KEYS = (
    "id",
    "name",
    "kind",
    "form",
    "cue",
    "sets",
    "sides",
    "rest_s",
    "side_gap_s",
    "lead_in_s",
    "pain_limit",
    "seconds_per_rep",
    "dose",
    "tempo",
    "band",
    "repeat",
    "variant",
    "current_variant",
    "load",
)
VARIANT_KEYS = ("id", "name", "form", "cue", "sides", "dose")


def check_exercise(
    check: Checker,
    raw: Any,
    path: KeyPath,
    *,
    default_limit: int | None,
    default_lead: float | None,
) -> Exercise | None:
    table = check.table(raw, path, EXERCISE_KEYS)
    if table is None:
        return None
    before = check.count
    exercise_id = check.identifier(table, path)
    name = check.text(table, path, "name", allow_empty=False)
    kind = check.choice(table, path, "kind", Kind)
    form = check_form(check, table, path)
    sets = check.integer(table, path, "sets", 1, 20, default=1)
    sides = check.choice(table, path, "sides", Sides, default=Sides.BOTH)
    rest = check.number(table, path, "rest_s", 0, 1800, default=60.0, unit="seconds")
    side_gap = check.number(table, path, "side_gap_s", 0, 120, default=5.0, unit="seconds")
    lead_in = check.number(
        table,
        path,
        "lead_in_s",
        0,
        120,
        default=5.0 if default_lead is None else default_lead,
        unit="seconds",
    )
    pain_limit = check.pain_limit(
        table,
        path,
        "pain_limit",
        default=PROGRAM_PAIN_LIMIT if default_limit is None else default_limit,
    )
    seconds_per_rep = check.number(
        table, path, "seconds_per_rep", 0.5, 60, default=3.0, positive=True, unit="seconds"
    )
    load = check.choice(table, path, "load", Load, default=None)

    tempo = band = repeat = None
    if kind is not None:
        tempo = _optional(check, table, path, "tempo", kind, (Kind.REPS,), check_tempo)
        band = _optional(check, table, path, "band", kind, (Kind.REPS_TO_FAILURE,), check_band)
        repeat = _optional(check, table, path, "repeat", kind, (Kind.REPEATED_HOLD,), check_repeat)
        if kind is Kind.REPEATED_HOLD and "repeat" not in table:
            check.error(
                (*path, "repeat"),
                "a repeated hold needs a repeat table: { count = 10, relax_s = 3 }",
            )
        if kind is Kind.REPS_TO_FAILURE and "band" not in table:
            band = Band(target=20, low=15, high=30)
        if kind is Kind.REPS_TO_FAILURE and "dose" in table:
            check.error((*path, "dose"), "reps to technical failure take a band, not a dose")

    dose: Dose | None = None
    if kind is Kind.REPS_TO_FAILURE and band is not None:
        dose = Dose(target=band.target, min=band.low, max=band.high, step=1)
    elif kind is not None and "dose" in table:
        dose = check_dose(check, table["dose"], (*path, "dose"), kind)

    variants: list[Variant] = []
    raw_variants = table.get("variant")
    if raw_variants is not None and kind is not None and sides is not None:
        if not isinstance(raw_variants, list) or not raw_variants:
            check.expected(
                (*path, "variant"), "a list of [[exercise.variant]] tables", raw_variants
            )
        else:
            seen: dict[str, int] = {}
            for index, item in enumerate(raw_variants):
                if check.full():
                    break
                variant = check_variant(
                    check, item, (*path, "variant", index), kind, dose, sides, "dose" in table
                )
                written = written_id(item)
                if written in seen:
                    check.error(
                        (*path, "variant", index, "id"),
                        f"duplicate variant id {written!r} (also variant[{seen[written]}])",
                    )
                if written is not None:
                    seen.setdefault(written, index)
                if variant is not None:
                    variants.append(variant)
    elif kind is not None and sides is not None:
        # A reps-to-failure dose comes from its band, whose own problem is already reported.
        if dose is None and "dose" not in table and kind is not Kind.REPS_TO_FAILURE:
            check.error((*path, "dose"), dose_hint(kind))
        elif dose is not None:
            variants.append(Variant(id="standard", name="standard", dose=dose, sides=sides))

    current_id: str | None = None
    if table.get("current_variant") is not None:
        current_id = check.identifier(table, path, "current_variant")
        # Compared with the ids as written, so it is checked even when a variant has faults.
        if raw_variants is None:
            ids = ["standard"]
        elif isinstance(raw_variants, list):
            ids = [found for item in raw_variants if (found := written_id(item)) is not None]
        else:
            ids = []
        if current_id is not None and ids and current_id not in ids:
            close = difflib.get_close_matches(current_id, ids, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (variants: {', '.join(ids)})"
            check.error((*path, "current_variant"), f"no variant has the id {current_id!r}{hint}")

    if check.count > before or not variants:
        return None
    assert exercise_id and name and kind and form is not None and sets and sides
    assert rest is not None and side_gap is not None and lead_in is not None
    assert pain_limit is not None and seconds_per_rep is not None
    return Exercise(
        id=exercise_id,
        name=name,
        kind=kind,
        form=form,
        sets=sets,
        rest=rest,
        side_gap=side_gap,
        lead_in=lead_in,
        pain_limit=pain_limit,
        variants=tuple(variants),
        variant_id=current_id or variants[0].id,
        tempo=tempo,
        band=band,
        repeat=repeat,
        seconds_per_rep=seconds_per_rep,
        load=load,
    )


def written_id(raw: Any) -> str | None:
    """The id a table was given, if it is a well-formed one (checked and reported elsewhere)."""
    value = raw.get("id") if isinstance(raw, dict) else None
    return value if is_id(value) else None


T = TypeVar("T")


def _optional(
    check: Checker,
    table: dict[str, Any],
    path: KeyPath,
    key: str,
    kind: Kind,
    kinds: tuple[Kind, ...],
    build: Callable[[Checker, Any, KeyPath], T | None],
) -> T | None:
    if key not in table:
        return None
    if kind not in kinds:
        allowed = " or ".join(repr(k.value) for k in kinds)
        check.error(
            (*path, key),
            f"only an exercise of kind {allowed} takes {key!r}; this one is {kind.value!r}",
        )
        return None
    return build(check, table[key], (*path, key))


def check_variant(
    check: Checker,
    raw: Any,
    path: KeyPath,
    kind: Kind,
    exercise_dose: Dose | None,
    exercise_sides: Sides,
    exercise_wrote_dose: bool,
) -> Variant | None:
    table = check.table(raw, path, VARIANT_KEYS)
    if table is None:
        return None
    before = check.count
    variant_id = check.identifier(table, path)
    name = check.text(table, path, "name", allow_empty=False)
    form = check_form(check, table, path)
    sides = check.choice(table, path, "sides", Sides, default=exercise_sides)
    dose = exercise_dose
    if "dose" in table:
        if kind is Kind.REPS_TO_FAILURE:
            check.error((*path, "dose"), "reps to technical failure take a band, not a dose")
        else:
            dose = check_dose(check, table["dose"], (*path, "dose"), kind)
    elif not exercise_wrote_dose and kind is not Kind.REPS_TO_FAILURE:
        check.error((*path, "dose"), "this variant needs a dose (the exercise has none to share)")
    if check.count > before or dose is None:
        return None
    assert variant_id and name and form is not None and sides
    return Variant(id=variant_id, name=name, dose=dose, sides=sides, form=form)
