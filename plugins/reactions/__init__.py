"""Pelican plugin: each post's reactions, loaded, checked and threaded.

For every article it reads `SLUG.reactions.yml` beside the post (see
docs/content-format.md) and gives the templates, before any page is written:

- `article.reactions`: every reaction, oldest first;
- `article.reaction_threads`: the top-level reactions, each with `.replies`;
- `article.reaction_count`.

A reactions file without its post, a duplicate id or a parent that does not exist
fails the build with a message naming the file (through content_format, which
lists every problem of the build at once).

Loading is most of the plugin's time: each file is read, validated and every body
rendered. A site with many reactions files loads them in worker processes (see
loading.py), one per CPU unless the setting `REACTIONS_JOBS` says how many (1: none,
all in the build's own process). With Pelican's content cache on, each file's result
is kept in CACHE_PATH and a rebuild loads only the files that changed (cache.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from content_format import report
from content_format.build_support import worker_count
from content_format.removals import load as removals_of
from content_format.validation import REACTIONS_SUFFIX, Problem, reactions_path

from .cache import ReactionsCache
from .loading import Loaded, Row, load_many

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
    articles = list(generator.articles) + list(generator.translations) + list(generator.drafts)
    files = [(reactions_path(Path(article.source_path)), article.slug) for article in articles]
    problems: list[Problem] = []
    for article, (rows, found) in zip(articles, _load_all(files, generator.settings), strict=True):
        problems += found
        reactions = [_reaction(row) for row in rows]
        article.reactions = reactions
        article.reaction_threads = _threads(reactions)
        article.reaction_count = len(reactions)
    problems += _orphans(generator, files)
    report(problems)


def no_reactions_on_pages(generator):
    for page in list(generator.pages) + list(generator.hidden_pages):
        page.reactions, page.reaction_threads, page.reaction_count = [], [], 0


def _load_all(files: list[tuple[Path, str]], settings) -> list[Loaded]:
    """Each file's rows or problems: from the cache if it has them, else loaded."""
    markdown, removals = settings["MARKDOWN"], removals_of(settings)
    cache = ReactionsCache.open(settings, markdown, removals)
    results: list[Loaded] = [([], []) for _ in files]
    missing = []
    for index, (path, slug) in enumerate(files):
        if not path.exists():
            continue
        rows = cache.get(path, slug)
        if rows is None:
            missing.append(index)
        else:
            results[index] = (rows, [])
    wanted = [files[index] for index in missing]
    loaded_now = load_many(wanted, markdown, removals, worker_count(settings, "REACTIONS_JOBS"))
    for index, loaded in zip(missing, loaded_now, strict=True):
        results[index] = loaded
        if not loaded[1]:
            cache.put(*files[index], loaded[0])
    cache.save()
    return results


def _reaction(row: Row) -> Reaction:
    identifier, author, date, parent, html, removed = row
    return Reaction(identifier, author, date, parent, Markup(html), removed)


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


def _orphans(generator, files: list[tuple[Path, str]]) -> list[Problem]:
    """Reactions files with no post beside them that no article claims either."""
    content = Path(generator.path)
    lonely = [
        path
        for folder in generator.settings["ARTICLE_PATHS"]
        for path in sorted((content / folder).rglob(f"*{REACTIONS_SUFFIX}"))
        if not _post_beside(path).exists()
    ]
    if not lonely:
        return []
    seen = {path.resolve() for path, _ in files}
    return [
        Problem(
            str(path), 1, f"no post beside this reactions file: expected {_post_beside(path).name}"
        )
        for path in lonely
        if path.resolve() not in seen
    ]


def _post_beside(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(REACTIONS_SUFFIX) + ".md")


def register():
    signals.article_generator_finalized.connect(attach_reactions)
    signals.page_generator_finalized.connect(no_reactions_on_pages)
