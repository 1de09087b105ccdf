"""Any other HTML page: its main text and metadata, as trafilatura finds them.

The last resort for layouts no other reader knows. trafilatura (a maintained
main-content extractor) finds the title, date, author and the article's text; the
text is asked for as HTML and converted like every other body, through
`importer.html.to_markdown`, so nothing of the page's markup gets through unsanitized.

Reactions are not read: trafilatura cannot tell who wrote which comment, so its
comment extraction is switched off and every page gets a warning saying so. A date
the page gives without a time is midnight in Europe/Amsterdam; dates with an offset
are moved to Amsterdam time, as the other readers do.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import PurePath

import trafilatura
from bs4 import BeautifulSoup

from importer.dates import AMSTERDAM
from importer.html import to_markdown
from importer.model import Post, Source
from importer.readers.base import (
    Document,
    Reader,
    ReaderError,
    Reading,
    decode_html,
    looks_like_html,
    warn_unknowns,
)

NO_REACTIONS = "generic reader: layout not recognised, no reactions read"

# htmldate (trafilatura's date finder) writes this format; a date without a time
# comes out as midnight without an offset.
_DATE_PARAMETERS = {"original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
# A reference to a control character XML forbids (`&#14;`) makes trafilatura find no
# text at all; browsers show nothing for it either.
_FORBIDDEN_REFERENCE = re.compile(
    r"&#(?:0*(?:[0-8]|1[124-9]|2\d|3[01])(?!\d)|[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])(?![0-9a-fA-F]));?"
)


class GenericReader(Reader):
    name = "generic"

    def accepts(self, document: Document) -> bool:
        return looks_like_html(document.content, document.media_type)

    def read(self, document: Document) -> Reading:
        text, warnings = decode_html(document.content, document.media_type)
        extracted = trafilatura.extract_with_metadata(
            _FORBIDDEN_REFERENCE.sub("", text),
            url=document.url,
            output_format="html",
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_links=True,
            include_formatting=True,
            date_extraction_params=_DATE_PARAMETERS,
        )
        if extracted is None:
            raise ReaderError("no main text found")
        title = extracted.title or self._fallback_title(document, warnings)
        url = extracted.url or document.url
        body = to_markdown(_body_html(extracted.text, title), base_url=document.url or url)
        if not body.strip():
            raise ReaderError("no main text found")
        post = Post(
            title=title,
            body=body,
            author=extracted.author or None,
            date=_date(extracted.date),
            source=Source(
                platform="web",
                file=document.path,
                url=url,
                captured=document.captured,
            ),
        )
        warnings.append(NO_REACTIONS)
        warn_unknowns(post, warnings)
        return Reading(posts=[post], warnings=warnings)

    def _fallback_title(self, document: Document, warnings: list[str]) -> str:
        title = PurePath(document.path).stem
        warnings.append(f"no title found; the file name {title!r} is used")
        return title


def _body_html(html: str, title: str) -> str:
    """The `<body>` of trafilatura's HTML, without a first heading that repeats the title."""
    soup = BeautifulSoup(html, "lxml")
    body = soup.body or soup
    first = body.find(True)
    if first is not None and first.name in {"h1", "h2"} and _same_text(first, title):
        first.decompose()
    return body.decode_contents()


def _same_text(element, text: str) -> bool:
    return " ".join(element.get_text().split()).casefold() == " ".join(text.split()).casefold()


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=AMSTERDAM)
    try:
        return moment.astimezone(AMSTERDAM)
    except OverflowError:  # year 9999 or 1 moved past the calendar's edge
        return None
