"""What the browser tests share: the pages they visit, the browser, screenshots."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = Path(__file__).resolve().parent / "content"
SCREENSHOTS = ROOT / "output-screenshots"
CHROMIUM = Path(os.environ.get("ARCHIVE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
WIDTHS = (375, 1280)
HEIGHT = 900

NING_SLUG = "ben-je-er-als-ambtenaar-voor-de-politiek-of-voor-de-samenleving"
# The pages every check runs on. The search page is opened with a query, so it is
# checked with its results showing.
PAGES = {
    "home": "index.html",
    "bericht": f"posts/2013/{NING_SLUG}.html",
    "persoon": "personen/truus-testpersoon.html",
    "jaar": "archief/2013.html",
    "zoeken": "zoeken.html?q=samenwerken",
}
SEARCH_RESULTS = ".pagefind-ui__result"

screenshots_taken: list[Path] = []


def wait_for_results(page) -> None:
    page.locator(SEARCH_RESULTS).first.wait_for(state="visible")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    screenshots_taken.append(path)
    return path
