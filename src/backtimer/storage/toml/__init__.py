"""Reading and checking TOML files."""
