"""`make check` rules on the Markdown itself: images that exist, and no raw HTML the
build would strip.

An editor who writes `<iframe>` or `onclick=` in a post sees it vanish from the page
without a word; the check says so before the pull request is merged. It renders the
Markdown as the build does, and reports every element and attribute that the
sanitizer removes, at the line of the Markdown where it stands.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup
from markdown import Markdown

from .rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, sanitize

_IMAGE = re.compile(r"!\[[^\]]*\]\((?P<url>[^)\s]+)")
_STATIC = ("{static}/", "{attach}/", "|static|/")
_URL_ATTRIBUTES = {"href", "src"}
_markdown = Markdown(extensions=["markdown.extensions.extra", "markdown.extensions.sane_lists"])


def image_problems(text: str, content: Path, where: Path, first_line: int) -> list[tuple[int, str]]:
    """(line, message) for each image of the content folder that does not exist."""
    problems = []
    for match in _IMAGE.finditer(text):
        url = match.group("url")
        target = _content_file(url, content, where)
        if target is not None and not target.is_file():
            line = first_line + text.count("\n", 0, match.start())
            problems.append((line, f"image {url!r} does not exist in the content folder"))
    return problems


def stripped_markup(text: str, first_line: int) -> list[tuple[int, str]]:
    """(line, message) for raw HTML in `text` that the build's sanitizer removes.

    An element that is removed is reported once, not with each of its attributes.
    """
    if "<" not in text and ":" not in text:
        return []
    raw = _markdown.reset().convert(text)
    kept = Counter(item for element in _elements(sanitize(raw)) for item in element)
    problems = []
    for element in _elements(raw):
        tag, *attributes = element
        if kept[tag] == 0:
            problems.append((_line_of(text, tag, first_line), _describe(tag)))
            continue
        kept[tag] -= 1
        missing = []
        for item in attributes:
            if kept[item] > 0:
                kept[item] -= 1
            else:
                missing.append(item)
        schemes = {item[1].split("=")[0] for item in missing if "=" in item[1]}
        problems += [
            (_line_of(text, item, first_line), _describe(item))
            for item in missing
            if item[1] not in schemes
        ]
    return list(dict.fromkeys(problems))


def _content_file(url: str, content: Path, where: Path) -> Path | None:
    """The file an image address names in content/, or None for outside addresses."""
    for prefix in _STATIC:
        if url.startswith(prefix):
            return content / url[len(prefix) :].split("?")[0]
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.IGNORECASE):
        return None
    return (where.parent / url.split("?")[0]).resolve()


def _elements(html: str) -> list[list[tuple]]:
    """Each element of `html` as [(tag, None), (tag, attribute)..., (tag, "href=scheme:")]."""
    elements = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        items = [(element.name, None)]
        for attribute, value in element.attrs.items():
            items.append((element.name, attribute))
            if attribute in _URL_ATTRIBUTES and isinstance(value, str) and ":" in value:
                scheme = value.split(":", 1)[0].strip().lower()
                if scheme.isalpha():
                    items.append((element.name, f"{attribute}={scheme}:"))
        elements.append(items)
    return elements


def _describe(item) -> str:
    element, attribute = item
    if attribute is None:
        if element not in ALLOWED_TAGS:
            return f"raw HTML <{element}> is removed from the page"
        return f"raw HTML <{element}> is changed on the page"
    if "=" in attribute:
        name, scheme = attribute.split("=", 1)
        allowed = ", ".join(sorted(f"{s}:" for s in URL_SCHEMES))
        return f"{name} with {scheme} on <{element}> is removed (allowed: {allowed})"
    if attribute not in ALLOWED_ATTRIBUTES.get(element, set()):
        return f"attribute {attribute!r} on <{element}> is removed from the page"
    return f"attribute {attribute!r} on <{element}> is changed on the page"


def _line_of(text: str, item, first_line: int) -> int:
    """The line of the Markdown where the element, attribute or link scheme stands."""
    element, attribute = item
    if attribute is None:
        pattern = rf"<{re.escape(element)}\b"
    elif "=" in attribute:
        pattern = re.escape(attribute.split("=", 1)[1])
    else:
        pattern = rf"\b{re.escape(attribute)}\s*="
    match = re.search(pattern, text, re.IGNORECASE)
    return first_line + (text.count("\n", 0, match.start()) if match else 0)
