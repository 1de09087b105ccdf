"""Pelican plugin: read posts and pages in the archive's content format.

Markdown files with YAML front matter (docs/content-format.md), validated against
schemas/ before anything is built. Pelican skips a file its reader cannot read and
carries on; this plugin remembers each such file and fails the build at the end
with every problem listed, so an invalid post is never silently left out.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from pelican import signals
from pelican.contents import Author, Category, Tag
from pelican.readers import MarkdownReader

from .removals import load as removals_of
from .rendering import Renderer, renderer_for
from .validation import ContentError, Problem, parse_datetime, read_front_matter

logger = logging.getLogger(__name__)

# Where a post with no date and no bound at all is sorted: before everything else.
UNKNOWN_DATE = datetime(1900, 1, 1, tzinfo=UTC)

_failures: list[Problem] = []


class ArchiveMarkdownReader(MarkdownReader):
    """Markdown with YAML front matter; invalid files raise ContentError."""

    enabled = True
    file_extensions = ("md", "markdown")

    def read(self, source_path):
        path = Path(source_path)
        kind = "page" if self._is_page(path) else "post"
        try:
            front, body = read_front_matter(path, kind)
        except ContentError as error:
            _failures.extend(error.problems)
            raise
        render, removals = self._render, self._removals
        if kind == "post" and removals.withdraws(front["slug"]):
            return render(removals.post_notice), self._withdrawn(front, removals)
        front = {**front, "title": removals.scrub(front["title"])}
        if front.get("summary"):
            front["summary"] = removals.scrub(front["summary"])
        return render(removals.scrub(body)), self._metadata(front, render, removals)

    @cached_property
    def _render(self) -> Renderer:
        return renderer_for(self.settings["MARKDOWN"])

    @cached_property
    def _removals(self):
        """Loaded once per reader, and Pelican makes new readers for every build."""
        return removals_of(self.settings)

    @cached_property
    def _root(self) -> Path:
        return Path(self.settings["PATH"]).resolve()

    def _is_page(self, path: Path) -> bool:
        relative = path.resolve().relative_to(self._root).as_posix()
        return any(relative.startswith(f"{folder}/") for folder in self.settings["PAGE_PATHS"])

    def _withdrawn(self, front: dict, removals) -> dict:
        """A post withdrawn on request: its address and dates stay, nothing else."""
        date = parse_datetime(front.get("date"))
        bound = parse_datetime(front.get("date_not_after"))
        return {
            "title": removals.post_notice,
            "slug": front["slug"],
            "date": date or bound or UNKNOWN_DATE,
            "date_known": False,
            "date_not_after": None,
            "status": "hidden",
            "withdrawn": True,
            "tags": [],
        }

    def _metadata(self, front: dict, render: Renderer, removals) -> dict:
        metadata = {"title": front["title"], "slug": front["slug"]}
        if front.get("summary"):
            metadata["summary"] = render(front["summary"])
        if "source" not in front:
            return metadata
        date = parse_datetime(front.get("date"))
        bound = parse_datetime(front.get("date_not_after"))
        metadata["date"] = date or bound or UNKNOWN_DATE
        metadata["date_known"] = date is not None
        metadata["date_not_after"] = bound if date is None else None
        if removals.removes(front.get("author")):
            metadata["author_removed"] = True
        elif front.get("author"):
            metadata["author"] = Author(front["author"], self.settings)
            metadata["authors"] = [metadata["author"]]
        if front.get("category"):
            metadata["category"] = Category(front["category"], self.settings)
        metadata["tags"] = [Tag(tag, self.settings) for tag in front.get("tags") or []]
        metadata["views"] = front.get("views")
        metadata["source"] = front["source"]
        return metadata


def report(problems: list[Problem]) -> None:
    """Record problems found by another plugin; the build fails on them at the end."""
    _failures.extend(problems)


def add_reader(readers):
    for extension in ArchiveMarkdownReader.file_extensions:
        readers.reader_classes[extension] = ArchiveMarkdownReader


def reset_failures(pelican):
    _failures.clear()


def fail_on_invalid_content(generators):
    if _failures:
        problems = list(_failures)
        _failures.clear()
        for problem in problems:
            logger.error("%s", problem)
        raise ContentError(problems)


def register():
    signals.initialized.connect(reset_failures)
    signals.readers_init.connect(add_reader)
    signals.all_generators_finalized.connect(fail_on_invalid_content)
