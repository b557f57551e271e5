"""Allow `python -m backtimer`."""

from __future__ import annotations

from backtimer.cli.main import main

raise SystemExit(main())
