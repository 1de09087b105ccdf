"""Files and folders: single captures, and mirrors made by wget, HTTrack or the Wayback Machine.

A mirrored file does not say where it came from, but the mirroring tool usually left a
trace, and `origin()` follows the clean ones, in this order:

- HTTrack writes `<!-- Mirrored from host/path by HTTrack Website Copier/3.x [...], DATE -->`
  into each page (the date is when it was mirrored);
- a wget mirror of the Wayback Machine keeps `web.archive.org/web/TIMESTAMP/http:/host/path`
  as its folders;
- a wget mirror keeps `host/path` as its folders, the top folder named after the host;
- a page's `<link rel="canonical">`, which the Wayback Machine rewrites to its own URL.

wget and HTTrack do not record the scheme: such URLs get `http://`. wget saves a
folder's URL (`http://host/a/`) as `host/a/index.html`, so `index.html` is read back as
the folder.
"""

from __future__ import annotations

import html
import mimetypes
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote

from importer.inputs import Skipped, display_path
from importer.readers.base import Document

README_NAMES = {"README", "README.md", "README.txt"}
# What wget and HTTrack write beside the pages: their caches, logs and robots.txt.
MIRROR_CLUTTER = {
    "hts-cache",
    "hts-log.txt",
    "hts-err.txt",
    "hts-in_progress.lock",
    "backblue.gif",
    "fade.gif",
    "robots.txt",
}

PAGE_TYPES = {"text/html", "application/xhtml+xml"}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/svg+xml"}
DATA_TYPES = {"application/xml", "text/xml", "application/json"}
# Python's own table (not the system's, so that every machine guesses alike), plus
# what it lacks and mirrors are full of.
_MIME_TYPES = mimetypes.MimeTypes()
EXTRA_TYPES = {
    ".shtml": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".webp": "image/webp",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
}
IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}

HTTRACK = re.compile(
    r"<!--\s*Mirrored from (\S+) by HTTrack Website Copier/[^\]]*\],\s*([^>]*?)\s*-->"
)
WAYBACK = re.compile(r"web\.archive\.org/web/(\d{14})[a-z_]*/+(https?):/+(.*)", re.IGNORECASE)
TIMESTAMP = re.compile(r"(?<!\d)(\d{14})(?!\d)")
HOST_NAME = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}(?::\d+)?", re.IGNORECASE)
LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")


def folder_files(root: Path) -> list[Path]:
    """The files in a folder, recursively, in name order, without hidden files,
    READMEs and the mirroring tools' own files."""
    return [
        file
        for file in sorted(root.rglob("*"))
        if file.is_file() and not _left_out(file.relative_to(root))
    ]


def file_document(path: Path, root: Path | None) -> Document | Skipped:
    """The document of a file given by name, or found in the folder `root`.

    In a folder, files that are neither pages nor images nor data (style sheets,
    scripts, fonts) are skipped; a file given by name is always read.
    """
    shown = display_path(path)
    named_type = type_from_name(path.name)
    if root is not None and not wanted(named_type, archived=False):
        return Skipped(shown, f"not a page or image ({named_type})", error=False)
    try:
        content = path.read_bytes()
    except OSError as error:
        return Skipped(shown, f"cannot be read: {error.strerror}", error=True)
    media_type = named_type or sniff(content)
    url, captured = origin(path, root, content if media_type in PAGE_TYPES else b"")
    return Document(path=shown, content=content, url=url, captured=captured, media_type=media_type)


def wanted(media_type: str | None, archived: bool) -> bool:
    """True for what may be a page, an image or data that a reader can use.

    Plain text counts in files (text captures) but not in web archives, where it is
    robots.txt and the like. An unknown type counts: a reader may know it.
    """
    if media_type is None or media_type in PAGE_TYPES | IMAGE_TYPES | DATA_TYPES:
        return True
    if media_type.endswith(("+xml", "+json")):
        return True
    return media_type == "text/plain" and not archived


