"""The archive works under any path: served at /some/deep/path/, every link answers.

The real content is built twice: relative (pelicanconf.py, `make html`) and with
absolute URLs through `make publish SITEURL=http://127.0.0.1:<port>/some/deep/path`.
Each is served by http.server on 127.0.0.1 under that prefix only (anything outside
it is a 404), and crawled from /some/deep/path/index.html following every internal
link: href, src, srcset and form actions in HTML, url() in CSS, links in the Atom
feeds and the sitemap. Every one must answer 200 (a redirect or a 404 fails) and
none may leave the prefix. Fragments, mailto: and links to other hosts are skipped.
"""

from __future__ import annotations

import re
import subprocess
import tarfile
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from importer.verify import check_mirror
from publishing.serve import base_url, make_server, serving
from tests.conftest import ROOT

PREFIX = "/some/deep/path/"
SKIPPED_SCHEMES = ("mailto:", "tel:", "data:")
LINK_ATTRIBUTES = ("href", "src", "action", "poster")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer other than 200: reported, not followed


OPENER = urllib.request.build_opener(NoRedirects)


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with OPENER.open(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def links_in(url: str, content_type: str, body: bytes) -> list[str]:
    text = body.decode("utf-8", errors="replace")
    if content_type == "text/html":
        soup = BeautifulSoup(text, "html.parser")
        found = []
        for element in soup.find_all(True):
            found += [element[name] for name in LINK_ATTRIBUTES if element.get(name)]
            if element.get("srcset"):
                found += [part.split()[0] for part in element["srcset"].split(",") if part.strip()]
        return found
    if content_type == "text/css":
        return CSS_URL.findall(text)
    if url.endswith(".xml"):
        return xml_links(body)
    return []


def xml_links(body: bytes) -> list[str]:
    """Atom feeds: every <link href>; the sitemap: every <loc>."""
    found = []
    for element in ET.fromstring(body).iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name == "link" and element.get("href"):
            found.append(element.get("href"))
        elif name == "loc" and element.text:
            found.append(element.text.strip())
    return found


def crawl(root: str, starts: list[str]) -> tuple[set[str], list[str]]:
    """Follow every internal link from ``starts``; return (URLs seen, problems)."""
    origin = urlsplit(root)
    seen: set[str] = set()
    problems: list[str] = []
    queue = [(url, "(start)") for url in starts]
    while queue:
        url, page = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, content_type, body = fetch(url)
        if status != 200:
            problems.append(f"{status} {url} (linked from {page})")
            continue
        for link in links_in(url, content_type, body):
            link = link.strip()
            if not link or link.startswith("#") or link.lower().startswith(SKIPPED_SCHEMES):
                continue
            target = urldefrag(urljoin(url, link)).url
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https"):
                problems.append(f"not a web link: {link!r} on {url}")
            elif parts.netloc != origin.netloc:
                continue  # another site: not ours to check, and no network here
            elif not parts.path.startswith(origin.path):
                problems.append(f"leaves {origin.path}: {link!r} on {url}")
            elif target not in seen:
                queue.append((target, url))
    return seen, problems


def pages_of(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


def reached_pages(root: str, seen: set[str]) -> set[str]:
    return {url.removeprefix(root).split("?")[0] for url in seen if url.endswith(".html")}


def test_a_relative_build_works_under_a_deep_path(tmp_path):
    output = tmp_path / "output"
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(ROOT / "content"), "OUTPUT_PATH": str(output)},
    )
    Pelican(settings).run()
    server = make_server(output, PREFIX)
    root = base_url(server, PREFIX)
    with serving(server):
        seen, problems = crawl(root, [root + "index.html"])
        outside, _, _ = fetch(root.removesuffix(PREFIX) + "/index.html")
    assert not problems, "\n".join(problems)
    assert outside == 404  # the server really serves only under the prefix
    reached = reached_pages(root, seen)
    posts = {page for page in pages_of(output) if page.startswith("posts/")}
    assert posts and posts <= reached
    assert {"index.html", "over.html", "archief/index.html", "personen/index.html"} <= reached
    assert any(url.endswith(".css") for url in seen)


def test_make_publish_works_under_the_deep_path_of_its_siteurl(tmp_path):
    output = tmp_path / "output"
    dist = tmp_path / "dist"
    output.mkdir()
    # Bind first: the port is part of SITEURL, which the build writes into every page.
    server = make_server(output, PREFIX)
    root = base_url(server, PREFIX)
    siteurl = root.rstrip("/")
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            # The venv is there (the tests run in it): do not reinstall it.
            "-o",
            ".venv/.installed",
            "publish",
            f"SITEURL={siteurl}",
            f"OUTPUTDIR={output}",
            f"DIST={dist}",
            "ARCHIVE_NAME=proef-{date}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    home = (output / "index.html").read_text("utf-8")
    assert f'href="{siteurl}/' in home  # absolute links
    assert (output / "robots.txt").read_text("utf-8").endswith(f"Sitemap: {siteurl}/sitemap.xml\n")
    with serving(server):
        seen, problems = crawl(
            root, [root + "index.html", root + "sitemap.xml", root + "feeds/alles.atom.xml"]
        )
    assert not problems, "\n".join(problems)
    reached = reached_pages(root, seen)
    posts = {page for page in pages_of(output) if page.startswith("posts/")}
    assert posts and posts <= reached
    # Every address of the sitemap was fetched (and answered 200).
    locs = set(xml_links((output / "sitemap.xml").read_bytes()))
    assert locs and locs <= seen

    # The dated tarball and its checksum file.
    tarball = dist / f"proef-{date.today().isoformat()}.tar.gz"
    checksum = dist / (tarball.name + ".sha256")
    assert sorted(dist.iterdir()) == [tarball, checksum]
    assert check_mirror(output).ok
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    assert check_mirror(tmp_path / "unpacked" / "archive").ok


def test_the_crawler_reports_what_it_must(tmp_path):
    """The check above can fail: a 404, a link out of the prefix, a redirect."""
    (tmp_path / "map").mkdir()
    (tmp_path / "map" / "index.html").write_text("<p>map</p>")
    (tmp_path / "index.html").write_text(
        '<a href="#boven">anker</a><a href="mailto:a@example.org">post</a>'
        '<a href="https://example.org/">elders</a><a href="goed.html#x">goed</a>'
        '<a href="weg.html">weg</a><a href="/root.html">root</a>'
        '<a href="../../buiten.html">buiten</a><a href="map">map</a>',
        encoding="utf-8",
    )
    (tmp_path / "goed.html").write_text('<link rel="stylesheet" href="stijl.css">')
    (tmp_path / "stijl.css").write_text("body { background: url('geen.png') }")
    server = make_server(tmp_path, PREFIX)
    root = base_url(server, PREFIX)
    with serving(server):
        seen, problems = crawl(root, [root + "index.html"])
    assert root + "goed.html" in seen and root + "stijl.css" in seen
    assert sorted(problems) == sorted(
        [
            f"404 {root}weg.html (linked from {root}index.html)",
            f"404 {root}geen.png (linked from {root}stijl.css)",
            f"leaves {PREFIX}: '/root.html' on {root}index.html",
            f"leaves {PREFIX}: '../../buiten.html' on {root}index.html",
            f"301 {root}map (linked from {root}index.html)",
        ]
    )
