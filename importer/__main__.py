"""The importer's command line: python -m importer import SOURCE... | capture URL... [options]."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from importer.capture import run_capture
from importer.pipeline import import_sources
from importer.verify import verify


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m importer", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("import", help="import captures into content/")
    run.add_argument("sources", nargs="+", metavar="SOURCE", help="a capture file or folder")
    run.add_argument("--content", default="content", help="content folder (default: content)")
    run.add_argument("--report", metavar="FILE", help="also write the report as JSON")
    run.add_argument(
        "--wayback",
        action="store_true",
        help="send links to pages of the imported sites that are not archived "
        "to the Wayback Machine",
    )
    run.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="read on N processes (default: one per core; 1 reads in this process only)",
    )
    run.add_argument(
        "--no-progress", action="store_true", help="no progress bar (none is shown off a terminal)"
    )
    grab = commands.add_parser("capture", help="capture live pages politely into a WARC file")
    grab.add_argument("urls", nargs="+", metavar="URL", help="a post to capture, with its comments")
    grab.add_argument("--warc", required=True, metavar="FILE", help="the WARC file to write")
    grab.add_argument(
        "--delay",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="wait between requests (default: 1)",
    )
    grab.add_argument(
        "--max-pages", type=int, default=50, metavar="N", help="pages per post (default: 50)"
    )
    grab.add_argument("--user-agent", help="the User-Agent header (default: names the project)")
    grab.add_argument("--contact", help="a URL or e-mail address for the default User-Agent")
    mirror = commands.add_parser(
        "verify", help="check a mirror of the site against its SHA256SUMS (exit 0 if unaltered)"
    )
    mirror.add_argument("directory", metavar="DIR", help="the mirror's folder")
    arguments = parser.parse_args(argv)
    if arguments.command == "verify":
        return verify(Path(arguments.directory))
    if arguments.command == "capture":
        return run_capture(arguments)

    report = import_sources(
        arguments.sources,
        Path(arguments.content),
        wayback=arguments.wayback,
        progress=not arguments.no_progress and sys.stderr.isatty(),
        jobs=arguments.jobs,
    )
    for line in report.summary_lines():
        print(line, file=sys.stderr if line.startswith("  error") else sys.stdout)
    if arguments.report:
        report.save(Path(arguments.report))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
