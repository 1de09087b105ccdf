"""The import report: per source file, what was read, written, skipped and why.

The same facts go to the terminal (a line per source, with its warnings, errors and a
count of what was skipped) and, with --report, to a JSON file for tools. A web
archive gets one entry, with a line per record in `records`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from importer.content_files import atomic_write_bytes

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@dataclass
class Count:
    """Posts or reactions of one source: read = written + skipped, by reason."""

    read: int = 0
    written: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def write(self) -> None:
        self.written += 1

    def skip(self, reason: str) -> None:
        """One item that was read is not written, for this reason."""
        self.skipped[reason] += 1

    def skip_all(self, skipped_by_reader: Counter[str]) -> None:
        """Items a reader read and left out: they count as read and as skipped."""
        self.read += sum(skipped_by_reader.values())
        self.skipped.update(skipped_by_reader)

    @property
    def balanced(self) -> bool:
        return self.read == self.written + sum(self.skipped.values())

    def as_dict(self) -> dict:
        return {
            "read": self.read,
            "written": self.written,
            "skipped": dict(sorted(self.skipped.items())),
        }


@dataclass
class SourceReport:
    file: str
    formats: set[str] = field(default_factory=set)
    posts_count: Count = field(default_factory=Count)
    reactions_count: Count = field(default_factory=Count)
    images_copied: int = 0
    images_missing: list[str] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def posts_written(self) -> int:
        return self.posts_count.written

    @property
    def reactions_written(self) -> int:
        return self.reactions_count.written

    @property
    def format(self) -> str | None:
        return ", ".join(sorted(self.formats)) or None

    def record(self, path: str, url: str | None) -> dict:
        """The report line of one archive record (a throwaway one for a plain file)."""
        line = {"record": path.partition("#")[2], "url": url, "result": ""}
        if line["record"]:
            self.records.append(line)
        return line

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "format": self.format,
            "posts_written": self.posts_written,
            "reactions_written": self.reactions_written,
            "accounting": {
                "posts": self.posts_count.as_dict(),
                "reactions": self.reactions_count.as_dict(),
            },
            "images_copied": self.images_copied,
            "images_missing": self.images_missing,
            "posts": self.posts,
            "warnings": self.warnings,
            "errors": self.errors,
            "skipped": self.skipped,
            "notes": self.notes,
            "records": self.records,
        }


@dataclass
class Report:
    sources: list[SourceReport] = field(default_factory=list)
    _by_file: dict[str, SourceReport] = field(default_factory=dict, repr=False)

    def entry(self, path: str) -> SourceReport:
        """The entry of the file `path` is in (an archive record's path has '#offset')."""
        file = path.partition("#")[0]
        if file not in self._by_file:
            self._by_file[file] = SourceReport(file=file)
            self.sources.append(self._by_file[file])
        return self._by_file[file]

    @property
    def failed(self) -> bool:
        return any(source.errors for source in self.sources)

    def totals(self) -> dict:
        return {
            "sources": len(self.sources),
            "posts_written": sum(s.posts_written for s in self.sources),
            "reactions_written": sum(s.reactions_written for s in self.sources),
            "images_copied": sum(s.images_copied for s in self.sources),
            "images_missing": sum(len(s.images_missing) for s in self.sources),
            "skipped": sum(len(s.skipped) for s in self.sources),
            "warnings": sum(len(s.warnings) for s in self.sources),
            "errors": sum(len(s.errors) for s in self.sources),
        }

    def to_json(self) -> str:
        data = {"sources": [s.as_dict() for s in self.sources], "totals": self.totals()}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def save(self, path: Path) -> None:
        # A file name that is not UTF-8 holds lone surrogates: written as JSON escapes.
        atomic_write_bytes(Path(path), self.to_json().encode("utf-8", "backslashreplace"))

    def summary_lines(self) -> list[str]:
        lines = []
        for source in self.sources:
            lines.append(
                f"{source.file}: {source.format or 'nothing read'}: "
                f"{_count(source.posts_written, 'post')}, "
                f"{_count(source.reactions_written, 'reaction')} written"
                + (
                    f", {_count(source.images_copied, 'image')} copied"
                    if source.images_copied
                    else ""
                )
            )
            for post in source.posts:
                if post.get("kept"):
                    lines.append(f"  kept editor's {', '.join(post['kept'])} in {post['path']}")
            lines.extend(f"  {note}" for note in source.notes)
            lines.extend(_skipped_count_lines(source))
            if source.images_missing:
                lines.append(
                    f"  {_count(len(source.images_missing), 'image')} not in the capture "
                    "(original address kept; see the report)"
                )
            lines.extend(f"  warning: {warning}" for warning in source.warnings)
            lines.extend(f"  error: {error}" for error in source.errors)
            lines.extend(_skipped_lines(source.skipped))
        totals = self.totals()
        lines.append(
            f"{_count(totals['posts_written'], 'post')} and "
            f"{_count(totals['reactions_written'], 'reaction')} from "
            f"{_count(totals['sources'], 'source')}; "
            f"{_count(totals['warnings'], 'warning')}, {_count(totals['errors'], 'error')}"
        )
        return [_printable(line) for line in lines]


def _skipped_count_lines(source: SourceReport) -> list[str]:
    lines = []
    for noun, count in (("post", source.posts_count), ("reaction", source.reactions_count)):
        if count.skipped:
            reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(count.skipped.items()))
            lines.append(f"  {_count(sum(count.skipped.values()), noun)} not written: {reasons}")
    return lines


def _skipped_lines(skipped: list[str]) -> list[str]:
    """A line per skipped item, or per reason when there are many (a web archive)."""
    if len(skipped) <= 5:
        return [f"  skipped: {reason}" for reason in skipped]
    reasons = Counter(reason.partition(": ")[2] or reason for reason in skipped)
    return [f"  skipped {count}: {reason}" for reason, count in sorted(reasons.items())]


def _printable(line: str) -> str:
    """A line safe for a terminal: control characters (escape sequences) and bidi
    overrides in a capture's names and messages are shown as escapes."""
    return _UNPRINTABLE.sub(
        lambda found: (
            f"\\x{ord(found[0]):02x}" if ord(found[0]) < 256 else f"\\u{ord(found[0]):04x}"
        ),
        line,
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
