"""HTML from a capture to Markdown: sanitized first, then converted.

Imported HTML is untrusted. It is cleaned with nh3 (the Ammonia sanitizer) to an
allow list of content elements, so no script, style, event handler, iframe or
`javascript:`/`data:` URL survives; relative links are made absolute against the
page's URL; then markdownify writes Markdown, escaping everything that Markdown
would read as markup.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import nh3
from bs4 import BeautifulSoup
from bs4.exceptions import ParserRejectedMarkup
from markdownify import MarkdownConverter

from importer import markdown_text

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "li", "ol", "p", "pre", "q", "s", "strike", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "title"}}
DROPPED_WITH_CONTENT = {"script", "style", "noscript", "template", "iframe", "object", "svg"}
URL_SCHEMES = {"http", "https"}

_BLOCK_START = re.compile(r"(^|\n)([ \t]*(?:#{1,6}|>|[-+*]|\d{1,9}[.)])(?=\s|$))")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_HARD_BREAK_BEFORE_BLANK = re.compile(r"[ \t]+\n\n")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)([^>]*)>?")


class _Converter(MarkdownConverter):
    def escape(self, text, parent_tags):
        """Escape for Python-Markdown, which knows fewer escapes than CommonMark."""
        if not text:
            return ""
        return _BLOCK_START.sub(r"\1\\\2", markdown_text.escape(text))

    def convert_img(self, el, text, parent_tags):
        if not el.get("src"):
            return ""
        return super().convert_img(el, text, parent_tags)

    def convert_a(self, el, text, parent_tags):
        if not el.get("href"):
            return text
        return super().convert_a(el, text, parent_tags)


_CONVERTER = _Converter(
    heading_style="ATX",
    bullets="-",
    escape_misc=False,
    escape_asterisks=False,
    escape_underscores=False,
    autolinks=True,
)


def parse_fragment(markup: str) -> BeautifulSoup:
    """html.parser's tree of a bit of HTML from a capture, whatever it holds.

    html.parser rejects a marked section it does not know (`<![x ...>`, which browsers
    read as a comment up to the next `>`); such a section is read as browsers read it.
    """
    try:
        return BeautifulSoup(markup, "html.parser")
    except ParserRejectedMarkup:
        return BeautifulSoup(_MARKED_SECTION.sub(r"<!--\1-->", markup), "html.parser")


def sanitize(html: str) -> str:
    # A lone surrogate (JSON's "\ud800") is no character: nh3 cannot take it.
    html = _SURROGATE.sub("\ufffd", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def to_markdown(html: str, base_url: str | None = None) -> str:
    """Markdown for an HTML fragment; empty string when nothing is left."""
    soup = BeautifulSoup(sanitize(html), "html.parser")
    if base_url:
        for element, attribute in [(a, "href") for a in soup.find_all("a")] + [
            (img, "src") for img in soup.find_all("img")
        ]:
            if element.get(attribute):
                try:
                    element[attribute] = urljoin(base_url, element[attribute])
                except ValueError:  # a base or reference that is no URL ("http://[x")
                    del element[attribute]
    markdown = _CONVERTER.convert_soup(soup)
    return tidy(markdown)


def tidy(markdown: str) -> str:
    """One blank line between blocks, no hard break before a paragraph end."""
    markdown = markdown.replace("\r", "")
    markdown = _BLANK_LINES.sub("\n\n", markdown)
    markdown = _HARD_BREAK_BEFORE_BLANK.sub("\n\n", markdown)
    lines = [line.rstrip() if not line.endswith("  ") else line for line in markdown.split("\n")]
    markdown = "\n".join(lines).strip()
    markdown = re.sub(r"[ \t]+$", "", markdown)
    return markdown + "\n" if markdown else ""
