"""Session history: one TOML file per session, written safely, listed fast. No Textual here.

The public pieces: the records (`SessionRecord`, `SetRecord`, `PainCheck`, `PainChoice`), the
store (`HistoryStore` with `load`, `summaries` and `open_session`), the writer (`SessionWriter`,
`SaveResult`), and `read_session_file` for a single file. `docs/history-format.md` describes the
files.
"""

from __future__ import annotations

from backtimer.domain.records import (
    SCHEMA_VERSION,
    PainCheck,
    PainChoice,
    SessionRecord,
    SetRecord,
)
from backtimer.storage.history.store import (
    HistoryStore,
    LoadResult,
    Problem,
    SessionSummary,
    SummaryResult,
)
from backtimer.storage.history.toml_io import HistoryFileError, read_session_file
from backtimer.storage.history.writer import SaveResult, SessionWriter

__all__ = [
    "SCHEMA_VERSION",
    "HistoryFileError",
    "HistoryStore",
    "LoadResult",
    "PainCheck",
    "PainChoice",
    "Problem",
    "SaveResult",
    "SessionRecord",
    "SessionSummary",
    "SessionWriter",
    "SetRecord",
    "SummaryResult",
    "read_session_file",
]
