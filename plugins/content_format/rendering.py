"""Markdown to safe HTML, the same way for post bodies, summaries and reactions.

Editors write Markdown and may write raw HTML in it; whatever they write, the
output holds no script, no event handler and no `javascript:` or `data:` link:
the HTML is cleaned with nh3 (the Ammonia sanitizer) after conversion.
"""

from __future__ import annotations

import copy
import json
import re

import nh3
from markdown import Markdown

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "li", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "p": {"class"},
    "figure": {"class"},
    "span": {"class"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "sup": {"id"}, "li": {"id"},
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}


def markdown_settings(pelican_markdown: dict) -> dict:
    """Pelican's Markdown settings without the `meta` extension.

    Pelican adds `meta`, which would take a first line such as "Herko: goede
    aanvulling" for metadata and drop it; front matter is YAML here instead.
    """
    settings = copy.deepcopy(pelican_markdown)
    extensions = [name for name in settings.get("extensions", []) if not name.endswith(".meta")]
    settings["extensions"] = extensions + [
        name for name in settings.get("extension_configs", {}) if name not in extensions
    ]
    return settings


class Renderer:
    def __init__(self, pelican_markdown: dict):
        settings = markdown_settings(pelican_markdown)
        self._markdown = Markdown(**settings)
        self._plain_text_known = _known_extensions(settings)

    def __call__(self, text: str) -> str:
        html = plain_paragraphs(text) if self._plain_text_known else None
        if html is None:
            html = self._markdown.reset().convert(text)
        return external_images_as_links(sanitize(html))


# Extensions that change nothing in text without markup characters: with only these,
# such text is paragraphs and Python-Markdown need not be run (tests/test_rendering.py
# checks the two agree). Others (smarty, nl2br, ...) do change plain text.
_PLAIN_TEXT_EXTENSIONS = {
    f"{prefix}{name}"
    for prefix in ("", "markdown.extensions.")
    for name in ("extra", "abbr", "attr_list", "def_list", "fenced_code", "footnotes",
                 "md_in_html", "tables", "sane_lists", "toc", "codehilite")
}  # fmt: skip
# A character that is markup somewhere in Markdown, or a control character.
_MARKUP = re.compile(r"[\\`*_\[\]<>&|{}\x00-\x09\x0b-\x1f\x7f]")
# A line that could open a block: a heading, a list item, a quote, a rule, a fence,
# a definition; or, under a paragraph, turn it into a heading.
_BLOCK_START = re.compile(r"^(?:[#:>+=~-]|\d+[.)])", re.MULTILINE)
# White space (of any kind) that starts or ends a line: indents, breaks, or is dropped.
_EDGE_SPACE = re.compile(r"^[^\S\n]|[^\S\n]$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{2,}")


def plain_paragraphs(text: str) -> str | None:
    """The HTML of text that holds no Markdown, or None when it might hold some.

    Most reactions are a few paragraphs of plain text; rendering them this way is a
    hundred times quicker than Python-Markdown, with the same result.
    """
    if _MARKUP.search(text) or _BLOCK_START.search(text) or _EDGE_SPACE.search(text):
        return None
    paragraphs = [paragraph for paragraph in _BLANK_LINES.split(text.strip("\n")) if paragraph]
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def _known_extensions(settings: dict) -> bool:
    extensions = settings.get("extensions", [])
    return all(isinstance(name, str) and name in _PLAIN_TEXT_EXTENSIONS for name in extensions)


def settings_key(pelican_markdown: dict) -> str:
    """A text equal for equal Markdown settings, in this process and the next.

    Settings that hold objects (an extension instance) are keyed by their repr, which
    may name a memory address: equal in this process only, so a cache on disk keyed on
    it is simply never hit.
    """
    try:
        return json.dumps(pelican_markdown, sort_keys=True, default=repr)
    except TypeError:
        return repr(pelican_markdown)


_renderers: dict[str, Renderer] = {}
_RENDERERS_KEPT = 8


def renderer_for(pelican_markdown: dict) -> Renderer:
    """The Renderer for these settings, built once: building Python-Markdown is slow.

    Sharing one is safe because every conversion starts with `reset()`.
    """
    key = settings_key(pelican_markdown)
    renderer = _renderers.get(key)
    if renderer is None:
        if len(_renderers) >= _RENDERERS_KEPT:
            _renderers.clear()
        renderer = _renderers[key] = Renderer(pelican_markdown)
    return renderer


def external_images_as_links(html: str) -> str:
    """An image from another site becomes a link to it: pages load nothing from elsewhere.

    Imported posts keep the original address of an image the capture did not hold;
    readers can still follow it, but no page fetches it.
    """

    def replace(match: re.Match) -> str:
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        source = attributes.get("src", "")
        if not source.startswith(("http://", "https://", "//")):
            return match.group(0)
        label = attributes.get("alt") or source.rstrip("/").rsplit("/", 1)[-1] or source
        return f'<a class="external-image" href="{source}">{label}</a>'

    return _IMAGE.sub(replace, html)


_IMAGE = re.compile(r"<img\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([a-z]+)="([^"]*)"')


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
    )
