"""Several captures of one post become one post, with every reaction once.

A post's comments may be spread over pages (`?page=2`), and the same page may have
been captured several times over the years. Captures are the same post when their
URLs are the same after normalising (http and https, `www.`, a trailing slash, the
fragment, comment-page parameters). Posts without a URL are never merged.

Which capture wins:
- title, body, author, date, category, summary: the first page of comments, latest
  capture first; a field it lacks is taken from the next capture that has it;
- tags: the union, in order of appearance; views: the highest count;
- reactions: the union; two reactions are the same when they have the same source
  id (a Ning or WordPress comment id), or the same author, minute and text after
  normalising white space. The first capture that has a reaction gives its text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from importer.model import Post, Reaction

_EARLIEST = datetime.min.replace(tzinfo=UTC)


@dataclass
class Merged:
    post: Post
    captures: list[Post] = field(default_factory=list)
    duplicates: int = 0


def merge(posts: list[Post]) -> list[Merged]:
    """The posts grouped by identity, each group merged; in order of first appearance."""
    groups: dict[str, list[Post]] = {}
    for number, post in enumerate(posts):
        groups.setdefault(identity(post) or f"\x00{number}", []).append(post)
    return [_merge_group(captures) for captures in groups.values()]


def identity(post: Post) -> str | None:
    """A post's normalised URL, or None when it has none."""
    return normalise_url(post.source.url) if post.source.url else None


def normalise_url(url: str) -> str:
    """host/path?query: without scheme, `www.`, trailing slash and fragment."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def _merge_group(captures: list[Post]) -> Merged:
    if len(captures) == 1:
        return Merged(post=captures[0], captures=captures)
    ordered = sorted(captures, key=lambda p: (p.comment_page, -_timestamp(p.source.captured)))
    primary = ordered[0]
    post = replace(
        primary,
        title=primary.title,
        author=_first(ordered, "author"),
        date=_first(ordered, "date"),
        category=_first(ordered, "category"),
        summary=_first(ordered, "summary"),
        body=primary.body if primary.body.strip() else _first(ordered, "body") or "",
        tags=_union(capture.tags for capture in ordered),
        views=max((c.views for c in ordered if c.views is not None), default=None),
        comment_page=1,
    )
    reactions, duplicates = _union_reactions(
        sorted(captures, key=lambda p: (p.comment_page, _timestamp(p.source.captured)))
    )
    post.reactions = sorted(reactions, key=lambda r: (r.date is None, _timestamp(r.date)))
    return Merged(post=post, captures=captures, duplicates=duplicates)


def _union_reactions(pages: list[Post]) -> tuple[list[Reaction], int]:
    """Every reaction once, with replies that open a page tied to the page before."""
    kept: list[Reaction] = []
    by_key: dict[object, Reaction] = {}
    renamed: dict[str, str] = {}
    duplicates = 0
    last_at_depth: dict[int, Reaction] = {}
    for page in pages:
        if page.comment_page == 1:
            last_at_depth = {}
        for reaction in page.reactions:
            reaction = replace(reaction)
            _attach_to_previous_page(reaction, last_at_depth)
            keys = _keys(reaction)
            existing = next((by_key[key] for key in keys if key in by_key), None)
            if existing is not None:
                duplicates += 1
                renamed[reaction.stable_id()] = existing.stable_id()
                if existing.date is None and reaction.date is not None:
                    existing.date = reaction.date
                continue
            kept.append(reaction)
            for key in keys:
                by_key[key] = reaction
    for reaction in kept:
        if reaction.parent in renamed:
            reaction.parent = renamed[reaction.parent]
    return kept, duplicates


def _attach_to_previous_page(reaction: Reaction, last_at_depth: dict[int, Reaction]) -> None:
    if reaction.depth is None:
        return
    if reaction.parent is None and reaction.depth > 0:
        parent = last_at_depth.get(reaction.depth - 1)
        if parent is not None:
            reaction.parent = parent.stable_id()
    reaction.id = reaction.stable_id()
    last_at_depth[reaction.depth] = reaction
    for deeper in [depth for depth in last_at_depth if depth > reaction.depth]:
        del last_at_depth[deeper]


def _keys(reaction: Reaction) -> list[object]:
    keys: list[object] = []
    if reaction.origin_id:
        keys.append(("origin", reaction.origin_id))
    minute = reaction.date.astimezone(UTC).strftime("%Y%m%d%H%M") if reaction.date else None
    keys.append(("content", reaction.author, minute, _normalised(reaction.body)))
    return keys


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _first(posts: list[Post], name: str):
    return next((getattr(p, name) for p in posts if getattr(p, name)), None)


def _union(lists) -> list[str]:
    union: list[str] = []
    for items in lists:
        union.extend(item for item in items if item not in union)
    return union


def _timestamp(moment: datetime | None) -> float:
    return (moment or _EARLIEST).timestamp()
