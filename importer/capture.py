"""Live capture: fetch posts and their comment pages, politely, into a WARC file.

    python -m importer capture URL... --warc FILE [--delay SECONDS] [--max-pages N]

Politely means: robots.txt is obeyed (its Crawl-delay too), one request at a time and
at most one per `delay` seconds, a User-Agent that says who asks and how to reach them,
and backing off on 429, 5xx and timeouts (exponentially, or as long as Retry-After says,
up to MAX_WAIT).

A capture never leaves the hosts of the URLs given, and from each post it follows only
its comment pages, up to `max_pages` pages a post:

- links to the same page that differ only by a page number in the query
  (Ning: `?page=2#comments`, `?commentPage=2`; WordPress: `?cpage=2`);
- WordPress comment pages, `/post/comment-page-2/`;
- `rel="next"` links within the post's path.

Every HTTP exchange, retries and redirects included, becomes a request and a response
record. A body is stored as received but de-chunked (Transfer-Encoding removed,
Content-Length set), as browser-based crawlers store it; a gzip Content-Encoding is
kept. The WARC is written under a temporary name and renamed when the capture is done,
so an interrupted capture leaves nothing under the final name.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
import tempfile
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.client import HTTPConnection, HTTPException, HTTPSConnection
from io import BytesIO
from pathlib import Path
from typing import BinaryIO
from urllib.parse import parse_qsl, quote, urldefrag, urlencode, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from tqdm import tqdm
from warcio.recordloader import ArcWarcRecord
from warcio.warcwriter import WARCWriter

from importer.inputs.files import http_date

USER_AGENT = "community-archive/0.1 (archiving a closed community site; +{contact})"
CONTACT_PLACEHOLDER = "https://example.org/community-archive"
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
MAX_WAIT = 300.0
MAX_REDIRECTS = 10
PAGE_PARAMETERS = {"page", "commentpage", "cpage"}
FIRST_PAGE = {("page", "1"), ("commentpage", "1")}
COMMENT_PAGE_PATH = re.compile(r"/comment-page-\d+/?$")


@dataclass
class CaptureResult:
    """What a capture fetched: the pages captured and what could not be."""

    pages: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    requests: int = 0


@dataclass
class Exchange:
    """One HTTP response, as received (the body de-chunked)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)


def default_user_agent(contact: str | None = None) -> str:
    """The default User-Agent: the project, and a URL or address to reach whoever runs it."""
    return USER_AGENT.format(contact=contact or CONTACT_PLACEHOLDER)


