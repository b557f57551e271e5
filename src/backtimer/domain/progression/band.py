"""Reps to technical failure: the 20 ± 5 band of program D decides the rung.

The first round decides (the second is tired): 15 or fewer is too hard, 16–25 on target, 26–29
above the band, 30 or more too easy. Only a pain-free session steps up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from backtimer.domain.formatting import format_reps
from backtimer.domain.progression.context import Context, notice, offer, step_suggestion
from backtimer.domain.progression.history import Pain, pain_range_words, sets_of
from backtimer.domain.progression.model import BAND_REPEAT, ExerciseState, Suggestion
from backtimer.domain.progression.state import variant_index
from backtimer.domain.records import SessionRecord
from backtimer.domain.routine import Band, Exercise


def rounds_of(session: SessionRecord, state: ExerciseState) -> list[int]:
    """Reps per round on the current rung, in order (the lower side when sides are counted)."""
    items = [s for s in sets_of(session, state.exercise_id) if s.variant_id == state.variant_id]
    rounds: dict[int, int] = {}
    for item in items:
        if item.reps is None:
            continue
        number = item.set_number
        rounds[number] = min(rounds.get(number, item.reps), item.reps)
    return [rounds[n] for n in sorted(rounds)]


def on_target_top(band: Band) -> int:
    """The top of the on-target band: as far above the target as `low` is below it (25)."""
    return band.on_target_top


def band_suggestion(
    context: Context,
    exercise: Exercise,
    state: ExerciseState,
    recent: Sequence[SessionRecord],
    pains: Mapping[str, Pain],
) -> Suggestion | None:
    """What the band says after the latest session on this rung."""
    band = exercise.band
    latest = recent[-1]
    rounds = rounds_of(latest, state)
    if band is None or not rounds:
        return None
    first = rounds[0]
    index = variant_index(exercise, state.variant_id)
    top = on_target_top(band)
    said = f"Your first round was {format_reps(first)}"
    zone = band.zone(first)
    if zone == "too_hard":
        if index == 0:
            return notice(
                context,
                exercise,
                f"{said}, {band.low} or fewer: too hard for now, and this is already the easiest "
                "rung. Instead, stop each round as soon as the form slips, rest a little longer "
                f"between rounds, and stay here until the first round passes {band.low}. If pain "
                "is what stops you, settle it first and have it assessed.",
                [latest],
            )
        easier = exercise.variants[index - 1]
        reason = f'{said}, {band.low} or fewer: too hard for now. Step down to "{easier.name}".'
        to = (easier.id, float(easier.dose.target))
        return offer(context, exercise, state, "regress_band", to, reason, [latest])
    if zone == "too_easy":
        lead = f"{said} ({band.high} or more): too easy now"
        return _step_up(context, exercise, state, [latest], pains, lead)
    if zone == "above":
        evidence = list(recent[-BAND_REPEAT:])
        both = [
            s for s in evidence if len(r := rounds_of(s, state)) >= exercise.sets and min(r) > top
        ]
        if len(evidence) == BAND_REPEAT and len(both) == BAND_REPEAT:
            lead = (
                f"Both rounds were above {top} in your last {BAND_REPEAT} sessions: above the band"
            )
            found = _step_up(context, exercise, state, evidence, pains, lead)
            if found is not None:
                return found
        return notice(
            context,
            exercise,
            f"{said}, above the {band.low + 1}–{top} band. Stay on this rung; when both rounds "
            f"come out above {top} in {BAND_REPEAT} sessions in a row, without pain, step up.",
            [latest],
        )
    return None


def _step_up(
    context: Context,
    exercise: Exercise,
    state: ExerciseState,
    evidence: Sequence[SessionRecord],
    pains: Mapping[str, Pain],
    lead: str,
) -> Suggestion | None:
    """Up one rung (or the next step), only when pain-free and the next day is known."""
    felt = [pains[s.id] for s in evidence if s.id in pains]
    if len(felt) < len(evidence) or not all(p.settled for p in felt):
        return None  # wait for the next day: it may still bring pain
    if any(v > 0 for p in felt for v in p.values):
        return notice(
            context,
            exercise,
            f"{lead}, but not pain-free ({pain_range_words(felt)}). Stay on this rung; step up "
            "only once it goes without pain.",
            evidence,
        )
    pain_words = pain_range_words(felt)
    index = variant_index(exercise, state.variant_id)
    if index + 1 < len(exercise.variants):
        harder = exercise.variants[index + 1]
        reason = f'{lead}, with {pain_words}. Step up to "{harder.name}".'
        to = (harder.id, float(harder.dose.target))
        return offer(context, exercise, state, "advance_band", to, reason, evidence)
    return step_suggestion(
        context, exercise, state, evidence, f"{lead} on the last rung with {pain_words}"
    )
