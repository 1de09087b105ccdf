"""The readers, one per source format, in the order they are asked."""

from importer.readers.base import Document, Reader, ReaderError, Reading
from importer.readers.disqus import DisqusReader
from importer.readers.generic import GenericReader
from importer.readers.ning import NingReader
from importer.readers.ning_json import NingArchiveReader
from importer.readers.text_capture import TextCaptureReader
from importer.readers.wordpress import WordPressReader
from importer.readers.wxr import WxrReader

# GenericReader takes any HTML page, so it comes last.
READERS: list[Reader] = [
    TextCaptureReader(),
    NingArchiveReader(),  # JSON: before the readers of HTML pages
    DisqusReader(),  # XML: before the readers of HTML pages
    WxrReader(),  # XML (WordPress export): before the readers of HTML pages
    NingReader(),
    WordPressReader(),
    GenericReader(),
]


def reader_for(document: Document) -> Reader | None:
    """The first reader that takes the document as its own, or None."""
    return next((reader for reader in READERS if reader.accepts(document)), None)


__all__ = ["READERS", "Document", "Reader", "ReaderError", "Reading", "reader_for"]
