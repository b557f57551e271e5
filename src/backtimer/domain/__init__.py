"""The domain: routines, records, progression, schedule and stats as pure data and functions.

Nothing here reads a file, opens a database or draws a screen: no Textual, Rich, SQLite or
storage. Every other layer may import it.
"""
