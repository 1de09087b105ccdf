"""The importer's model: what every reader produces and the writer consumes.

Plain dataclasses without I/O. Text fields hold Markdown; dates are timezone-aware
datetimes or None when the source does not say.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Source:
    """Where a post was read from.

    `format` is the reader that read it ("wxr", "ning", "text"...); it decides which
    source wins when several describe one post, and is not written to content.
    """

    platform: str
    file: str
    url: str | None = None
    captured: datetime | None = None
    format: str | None = None


@dataclass
class Reaction:
    """A reaction to a post.

    `origin_id` is the source's own identifier (a Ning or WordPress comment id),
    used to recognise the same reaction in several captures; `depth` is the thread
    depth a page showed, for replies whose parent is on another comment page;
    `found_in` is the source file it was read from, for the report. None of these is
    written to content.
    """

    author: str | None
    date: datetime | None
    body: str
    parent: str | None = None
    id: str | None = None
    origin_id: str | None = None
    depth: int | None = None
    found_in: str | None = None

    def stable_id(self) -> str:
        """An id derived from who wrote what when, the same on every import.

        Only the start of the text counts, so that a later fix in how bodies are
        cleaned up does not turn a known reaction into a new one.
        """
        if self.id:
            return self.id
        stamp = self.date.strftime("%Y-%m-%dT%H:%M") if self.date else ""
        words = _fingerprint(self.body)[:80]
        digest = hashlib.sha256(f"{self.author or ''}|{stamp}|{words}".encode())
        return digest.hexdigest()[:10]


@dataclass
class Post:
    """A post and its reactions.

    `comment_page` is the page of comments this capture showed (1 for the first);
    `aliases` are other addresses or identifiers the source knows the post by (a
    WordPress `?p=123` link or guid, a Disqus thread identifier), used to recognise it
    in other sources. A `reactions_only` post carries reactions for a post that lives
    elsewhere (a Disqus thread): it is merged into that post, never written alone.
    None of these three is written to content.
    """

    title: str
    body: str
    source: Source
    slug: str | None = None
    date: datetime | None = None
    author: str | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    views: int | None = None
    reactions: list[Reaction] = field(default_factory=list)
    comment_page: int = 1
    aliases: list[str] = field(default_factory=list)
    reactions_only: bool = False

    @property
    def date_not_after(self) -> datetime | None:
        """The latest moment the post can have been written, when its date is unknown."""
        if self.date is not None:
            return None
        known = [r.date for r in self.reactions if r.date is not None]
        return min(known) if known else self.source.captured


def _fingerprint(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\W+", "", folded)
