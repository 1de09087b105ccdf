"""What a reader is: it says which documents are its own and turns one into posts.

A reader never writes files and never imports another reader.
"""

from __future__ import annotations

import codecs
import re
from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from importer.model import Post


@dataclass
class Document:
    """One captured file or record, as an input found it."""

    path: str
    content: bytes
    url: str | None = None
    captured: datetime | None = None
    media_type: str | None = None


@dataclass
class Reading:
    """What a reader got from a document.

    Accounting: every post and every reaction the document holds is either in
    `posts` (with its `reactions`) or counted in `skipped_posts`/`skipped_reactions`
    under the reason it was left out ("draft", "spam", "pingback"), so that the report
    can show read = written + skipped. `notes` say what the reader did that is worth
    knowing but is not a problem ("repaired: missing commas between objects (3)").
    """

    posts: list[Post] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped_posts: Counter[str] = field(default_factory=Counter)
    skipped_reactions: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)


class ReaderError(Exception):
    """The document is of the reader's format but cannot be read."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


class Reader(ABC):
    """Subclasses set `name` (the format, as the report names it)."""

    name = "unknown"

    @abstractmethod
    def accepts(self, document: Document) -> bool:
        """True when the document is of this reader's format."""

    @abstractmethod
    def read(self, document: Document) -> Reading:
        """The document's posts; raises ReaderError when it cannot be read."""


def decode_text(content: bytes) -> tuple[str, list[str]]:
    """Bytes of a text capture as a string, with a warning when it was not UTF-8."""
    for bom, encoding in _BOMS[1:]:  # UTF-16, as Notepad saves "Unicode" text
        if content.startswith(bom):
            return content[len(bom) :].decode(encoding, errors="replace"), []
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8"), []
    except UnicodeDecodeError as error:
        warning = f"not UTF-8 (byte {error.start}); read as Windows-1252"
        return content.decode("cp1252", errors="replace"), [warning]


_HTML_MEDIA_TYPES = {"text/html", "application/xhtml+xml"}
_HTML_START = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|link|script|style)\b",
    re.IGNORECASE | re.DOTALL,
)
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
# Browsers look for the <meta> declaration in the first 1024 bytes; old pages put
# comments and scripts before it, so look a little further.
_PRESCAN_BYTES = 8192


def looks_like_html(content: bytes, media_type: str | None = None) -> bool:
    """True for a document served as HTML or whose first bytes are an HTML page's."""
    if media_type and media_type.split(";")[0].strip().lower() in _HTML_MEDIA_TYPES:
        return True
    head = content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return _HTML_START.match(head) is not None


def decode_html(content: bytes, media_type: str | None = None) -> tuple[str, list[str]]:
    """Bytes of an HTML page as a string, with the encoding a browser would pick.

    A byte order mark wins, then the charset of the HTTP Content-Type, then the page's
    own `<meta charset>` (or `http-equiv`) declaration, then UTF-8. As in browsers,
    Latin-1 and ASCII labels mean Windows-1252, their superset. A page whose bytes do
    not fit its declared charset is tried as UTF-8 (a common misconfiguration), and
    what fits nothing is read as Windows-1252; both with a warning.
    """
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(encoding, errors="replace"), []
    declared = _http_charset(media_type) or _meta_charset(content[:_PRESCAN_BYTES])
    codec = _codec(declared) if declared else "utf-8"
    if codec is None:
        return _decode_fallback(content, f"unknown charset {declared!r}")
    try:
        return content.decode(codec), []
    except UnicodeDecodeError as error:
        problem = f"not {declared or 'UTF-8'} (byte {error.start})"
    if codec != "utf-8":
        return _decode_fallback(content, f"declared {declared!r} but {problem}")
    return content.decode("cp1252", errors="replace"), [f"{problem}; read as Windows-1252"]


def _decode_fallback(content: bytes, problem: str) -> tuple[str, list[str]]:
    try:
        return content.decode("utf-8"), [f"{problem}; read as UTF-8"]
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace"), [f"{problem}; read as Windows-1252"]


def _http_charset(media_type: str | None) -> str | None:
    match = _HTTP_CHARSET.search(media_type or "")
    return match.group(1) if match else None


def _meta_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii", errors="replace") if match else None


def _codec(label: str) -> str | None:
    """Python's codec for a charset label, or None when Python does not know it.

    A page in bytes cannot be UTF-16 without a byte order mark, so a UTF-16 or
    UTF-32 label means UTF-8 (as in browsers).
    """
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in {"ascii", "iso8859-1", "cp1252"}:
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def warn_unknowns(post: Post, warnings: list[str], what: str | None = None) -> None:
    """Say what the source does not say: the writer leaves it empty, never guessed."""
    what = what or repr(post.title)
    if post.author is None:
        warnings.append(f"{what}: the page names no author; author left empty")
    if post.date is None:
        bound = post.date_not_after
        limit = f" (not after {bound.isoformat()})" if bound else ""
        warnings.append(f"{what}: the page gives no date; date left empty{limit}")
