"""Fuzzing the readers: whatever the bytes, a Reading or a ReaderError, quickly, and safe.

Each reader gets captures of its own format (small seeds: the test fixtures and the
hostile ones), mutated by hypothesis: hostile fragments inserted (markup, scripts,
entities, CDATA ends, byte order marks, JSON damage, control characters, other
encodings), bytes deleted, duplicated, replaced, the file cut short. For each:

- `accepts` answers without an error, and `read` returns a `Reading` or raises
  `ReaderError` (the pipeline reports it naming the file and line): never any other
  exception;
- it never hangs: every example runs under an alarm (`TIME_LIMIT`);
- every text of the Reading, cleaned as the writer writes it (`clean_text`) and
  rendered as the site renders Markdown (`Renderer`: Python-Markdown, then nh3),
  holds no `<script`, event handler, `javascript:` URL or anything else
  `tests.hostile.scan_html` finds.

The profile: 150 examples per reader (CI time). `HYPOTHESIS_PROFILE=fuzz` runs 5,000
each (`FUZZ_EXAMPLES=N` for more), from bigger seeds too (docs/fuzzing.md). Inputs
that found bugs are kept in tests/fixtures/hostile/regressions/ (each is read again
by `test_regressions`) and as `@example`s.
"""

from __future__ import annotations

import os
import re
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pelican.settings import read_settings

from content_format.rendering import Renderer
from importer.hygiene import clean_text
from importer.readers import READERS, Document, ReaderError, Reading, reader_for
from importer.readers.disqus import DisqusReader
from importer.readers.generic import GenericReader
from importer.readers.ning import NingReader
from importer.readers.ning_json import NingArchiveReader, load_json
from importer.readers.text_capture import TextCaptureReader
from importer.readers.wordpress import WordPressReader
from importer.readers.wxr import WxrReader
from tests.conftest import FIXTURES, ROOT
from tests.hostile import HOSTILE_TEXTS, PAYLOAD, REGRESSIONS, SOURCES, scan_html

