"""What the tests share, in one place. Tests import from here and never from each other.

- `clock`: the one fake monotonic clock, moved by hand.
- `engine`: routines and runs for the session engine's tests.
- `waiting`: bounded waits, for Pilot tests and for real threads and processes.
- `history`: the realistic, deterministic history generator (the benchmarks use it too, and
  `benchmarks/make_history.py` is its command line).
- `history_builder`: a small builder of one routine's history, told as a story, day by day.
- `today`: a frozen Wednesday and sessions around it, for today's plan.
- `stats_history`: generated history and a frozen day for the stats screen.
- `records`: sample sessions and sets for the history store; `crash_writer`: the process the
  kill test kills.
"""
