"""Slugs: the file and URL names of posts, safe on every file system."""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 80
_SAFE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names Windows reserves for devices, with any extension ("con.md" cannot be a file).
RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{port}{n}" for port in ("com", "lpt") for n in range(10)
}


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by hyphens, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_LENGTH:
            break
        slug = candidate
    slug = slug or (words[0][:MAX_LENGTH] if words else "post")
    return f"{slug}-post" if slug in RESERVED else slug


def is_safe(slug: str) -> bool:
    return bool(_SAFE_SLUG.match(slug)) and len(slug) <= MAX_LENGTH + 4 and slug not in RESERVED
