"""What several sources say about one post becomes one post, with every reaction once.

A post's comments may be spread over pages (`?page=2`), the same page may have been
captured several times over the years, and one post may come from a WordPress export
and from a WARC of its page, or from a Ning page and a Disqus export of its comments.

Captures are the same post when their URLs are the same after normalising (http and
https, `www.`, a trailing slash, the fragment), or when they share an alias (a
WordPress `?p=123` link or post id, a Disqus thread identifier). Posts without a URL
or alias are never merged.

Which source wins, field by field (stable, whatever the order of the sources):
1. the source format's rank: a WordPress export (wxr), then the Ning Archiver's JSON,
   then a saved page (ning, wordpress), then a text capture, then the generic reader;
   a Disqus export only ever adds reactions;
2. then the first page of comments, then the latest capture, then the file name.
The winner gives title, body, author, date, category, summary and the source
metadata; a field it lacks comes from the next source that has it. Tags are the
union in that order; views the highest count.

Reactions are the union. Two reactions are the same when they have the same source id
(a Ning, WordPress or Disqus comment id), or the same author, minute and text after
normalising white space; the copy from the winning source is kept. Editors' edits in
content/ still win over every source: the writer sees to that.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from importer.identity import keys
from importer.model import Post, Reaction

_EARLIEST = datetime.min.replace(tzinfo=UTC)
RANK = {"wxr": 0, "ning-json": 1, "ning": 2, "wordpress": 2, "text": 3, "generic": 4}
REACTIONS_ONLY_RANK = 9


@dataclass
class Merged:
    """One post and what it was made of.

    `post` is None when every capture only carried reactions (a Disqus thread): the
    pipeline then looks for the post in content/. `dropped` are the reactions taken
    once from another capture.
    """

    post: Post | None
    captures: list[Post] = field(default_factory=list)
    dropped: list[Reaction] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    reactions: list[Reaction] = field(default_factory=list)


def merge(posts: list[Post]) -> list[Merged]:
    """The posts grouped by identity, each group merged; in order of first appearance."""
    return [_merge_group(group) for group in _groups(posts)]


def _groups(posts: list[Post]) -> list[list[Post]]:
    """Posts that share any key, transitively, in order of first appearance."""
    parent = list(range(len(posts)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    owner: dict[str, int] = {}
    for index, post in enumerate(posts):
        for key in keys(post):
            if key in owner:
                parent[root(index)] = root(owner[key])
            else:
                owner[key] = index
    groups: dict[int, list[Post]] = {}
    for index, post in enumerate(posts):
        groups.setdefault(root(index), []).append(post)
    return list(groups.values())


def _rank(post: Post):
    rank = REACTIONS_ONLY_RANK if post.reactions_only else RANK.get(post.source.format, 5)
    return (rank, post.comment_page, -_timestamp(post.source.captured), post.source.file)


def _merge_group(captures: list[Post]) -> Merged:
    ordered = sorted(captures, key=_rank)
    group_keys = list(dict.fromkeys(key for capture in ordered for key in keys(capture)))
    reactions, dropped = _union_reactions(ordered)
    reactions.sort(key=lambda r: (r.date is None, _timestamp(r.date)))
    primary = ordered[0]
    if primary.reactions_only:
        return Merged(None, captures, dropped, group_keys, reactions)
    if len(captures) == 1:
        return Merged(
            replace(primary, reactions=reactions), captures, dropped, group_keys, reactions
        )
    full = [capture for capture in ordered if not capture.reactions_only]
    post = replace(
        primary,
        author=_first(full, "author"),
        date=_first(full, "date"),
        category=_first(full, "category"),
        summary=_first(full, "summary"),
        body=primary.body if primary.body.strip() else _first(full, "body") or "",
        tags=_union(capture.tags for capture in full),
        views=max((c.views for c in full if c.views is not None), default=None),
        aliases=_union(capture.aliases for capture in full),
        comment_page=1,
        reactions=reactions,
    )
    return Merged(post, captures, dropped, group_keys, reactions)


def _union_reactions(captures: list[Post]) -> tuple[list[Reaction], list[Reaction]]:
    """Every reaction once, with replies that open a page tied to the page before.

    Captures come best first, so a reaction is kept from the best source that has it;
    pages of one capture run are read in page order to tie replies across pages.
    """
    kept: list[Reaction] = []
    dropped: list[Reaction] = []
    by_key: dict[object, Reaction] = {}
    renamed: dict[str, str] = {}
    for capture in _page_runs(captures):
        last_at_depth: dict[int, Reaction] = {}
        for page in capture:
            for reaction in page.reactions:
                reaction = replace(reaction)
                _attach_to_previous_page(reaction, last_at_depth)
                reaction_keys = _keys(reaction)
                existing = next((by_key[key] for key in reaction_keys if key in by_key), None)
                if existing is not None:
                    dropped.append(reaction)
                    renamed[reaction.stable_id()] = existing.stable_id()
                    if existing.date is None and reaction.date is not None:
                        existing.date = reaction.date
                    continue
                kept.append(reaction)
                for key in reaction_keys:
                    by_key[key] = reaction
    for reaction in kept:
        if reaction.parent in renamed:
            reaction.parent = renamed[reaction.parent]
    return kept, dropped


def _page_runs(captures: list[Post]) -> list[list[Post]]:
    """The captures as runs of comment pages: each first page with the later pages.

    A page after the first belongs with the first page captured nearest in time.
    """
    firsts = [capture for capture in captures if capture.comment_page == 1]
    runs = {id(first): [first] for first in firsts}
    orphans = []
    for capture in captures:
        if capture.comment_page == 1:
            continue
        if not firsts:
            orphans.append([capture])
            continue
        nearest = min(
            firsts,
            key=lambda first: abs(
                _timestamp(first.source.captured) - _timestamp(capture.source.captured)
            ),
        )
        runs[id(nearest)].append(capture)
    ordered = [sorted(runs[id(first)], key=lambda page: page.comment_page) for first in firsts]
    return ordered + orphans


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
    reaction_keys: list[object] = []
    if reaction.origin_id:
        reaction_keys.append(("origin", reaction.origin_id))
    minute = reaction.date.astimezone(UTC).strftime("%Y%m%d%H%M") if reaction.date else None
    reaction_keys.append(("content", reaction.author, minute, _normalised(reaction.body)))
    return reaction_keys


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
