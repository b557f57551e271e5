"""`backtimer serve` in a real browser: the system's Chromium, at a phone held upright (390×844).

Skipped, with the reason, when Playwright, the serve extra or Chromium is missing (`.ci/run`
installs Debian's chromium when it can). The app draws on a canvas, so the tests read the screen
from the bytes the page receives over its websocket (tests/support/web_screen.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backtimer.storage.library import load_library
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import followed_routines, load_plan
from backtimer.tui.dialogs.notice import remember_notice
from tests.support.phone import Phone, chromium, phone_page
from tests.support.served import Served, serving
from tests.support.today import WEDNESDAY, session, write


@pytest.fixture(scope="module")
def browser_path() -> str:
    """The system's Chromium; the browser tests are skipped, saying why, without one."""
    pytest.importorskip(
        "playwright", reason="Playwright is not installed (pip install -e '.[test]')"
    )
    path = chromium()
    if path is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium): browser tests skipped")
    return path


@pytest.fixture(scope="module")
def served(browser_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
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
def phone(served: Served, browser_path: str) -> Iterator[Phone]:
    with phone_page(browser_path) as page:
        yield page


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

    blocks = set("█▀▄")

    def countdown_width() -> int:
        rows = [line for line in phone.screen.lines() if sum(c in blocks for c in line) >= 6]
        if len(rows) < 5:
            return 0
        return max(len(line) - (len(line) - len(line.lstrip())) for line in rows)

    phone.until(lambda: countdown_width() >= columns * 0.75, "a countdown 3/4 of the screen wide")


def test_a_browser_without_the_token_is_refused(served: Served, phone: Phone) -> None:
    response = phone.page.goto(served.origin + "/")
    assert response is not None and response.status == 403
    assert "token" in phone.page.content()


def test_a_red_flag_holds_in_the_browser_too(
    tmp_path: Path, browser_path: str, phone: Phone
) -> None:
    """Safety rule: after pain, tingling or numbness down a leg, no session starts until a
    clinician is seen; the served app is the same app, so the phone cannot start one either."""
    home = tmp_path / "flagged"
    dirs = Dirs(config=home / "config", data=home / "data")
    remember_notice(dirs)
    write(dirs, session("a2-static-holds", WEDNESDAY, 9, red_flag=True))
    with serving(home) as flagged:
        phone.page.goto(flagged.url)
        phone.shows("Program A")
        phone.press("n")
        phone.shows("clinician")
        assert "Pain right now" not in phone.screen.text()
        assert "GET INTO POSITION" not in phone.screen.text()
