"""Make `screenshots/phone-hold.png`: `backtimer serve` in Chromium at a phone's 390×844.

Run: `.venv/bin/python scripts/make_phone_screenshot.py` (needs the serve extra, Playwright and the
system's Chromium). It serves the app on throwaway folders, starts the next due session from the
home screen and takes the picture once the countdown is drawn. The served app runs on the real
clock, so the seconds shown differ from run to run.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project folder, for the helpers in tests/support
from backtimer.tui.dialogs.notice import remember_notice  # noqa: E402
from tests.support.phone import chromium, phone_page  # noqa: E402
from tests.support.served import serving  # noqa: E402

OUT = ROOT / "screenshots" / "phone-hold.png"


def main() -> int:
    browser = chromium()
    if browser is None:
        print("no Chromium found (apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder, serving(Path(folder)) as served:
        remember_notice(served.dirs)
        with phone_page(browser) as phone:
            phone.page.goto(served.url)
            phone.shows("Program A")
            phone.press("n")
            phone.shows("Pain right now")
            phone.press("0")
            phone.shows("GET INTO POSITION")
            phone.page.wait_for_timeout(1500)  # let the canvas catch up with the last frame
            phone.page.screenshot(path=str(OUT))
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
