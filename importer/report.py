"""The import report: per source, what was read, written, and what went wrong.

The same facts go to the terminal (a line per source) and, with --report, to a JSON
file for tools.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from importer.content_files import atomic_write


@dataclass
class SourceReport:
    file: str
    format: str | None = None
    posts_written: int = 0
    reactions_written: int = 0
    posts: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Report:
    sources: list[SourceReport] = field(default_factory=list)

    def add(self, file: str) -> SourceReport:
        source = SourceReport(file=file)
        self.sources.append(source)
        return source

    @property
    def failed(self) -> bool:
        return any(source.errors for source in self.sources)

    def totals(self) -> dict:
        return {
            "sources": len(self.sources),
            "posts_written": sum(s.posts_written for s in self.sources),
            "reactions_written": sum(s.reactions_written for s in self.sources),
            "warnings": sum(len(s.warnings) for s in self.sources),
            "errors": sum(len(s.errors) for s in self.sources),
        }

    def to_json(self) -> str:
        data = {"sources": [asdict(s) for s in self.sources], "totals": self.totals()}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def save(self, path: Path) -> None:
        atomic_write(Path(path), self.to_json())

    def summary_lines(self) -> list[str]:
        lines = []
        for source in self.sources:
            lines.append(
                f"{source.file}: {source.format or 'unknown format'}: "
                f"{_count(source.posts_written, 'post')}, "
                f"{_count(source.reactions_written, 'reaction')} written"
            )
            for post in source.posts:
                if post.get("kept"):
                    lines.append(f"  kept editor's {', '.join(post['kept'])} in {post['path']}")
            lines.extend(f"  warning: {warning}" for warning in source.warnings)
            lines.extend(f"  error: {error}" for error in source.errors)
        totals = self.totals()
        lines.append(
            f"{_count(totals['posts_written'], 'post')} and "
            f"{_count(totals['reactions_written'], 'reaction')} from "
            f"{_count(totals['sources'], 'source')}; "
            f"{_count(totals['warnings'], 'warning')}, {_count(totals['errors'], 'error')}"
        )
        return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
