"""How a post is recognised across sources: its normalised URL and its aliases."""

from __future__ import annotations

from urllib.parse import urlsplit

from importer.model import Post


def normalise_url(url: str) -> str:
    """host/path?query: without scheme, `www.`, trailing slash and fragment."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[not-an-address": compared as it is written
        return url.split("#")[0]
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def identity(post: Post) -> str | None:
    """A post's normalised URL, or None when it has none."""
    return normalise_url(post.source.url) if post.source.url else None


def keys(post: Post) -> list[str]:
    """Everything a post is known by: its normalised URL and its aliases."""
    found = [identity(post)] + [alias_key(alias) for alias in post.aliases]
    return list(dict.fromkeys(key for key in found if key))


def alias_key(alias: str) -> str:
    return normalise_url(alias) if alias.startswith(("http://", "https://")) else alias
