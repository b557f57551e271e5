"""The home screen's questions: how the back felt since the last training day, whether a
clinician has seen a red flag, which routines to follow, and a target set by hand."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from backtimer.domain.formatting import format_amount, format_day
from backtimer.domain.journal import ClinicianCleared, NextDayRating, TargetChange

if TYPE_CHECKING:
    from backtimer.domain.schedule import TodayPlan
    from backtimer.storage.plan import Plan
    from backtimer.tui.screens.home import HomeScreen


def ask_rating(home: HomeScreen, asked: set[date]) -> None:
    """Ask for the next-day rating the plan wants, once per run (`asked` remembers), when the
    home screen is on top; the answer is saved through the home screen."""
    from backtimer.tui.dialogs.rating import RatingScreen

    plan = home.plan
    day = plan.needs_rating if plan is not None else None
    if day is None or day in asked or not home.is_active:
        return
    asked.add(day)

    def rated(value: int | None) -> None:
        if value is None:
            return
        now = home.backtimer.now()
        event = NextDayRating(at=now, rated_on=now.date(), training_date=day, value=value)
        home.save(event, message=f"Saved: {value} out of 10 since {format_day(day)}.")

    home.app.push_screen(RatingScreen(day), rated)


def ask_clinician(home: HomeScreen) -> None:
    """After a red flag: confirm that a clinician has seen it, then progression resumes."""
    from backtimer.tui.dialogs.confirm import ConfirmScreen

    def confirmed(yes: bool | None) -> None:
        if yes:
            now = home.backtimer.now()
            home.save(
                ClinicianCleared(at=now, cleared_on=now.date()),
                message="Noted: you have seen a clinician. Progression is back on.",
            )

    home.app.push_screen(
        ConfirmScreen(
            "Have you seen a clinician about the pain, tingling or numbness down your leg, "
            "and have they said you can go on training?",
            yes="I have seen a clinician",
            no="Not yet",
        ),
        confirmed,
    )


def ask_follow(home: HomeScreen) -> None:
    """Choose which routines to follow; a plan.toml with problems is not written over."""
    from backtimer.storage.plan import plan_path
    from backtimer.tui.dialogs.follow import FollowScreen

    data = home.data
    if data is None:
        return
    if not data.plan_readable:
        home.notify(
            f"{plan_path(home.backtimer.dirs.data)} has problems (see above): fix or delete "
            "it first, so nothing you wrote in it is lost.",
            severity="error",
            timeout=10,
        )
        return

    def chosen(plan: Plan | None) -> None:
        if plan is not None and plan != data.plan:
            from backtimer.tui.screens.home_follow import follow_chosen

            follow_chosen(home, data.plan, plan, data.library.routines)

    home.app.push_screen(FollowScreen(data.plan, data.library.routines), chosen)


def ask_target(home: HomeScreen) -> None:
    """Set a target by hand, starting from the highlighted routine."""
    from backtimer.tui.dialogs.target import TargetScreen

    plan = home.plan
    if plan is None or not plan.routines:
        return
    focused = home.focused_row()

    def chosen(change: TargetChange | None) -> None:
        if change is not None:
            words = _change_words(plan, change)
            home.save(change, message=f"Target set by hand: {words}.")

    home.app.push_screen(
        TargetScreen(
            plan.routines,
            home.backtimer.now,
            routine_id=focused.routine.id if focused else None,
        ),
        chosen,
    )


def _change_words(plan: TodayPlan, change: TargetChange) -> str:
    row = plan.get(change.routine_id)
    exercise = row.routine.exercise(change.exercise_id) if row else None
    if exercise is None:
        return f"{change.exercise_id} {change.target:g}"
    return f"{exercise.name} {format_amount(change.target, exercise.kind.unit)}"
