"""What a reader is: it says which documents are its own and turns one into posts.

A reader never writes files and never imports another reader.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime

from importer.model import Post


@dataclass
class Document:
    """One captured file or record, as an input found it."""

    path: str
    content: bytes
    url: str | None = None
    captured: datetime | None = None
    media_type: str | None = None


@dataclass
class Reading:
    """What a reader got from a document: its posts and what it could not tell."""

    posts: list[Post] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class ReaderError(Exception):
    """The document is of the reader's format but cannot be read."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


class Reader(ABC):
    """Subclasses set `name` (the format, as the report names it)."""

    name = "unknown"

    @abstractmethod
    def accepts(self, document: Document) -> bool:
        """True when the document is of this reader's format."""

    @abstractmethod
    def read(self, document: Document) -> Reading:
        """The document's posts; raises ReaderError when it cannot be read."""


def decode_text(content: bytes) -> tuple[str, list[str]]:
    """Bytes of a text capture as a string, with a warning when it was not UTF-8."""
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8"), []
    except UnicodeDecodeError as error:
        warning = f"not UTF-8 (byte {error.start}); read as Windows-1252"
        return content.decode("cp1252", errors="replace"), [warning]
