"""The import, from the paths given to the files written.

inputs -> readers -> merge -> links and images -> writer, with the report kept on the
way. Nothing here knows a format: readers are picked by `reader_for`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from importer.content_files import ContentFormatError
from importer.inputs import Skipped, display_path, documents
from importer.links import Assets, is_image, localize
from importer.merge import identity, merge, normalise_url
from importer.model import Post
from importer.readers import ReaderError, reader_for
from importer.report import Report, SourceReport
from importer.writer import ContentWriter


@dataclass
class _Read:
    post: Post
    entry: SourceReport
    record: dict


def import_sources(
    sources: list[str], content: Path, wayback: bool = False, progress: bool = False
) -> Report:
    report = Report()
    assets = Assets()
    redirects: dict[str, str] = {}
    named = {display_path(path) for path in sources if Path(path).is_file()}
    found = _read_all(documents(sources, redirects), report, assets, named, progress)
    writer = ContentWriter(content)
    _write_all(found, writer, assets, redirects, wayback)
    return report


def _read_all(items: Iterable, report: Report, assets: Assets, named: set[str], progress: bool):
    found: list[_Read] = []
    for item in tqdm(items, desc="reading", unit=" doc", disable=not progress, leave=False):
        entry = report.entry(item.path)
        record = entry.record(item.path, getattr(item, "url", None))
        if isinstance(item, Skipped):
            record["result"] = f"skipped: {item.reason}"
            (entry.errors if item.error else entry.skipped).append(_where(item.path, item.reason))
            continue
        if is_image(item.media_type):
            assets.add(item.content, item.media_type, item.url, item.path)
            record["result"] = "image, kept for the posts that show it"
            continue
        reader = reader_for(item)
        if reader is None:
            reason = f"no reader knows this format ({item.media_type or 'unknown type'})"
            record["result"] = f"skipped: {reason}"
            target = entry.errors if item.path in named else entry.skipped
            target.append(_where(item.path, reason))
            continue
        entry.formats.add(reader.name)
        try:
            reading = reader.read(item)
        except ReaderError as error:
            message = f"line {error.line}: {error}" if error.line else str(error)
            record["result"] = f"{reader.name}: {message}"
            not_a_post = str(error).startswith("not a post")
            (entry.skipped if not_a_post else entry.errors).append(_where(item.path, message))
            continue
        entry.warnings.extend(_where(item.path, warning) for warning in reading.warnings)
        record["result"] = f"{reader.name}: {len(reading.posts)} post(s)"
        found.extend(_Read(post, entry, record) for post in reading.posts)
    return found


def _write_all(found: list[_Read], writer, assets, redirects, wayback: bool) -> None:
    by_post = {id(read.post): read for read in found}
    groups = merge([read.post for read in found])
    archive = {}
    for group in groups:
        location = writer.location(group.post)
        archive.update({identity(capture): location for capture in group.captures})
    for source, target in redirects.items():
        if normalise_url(target) in archive:
            archive.setdefault(normalise_url(source), archive[normalise_url(target)])
    dead_sites = {key.split("/")[0] for key in archive} if wayback else None
    for group in groups:
        primary = by_post[id(_primary(group))]
        entry = primary.entry
        for capture in group.captures:
            if capture is not _primary(group):
                by_post[id(capture)].record["merged into"] = group.post.title
        if group.duplicates:
            entry.notes.append(
                f"{group.post.title!r}: {len(group.captures)} captures merged, "
                f"{group.duplicates} repeated reactions taken once"
            )
        _write_one(group.post, entry, primary.record, writer, assets, archive, dead_sites)


def _primary(group) -> Post:
    return next(capture for capture in group.captures if capture.source is group.post.source)


def _write_one(post, entry, record, writer, assets, archive, dead_sites) -> None:
    slug = writer.slug_for(post)
    linked = localize(post, slug, archive, assets, normalise_url, dead_sites)
    try:
        for relative, data in linked.images.items():
            writer.write_file(relative, data)
        written = writer.write(post)
    except (ContentFormatError, OSError, ValueError) as error:
        entry.errors.append(f"{post.title!r} not written: {error}")
        record["result"] += "; not written"
        return
    entry.images_copied += len(linked.images)
    entry.images_missing.extend(
        url for url in linked.missing_images if url not in entry.images_missing
    )
    entry.posts.append(
        {
            "platform": post.source.platform,
            "slug": written.slug,
            "path": written.path,
            "changed": written.changed,
            "kept": written.kept,
            "skipped": written.skipped,
            "reactions": written.reactions,
        }
    )
    if written.skipped:
        entry.warnings.append(f"{written.slug}: not written: {written.skipped}")
        record["result"] += f"; not written: {written.skipped}"
        return
    record["written"] = written.path
    entry.posts_written += 1
    entry.reactions_written += written.reactions


def _where(path: str, message: str) -> str:
    """A message about an archive record names the record."""
    offset = path.partition("#")[2]
    return f"record at offset {offset}: {message}" if offset else message
