"""`backtimer serve` in a real browser: the system's Chromium, at a phone held upright (390×844).

Skipped, with the reason, when Playwright, the serve extra or Chromium is missing (`.ci/run`
installs Debian's chromium when it can). The app draws on a canvas, so the tests read the screen
from the bytes the page receives over its websocket (tests/support/web_screen.py)."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import followed_routines, load_plan
from backtimer.tui.dialogs.notice import remember_notice
from tests.support.served import Served, serving
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
WAIT_S = 15.0
"""The longest any step may take: the app starting in its own process, on a busy machine."""
BLOCKS = set("█▀▄")


def chromium() -> str:
    for path in (*CHROMIUM_PATHS, shutil.which("chromium"), shutil.which("chromium-browser")):
        if path and Path(path).is_file():
            return path
    pytest.skip("no Chromium on this machine (apt-get install chromium); browser tests skipped")


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


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    pytest.importorskip("textual_serve", reason="the serve extra (textual-serve) is not installed")
    pytest.importorskip(
        "playwright", reason="Playwright is not installed (pip install -e '.[test]')"
    )
    chromium()
    home = tmp_path_factory.mktemp("serve")
    # The first-run notice is the app's own business (tests/test_tui_*): here it is read already.
    remember_notice(Dirs(config=home / "config", data=home / "data"))
    with serving(home) as running:
        yield running


@pytest.fixture
def phone(served: Served) -> Iterator[Phone]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium(), args=CHROMIUM_FLAGS, timeout=WAIT_S * 1000
        )
        try:
            page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
            page.set_default_timeout(WAIT_S * 1000)
            yield Phone(page)
        finally:
            browser.close()


def followed_names(served: Served) -> list[str]:
    """The names of the routines a new user follows, as the served app reads them."""
    plan, _ = load_plan(served.dirs.data)
    routines, _ = followed_routines(plan, load_library(served.dirs))
    return [routine.name for routine in routines]


def test_on_a_phone_home_shows_the_routine_names(served: Served, phone: Phone) -> None:
    phone.page.goto(served.url)
    names = followed_names(served)
    assert names
    for name in names:
        phone.shows(name)
    assert phone.size is not None
    columns, rows = phone.size
    assert 38 <= columns <= 50 and rows >= 40, phone.size


def test_on_a_phone_a_session_starts_and_its_countdown_fills_the_width(
    served: Served, phone: Phone
) -> None:
    phone.page.goto(served.url)
    phone.shows("Program A")
    phone.press("n")  # the next due session
    phone.shows("Pain right now")
    phone.press("0")
    phone.shows("GET INTO POSITION")
    assert phone.size is not None
    columns, _ = phone.size

    def countdown_width() -> int:
        rows = [line for line in phone.screen.lines() if sum(c in BLOCKS for c in line) >= 6]
        if len(rows) < 5:
            return 0
        return max(len(line) - (len(line) - len(line.lstrip())) for line in rows)

    phone.until(lambda: countdown_width() >= columns * 0.75, "a countdown 3/4 of the screen wide")


def test_a_browser_without_the_token_is_refused(served: Served, phone: Phone) -> None:
    response = phone.page.goto(served.origin + "/")
    assert response is not None and response.status == 403
    assert "token" in phone.page.content()
