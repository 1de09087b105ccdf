"""urllib.parse's `urlsplit` and `urljoin` for addresses from hostile captures.

urllib raises ValueError on an address whose host has brackets that are not an IPv6
address ("http://[x", "https://[link](javascript:...)"), and readers split and join
every address a page holds: one such link made a whole export unreadable. These do
what urllib does, and split such an address with its brackets percent-encoded, as a
host name that leads nowhere.
"""

from __future__ import annotations

from urllib import parse


def urlsplit(url: str, scheme: str = "", allow_fragments: bool = True) -> parse.SplitResult:
    try:
        return parse.urlsplit(url, scheme, allow_fragments)
    except ValueError:
        return parse.urlsplit(_defused(url), scheme, allow_fragments)


def urljoin(base: str | None, url: str, allow_fragments: bool = True) -> str:
    try:
        return parse.urljoin(base, url, allow_fragments)
    except ValueError:
        return parse.urljoin(_defused(base or ""), _defused(url), allow_fragments)


def _defused(url: str) -> str:
    return url.replace("[", "%5B").replace("]", "%5D")
