"""Storage: the folders, atomic files, the one TOML checker, and every file backtimer reads or writes.

Routine files, config, plan, journal and session history. Returns domain objects; no Textual, no Rich.
"""
