"""Live capture, against a local HTTP server only: politeness, comment pages, the WARC."""

from __future__ import annotations

import gzip
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from importer.__main__ import main
from importer.capture import _retry_after, capture, is_comment_page
from importer.inputs import Skipped, documents

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
NING_POST = "/profiles/blogs/het-nieuwe-werken"
WORDPRESS_POST = "/2016/06/open-data-in-de-gemeente/"

PAGES = {
    "/robots.txt": ("text/plain", "robots.txt"),
    NING_POST: ("text/html; charset=utf-8", "ning-post.html"),
    f"{NING_POST}?page=2": ("text/html; charset=utf-8", "ning-post-page-2.html"),
    f"{NING_POST}?page=3": ("text/html; charset=utf-8", "ning-post-page-3.html"),
    WORDPRESS_POST: ("text/html; charset=UTF-8", "wordpress-post.html"),
    f"{WORDPRESS_POST}comment-page-2/": (
        "text/html; charset=UTF-8",
        "wordpress-comment-page-2.html",
    ),
    "/flaky": ("text/html", "wordpress-comment-page-2.html"),
    "/photo.png": ("image/png", "photo.png"),
}


class Site(BaseHTTPRequestHandler):
    """The fixture site. Its quirks: /flaky fails once with 503, /broken always fails,
    /old-link redirects, /away redirects to another host, and the Ning post comes
    gzipped and chunked."""

    protocol_version = "HTTP/1.1"
    requests: list[str]
    user_agents: list[str]

    def do_GET(self):
        self.requests.append(self.path)
        self.user_agents.append(self.headers["User-Agent"])
        if self.path == "/old-link":
            self._reply(301, b"", [("Location", WORDPRESS_POST)])
        elif self.path == "/away":
            self._reply(302, b"", [("Location", "http://elders.example/")])
        elif self.path == "/flaky" and self.requests.count("/flaky") == 1:
            self._reply(503, b"busy", [("Retry-After", "2")])
        elif self.path == "/broken":
            self._reply(500, b"broken", [])
        elif self.path in PAGES:
            media_type, name = PAGES[self.path]
            body = (WEB / name).read_bytes()
            if self.path == NING_POST and "gzip" in self.headers.get("Accept-Encoding", ""):
                self._chunked(gzip.compress(body), [("Content-Type", media_type)])
            else:
                self._reply(200, body, [("Content-Type", media_type)])
        else:
            self._reply(404, b"not here", [("Content-Type", "text/plain")])

    def _reply(self, status, body, headers):
        self.send_response(status)
        for name, value in [*headers, ("Content-Length", str(len(body)))]:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _chunked(self, body, headers):
        self.send_response(200)
        for name, value in [*headers, ("Content-Encoding", "gzip")]:
            self.send_header(name, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(body), 100):
            piece = body[start : start + 100]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    handler = type("Handler", (Site,), {"requests": [], "user_agents": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", handler
    server.shutdown()
    server.server_close()


class FakeTime:
    """A clock that only moves when slept on, so that tests wait for nothing."""

    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def run_capture(urls, warc, **options):
    time = FakeTime()
    result = capture(urls, warc, progress=False, sleep=time.sleep, clock=time.clock, **options)
    return result, time


def test_a_capture_fetches_posts_with_their_comment_pages(site, tmp_path):
    base, handler = site
    warc = tmp_path / "capture.warc.gz"
    urls = [base + NING_POST, base + "/old-link", base + "/flaky", base + "/private/members"]
    before = datetime.now(UTC).replace(microsecond=0)
    result, _ = run_capture(urls, warc)
    after = datetime.now(UTC)

    assert result.pages == [
        base + NING_POST,
        base + NING_POST + "?page=2",
        base + NING_POST + "?page=3",
        base + WORDPRESS_POST,
        base + WORDPRESS_POST + "comment-page-2/",
        base + "/flaky",
    ]
    assert result.problems == [f"{base}/private/members: disallowed by robots.txt, not fetched"]
    assert "/private/members" not in handler.requests
    assert not any("vergaderen" in path or "replytocom" in path for path in handler.requests)
    assert not any(path.startswith("/2016/07/") for path in handler.requests)
    assert handler.requests.count("/robots.txt") == 1
    assert handler.requests.count("/flaky") == 2
    assert result.requests == len(handler.requests)
    assert all(agent.startswith("community-archive/") for agent in handler.user_agents)

    redirects = {}
    found = list(documents([str(warc)], redirects))
    pages = [item for item in found if not isinstance(item, Skipped)]
    assert [page.url for page in pages] == result.pages
    assert all(before <= page.captured <= after for page in pages)
    assert all(page.media_type == "text/html" for page in pages)
    assert pages[0].content == (WEB / "ning-post.html").read_bytes()
    assert pages[3].content == (WEB / "wordpress-post.html").read_bytes()
    assert redirects == {base + "/old-link": base + WORDPRESS_POST}
    reasons = [item.reason for item in found if isinstance(item, Skipped)]
    assert not any(item.error for item in found if isinstance(item, Skipped))
    assert reasons.count("request record") == len(handler.requests)
    assert "HTTP 503" in reasons
    assert f"redirect to {base}{WORDPRESS_POST}" in reasons
    assert list(tmp_path.iterdir()) == [warc]


def test_requests_are_spaced_and_retries_wait_as_told(site, tmp_path):
    base, _ = site
    result, time = run_capture([base + "/flaky"], tmp_path / "flaky.warc.gz", delay=1.5)
    assert result.pages == [base + "/flaky"]
    # robots.txt, /flaky (503, Retry-After: 2), /flaky again: 1.5 s between requests.
    assert time.sleeps == [1.5, 2.0]
    assert time.now == 3.5


def test_server_errors_are_retried_with_exponential_backoff(site, tmp_path):
    base, handler = site
    result, time = run_capture([base + "/broken"], tmp_path / "b.warc.gz", delay=0, retries=3)
    assert handler.requests == ["/robots.txt", "/broken", "/broken", "/broken", "/broken"]
    assert time.sleeps == [1.0, 2.0, 4.0]
    assert result.pages == []
    assert result.problems == [f"{base}/broken: HTTP 500"]


def test_a_capture_never_leaves_the_host(site, tmp_path):
    base, handler = site
    result, _ = run_capture([base + "/away"], tmp_path / "away.warc.gz")
    assert handler.requests == ["/robots.txt", "/away"]
    assert result.problems == ["http://elders.example/: on another host, not followed"]


def test_max_pages_bounds_the_pages_of_a_post(site, tmp_path):
    base, handler = site
    result, _ = run_capture([base + NING_POST], tmp_path / "c.warc.gz", max_pages=2)
    assert result.pages == [base + NING_POST, base + NING_POST + "?page=2"]
    assert f"{NING_POST}?page=3" not in handler.requests


def test_an_interrupted_capture_leaves_no_file(site, tmp_path):
    base, _ = site

    def interrupt(seconds):
        raise KeyboardInterrupt

    warc = tmp_path / "capture.warc.gz"
    with pytest.raises(KeyboardInterrupt):
        capture([base + NING_POST], warc, progress=False, sleep=interrupt)
    assert list(tmp_path.iterdir()) == []


def test_the_capture_command(site, tmp_path, capsys):
    base, handler = site
    warc = tmp_path / "post.warc.gz"
    contact = ["--contact", "mailto:archief@example.org"]
    status = main(["capture", base + WORDPRESS_POST, "--warc", str(warc), "--delay", "0", *contact])
    assert status == 0
    assert f"{warc}: 2 pages from 3 requests" in capsys.readouterr().out
    assert all("mailto:archief@example.org" in agent for agent in handler.user_agents)
    urls = [item.url for item in documents([str(warc)]) if not isinstance(item, Skipped)]
    assert urls == [base + WORDPRESS_POST, base + WORDPRESS_POST + "comment-page-2/"]


def test_the_capture_command_reports_what_it_could_not_fetch(site, tmp_path, capsys):
    base, _ = site
    warc = tmp_path / "missing.warc.gz"
    status = main(["capture", base + "/gone", "--warc", str(warc), "--delay", "0"])
    assert status == 1
    assert f"{base}/gone: HTTP 404" in capsys.readouterr().err
    assert warc.exists()


def test_only_http_urls_are_captured(tmp_path, capsys):
    status = main(["capture", "ftp://example.org/", "--warc", str(tmp_path / "x.warc.gz")])
    assert status == 2
    assert "not an http(s) URL" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("url", "rel_next", "expected"),
    [
        ("http://h.example/blog/post?page=2", False, True),
        ("http://h.example/blog/post?commentPage=3", False, True),
        ("http://h.example/blog/post?page=2&xg_source=activity", False, False),
        ("http://h.example/blog/post?page=last", False, False),
        ("http://h.example/blog/other?page=2", False, False),
        ("http://elders.example/blog/post?page=2", False, False),
        ("http://h.example/2016/06/post/comment-page-2/", False, True),
        ("http://h.example/2016/06/post/comment-page-2/?replytocom=5", False, False),
        ("http://h.example/blog/post/2/", True, True),
        ("http://h.example/blog/post/2/", False, False),
        ("http://h.example/blog/next-post/", True, False),
    ],
)
def test_comment_pages(url, rel_next, expected):
    post = "http://h.example/2016/06/post/" if "2016" in url else "http://h.example/blog/post"
    assert is_comment_page(url, post, rel_next) is expected


def test_retry_after_may_be_a_date():
    later = datetime.now(UTC) + timedelta(seconds=30)
    assert 25 <= _retry_after(later.strftime("%a, %d %b %Y %H:%M:%S GMT")) <= 30
    assert _retry_after("7") == 7.0
    assert _retry_after(None) is None
