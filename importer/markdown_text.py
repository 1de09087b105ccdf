"""Plain text to Markdown: escaping, links, headings and captions.

Text from a capture is never markup: every character that Markdown or HTML would
interpret is escaped, so a reader sees exactly what the old page showed.
"""

from __future__ import annotations

import re

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\""
_ELLIPSIS = ("...", "…")
_INLINE_SPECIAL = re.compile(r"([\\`*\[\]{}])")
_LONE_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(#|>|[-+*](?=\s)|\d+(?=[.)]\s)|=+$|-+$)")


def escape(text: str) -> str:
    """Escape `text` so that Markdown shows it literally."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _LONE_UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub("&amp;", text)
    return text.replace("<", "&lt;")


def paragraph(text: str) -> str:
    """One paragraph of plain text as Markdown, with its full URLs made links.

    A URL that the old site cut short ("http://example.org/a-long-pa...") would be a
    broken link, so it stays text.
    """
    parts = []
    position = 0
    for match in _URL.finditer(text):
        url, after = _split_trailing(match.group(0))
        if not _is_complete(url):
            continue
        parts.append(escape(text[position : match.start()]))
        parts.append(_link(url))
        parts.append(escape(after))
        position = match.end()
    parts.append(escape(text[position:]))
    markdown = "".join(parts)
    if _BLOCK_START.match(markdown):
        markdown = "\\" + markdown if not markdown[0].isdigit() else _escape_number(markdown)
    return markdown


def heading(text: str, level: int = 2) -> str:
    return "#" * level + " " + escape(text)


def caption(text: str) -> str:
    """A photo caption: a paragraph with the class `caption` (attr_list syntax)."""
    return paragraph(text) + "\n{: .caption }"


def join_blocks(blocks: list[str]) -> str:
    return "\n\n".join(block for block in blocks if block) + "\n" if blocks else ""


def _split_trailing(url: str) -> tuple[str, str]:
    if url.endswith(_ELLIPSIS):
        return url, ""
    trimmed = url.rstrip(_TRAILING)
    if trimmed.endswith(")") and trimmed.count("(") < trimmed.count(")"):
        trimmed = trimmed[:-1]
    return trimmed, url[len(trimmed) :]


def _is_complete(url: str) -> bool:
    host = url.split("//", 1)[-1].split("/", 1)[0]
    return not url.endswith(_ELLIPSIS) and "." in host.strip(".")


def _link(url: str) -> str:
    if url.lower().startswith("www."):
        return f"[{escape(url)}](http://{url})"
    return f"<{url}>"


def _escape_number(markdown: str) -> str:
    digits = re.match(r"\d+", markdown).group(0)
    return digits + "\\" + markdown[len(digits) :]