settings.register_profile(
    "fuzz-ci",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "5000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("fuzz" if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else "fuzz-ci")
# Mutated pages may start like XML; the readers of HTML pages read them as HTML all the same.
pytestmark = pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")
TIME_LIMIT = 20  # seconds for one example: far more than any sound input takes

RENDER = Renderer(read_settings(str(ROOT / "pelicanconf.py"))["MARKDOWN"])


def seeds(*paths: Path) -> list[bytes]:
    return [path.read_bytes() for path in paths]


SEEDS = {
    "text": seeds(
        FIXTURES / "text" / "ning-english.txt",
        FIXTURES / "text" / "wordpress-says.txt",
        FIXTURES / "text" / "bad-date.txt",
        SOURCES / "text-ning.txt",
    ),
    "ning": seeds(
        FIXTURES / "web" / "ning-post.html",
        FIXTURES / "web" / "ning-post-page-2.html",
    ),
    "wordpress": [
        (FIXTURES / "web" / "wordpress-post.html")
        .read_bytes()
        .replace(b"<head>", b'<head><meta name="generator" content="WordPress 4.5">'),
        (SOURCES / "mojibake.html").read_bytes(),
    ],
    "generic": seeds(
        FIXTURES / "web" / "wayback-page.html", FIXTURES / "web" / "httrack-page.html"
    ),
    "wxr": seeds(FIXTURES / "merge" / "blog-export.xml"),
    "disqus": seeds(FIXTURES / "merge" / "ning-comments.disqus.xml"),
    "ning-json": seeds(
        *sorted((FIXTURES / "ning_json" / "damaged").glob("*.json")),
    ),
}
if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz":  # longer sessions: bigger seeds too
    SEEDS["ning"] += seeds(*sorted(SOURCES.glob("ning-*.html")), SOURCES / "broken-markup.html")
    SEEDS["wordpress"] += seeds(SOURCES / "wordpress-post.html", SOURCES / "cp1252.html")
    SEEDS["generic"] += seeds(SOURCES / "generic-page.html", SOURCES / "bom-utf16le.html")
    SEEDS["wxr"] += seeds(SOURCES / "wordpress-export.xml")
    SEEDS["disqus"] += seeds(SOURCES / "comments.disqus.xml")
    SEEDS["ning-json"] += seeds(SOURCES / "ning-archiver" / "ning-blogs.json")
    SEEDS["text"] += seeds(*sorted(SOURCES.glob("*.txt")))
NAMES = {
    "text": "capture.txt",
    "ning": "page.html",
    "wordpress": "page.html",
    "generic": "page.html",
    "wxr": "export.xml",
    "disqus": "comments.xml",
    "ning-json": "ning-blogs.json",
}
READER = {
    "text": TextCaptureReader(),
    "ning": NingReader(),
    "wordpress": WordPressReader(),
    "generic": GenericReader(),
    "wxr": WxrReader(),
    "disqus": DisqusReader(),
    "ning-json": NingArchiveReader(),
}

FRAGMENTS = [
    *(line.encode() for line in PAYLOAD.splitlines() if line.strip()),
    *(text.encode("utf-8", "surrogatepass") for text in HOSTILE_TEXTS),
    *(text.encode("utf-16") for text in HOSTILE_TEXTS[:6]),
    b"<", b">", b"&", b"&#0;", b"&#14;", b"&#x110000;", b"&#xd800;", b"&nbsp", b"&amp;",
    b"<![CDATA[", b"]]>", b"<!--", b"-->", b"<!DOCTYPE x [<!ENTITY e 'x'>]>", b"&e;",
    b"<?xml version='1.0' encoding='utf-16'?>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
    b"\x00", b"\x1b[31m", b"\r", b"\r\n", b"\xc3", b"\xc3\xab", b"\xe2\x80", b"\x80\x81",
    b"}{", b"}]{", b"}[{", b"]]", b",]", b",}", b"(", b")", b'"', b"\\", b"\\ud800", b"\\u0000",
    b'"createdDate": "9999-12-31T23:59:59Z"', b'"createdDate": "0001-01-01T00:00:00Z"',
    b"<createdAt>9999-12-31T23:59:59Z</createdAt>", b"<wp:post_date>9999-12-31 23:59:59",
    b"31 Februari 2013 op 25.61", b"1 Januari 0001 op 0.10", b"31 december 9999 om 23:59",
    b"Reactie van X op 3 Juni 2013 op 9.00\n", b"Comment by Y on March 4, 2012 at 9:05am\n",
    b"\xe2\x80\xa2 Naam | 16 juni 2016, 17:05\n", b"Weergaven: 99999999999999999999\n",
    b'<dl class="comment"><dt>Reactie van <a class="fn">Z</a> op 1 Mei 2013</dt><dd>x</dd></dl>',
    b'<li class="comment"><cite class="fn">Q</cite><time datetime="9999-12-31T23:59:59Z">',
    b'<link rel="canonical" href="http://[x">', b'<a href="http://[::1">x</a>', b"http://[",
    b"https://[x]/", b"//[v1.x]", b'"url": "http://[x",', b"<link>http://[x</link>", b"<![x",
    b"<![ x", b"<![if !IE]>", b"<!x>",
    b'<img src="//evil.example/x.png">', b'<a href="{filename}/../../etc/passwd">x</a>',
    b"<div>" * 50, b"</div>" * 50, b"<table><tr><td>" * 20, b"x" * 5000,
]  # fmt: skip
fragments = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.binary(max_size=24),
    st.text(st.characters(codec="utf-8"), max_size=24).map(str.encode),
)


@st.composite
def mutated(draw, format_name: str) -> bytes:
    """A capture of the format, changed in up to eight places."""
    data = bytearray(draw(st.sampled_from(SEEDS[format_name])))
    for _ in range(draw(st.integers(0, 8))):
        operation = draw(st.sampled_from(["insert", "insert", "delete", "duplicate", "cut"]))
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 200)))
        if operation == "insert":
            data[start:start] = draw(fragments)
        elif operation == "delete":
            del data[start:end]
        elif operation == "duplicate":
            data[start:start] = data[start:end] * draw(st.integers(1, 3))
        elif draw(st.booleans()):
            del data[start:]
    return bytes(data)


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    def alarm(signum, frame):
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def texts_of(reading: Reading):
    for post in reading.posts:
        yield from (post.title, post.body, post.author, post.summary, post.category)
        yield from post.tags
        for reaction in post.reactions:
            yield from (reaction.author, reaction.body)


def assert_read_safely(reader, document: Document) -> Reading | None:
    """The property every reader has on every input."""
    with time_limit(TIME_LIMIT):
        accepted = reader.accepts(document)
        chosen = reader_for(document)
        assert chosen is None or chosen in READERS
        if not accepted:
            return None
        try:
            reading = reader.read(document)
        except ReaderError as error:
            assert str(error), "a ReaderError must say what is wrong"
            return None
        assert isinstance(reading, Reading)
        for text in texts_of(reading):
            if text is None:
                continue
            assert isinstance(text, str)
            html = RENDER(clean_text(text))  # as the writer writes it, as the site renders it
            assert not re.search(r"<\s*script", html, re.I), (text, html)
            assert scan_html(html, "rendered", feed=True) == [], (text, html)
        return reading


