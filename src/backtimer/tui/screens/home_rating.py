"""The home screen's next-day question: how has the back felt since the last training day?"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from backtimer.domain.formatting import format_day
from backtimer.domain.journal import NextDayRating

if TYPE_CHECKING:
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
