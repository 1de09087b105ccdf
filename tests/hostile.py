"""Hostile input for the tests of "nothing executes, nothing is lost".

- `SOURCES`: hand-written hostile captures in every input format
  (tests/fixtures/hostile/README.md lists them); `EDITOR`: hostile posts as an editor
  could write them in content/.
- `generate_sources`: what is too big or too binary to commit, made at test time: a
  10 MB page, a post with 5,000 reactions, web archives (sound, truncated, corrupt,
  not one at all) with images whose names try path traversal, and a mirror with a
  symbolic link out of it.
- `scan_site`, `scan_html`, `scan_xml`, `scan_svg`: the output invariant. Every
  problem is a line naming the file; an empty list means nothing in the site can run
  a script, load a frame or send a form anywhere but to the search page.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
from warcio.warcwriter import WARCWriter

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hostile"
SOURCES = FIXTURES / "sources"
EDITOR = FIXTURES / "editor"
REGRESSIONS = FIXTURES / "regressions"
PAYLOAD = (FIXTURES / "payload.html").read_text("utf-8")

# Texts for titles, names, tags and reactions: markup, links, controls, odd Unicode.
HOSTILE_TEXTS = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "[klik](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#106;avascript:alert(1)",
    "{: onclick=alert(1) }",
    "*[HTML]: <script>alert(1)</script>",
    "[^1]: <script>alert(1)</script>",
    "---\ntitle: overschreven\n---",
    "key: value\n- lijst\n? vraag",
    "!!python/object/apply:os.system ['echo pwned']",
    "&anchor *alias <<: merge",
    "'enkel' \"dubbel\" `code` \\ backslash",
    "ambtenarenÃ« cafÃ© â€™ Â ",
    "\u202egnp.exe\u202c \u200d\u200b\ufeff e\u0301 ｆｕｌｌ 🎉",
    "tab\there nieuwe\nregel\r\nwindows\rmac",
    "\x00\x01\x07\x1b\x7f\x85\u2028\u2029",
    "../../etc/passwd",
    "CON",
    "aux.txt",
    "",
    " ",
    "null",
    "~",
    "yes",
    "2013-08-12T09:28:00+02:00",
    "0x1F",
    "1e3",
    "# kop",
    "> citaat",
    "- lijst",
    "1. lijst",
    "    code",
]


# Generated sources


def generate_sources(folder: Path) -> Path:
    """Write the generated hostile sources into `folder`; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    _big_page(folder / "big-page.html")
    _many_reactions(folder / "ning-5000" / "ning-blogs.json", 5000)
    web = folder / "web"
    web.mkdir(exist_ok=True)
    _write_warc(web / "site.warc.gz")
    whole = (web / "site.warc.gz").read_bytes()
    members = [match.start() for match in re.finditer(b"\x1f\x8b\x08", whole)]
    (web / "truncated.warc.gz").write_bytes(whole[: (members[3] + members[4]) // 2])
    (web / "truncated-trailer.warc.gz").write_bytes(whole[:-5])  # the last CRC cut
    corrupt = bytearray(whole)
    middle = len(corrupt) // 2
    corrupt[middle : middle + 64] = b"\x00" * 64
    (web / "corrupt.warc.gz").write_bytes(bytes(corrupt))
    (web / "not-an-archive.warc").write_bytes(b"WARC/1.0\r\nthis is not a record\r\n\r\n" * 3)
    (web / "empty.warc.gz").write_bytes(b"")
    (web / "gzip-garbage.warc.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 200)
    mirror = folder / "mirror" / "ambtenaar20.ning.com" / "profiles" / "blogs"
    mirror.mkdir(parents=True, exist_ok=True)
    (mirror / "link-out.txt").symlink_to("/etc/passwd")
    (mirror / "link-out.html").symlink_to(Path(__file__).resolve())
    return folder


def _big_page(path: Path) -> None:
    """A 10 MB Ning page: a big inline script, a data: image, style, a comment, text."""
    template = (SOURCES / "dubbel-1.html").read_text("utf-8")
    paragraph = (
        "<p>Een alinea over ambtenaren en samenwerking, met <b>vet</b> en "
        "<a href='http://ok.example/x' onclick='alert(1)'>een link</a>.</p>\n"
    )
    image = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(3_000_000)).decode()
    body = "".join(
        [
            PAYLOAD,
            paragraph * 1000,
            "<script>var blob = '" + "A" * 4_000_000 + "';</script>\n",
            f'<p><img alt="groot" src="data:image/png;base64,{image}"></p>\n',
            "<style>" + ".x{background:url(javascript:alert(1))}" * 20_000 + "</style>\n",
            "<!--" + "c" * 1_500_000 + "-->",
            paragraph * 1000,
        ]
    )
    page = template.replace("<p>Tekst 1.</p>", body).replace("dubbel-1", "tien-megabyte")
    page = page.replace("<h1>Dezelfde titel</h1>", "<h1>Een pagina van tien megabyte</h1>")
    path.write_text(page, "utf-8")
    assert path.stat().st_size >= 10_000_000


def _many_reactions(path: Path, count: int) -> None:
    """A Ning Archiver export: one post with `count` hostile reactions, threaded."""
    comments = []
    for number in range(count):
        comment = {
            "id": f"2003008:Comment:{number}",
            "contributorName": f"lid{number % 40}",
            "description": (
                f"<p>Reactie {number} <script>alert({number})</script> "
                f'<a href="javascript:alert({number})" onclick="x()">link</a></p>'
            ),
            "createdDate": (
                f"2013-{number % 12 + 1:02d}-{number % 28 + 1:02d}T"
                f"{number // 60 % 24:02d}:{number % 60:02d}:{number % 7:02d}Z"
            ),
        }
        if number % 3 == 1:
            comment["parentCommentId"] = f"2003008:Comment:{number - 1}"
        comments.append(comment)
    post = {
        "id": "2003008:BlogPost:5000",
        "contributorName": "lid1",
        "title": "Vijfduizend reacties <script>alert(1)</script>",
        "description": "<p>Een bericht met heel veel reacties.</p>",
        "createdDate": "2012-12-01T10:00:00Z",
        "url": "http://ambtenaar20.ning.com/profiles/blogs/vijfduizend",
        "comments": comments,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([post]), "utf-8")


SITE = "http://ambtenaar20.ning.com"
# Image addresses that try to leave images/SLUG/ or to be odd file names.
IMAGE_NAMES = [
    "/files/..%2F..%2F..%2Fetc%2Fpasswd.png",
    "/files/%2e%2e/%2e%2e/pelicanconf.py",
    "/files/..%5C..%5Cwindows%5Cwin.ini",
    "/files/nul%00byte.png",
    "/files/CON.png",
    "/files/aux.txt",
    "/files/%E2%80%AEgnp.exe",
    "/files/%3Cscript%3Ealert(1)%3C%2Fscript%3E.gif",
    "/files/.htaccess",
    "/files/" + "lang" * 100 + ".png",
    "/files/x.png?name=../../etc/passwd",
]
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(2)</script><a href='javascript:alert(3)'><text>x</text></a></svg>"
)
SVG_PLAIN = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>'
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _write_warc(path: Path) -> None:
    """A crawl of one hostile Ning page and the images it shows."""
    images = [(f"{SITE}{name}", "image/png", PNG + name.encode()) for name in IMAGE_NAMES]
    images += [
        (f"{SITE}/files/script.svg", "image/svg+xml", SVG_WITH_SCRIPT),
        (f"{SITE}/files/plain.svg", "image/svg+xml", SVG_PLAIN),
    ]
    shown = "".join(
        f'<p><img src="{url}" alt="{url[-20:]}" onerror="alert(1)"></p>' for url, *_ in images
    )
    template = (SOURCES / "dubbel-1.html").read_text("utf-8")
    page = template.replace("<p>Tekst 1.</p>", PAYLOAD + shown).replace("dubbel-1", "met-plaatjes")
    page = page.replace("<h1>Dezelfde titel</h1>", "<h1>Plaatjes met vreemde namen</h1>")
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        records = [(f"{SITE}/profiles/blogs/met-plaatjes", "text/html", page.encode()), *images]
        for url, media_type, body in records:
            http = f"HTTP/1.1 200 OK\r\nContent-Type: {media_type}\r\n\r\n".encode() + body
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(http),
                    length=len(http),
                    warc_headers_dict={"WARC-Date": "2013-06-21T10:00:00Z"},
                )
            )


