"""A phone's browser for `backtimer serve`: the system's Chromium at 390×844, held upright.

The app draws on a canvas, so what the phone shows is read from the bytes the page receives over
its websocket (`WebScreen`)."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.support.web_screen import WebScreen

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize, WebSocket

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE: ViewportSize = {"width": 390, "height": 844}
"""A phone held upright, in CSS pixels. The page is shown at one device pixel per CSS pixel: with
headless Chromium's emulated pixel ratio of 2 or 3, xterm.js's canvas is drawn magnified (seen at
Chromium 156), which says nothing about the app's layout."""
WAIT_S = 15.0
"""The longest any step may take: the app starting in its own process, on a busy machine."""


def chromium() -> str | None:
    """The system's Chromium, or None."""
    for path in (*CHROMIUM_PATHS, shutil.which("chromium"), shutil.which("chromium-browser")):
        if path and Path(path).is_file():
            return path
    return None


class Phone:
    """A page at phone size and what its terminal shows."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.screen = WebScreen()
        self.size: tuple[int, int] | None = None
        page.on("websocket", self._watch)

    def _watch(self, socket: WebSocket) -> None:
        socket.on("framereceived", self._received)
        socket.on("framesent", self._sent)

    def _received(self, payload: str | bytes) -> None:
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
        self.screen.feed(text)

    def _sent(self, payload: str | bytes) -> None:
        try:
            message: Any = json.loads(payload)
        except ValueError:
            return
        if isinstance(message, list) and message and message[0] == "resize":
            self.size = (int(message[1]["width"]), int(message[1]["height"]))

    def until(self, condition: Callable[[], bool], what: str) -> None:
        """Wait at most WAIT_S for `condition`, letting the browser deliver its events meanwhile
        (Playwright's synchronous API delivers them only inside its own calls)."""
        deadline = time.monotonic() + WAIT_S
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"never happened: {what}\n{self.screen.text()}")
            self.page.wait_for_timeout(50)

    def shows(self, text: str) -> None:
        """Wait (bounded) until `text` is on the screen."""
        self.until(lambda: text in self.screen.text(), f"{text!r} shown")

    def press(self, key: str) -> None:
        self.page.focus(".xterm-helper-textarea")
        self.page.keyboard.press(key)


@contextmanager
def phone_page(path: str) -> Iterator[Phone]:
    """A headless Chromium page at phone size; the browser is always closed after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, args=CHROMIUM_FLAGS, timeout=WAIT_S * 1000
        )
        try:
            page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
            page.set_default_timeout(WAIT_S * 1000)
            yield Phone(page)
        finally:
            browser.close()
