"""Browser tests: the built archive in Debian's Chromium, driven by Playwright.

One site is built for the whole session from the real `content/` plus the posts in
`tests/browser/content/` (a thread four levels deep, a word that occurs only in a
reaction, a person with several posts and reactions), served from 127.0.0.1 on a
random port by `http.server` in a thread, and opened in Chromium at
/usr/bin/chromium (never a browser that Playwright downloads).

Every request a test's pages make is recorded; a test whose pages asked anything
of another host fails when it ends, and so does one whose pages asked the server
for something it does not have, or threw a JavaScript error.

Screenshots go to `output-screenshots/` at the repository root; the session prints
where they are.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FIXTURE_CONTENT,
    HEIGHT,
    ROOT,
    SCREENSHOTS,
    screenshots_taken,
)


def pytest_terminal_summary(terminalreporter) -> None:
    if screenshots_taken:
        terminalreporter.write_sep("-", "screenshots")
        terminalreporter.write_line(
            f"{len(screenshots_taken)} screenshots of the archive in {SCREENSHOTS}"
        )


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"the browser tests need Debian's Chromium at {CHROMIUM}: "
            "apt-get install chromium chromium-driver",
            pytrace=False,
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The archive built from content/ plus the browser tests' own posts."""
    from pelican import Pelican
    from pelican.settings import read_settings

    root = tmp_path_factory.mktemp("browser-site")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(FIXTURE_CONTENT, content, dirs_exist_ok=True)
    output = root / "output"
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(output)},
    )
    Pelican(settings).run()
    assert (output / "pagefind" / "pagefind-ui.js").is_file(), "the build wrote no search index"
    return output


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site) -> Iterator[str]:
    """http://127.0.0.1:<port>/ serving the built site."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def request_log() -> list[str]:
    """Every URL any test's pages requested, in order."""
    return []


@pytest.fixture
def open_page(browser, base_url, site, request_log) -> Iterator[Callable]:
    """open_page(path, width=1280, **context_options) -> a loaded Playwright page.

    Records every request; when the test ends, fails it if a page asked anything
    of a host other than the test server, got an error status from the server, or
    threw a JavaScript error.
    """
    contexts = []
    requests: list[str] = []
    problems: list[str] = []
    local = (base_url, "data:", "about:", site.as_uri() + "/")

    def record_request(request) -> None:
        requests.append(request.url)
        request_log.append(request.url)

    def record_response(response) -> None:
        if response.status >= 400:
            problems.append(f"HTTP {response.status} for {response.url}")

    def record_error(error) -> None:
        problems.append(f"JavaScript error: {error}")

    def open_(path: str, width: int = 1280, *, url: str | None = None, **options):
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHT}, locale="nl-NL", **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("request", record_request)
        page.on("response", record_response)
        page.on("pageerror", record_error)
        page.goto(url or base_url + path, wait_until="load")
        return page

    yield open_
    for context in contexts:
        context.close()
    foreign = [url for url in requests if not url.startswith(local)]
    assert not foreign, f"requests left {base_url}: {foreign}"
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="session", autouse=True)
def _fresh_screenshots() -> None:
    """Screenshots of an earlier session are removed, so the folder shows this one."""
    if SCREENSHOTS.is_dir():
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink()
