"""Following routines from the home screen: program C asks its clinician question first.

Program C "is gated behind that confirmation": newly ticking a routine for diagnosed leg
symptoms in the follow dialog asks, once, whether a clinician diagnosed the leg symptoms and
suggested these movements, and which leg is affected: the question starting it asks. A no
leaves the set unfollowed; the rest of the choice is saved.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backtimer.domain.journal import Leg
    from backtimer.domain.routine import Routine
    from backtimer.services.leg_symptoms import LegSetup
    from backtimer.storage.plan import Plan
    from backtimer.tui.screens.home import HomeScreen


def follow_chosen(
    home: HomeScreen, before: Plan, chosen: Plan, routines: tuple[Routine, ...]
) -> None:
    """Save `chosen`, after program C's question when it newly follows such a routine."""
    added = [r for r in routines if r.id in chosen.follow and r.id not in before.follow]
    gated = tuple(r for r in added if r.diagnosed_leg_symptoms)
    if not gated:
        home.save(plan=chosen, message=followed_message(home))
        return

    def look_up() -> None:
        from backtimer.services.leg_symptoms import leg_setup

        setup = leg_setup(home.backtimer.dirs.data, gated)
        if setup.complete:
            home.app.call_from_thread(home.save, plan=chosen, message=followed_message(home))
        else:
            home.app.call_from_thread(_ask, home, before, chosen, gated, setup)

    home.run_worker(look_up, thread=True, group="home-save")


def followed_message(home: HomeScreen) -> str:
    """What saving the routines followed says; under a red flag, that none can start yet."""
    message = "Saved the routines you follow."
    data = home.data
    if data is not None and (flag := data.loaded.plan.red_flag) is not None:
        message += f" None of them can start yet. {flag.reason}"  # following yes, starting no
    return message


def _ask(
    home: HomeScreen, before: Plan, chosen: Plan, gated: tuple[Routine, ...], setup: LegSetup
) -> None:
    from backtimer.services.leg_symptoms import NOT_DIAGNOSED
    from backtimer.tui.dialogs.leg import LegScreen

    def answered(leg: Leg | None) -> None:
        if leg is None:
            left_out = {r.id for r in gated}
            rest = replace(chosen, follow=tuple(i for i in chosen.follow if i not in left_out))
            home.notify(NOT_DIAGNOSED, title="Not followed", severity="warning", timeout=10)
            if rest != before:
                home.save(plan=rest, message=followed_message(home))
            return
        home.run_worker(
            lambda: _record(home, chosen, leg, confirm=setup.needs_confirmation),
            thread=True,
            group="home-save",
        )

    home.app.push_screen(LegScreen(confirm=setup.needs_confirmation, current=setup.leg), answered)


def _record(home: HomeScreen, chosen: Plan, leg: Leg, *, confirm: bool) -> None:
    """Record the answer (off the event loop), then save the plan through the home screen."""
    from backtimer.services.leg_symptoms import record_answer

    try:
        record_answer(home.backtimer.dirs.data, leg, confirm=confirm, now=home.backtimer.now())
    except (OSError, ValueError) as error:
        message = f"Could not save your answer, so the set is not followed: {error}"
        home.app.call_from_thread(home.notify, message, severity="error", timeout=10)
        return
    message = followed_message(home) + f" The sciatica-friendly set works the {leg} leg."
    home.app.call_from_thread(home.save, plan=chosen, message=message)
