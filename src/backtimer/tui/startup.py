"""What the app does once at start-up to keep drawing smooth: the garbage collector's share."""

from __future__ import annotations

import gc

_frozen = False


def freeze_startup_objects() -> None:
    """Take what was loaded at start-up (modules, classes, the stylesheet) out of the collector.

    It lives as long as the process; left in, every full collection walks it again, a tenth of
    a second that lands in the middle of drawing a screen. Once per process: a later app (in
    tests) would freeze the garbage of the one before it for good.
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()
    gc.enable()  # `run_app` turns collection off while the app starts
