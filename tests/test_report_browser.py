"""The clinician report in a real browser: the system's Chromium opens it and prints page one.

Skipped, with the reason, when Playwright or Chromium is missing (`apt-get install chromium`).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from backtimer.cli.main import main
from tests.support.history import make_history
from tests.support.phone import CHROMIUM_FLAGS, chromium

TODAY = date.today()
A4_HEIGHT_MM, MARGIN_MM = 297, 10
PX_PER_MM = 96 / 25.4


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture(scope="module")
def browser_path() -> str:
    pytest.importorskip(
        "playwright", reason="Playwright is not installed (pip install -e '.[test]')"
    )
    path = chromium()
    if path is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium): browser tests skipped")
    return path


def test_page_one_prints_on_one_a4_page_with_its_charts_and_fetches_nothing(
    browser_path: str, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    data = tmp_path / "data"
    make_history(data, years=0.5, seed=3, end=TODAY)
    report = tmp_path / "report.html"
    assert main(["--data-dir", str(data), "report", "-o", str(report)]) == 0
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.goto(report.as_uri())
            page.emulate_media(media="print")
            charts = page.locator("section.page-one svg.chart")
            assert charts.count() >= 3  # pain, at least one hold or rep, adherence
            for n in range(charts.count()):
                box = charts.nth(n).bounding_box()
                assert box is not None and box["width"] > 100 and box["height"] > 50
            page.set_viewport_size({"width": round((210 - 2 * MARGIN_MM) * PX_PER_MM),
                                    "height": 1200})  # fmt: skip
            height = page.locator("section.page-one").evaluate("e => e.scrollHeight")
            assert height <= (A4_HEIGHT_MM - 2 * MARGIN_MM) * PX_PER_MM, height
            pdf = page.pdf(format="A4", prefer_css_page_size=True, page_ranges="1")
            assert pdf.startswith(b"%PDF") and pages(pdf) == 1
            whole = page.pdf(format="A4", prefer_css_page_size=True)
            assert pages(whole) > 1  # the appendix follows on its own pages
        finally:
            browser.close()
    assert requests == [report.as_uri()], requests