def fuzz(format_name: str, data: bytes) -> None:
    document = Document(path=NAMES[format_name], content=data)
    assert_read_safely(READER[format_name], document)


@FUZZ
@given(mutated("text"))
@example(b"Ambtenaar 2.0\n\nT\n\nWeergaven: 1\n\nReactie van X op 1 Januari 0001 op 0.10\nx\n")
@example(b"\xfe\xff" + "Ambtenaar 2.0\n\nUTF-16\n\nWeergaven: 1\n".encode("utf-16-be"))
@example(b"\xe2\x80\xa2 Naam | 16 juni 2016, 17:05\n")  # IndexError: a comment, no post
@example(b"Reactie van X op 3 Juni 2013 op 9.00\nOpen Gov Network\n\nWeergaven: 1\n")  # same
@example("\u00a9 2024 Ambtenaar\n\nReactie van X op 3 Juni 2013 op 9.00\n".encode())  # all footer
def test_fuzz_text_capture_reader(data):
    fuzz("text", data)


@FUZZ
@given(mutated("ning"))
@example((SOURCES / "ning-dates.html").read_bytes())
def test_fuzz_ning_reader(data):
    fuzz("ning", data)


@FUZZ
@given(mutated("wordpress"))
@example((SOURCES / "wordpress-post.html").read_bytes())
def test_fuzz_wordpress_reader(data):
    fuzz("wordpress", data)


@settings(FUZZ, max_examples=max(FUZZ.max_examples // 3, 40))  # trafilatura is slow
@given(mutated("generic"))
@example(
    b"<html><body><article><h1>T</h1>"
    + b"<p>Een lange alinea over ambtenaren die lang genoeg is om te tellen.</p>" * 6
    + b"<p>te&#14;kst</p></article></body></html>"
)
def test_fuzz_generic_reader(data):
    fuzz("generic", data)


@FUZZ
@given(mutated("wxr"))
@example(
    (FIXTURES / "merge" / "blog-export.xml")
    .read_bytes()
    .replace(b"2014-03-03 09:00:00", b"9999-12-31 23:59:59")
)
def test_fuzz_wxr_reader(data):
    fuzz("wxr", data)


@FUZZ
@given(mutated("disqus"))
@example(
    (FIXTURES / "merge" / "ning-comments.disqus.xml")
    .read_bytes()
    .replace(b"2013-06-22T08:00:00Z", b"9999-12-31T23:59:59Z")
)
def test_fuzz_disqus_reader(data):
    fuzz("disqus", data)


@FUZZ
@given(mutated("ning-json"))
@example(b'[{"id": "1:BlogPost:1", "title": "t", "description": "<p>\\ud800</p>"}]')
@example(
    b'[{"id": "1:BlogPost:1", "title": "t", "description": "x", '
    b'"createdDate": "9999-12-31T23:59:59Z"}]'
)
def test_fuzz_ning_json_reader(data):
    fuzz("ning-json", data)


@FUZZ
@given(mutated("ning-json"))
def test_fuzz_ning_json_repair(data):
    """The repair loop ends: repaired JSON, or a ReaderError naming line and column."""
    with time_limit(TIME_LIMIT):
        try:
            load_json(data)
        except ReaderError as error:
            assert "JSON" in str(error)


@settings(FUZZ, max_examples=max(FUZZ.max_examples // 2, 40))
@given(st.sampled_from(list(SEEDS)).flatmap(lambda name: mutated(name).map(lambda d: (name, d))))
def test_fuzz_any_reader_the_pipeline_would_pick(named):
    """Whatever reader `reader_for` picks for mutated bytes (named as any format) holds."""
    name, data = named
    document = Document(path=NAMES[name], content=data)
    reader = reader_for(document)
    if reader is not None:
        assert_read_safely(reader, document)


def regressions() -> list[Path]:
    return sorted(path for path in REGRESSIONS.iterdir() if path.name != "README.md")


@pytest.mark.parametrize("path", regressions(), ids=lambda path: path.name)
def test_regressions(path):
    """Inputs that once broke a reader (tests/fixtures/hostile/regressions/README.md)."""
    format_name = path.name.split("--")[0]
    document = Document(path=NAMES.get(format_name, path.name), content=path.read_bytes())
    reader = reader_for(document)
    assert reader and reader.name == READER[format_name].name, "not given to its reader"
    reading = assert_read_safely(reader, document)
    assert reading is not None and reading.posts, "a sound capture must be read, not lost"