def type_from_name(name: str) -> str | None:
    """The media type a file name suggests; wget keeps a URL's query in the name."""
    name = name.split("?")[0]
    extra = EXTRA_TYPES.get(Path(name).suffix.lower())
    media_type, encoding = _MIME_TYPES.guess_type(name)
    return extra or (media_type if encoding is None else None)


def sniff(content: bytes) -> str | None:
    """The media type of a page or an image, from its first bytes."""
    for magic, media_type in IMAGE_MAGIC.items():
        if content.startswith(magic):
            return media_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.startswith(b"<"):
        return None
    if b"<html" in head or head.startswith((b"<!doctype html", b"<head")):
        return "text/html"
    if b"<svg" in head:
        return "image/svg+xml"
    return "application/xml" if head.startswith(b"<?xml") else None


def origin(path: Path, root: Path | None, page: bytes) -> tuple[str | None, datetime | None]:
    """The URL a mirrored file was fetched from and when, as far as the mirror tells."""
    text = page.decode("latin-1")
    httrack = HTTRACK.search(text)
    candidates = [
        _with_scheme(httrack[1]) if httrack else None,
        _wayback_path(path),
        _mirror_url(path, root) if root else None,
        _canonical(text),
    ]
    url = next((candidate for candidate in candidates if candidate), None)
    captured = None
    if url and (archived := WAYBACK.search(url)):
        url, captured = f"{archived[2].lower()}://{archived[3]}", timestamp(archived[1])
    if captured is None:
        captured = timestamp(path.name)
    if captured is None and httrack:
        captured = http_date(httrack[2])
    return url, captured


def timestamp(text: str | None) -> datetime | None:
    """The first Wayback Machine timestamp (YYYYMMDDhhmmss, UTC) in the text."""
    match = TIMESTAMP.search(text or "")
    if not match:
        return None
    try:
        moment = datetime.strptime(match[1], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return moment if moment.year >= 1991 else None


def wayback_time(url: str) -> datetime | None:
    """The capture time in a Wayback Machine URL."""
    match = WAYBACK.search(url)
    return timestamp(match[1]) if match else None


def http_date(value: str | None) -> datetime | None:
    """An HTTP date (`Mon, 06 Mar 2017 04:02:06 GMT`) as an aware datetime."""
    try:
        moment = parsedate_to_datetime(value or "")
    except (TypeError, ValueError, OverflowError):  # "Tue, 04 Mar 99999999999999999999"
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _left_out(relative: Path) -> bool:
    if relative.name in README_NAMES:
        return True
    return any(part.startswith(".") or part in MIRROR_CLUTTER for part in relative.parts)


def _with_scheme(address: str) -> str:
    return address if re.match(r"https?://", address) else f"http://{address}"


def _wayback_path(path: Path) -> str | None:
    """A path like `.../web.archive.org/web/20110301123456/http:/host/page` as a URL."""
    posix = path.resolve().as_posix()
    match = WAYBACK.search(posix)
    return match and _path_url(posix[match.start() :])


def _mirror_url(path: Path, root: Path) -> str | None:
    """`host/a/b.html` in a wget mirror as `http://host/a/b.html`."""
    parts = path.relative_to(root).parts
    if HOST_NAME.fullmatch(root.resolve().name):
        return _path_url("/".join((root.resolve().name, *parts)))
    if len(parts) > 1 and HOST_NAME.fullmatch(parts[0]):
        return _path_url("/".join(parts))
    return None


def _path_url(address: str) -> str:
    if address == "index.html" or address.endswith("/index.html"):
        address = address.removesuffix("index.html")
    return "http://" + quote(address, safe="/:?=&%@+,;~!$'()*")


def _canonical(text: str) -> str | None:
    for tag in LINK_TAG.findall(text):
        attributes = {
            name.lower(): html.unescape(value.strip("\"'"))
            for name, value in ATTRIBUTE.findall(tag)
        }
        rel = attributes.get("rel", "").lower().split()
        href = attributes.get("href", "")
        if "canonical" in rel and re.match(r"https?://", href):
            return href
    return None
