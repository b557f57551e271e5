"""Pain-gated progression (see `rules`)."""

from backtimer.domain.progression.rules import *  # noqa: F403
