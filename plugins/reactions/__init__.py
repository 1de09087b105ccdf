"""Pelican plugin: each post's reactions, loaded, checked and threaded.

For every article it reads `SLUG.reactions.yml` beside the post (see
docs/content-format.md) and gives the templates, before any page is written:

- `article.reactions`: every reaction, oldest first;
- `article.reaction_threads`: the top-level reactions, each with `.replies`;
- `article.reaction_count`.

A reactions file without its post, a duplicate id or a parent that does not exist
fails the build with a message naming the file (through content_format, which
lists every problem of the build at once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from content_format import report
from content_format.removals import load as removals_of
from content_format.rendering import Renderer
from content_format.validation import (
    REACTIONS_SUFFIX,
    ContentError,
    Problem,
    parse_datetime,
    reactions_path,
    read_reactions,
)

ANCHOR_PREFIX = "reactie-"


@dataclass
class Reaction:
    id: str
    author: str | None
    date: datetime | None
    parent: str | None
    content: Markup
    removed: bool = False
    depth: int = 0
    replies: list[Reaction] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return ANCHOR_PREFIX + self.id


def attach_reactions(generator):
    render = Renderer(generator.settings["MARKDOWN"])
    removals = removals_of(generator.settings)
    articles = list(generator.articles) + list(generator.translations) + list(generator.drafts)
    seen: set[Path] = set()
    problems: list[Problem] = []
    for article in articles:
        path = reactions_path(Path(article.source_path))
        seen.add(path.resolve())
        try:
            reactions = _load(path, article.slug, render, removals)
        except ContentError as error:
            problems += error.problems
            reactions = []
        article.reactions = reactions
        article.reaction_threads = _threads(reactions)
        article.reaction_count = len(reactions)
    problems += _orphans(generator, seen)
    report(problems)


def no_reactions_on_pages(generator):
    for page in list(generator.pages) + list(generator.hidden_pages):
        page.reactions, page.reaction_threads, page.reaction_count = [], [], 0


def _load(path: Path, slug: str, render: Renderer, removals) -> list[Reaction]:
    if not path.exists():
        return []
    data = read_reactions(path)
    if data["post"] != slug:
        raise ContentError(
            [Problem(str(path), 1, f"post is {data['post']!r}, but the post beside it is {slug!r}")]
        )
    reactions = [_reaction(item, render, removals) for item in data["reactions"]]
    reactions.sort(key=_order)
    unreached = {reaction.id for reaction in reactions} - _reachable(reactions)
    if unreached:
        raise ContentError(
            [Problem(str(path), 1, f"reactions answer each other in a circle: {sorted(unreached)}")]
        )
    return reactions


def _reaction(item: dict, render: Renderer, removals) -> Reaction:
    """A reaction as shown; one by a person removed on request shows only a notice."""
    removed = removals.removes(item["author"])
    body = removals.reaction_notice if removed else removals.scrub(item["body"])
    return Reaction(
        id=item["id"],
        author=None if removed else item["author"],
        date=parse_datetime(item["date"]),
        parent=item["parent"],
        content=Markup(render(body)),
        removed=removed,
    )


def _order(reaction: Reaction):
    return (reaction.date is None, reaction.date.timestamp() if reaction.date else 0, reaction.id)


def _threads(reactions: list[Reaction]) -> list[Reaction]:
    by_id = {reaction.id: reaction for reaction in reactions}
    roots = []
    for reaction in reactions:
        reaction.replies = []
    for reaction in reactions:
        if reaction.parent is None:
            roots.append(reaction)
        else:
            by_id[reaction.parent].replies.append(reaction)
    _set_depth(roots, 0)
    return roots


def _set_depth(reactions: list[Reaction], depth: int) -> None:
    for reaction in reactions:
        reaction.depth = depth
        _set_depth(reaction.replies, depth + 1)


def _reachable(reactions: list[Reaction]) -> set[str]:
    children: dict[str | None, list[str]] = {}
    for reaction in reactions:
        children.setdefault(reaction.parent, []).append(reaction.id)
    reached, waiting = set(), list(children.get(None, []))
    while waiting:
        identifier = waiting.pop()
        reached.add(identifier)
        waiting.extend(children.get(identifier, []))
    return reached


def _orphans(generator, seen: set[Path]) -> list[Problem]:
    problems = []
    content = Path(generator.path)
    for folder in generator.settings["ARTICLE_PATHS"]:
        for path in sorted((content / folder).rglob(f"*{REACTIONS_SUFFIX}")):
            post = path.with_name(path.name.removesuffix(REACTIONS_SUFFIX) + ".md")
            if path.resolve() not in seen and not post.exists():
                problems.append(
                    Problem(
                        str(path), 1, f"no post beside this reactions file: expected {post.name}"
                    )
                )
    return problems


def register():
    signals.article_generator_finalized.connect(attach_reactions)
    signals.page_generator_finalized.connect(no_reactions_on_pages)
