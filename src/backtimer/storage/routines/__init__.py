"""Routine files: read one TOML file into a `Routine`, strictly."""
