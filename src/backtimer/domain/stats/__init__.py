"""Statistics over the session history (see `compute`)."""

from backtimer.domain.stats.compute import *  # noqa: F403
from backtimer.domain.stats.compute import next_day_ratings as next_day_ratings