def run_capture(arguments: argparse.Namespace) -> int:
    """The `capture` command: capture, then say what was written and what was not."""
    try:
        result = capture(
            arguments.urls,
            Path(arguments.warc),
            delay=arguments.delay,
            max_pages=arguments.max_pages,
            user_agent=arguments.user_agent or default_user_agent(arguments.contact),
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {arguments.warc}: {error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted: {arguments.warc} not written", file=sys.stderr)
        return 130
    print(f"{arguments.warc}: {len(result.pages)} pages from {result.requests} requests")
    for problem in result.problems:
        print(f"  error: {problem}", file=sys.stderr)
    return 1 if result.problems or not result.pages else 0


def capture(
    urls: list[str],
    warc: Path,
    *,
    delay: float = 1.0,
    max_pages: int = 50,
    user_agent: str | None = None,
    retries: int = 4,
    backoff: float = 1.0,
    timeout: float = 30.0,
    progress: bool = True,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> CaptureResult:
    """Capture each URL (a post) with its comment pages into the WARC file `warc`."""
    for url in urls:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            raise ValueError(f"not an http(s) URL: {url}")
    warc = Path(warc)
    user_agent = user_agent or default_user_agent()
    with (
        _atomic_output(warc) as stream,
        tqdm(total=len(urls), unit="page", file=sys.stderr, disable=not progress) as bar,
    ):
        writer = WARCWriter(stream, gzip=True)
        info = {
            "software": "community-archive capture",
            "robots": "obey",
            "http-header-user-agent": user_agent,
        }
        writer.write_record(writer.create_warcinfo_record(warc.name, info))
        session = Session(
            writer,
            hosts={urlsplit(url).hostname for url in urls},
            user_agent=user_agent,
            delay=delay,
            retries=retries,
            backoff=backoff,
            timeout=timeout,
            sleep=sleep,
            clock=clock,
        )
        result = CaptureResult(problems=session.problems)
        for url in urls:
            _capture_post(session, url, max_pages, result, bar)
    result.requests = session.requests
    return result


def _capture_post(
    session: Session, url: str, max_pages: int, result: CaptureResult, bar: tqdm
) -> None:
    """The post at `url` and its comment pages, breadth first."""
    queue, seen, post = deque([url]), {_page_key(url)}, None
    captured = 0
    while queue and captured < max_pages:
        exchange = session.get(queue.popleft())
        bar.update()
        if exchange is None:
            continue
        if not 200 <= exchange.status < 300:
            session.problems.append(f"{exchange.url}: HTTP {exchange.status}")
            continue
        captured += 1
        result.pages.append(exchange.url)
        seen.add(_page_key(exchange.url))
        post = post or exchange.url
        for link in comment_pages(exchange, post):
            if _page_key(link) not in seen:
                seen.add(_page_key(link))
                queue.append(link)
                bar.total += 1
        bar.refresh()
    bar.total -= len(queue)  # the pages left over by max_pages
    bar.refresh()


class Session:
    """Fetches one URL at a time, politely, and records every exchange in the WARC."""

    def __init__(
        self,
        writer: WARCWriter,
        *,
        hosts: set[str],
        user_agent: str,
        delay: float,
        retries: int,
        backoff: float,
        timeout: float,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
    ):
        self.writer = writer
        self.hosts = hosts
        self.user_agent = user_agent
        self.delay = delay
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.sleep = sleep
        self.clock = clock
        self.robots: dict[str, RobotFileParser] = {}
        self.crawl_delays: dict[str, float] = {}
        self.last_request: float | None = None
        self.requests = 0
        self.problems: list[str] = []

    def get(self, url: str, obey_robots: bool = True) -> Exchange | None:
        """The response at the end of the URL's redirects on the same hosts.

        None (with a problem noted) when it is not fetched: robots.txt disallows it, it
        is on another host, or no response came.
        """
        for _ in range(MAX_REDIRECTS + 1):
            if urlsplit(url).hostname not in self.hosts:
                self.problems.append(f"{url}: on another host, not followed")
                return None
            if obey_robots and not self.allowed(url):
                self.problems.append(f"{url}: disallowed by robots.txt, not fetched")
                return None
            exchange = self.fetch(url)
            location = exchange and exchange.header("Location")
            if exchange is None or not (300 <= exchange.status < 400 and location):
                return exchange
            url = urldefrag(urljoin(url, location.strip())).url
        self.problems.append(f"{url}: more than {MAX_REDIRECTS} redirects")
        return None

    def allowed(self, url: str) -> bool:
        """What the site's robots.txt says, read once per site.

        As urllib's robotparser does: 401 and 403 forbid everything, other 4xx allow
        everything. A robots.txt that cannot be had (5xx, no answer) forbids everything.
        """
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self.robots:
            robots = RobotFileParser(f"{site}/robots.txt")
            exchange = self.get(f"{site}/robots.txt", obey_robots=False)
            status = exchange.status if exchange else 503
            if 200 <= status < 300:
                robots.parse(_text(exchange).splitlines())
            elif status in (401, 403) or status >= 500:
                robots.disallow_all = True
            else:
                robots.allow_all = True
            crawl_delay = robots.crawl_delay(self.user_agent)
            if crawl_delay:
                self.crawl_delays[parts.netloc] = float(crawl_delay)
            self.robots[site] = robots
        return self.robots[site].can_fetch(self.user_agent, url)

    def fetch(self, url: str) -> Exchange | None:
        """One URL, retried on 429, 5xx and network errors; the last response, or None."""
        exchange, failure = None, ""
        for attempt in range(self.retries + 1):
            self._wait_turn(url)
            try:
                exchange = self._exchange(url)
            except (OSError, HTTPException) as error:
                exchange, failure, wait = None, str(error) or type(error).__name__, None
            else:
                if exchange.status != 429 and exchange.status < 500:
                    return exchange
                wait = _retry_after(exchange.header("Retry-After"))
            if attempt < self.retries:
                self.sleep(min(MAX_WAIT, self.backoff * 2**attempt if wait is None else wait))
        if exchange is None:
            self.problems.append(f"{url}: {failure}")
        return exchange

    def _wait_turn(self, url: str) -> None:
        interval = max(self.delay, self.crawl_delays.get(urlsplit(url).netloc, 0.0))
        if self.last_request is not None:
            wait = self.last_request + interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self.last_request = self.clock()

    def _exchange(self, url: str) -> Exchange:
        """One GET, written to the WARC as a request and a response record."""
        parts = urlsplit(url)
        target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~") + (
            f"?{quote(parts.query, safe='/%:@!$&()*+,;=~?')}" if parts.query else ""
        )
        headers = [
            ("Host", parts.netloc),
            ("User-Agent", self.user_agent),
            ("Accept", ACCEPT),
            ("Accept-Encoding", "gzip"),
            ("Connection", "close"),
        ]
        connection_class = HTTPSConnection if parts.scheme == "https" else HTTPConnection
        connection = connection_class(parts.netloc, timeout=self.timeout)
        date = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.requests += 1
        try:
            connection.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
            for name, value in headers:
                connection.putheader(name, value)
            connection.endheaders()
            address = connection.sock.getpeername()[0]
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        received = _dechunked(response.getheaders(), body)
        version = "HTTP/1.0" if response.version == 10 else "HTTP/1.1"
        request = _http_message(f"GET {target} HTTP/1.1", headers)
        reply = _http_message(f"{version} {response.status} {response.reason}", received) + body
        warc_headers = {"WARC-Date": date, "WARC-IP-Address": address}
        self.writer.write_request_response_pair(
            self._record(url, "request", request, warc_headers),
            self._record(url, "response", reply, warc_headers),
        )
        return Exchange(url, response.status, received, body)

    def _record(self, url: str, kind: str, message: bytes, warc_headers: dict) -> ArcWarcRecord:
        return self.writer.create_warc_record(
            url,
            kind,
            payload=BytesIO(message),
            length=len(message),
            warc_headers_dict=dict(warc_headers),
        )


def comment_pages(exchange: Exchange, post: str) -> list[str]:
    """The links of a page to comment pages of the post at `post`, in page order."""
    content_type = exchange.header("Content-Type") or ""
    if "html" not in content_type.lower():
        return []
    parser = _Links()
    parser.feed(_text(exchange))
    links = []
    for href, rel_next in parser.links:
        url = urldefrag(urljoin(exchange.url, href.strip())).url
        if is_comment_page(url, post, rel_next) and url not in links:
            links.append(url)
    return links


def is_comment_page(url: str, post: str, rel_next: bool = False) -> bool:
    """True for a comment page (or the next page) of the post at `post`."""
    link, base = urlsplit(url), urlsplit(post)
    if link.scheme not in ("http", "https") or link.hostname != base.hostname:
        return False
    if _post_path(link.path) == _post_path(base.path):
        numbers = [value for key, value in _parameters(link.query) if key in PAGE_PARAMETERS]
        same = _other_parameters(link.query) == _other_parameters(base.query)
        return same and all(number.isdigit() for number in numbers)
    return rel_next and link.path.startswith(_post_path(base.path) + "/")


class _Links(HTMLParser):
    """The href of every <a> and <link>, and whether it is rel="next"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("a", "link") and attributes.get("href"):
            rel = (attributes.get("rel") or "").lower().split()
            self.links.append((attributes["href"], "next" in rel))


def _page_key(url: str) -> str:
    """The URL without what does not change the page: Ning's `?page=1` is the post itself."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if (k.lower(), v) not in FIRST_PAGE
    ]
    return parts._replace(query=urlencode(query), fragment="").geturl()


def _post_path(path: str) -> str:
    return COMMENT_PAGE_PATH.sub("", path).rstrip("/")


def _parameters(query: str) -> list[tuple[str, str]]:
    return [(key.lower(), value) for key, value in parse_qsl(query, keep_blank_values=True)]


def _other_parameters(query: str) -> list[tuple[str, str]]:
    return sorted((key, value) for key, value in _parameters(query) if key not in PAGE_PARAMETERS)


def _text(exchange: Exchange) -> str:
    """The body as text: decompressed, decoded by its charset (UTF-8 if none)."""
    body = exchange.body
    encoding = (exchange.header("Content-Encoding") or "").lower()
    try:
        if encoding in ("gzip", "x-gzip"):
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
    except (OSError, EOFError, zlib.error):
        return ""
    charset = re.search(r"charset=[\"']?([\w-]+)", exchange.header("Content-Type") or "")
    try:
        return body.decode(charset[1] if charset else "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _dechunked(headers: list[tuple[str, str]], body: bytes) -> list[tuple[str, str]]:
    """The response headers for the de-chunked body that http.client gives."""
    if not any(name.lower() == "transfer-encoding" for name, _ in headers):
        return headers
    kept = [(k, v) for k, v in headers if k.lower() not in ("transfer-encoding", "content-length")]
    return [*kept, ("Content-Length", str(len(body)))]


def _http_message(first_line: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [first_line, *(f"{name}: {value}" for name, value in headers), "", ""]
    return "\r\n".join(lines).encode("latin-1")


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    moment = http_date(value)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds()) if moment else None


@contextmanager
def _atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A file that appears under `path` only once it is complete."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
