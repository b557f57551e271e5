"""The `backtimer` command line: argument parsing and printed output. Thin: it calls services."""
