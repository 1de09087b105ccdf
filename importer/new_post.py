"""`make new TITLE="..."`: start a new post written by an editor.

Writes `content/posts/YYYY/SLUG.md`, dated now (Europe/Amsterdam, to the minute),
with `source.platform: editor`, and beside it an empty reactions file, then prints
both paths. The slug is made from the title, as the importer makes slugs. Refuses,
with a message and exit status 1, when the title is missing or gives no slug, or
when a post with that slug exists anywhere in `content/posts`.

    python -m importer.new_post --title "..." [--author "..."] [--category Blog]
        [--content content]

Empty values count as not given (so `make new` can pass what it was given as is):
no author is `author: null`, no category is `Blog`.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

from .content_files import atomic_write, render_post, render_reactions
from .dates import AMSTERDAM
from .slugs import slugify

DEFAULT_CATEGORY = "Blog"
POSTS = "posts"
_SLUG_LINE = re.compile(r"^slug:\s*['\"]?([^'\"\s]+)", re.MULTILINE)


class NewPostError(ValueError):
    """A post that cannot be started; the message says why, for an editor."""


def new_post(
    content: Path,
    title: str | None,
    author: str | None = None,
    category: str | None = None,
    now: datetime | None = None,
) -> list[Path]:
    """Write a new post and its empty reactions file; return their paths."""
    title = " ".join((title or "").split())
    if not title:
        raise NewPostError('a new post needs a title: make new TITLE="De titel"')
    if not re.search(r"[A-Za-z0-9]", _ascii(title)):
        raise NewPostError(f"the title {title!r} has no letters or digits to make a slug from")
    slug = slugify(title)
    existing = find_slug(Path(content) / POSTS, slug)
    if existing is not None:
        raise NewPostError(
            f"a post with slug {slug!r} already exists: {existing}; choose another title "
            "(or change that post)"
        )
    moment = (now or datetime.now(AMSTERDAM)).astimezone(AMSTERDAM)
    moment = moment.replace(second=0, microsecond=0)
    front = {
        "title": title,
        "date": moment,
        "author": " ".join((author or "").split()) or None,
        "category": " ".join((category or "").split()) or DEFAULT_CATEGORY,
        "tags": [],
        "slug": slug,
        "source": {"platform": "editor", "url": None, "captured": None, "file": None},
    }
    folder = Path(content) / POSTS / f"{moment.year:04d}"
    post = folder / f"{slug}.md"
    reactions = folder / f"{slug}.reactions.yml"
    atomic_write(post, render_post(front, ""))
    atomic_write(reactions, render_reactions(slug, []))
    return [post, reactions]


def find_slug(posts: Path, slug: str) -> Path | None:
    """A file in `posts` that has `slug`: by its name or by its front matter."""
    if not posts.is_dir():
        return None
    for path in sorted(posts.rglob("*")):
        if path.name in (f"{slug}.md", f"{slug}.reactions.yml"):
            return path
    for path in sorted(posts.rglob("*.md")):
        head = path.read_text("utf-8", errors="replace").split("\n---", 1)[0]
        if any(match == slug for match in _SLUG_LINE.findall(head)):
            return path
    return None


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m importer.new_post", description="Start a new post written by an editor."
    )
    parser.add_argument("--title", default="", help="the post's title (required)")
    parser.add_argument("--author", default="", help="the author's name (default: null)")
    parser.add_argument("--category", default="", help=f"default: {DEFAULT_CATEGORY}")
    parser.add_argument("--content", default="content", help="the content folder")
    arguments = parser.parse_args(argv)
    try:
        paths = new_post(
            Path(arguments.content), arguments.title, arguments.author, arguments.category
        )
    except NewPostError as error:
        print(f"make new: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    print(
        f"Write the text below the second '---' line of {paths[0]}, preview with "
        "`make devserver` and run `make check`.",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
