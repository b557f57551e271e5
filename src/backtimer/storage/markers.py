"""Empty files in the data folder that remember something was said once: the first-run notice,
the missing speech program. Their presence is all they hold."""

from __future__ import annotations

import os
from pathlib import Path

from backtimer.storage.paths import NOFOLLOW, ensure_private_dir

NOTICE_SEEN = "notice-seen"
"""The first-run notice (not medical advice, the pain rule, the red flag) was read."""
SPEECH_NOTE_SEEN = "speech-notice-seen"
"""The user was told once that no speech program was found, so cues ring the bell."""


def marked(folder: Path, name: str) -> bool:
    """Whether the marker `name` is in `folder`."""
    return (folder / name).exists()


def mark(folder: Path, name: str) -> str | None:
    """Leave the marker `name` in `folder`; what went wrong (file and reason), or None."""
    try:
        ensure_private_dir(folder)
        os.close(os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK | NOFOLLOW, 0o600))
    except OSError as error:
        return f"{folder / name}: {error.strerror or error}"
    return None
