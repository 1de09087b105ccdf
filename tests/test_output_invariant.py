"""The output invariant: whatever the sources and the editors wrote, nothing in the site runs.

Every hostile source (tests/fixtures/hostile/sources, and the big and binary ones made
by `tests.hostile.generate_sources`) is imported through the real command line into an
empty content folder; the hostile editor's posts (tests/fixtures/hostile/editor) and
the real content/ are added; the site is built with Pelican and the repository's
settings (publishconf.py: pelicanconf.py plus the Atom feeds); then every built
.html, .xml and .svg file is scanned (`tests.hostile.scan_site`) for scripts, event
handlers, javascript:/data: URLs, frames, objects, forms, refreshes and active CSS.

It also checks that nothing is lost: every source is imported or fails with a
message naming it (and the line or record), and what the pages said is shown as text.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from content_format.validation import check_content
from importer.slugs import RESERVED, is_safe
from tests.conftest import ROOT
from tests.hostile import (
    EDITOR,
    SOURCES,
    generate_sources,
    scan_html,
    scan_site,
    scan_svg,
    scan_xml,
)

SITEURL = "https://archief.example.org/pad"

# The sources that cannot be imported, and what their error must say.
EXPECTED_ERRORS = {
    "text-impossible-date.txt": "line 5: not a valid date",
    "text-year-zero.txt": "line 9: not a valid date",
    "wordpress-export-entities.xml": "line 11: not well-formed XML",
    "wordpress-export-forbidden-reference.xml": "line 9: not well-formed XML",
    "comments.disqus.xml": "thread Draad zonder adres: no archived post for this thread",
    "truncated.warc.gz": "truncated at record",
    "truncated-trailer.warc.gz": "truncated after record",
    "corrupt.warc.gz": "corrupt at record",
    "not-an-archive.warc": "at record 1 / offset 0",
    "empty.warc.gz": "an empty file: no records",
    "gzip-garbage.warc.gz": "corrupt at record 1 / offset 0",
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The hostile sources imported by the command line: (content, report, process)."""
    root = tmp_path_factory.mktemp("hostile")
    generated = generate_sources(root / "generated")
    content, report = root / "content", root / "report.json"
    process = subprocess.run(
        [sys.executable, "-m", "importer", "import", str(SOURCES.relative_to(ROOT)),
         str(generated), "--content", str(content), "--report", str(report), "--no-progress"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    return content, json.loads(report.read_text("utf-8")), process


@pytest.fixture(scope="module")
def site(imported, tmp_path_factory) -> Path:
    """The site built from the imported, the hostile editor's and the real content."""
    root = tmp_path_factory.mktemp("site")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(EDITOR, content, dirs_exist_ok=True)
    shutil.copytree(imported[0], content, dirs_exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITEURL", SITEURL)
        settings = read_settings(
            str(ROOT / "publishconf.py"),
            override={"PATH": str(content), "OUTPUT_PATH": str(root / "output")},
        )
        Pelican(settings).run()
    return root / "output"


def source(report: dict, name: str) -> dict:
    """A source's report: `name` is its path relative to the repository, or (for the
    generated sources, outside it) its file name."""
    return next(entry for entry in report["sources"] if entry["file"] == name)


# Nothing executes


def test_nothing_in_the_built_site_can_run_a_script(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 100
    assert list(site.rglob("*.xml")), "no feeds were built"
    assert scan_site(site) == []


def test_every_hostile_post_is_in_the_site(imported, site):
    _, report, _ = imported
    written = [post for entry in report["sources"] for post in entry["posts"] if post["path"]]
    assert len(written) >= 45
    for post in written:
        year = Path(post["path"]).parent.name
        assert (site / "posts" / year / f"{post['slug']}.html").exists() or year == "undated"
    assert (site / "posts" / "2015" / "redactie-vijandig.html").exists()
    assert (site / "vijandige-pagina.html").exists()


def test_hostile_text_is_shown_as_text_not_lost(site):
    """What a page showed as text stays readable: escaped, never dropped or run."""
    page = BeautifulSoup((site / "posts/2015/redactie-vijandig.html").read_bytes(), "lxml")
    assert page.h1.get_text() == (
        "<img src=x onerror=alert(1)> en \"><script>alert('titel')</script>"
    )
    text = " ".join(page.get_text(" ").split())
    assert "Redactie" in text and "Ruwe HTML in Markdown" in text
    assert "<script>alert('code blijft code')</script>" in page.find("code").get_text()
    imported_post = next((site / "posts" / "2013").glob("tekst-script-alert-titel*.html"))
    text = BeautifulSoup(imported_post.read_bytes(), "lxml").get_text(" ")
    assert "<p onclick=" in text and "Geen HTML maar tekst.</p>" in text  # smarty: ” for "
    assert "[link](javascript:alert(1))" in text and "<script>alert(9)</script>" in text


def test_the_search_page_keeps_its_own_scripts_and_form(site):
    assert scan_html((site / "zoeken.html").read_bytes(), "zoeken.html") == []
    page = BeautifulSoup((site / "zoeken.html").read_bytes(), "lxml")
    assert [script["src"].rsplit("/", 2)[-2:] for script in page.find_all("script")] == [
        ["pagefind", "pagefind-ui.js"],
        ["js", "zoeken.js"],
    ]


# The scanner finds what it must


@pytest.mark.parametrize(
    ("markup", "found"),
    [
        ("<p>x</p><script>alert(1)</script>", "<script"),
        ("<p>x</p><SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "event handler onerror"),
        ('<p OnClick="alert(1)">x</p>', "event handler onclick"),
        ('<a href="javascript:alert(1)">x</a>', "href='javascript:alert(1)'"),
        ('<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>', "href="),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "href='data:"),
        ('<img srcset="a.png 1x, javascript:alert(1) 2x">', "srcset="),
        ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "javascript:alert(1)"),
        ('<iframe src="https://example.org/"></iframe>', "<iframe"),
        ('<object data="x.swf"></object>', "<object"),
        ('<embed src="x.swf">', "<embed"),
        ('<base href="https://evil.example/">', "<base"),
        ('<form action="https://evil.example/" method="post"><input></form>', "not the search"),
        ('<form action="zoeken.html" method="post"></form>', "not the search form"),
        ('<meta http-equiv="Refresh" content="0;url=https://evil.example/">', "refresh"),
        ('<p style="width: expression(alert(1))">x</p>', "style="),
        ('<p style="background: u\\72 l(javascript:alert(1))">x</p>', "style="),
        ("<style>p { background: url(x.png) }</style>", "style sheet"),
        ('<button formaction="javascript:alert(1)">x</button>', "formaction="),
    ],
)
def test_the_scanner_finds_what_could_run(markup, found):
    page = f"<!DOCTYPE html><html><head><title>t</title></head><body>{markup}</body></html>"
    problems = scan_html(page, "posts/2013/a.html")
    assert problems and any(found in problem for problem in problems), problems


def test_the_scanner_lets_the_site_own_pages_be():
    search = (
        '<html><body><form action="zoeken.html" method="get"><input name="q"></form>'
        '<script src="pagefind/pagefind-ui.js"></script>'
        '<script src="theme/js/zoeken.js"></script></body></html>'
    )
    assert scan_html(search, "zoeken.html") == []
    assert scan_html(search, "posts/2013/a.html") != []
    redirect = (
        '<html><head><meta http-equiv="refresh" content="0; url=../posts/a.html"></head></html>'
    )
    assert scan_html(redirect, "redirects/oud.html") == []
    assert scan_html(redirect, "posts/a.html") != []
    assert scan_html('<img src="data:image/png;base64,iVBOR">', "a.html", feed=True) == []
    text = "<p>&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1)</p>"
    assert scan_html(text, "a.html", feed=True) == []


def test_the_scanner_reads_feeds_and_svg():
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lt;b&gt;t</title>'
        b'<content type="html">&lt;p&gt;x&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</content>'
        b'<summary type="html">&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;</summary>'
        b"</entry></feed>"
    )
    problems = scan_xml(feed, "feeds/alles.atom.xml")
    assert any("escaped <script" in problem for problem in problems)
    assert any("escaped javascript:" in problem for problem in problems)
    handler = feed.replace(b"&lt;script&gt;alert(1)&lt;/script&gt;", b"&lt;b onclick=x()&gt;")
    assert any("event handler onclick" in problem for problem in scan_xml(handler, "f.xml"))
    text_only = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&lt;script&gt;</title></feed>'
    assert scan_xml(text_only, "f.xml") == []
    assert scan_svg(b"<svg onload='alert(1)'/>", "a.svg") != []
    assert scan_svg(b'<svg><rect width="1"/></svg>', "a.svg") == []


# Nothing is lost


def test_the_import_fails_only_where_it_must_and_names_file_and_line(imported):
    _, report, process = imported
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    failed = {entry["file"].rsplit("/", 1)[-1]: entry["errors"] for entry in report["sources"]}
    failed = {name: errors for name, errors in failed.items() if errors}
    assert set(failed) == set(EXPECTED_ERRORS), failed
    for name, message in EXPECTED_ERRORS.items():
        assert any(message in error for error in failed[name]), (name, failed[name])
        assert name in process.stderr + process.stdout


def test_every_source_is_accounted_for(imported):
    _, report, _ = imported
    given = {path.name for path in SOURCES.rglob("*") if path.is_file()}
    reported = {entry["file"].rsplit("/", 1)[-1] for entry in report["sources"]}
    assert given <= reported
    for entry in report["sources"]:
        for kind in ("posts", "reactions"):
            count = entry["accounting"][kind]
            assert count["read"] == count["written"] + sum(count["skipped"].values()), entry
    assert source(report, "ning-blogs.json")["reactions_written"] >= 5000
    assert source(report, "big-page.html")["posts_written"] == 1
    assert source(report, "tests/fixtures/hostile/sources/mojibake.html")["notes"]


def test_imported_content_is_valid_and_inside_the_content_folder(imported):
    content, report, _ = imported
    problems = check_content(content)
    # An image the capture lacks keeps its address: a relative one ("x", on a page with
    # no address of its own) points at no file, and `make check` says so. That is all.
    missing = {url for entry in report["sources"] for url in entry["images_missing"]}
    for problem in problems:
        match = re.fullmatch(r"image '(.*)' does not exist in the content folder", problem.message)
        assert match and match[1] in missing, problem
    for path in content.rglob("*"):
        assert path.resolve().is_relative_to(content.resolve())
        assert not path.is_symlink()
        name = path.name.split(".")[0]
        assert name.lower() not in RESERVED, path
        assert path.name.isascii() and "\x00" not in path.name, path
    for post in (content / "posts").rglob("*.md"):
        assert is_safe(post.stem), post
    images = {path.name for path in (content / "images").rglob("*") if path.is_file()}
    assert images, "the web archive's images were not copied"
    assert {name.rsplit(".", 1)[-1] for name in images} <= {"png", "svg"}
    assert not any("script" in name for name in images if name.endswith(".svg"))


def test_a_link_out_of_a_mirror_is_not_followed(imported):
    content, report, _ = imported
    assert not any("root:x:0:0" in path.read_text("utf-8") for path in content.rglob("*.md"))
    link = source(report, "link-out.txt")
    assert link["posts_written"] == 0
    assert "a link to a file outside the folder: not read" in link["skipped"]


def test_mojibake_is_repaired_where_it_is_clearly_double_encoded(imported):
    content, _, _ = imported
    post = (content / "posts" / "2016" / "over-ambtenarene-en-cafe.md").read_text("utf-8")
    assert "title: Over ambtenarenë en café" in post
    assert "author: José Müller" in post
    assert "De ambtenarenë van de gemeente – „goed” zei ze… € 5 en 🎉" in post
    assert "Ã als hoofdletter, groß“ en Â alleen. São Paulo." in post
    reactions = (content / "posts" / "2016" / "over-ambtenarene-en-cafe.reactions.yml").read_text()
    assert "author: Zoë" in reactions and "één ding…" in reactions


def test_encodings_and_byte_order_marks_are_read(imported):
    content, _, _ = imported
    texts = "\n".join(path.read_text("utf-8") for path in content.rglob("*.md"))
    for expected in (
        "Café “aanhalingstekens” – ambtenarenë € ’",  # cp1252 declared
        "Zonder charset: café ë",  # cp1252 undeclared
        "Latijn-1: café, ambtenarenë, ½ ¼ ¾ ×",  # latin-1 text capture
        "Met BOM: ë",  # UTF-8 byte order mark
        "UTF-16 met BOM: ë 🎉",  # UTF-16 LE page
        "UTF-16 BE tekst",  # UTF-16 BE text capture
    ):
        assert expected in texts
    assert "\ufeff" not in texts and "\x00" not in texts
