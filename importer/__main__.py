"""The importer's command line: python -m importer import SOURCE... [options]."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from importer.content_files import ContentFormatError
from importer.inputs import documents
from importer.readers import ReaderError, reader_for
from importer.report import Report
from importer.writer import ContentWriter


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m importer", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("import", help="import captures into content/")
    run.add_argument("sources", nargs="+", metavar="SOURCE", help="a capture file or folder")
    run.add_argument("--content", default="content", help="content folder (default: content)")
    run.add_argument("--report", metavar="FILE", help="also write the report as JSON")
    arguments = parser.parse_args(argv)

    report = import_sources(arguments.sources, Path(arguments.content))
    for line in report.summary_lines():
        print(line, file=sys.stderr if line.startswith("  error") else sys.stdout)
    if arguments.report:
        report.save(Path(arguments.report))
    return 1 if report.failed else 0


def import_sources(sources: list[str], content: Path) -> Report:
    report = Report()
    writer = ContentWriter(content)
    for document in documents(sources):
        if isinstance(document, tuple):
            report.add(document[0]).errors.append(document[1])
            continue
        entry = report.add(document.path)
        reader = reader_for(document)
        if reader is None:
            entry.errors.append("no reader knows this format")
            continue
        entry.format = reader.name
        try:
            reading = reader.read(document)
        except ReaderError as error:
            where = f"line {error.line}: " if error.line else ""
            entry.errors.append(f"{where}{error}")
            continue
        entry.warnings.extend(reading.warnings)
        for post in reading.posts:
            try:
                written = writer.write(post)
            except (ContentFormatError, OSError) as error:
                entry.errors.append(f"{post.title!r} not written: {error}")
                continue
            entry.posts.append(
                {
                    "platform": post.source.platform,
                    "slug": written.slug,
                    "path": written.path,
                    "changed": written.changed,
                    "kept": written.kept,
                    "skipped": written.skipped,
                }
            )
            if written.skipped:
                entry.warnings.append(f"{written.slug}: not written: {written.skipped}")
                continue
            entry.posts_written += 1
            entry.reactions_written += written.reactions
    return report


if __name__ == "__main__":
    sys.exit(main())