# The output invariant

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "srcset", "xlink:href", "poster", "background",
    "data", "codebase", "cite", "longdesc", "usemap", "manifest", "icon", "ping", "lowsrc",
    "dynsrc", "archive", "classid", "profile", "imagesrcset", "{http://www.w3.org/1999/xlink}href",
}  # fmt: skip
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
ACTIVE_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:")
SEARCH_PAGE = "zoeken.html"
SEARCH_SCRIPTS = ("pagefind/pagefind-ui.js", "theme/js/zoeken.js")
REDIRECTS_FOLDER = "redirects"

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)
_RAW_SCRIPT = re.compile(rb"<script\b", re.I)
_RAW_FORBIDDEN = re.compile(rb"<(?:iframe|frame|frameset|object|embed|applet|base)\b", re.I)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]*)", re.I)


def scan_site(output: Path) -> list[str]:
    """Every problem in a built site's .html, .xml and .svg files."""
    problems = []
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(output).as_posix()
        if path.suffix == ".html":
            problems += scan_html(path.read_bytes(), relative)
        elif path.suffix == ".xml":
            problems += scan_xml(path.read_bytes(), relative)
        elif path.suffix == ".svg":
            problems += scan_svg(path.read_bytes(), relative)
    return problems


def scan_html(data: bytes | str, name: str, feed: bool = False) -> list[str]:
    """What in one HTML document (or fragment, from a feed) could run or send something."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    is_search_page = not feed and name == SEARCH_PAGE
    is_redirect = not feed and name.split("/")[0] == REDIRECTS_FOLDER
    problems = []
    allowed_scripts = len(SEARCH_SCRIPTS) if is_search_page else 0
    # Parser-independent: a `<script` or frame tag in the bytes is one, whatever a
    # parser makes of the markup around it (text and attribute values escape "<").
    if len(_RAW_SCRIPT.findall(raw)) > allowed_scripts:
        problems.append(f"{name}: <script in the markup")
    if match := _RAW_FORBIDDEN.search(raw):
        problems.append(f"{name}: {match.group(0).decode(errors='replace')} in the markup")
    if not raw.strip():
        return problems
    try:
        root = (
            lxml.html.fragment_fromstring(raw.decode("utf-8"), create_parent="div")
            if feed
            else lxml.html.document_fromstring(raw)
        )
    except (lxml.etree.ParserError, ValueError) as error:
        return [*problems, f"{name}: cannot be parsed as HTML ({error})"]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        problems += _element_problems(element, name, is_search_page, is_redirect)
    return problems


def _element_problems(element, name: str, search_page: bool, redirect: bool) -> list[str]:
    tag = element.tag.lower().rpartition("}")[2]
    where = f"{name}:{element.sourceline or '?'}: <{tag}>"
    problems = []
    if tag == "script":
        source = element.get("src") or ""
        if not (search_page and source.endswith(SEARCH_SCRIPTS) and not (element.text or "")):
            problems.append(f"{where} a script ({source or (element.text or '')[:40]!r})")
    if tag in FORBIDDEN_ELEMENTS:
        problems.append(f"{where} is not allowed")
    if tag == "form" and not _is_search_form(element):
        problems.append(f"{where} a form that is not the search form")
    if tag == "meta" and (element.get("http-equiv") or "").strip().lower() == "refresh":
        target = _REFRESH_URL.search(element.get("content") or "")
        if not redirect:
            problems.append(f"{where} a refresh outside the redirect pages")
        elif target and _is_active(target.group(1)):
            problems.append(f"{where} a refresh to {target.group(1)!r}")
    if tag == "style" and _active_css(element.text or ""):
        problems.append(f"{where} a style sheet with expression() or url()")
    for attribute, value in element.attrib.items():
        attribute = attribute.lower()
        if attribute.startswith("on"):
            problems.append(f"{where} an event handler {attribute}={value[:40]!r}")
        elif attribute == "style" and _active_css(value):
            problems.append(f"{where} style={value[:60]!r}")
        elif attribute in URL_ATTRIBUTES:
            for url in _urls(attribute, value):
                if _is_active(url) and not (tag == "img" and attribute == "src" and _data(url)):
                    problems.append(f"{where} {attribute}={url[:60]!r}")
    return problems


def _is_search_form(form) -> bool:
    action = (form.get("action") or "").strip()
    method = (form.get("method") or "get").strip().lower()
    return urlsplit(action).path.endswith(SEARCH_PAGE) and method == "get"


def _urls(attribute: str, value: str) -> list[str]:
    if attribute.endswith("srcset"):
        return [candidate.strip().split(" ")[0] for candidate in value.split(",")]
    return [value]


def _normalised(url: str) -> str:
    """A URL as a browser reads its scheme: control characters and spaces ignored."""
    return re.sub(r"[\x00-\x20\x7f]+", "", url).lower()


def _is_active(url: str) -> bool:
    return _normalised(url).startswith(ACTIVE_SCHEMES)


def _data(url: str) -> bool:
    return _normalised(url).startswith("data:")


def _active_css(css: str) -> bool:
    css = _CSS_COMMENT.sub("", css)
    css = _CSS_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], css)
    css = re.sub(r"\s+", "", css).lower()
    return any(word in css for word in ("expression(", "url(", "javascript:", "behavior:"))


def scan_xml(data: bytes, name: str) -> list[str]:
    """A feed (or any XML file): its own links, and the HTML it carries as text."""
    try:
        root = lxml.etree.fromstring(
            data, lxml.etree.XMLParser(resolve_entities=False, no_network=True)
        )
    except lxml.etree.XMLSyntaxError as error:
        return [f"{name}: not well-formed XML ({error})"]
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = lxml.etree.QName(element).localname
        for attribute, value in element.attrib.items():
            local = lxml.etree.QName(attribute).localname.lower()
            if local.startswith("on") or (local in URL_ATTRIBUTES and _is_active(value)):
                problems.append(f"{name}:{element.sourceline}: <{tag} {local}={value[:60]!r}>")
        text = element.text or ""
        if tag in ("link", "id", "uri", "icon", "logo", "loc") and _is_active(text):
            problems.append(f"{name}:{element.sourceline}: <{tag}> {text[:60]!r}")
        if not _carries_html(element, tag) or "<" not in text:
            continue
        # Markup carried as text (Atom type="html", RSS description): escaped in the
        # XML, it is HTML to every feed reader, so it must be as safe as a page. Other
        # text (an Atom title or name without type="html") is shown as text.
        if re.search(r"<\s*script", text, re.I):
            problems.append(f"{name}:{element.sourceline}: <{tag}> carries an escaped <script")
        if re.search(r"<[^>]*j\W*a\W*v\W*a\W*s\W*c\W*r\W*i\W*p\W*t\W*:", text, re.I):
            problems.append(f"{name}:{element.sourceline}: <{tag}> carries an escaped javascript:")
        problems += scan_html(text, f"{name}:{element.sourceline}: <{tag}>", feed=True)
    return problems


def _carries_html(element, tag: str) -> bool:
    kind = (element.get("type") or "").lower()
    return kind in ("html", "xhtml", "text/html") or tag in ("description", "encoded")


def scan_svg(data: bytes, name: str) -> list[str]:
    """An SVG file the site serves: opened on its own, its scripts would run."""
    problems = []
    if _RAW_SCRIPT.search(data) or re.search(rb"\son\w+\s*=", data, re.I):
        problems.append(f"{name}: an SVG with a script or event handler")
    if re.search(rb"javascript:|<foreignObject", data, re.I):
        problems.append(f"{name}: an SVG with javascript: or foreignObject")
    return problems
