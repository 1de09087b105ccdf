"""The import, from the paths given to the files written.

inputs -> readers -> merge -> links and images -> writer, keeping the report on the
way. Nothing here knows a format: readers are picked by `reader_for`.

Accounting: for every source file, each post and each reaction read ends up either
written or skipped under a reason (by the reader: "draft", "spam"; here: "merged
into another capture of the same post", "duplicate of a reaction from another
capture", "deleted by an editor", "no archived post for this thread"), so that
written + skipped = read holds for posts and for reactions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from importer.content_files import ContentFormatError
from importer.hygiene import active_svg
from importer.identity import identity, normalise_url
from importer.inputs import Skipped, display_path, documents
from importer.links import Assets, is_image, localize
from importer.merge import Merged, merge
from importer.model import Post
from importer.reading import Outcome, read_all
from importer.report import Report, SourceReport
from importer.writer import ContentWriter, Written

MERGED = "merged into another capture of the same post"
DUPLICATE = "duplicate of a reaction from another capture"
NO_POST = "no archived post for this thread"


@dataclass
class _Read:
    post: Post
    entry: SourceReport
    record: dict


class _Import:
    def __init__(self, content: Path, wayback: bool, progress: bool, jobs: int | None):
        self.report = Report()
        self.assets = Assets()
        self.redirects: dict[str, str] = {}
        self.writer = ContentWriter(content)
        self.wayback = wayback
        self.progress = progress
        self.jobs = jobs
        self.found: list[_Read] = []

    def run(self, sources: list[str]) -> Report:
        self.writer.remove_temporaries()
        named = {display_path(path) for path in sources if Path(path).is_file()}
        items = documents(sources, self.redirects)
        items = tqdm(items, desc="reading", unit=" doc", disable=not self.progress)
        for item, outcome in read_all(items, _for_a_reader, self.jobs):
            self._take(item, outcome, named)
        self._write_all(merge([read.post for read in self.found]))
        return self.report

    def _take(self, item, outcome: Outcome | None, named: set[str]) -> None:
        entry = self.report.entry(item.path)
        record = entry.record(item.path, getattr(item, "url", None))
        if isinstance(item, Skipped):
            record["result"] = f"skipped: {item.reason}"
            (entry.errors if item.error else entry.skipped).append(_where(item.path, item.reason))
            return
        if is_image(item.media_type):
            if active_svg(item.content, item.media_type):
                reason = "an SVG image with scripts or event handlers: not copied"
                record["result"] = f"skipped: {reason}"
                entry.skipped.append(_where(item.path, reason))
                return
            self.assets.add(item.content, item.media_type, item.url, item.path)
            record["result"] = "image, kept for the posts that show it"
            return
        if outcome.reader is None:
            reason = f"no reader knows this format ({item.media_type or 'unknown type'})"
            record["result"] = f"skipped: {reason}"
            target = entry.errors if item.path in named else entry.skipped
            target.append(_where(item.path, reason))
            return
        entry.formats.add(outcome.reader)
        if outcome.error is not None:
            record["result"] = f"{outcome.reader}: {outcome.error}"
            target = entry.skipped if outcome.not_a_post else entry.errors
            target.append(_where(item.path, outcome.error))
            return
        reading = outcome.reading
        entry.warnings.extend(_where(item.path, warning) for warning in reading.warnings)
        entry.notes.extend(_where(item.path, note) for note in reading.notes)
        entry.posts_count.skip_all(reading.skipped_posts)
        entry.reactions_count.skip_all(reading.skipped_reactions)
        record["result"] = f"{outcome.reader}: {len(reading.posts)} post(s)"
        for warnings, _ in outcome.repairs:
            entry.warnings.extend(_where(item.path, warning) for warning in warnings)
        repaired = sum(count for _, count in outcome.repairs)
        if repaired:
            entry.notes.append(
                _where(item.path, f"repaired: double-encoded UTF-8 (mojibake) ({repaired})")
            )
        for post in reading.posts:
            post.source.format = outcome.reader
            for reaction in post.reactions:
                reaction.found_in = entry.file
            if not post.reactions_only:
                entry.posts_count.read += 1
            entry.reactions_count.read += len(post.reactions)
            self.found.append(_Read(post, entry, record))

    def _write_all(self, groups: list[Merged]) -> None:
        reads = {id(read.post): read for read in self.found}
        archive = self._archive(groups)
        for group in groups:
            for reaction in group.dropped:
                self._entry_of(reaction).reactions_count.skip(DUPLICATE)
            primary = reads[id(group.captures[0])] if group.post is None else None
            for capture in group.captures:
                read = reads[id(capture)]
                if group.post is not None and capture.source is not group.post.source:
                    if not capture.reactions_only:
                        read.entry.posts_count.skip(MERGED)
                    read.record["merged into"] = group.post.title
                elif group.post is not None:
                    primary = read
            if group.post is None:
                self._add_reactions(group, primary)
                continue
            if len(group.captures) > 1:
                primary.entry.notes.append(
                    f"{group.post.title!r}: {len(group.captures)} sources merged, "
                    f"{len(group.dropped)} repeated reactions taken once"
                )
            self._write_one(group, primary, archive)

    def _archive(self, groups: list[Merged]) -> dict[str, str]:
        """Where each post of this import lives, by every key it is known by."""
        archive: dict[str, str] = {}
        for group in groups:
            if group.post is None:
                continue
            location = self.writer.location(group.post)
            archive.update({key: location for key in group.keys})
            archive.update(
                {identity(capture): location for capture in group.captures if capture.source.url}
            )
        for source, target in self.redirects.items():
            if normalise_url(target) in archive:
                archive.setdefault(normalise_url(source), archive[normalise_url(target)])
        return archive

    def _write_one(self, group: Merged, primary: _Read, archive: dict[str, str]) -> None:
        post, entry = group.post, primary.entry
        slug = self.writer.slug_for(post)
        dead_sites = {key.split("/")[0] for key in archive if "/" in key} if self.wayback else None
        try:
            linked = localize(post, slug, archive, self.assets, normalise_url, dead_sites)
            for relative, data in linked.images.items():
                self.writer.write_file(relative, data)
            written = self.writer.write(post)
        except (ContentFormatError, OSError, ValueError, ArithmeticError, RecursionError) as error:
            entry.errors.append(f"{post.title!r} not written: {error}")
            primary.record["result"] += "; not written"
            self._count_unwritten(group, "not written: an error")
            return
        entry.images_copied += len(linked.images)
        entry.images_missing.extend(
            url for url in linked.missing_images if url not in entry.images_missing
        )
        entry.posts.append(_post_line(post, written))
        if written.skipped:
            entry.warnings.append(f"{written.slug}: not written: {written.skipped}")
            primary.record["result"] += f"; not written: {written.skipped}"
            self._count_unwritten(group, written.skipped)
            return
        primary.record["written"] = written.path
        entry.posts_count.write()
        self._count_reactions(group.reactions, written)

    def _add_reactions(self, group: Merged, first: _Read) -> None:
        """Reactions of a thread kept apart (Disqus): into the archived post, if any."""
        slug = self.writer.find(group.keys)
        if slug is None:
            thread = first.post.source.url or first.post.title or "(no address)"
            first.entry.errors.append(f"thread {thread}: {NO_POST}")
            for reaction in group.reactions:
                self._entry_of(reaction).reactions_count.skip(NO_POST)
            return
        written = self.writer.add_reactions(slug, group.reactions)
        first.record["written"] = written.path
        self._count_reactions(group.reactions, written)

    def _count_reactions(self, reactions, written: Written) -> None:
        for reaction, identifier in zip(reactions, written.imported_ids, strict=True):
            count = self._entry_of(reaction).reactions_count
            if identifier in written.deleted_ids:
                count.skip("deleted by an editor")
            else:
                count.write()

    def _count_unwritten(self, group: Merged, reason: str) -> None:
        self.report.entry(group.post.source.file).posts_count.skip(reason)
        for reaction in group.reactions:
            self._entry_of(reaction).reactions_count.skip(f"post {reason}")

    def _entry_of(self, reaction) -> SourceReport:
        return self.report.entry(reaction.found_in)


def import_sources(
    sources: list[str],
    content: Path,
    wayback: bool = False,
    progress: bool = False,
    jobs: int | None = None,
) -> Report:
    """Import the sources into `content`, reading on `jobs` processes (default: every core)."""
    return _Import(content, wayback, progress, jobs).run(sources)


def _for_a_reader(item) -> bool:
    return not isinstance(item, Skipped) and not is_image(item.media_type)


def _post_line(post: Post, written: Written) -> dict:
    return {
        "platform": post.source.platform,
        "slug": written.slug,
        "path": written.path,
        "changed": written.changed,
        "kept": written.kept,
        "skipped": written.skipped,
        "reactions": written.reactions,
    }


def _where(path: str, message: str) -> str:
    """A message about an archive record names the record."""
    offset = path.partition("#")[2]
    return f"record at offset {offset}: {message}" if offset else message
