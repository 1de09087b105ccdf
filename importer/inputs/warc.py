"""Web archives: WARC and ARC files (plain or gzipped), read record by record with warcio.

Every record gives a Document (a page, an image, data) or a Skipped (a request, an
HTTP 404, a redirect, ...), whose path is `ARCHIVE#OFFSET`, the record's offset in the
file. ARC records are read as the WARC response records they correspond to.

Memory stays bounded: records are streamed and only the one being read is held (up
to MAX_CONTENT). For revisit records the offsets of the records read so far are kept
(by record ID, by URL and date, by payload digest), and the original is read again
from its offset through a second file handle: a revisit costs a seek, not memory.

warcio stops quietly at a cut in a file, so a truncated archive is recognised here:
a record shorter than its Content-Length, or bytes left after the last record.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from importer.inputs import Skipped, display_path
from importer.inputs.files import http_date, sniff, wanted, wayback_time
from importer.readers.base import Document

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
ARCHIVE_MAGIC = {b"WARC/": "warc", b"filedesc://": "arc"}
GZIP_MAGIC = b"\x1f\x8b"
CONTENT_RECORDS = ("response", "resource")
MAX_CONTENT = 50 * 1024 * 1024
BLOCK = 64 * 1024
# What warcio raises on a record it cannot parse; on damaged headers (a record cut in
# its WARC headers, without WARC-Target-URI) also AttributeError, TypeError and more.
PARSE_ERRORS = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    zlib.error,
    EOFError,
    ValueError,
    AttributeError,
    TypeError,
    KeyError,
    IndexError,
)
# What decoding an HTTP payload (de-chunking, gunzipping) raises on bad data.
DECODE_ERRORS = (zlib.error, EOFError, ValueError, OSError)


def is_archive(path: Path) -> bool:
    """True for a WARC or ARC file, gzipped or not, by its extension or its first bytes."""
    return path.name.lower().endswith(ARCHIVE_SUFFIXES) or archive_format(path) is not None


def archive_format(path: Path) -> str | None:
    """The format the first bytes say (warc or arc), gunzipped if need be; else None."""
    try:
        with path.open("rb") as stream:
            head = stream.read(512)
    except OSError:
        return None
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error:
            return None
    return next((kind for magic, kind in ARCHIVE_MAGIC.items() if head.startswith(magic)), None)


def records(path: Path, redirects: dict[str, str] | None = None) -> Iterator[Document | Skipped]:
    """A document or a Skipped for each record of the archive, in file order.

    A cut or damaged archive ends with an error Skipped that says at which record and
    offset; the records before it are still yielded. Redirects are added to
    `redirects` as {from_url: to_url}.
    """
    name = display_path(path)
    try:
        with path.open("rb") as stream, path.open("rb") as originals:
            yield from _records(stream, originals, archive_format(path), name, redirects)
    except OSError as error:
        yield Skipped(name, f"cannot be read: {error.strerror}", error=True)


def _records(
    stream: BinaryIO,
    originals: BinaryIO,
    known_format: str | None,
    name: str,
    redirects: dict[str, str] | None,
) -> Iterator[Document | Skipped]:
    archive = _iterator(stream, known_format)
    offsets: dict[tuple, int] = {}
    done = end = last = 0  # the records read whole, where the last one ended and began
    try:
        for record in archive:
            # The content is read first: asking for the offset reads the record to its end.
            result = _result(record, originals, offsets, redirects)
            offset, length = archive.get_record_offset(), archive.get_record_length()
            if _incomplete(record):
                yield Skipped(name, f"truncated at record {done + 1} / offset {offset}", error=True)
                return
            done, end, last = done + 1, offset + length, offset
            if record.rec_type in CONTENT_RECORDS:
                for key in _keys(record):
                    offsets.setdefault(key, offset)
            yield replace(result, path=f"{name}#{offset}")
    except PARSE_ERRORS as error:
        reason = f"corrupt at record {done + 1} / offset {end}: {_parse_error(error)}"
        yield Skipped(name, reason, error=True)
        return
    stream.seek(end)
    rest = stream.read(BLOCK)
    if done == 0 and not rest:
        yield Skipped(name, "an empty file: no records", error=True)
    elif done and _gzip_cut(stream, last):
        yield Skipped(name, f"truncated after record {done} / offset {last}", error=True)
    elif rest.strip():
        offset = end + len(rest) - len(rest.lstrip())
        yield Skipped(name, f"truncated at record {done + 1} / offset {offset}", error=True)


def _result(
    record: ArcWarcRecord,
    originals: BinaryIO,
    offsets: dict[tuple, int],
    redirects: dict[str, str] | None,
) -> Document | Skipped:
    """What the record gives, with its path left for the caller to fill in."""
    kind = record.rec_type
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    scheme = url.partition(":")[0].lower()
    if kind == "revisit":
        return _revisit(record, url, originals, offsets, redirects)
    if kind not in CONTENT_RECORDS:
        return _skipped(f"{kind} record")
    if scheme not in ("http", "https"):
        return _skipped(f"{scheme or 'no URL'} record")
    return _payload(record, url, _warc_date(record), redirects)


def _revisit(
    revisit: ArcWarcRecord,
    url: str,
    originals: BinaryIO,
    offsets: dict[tuple, int],
    redirects: dict[str, str] | None,
) -> Document | Skipped:
    """The revisited URL, at the revisit's date, with the payload of the record it refers to."""
    offset = next((offsets[key] for key in _referred_keys(revisit) if key in offsets), None)
    if offset is None:
        return _skipped("revisit of a record not in this file")
    originals.seek(offset)
    original = next(_iterator(originals, None))
    return _payload(original, url, _warc_date(revisit), redirects)


def _payload(
    record: ArcWarcRecord,
    url: str,
    captured: datetime | None,
    redirects: dict[str, str] | None,
) -> Document | Skipped:
    """The record's HTTP payload as the document of `url`, or why there is none."""
    http = record.http_headers
    declared, encoding = record.content_type, "identity"
    if http is not None:
        status = http.get_statuscode()
        location = http.get_header("Location")
        if status.startswith("3") and location:
            target = urljoin(url, location.strip())
            if redirects is not None:
                redirects[url] = target
            return _skipped(f"redirect to {target}")
        if not status.startswith("2"):
            return _skipped(f"HTTP {status}")
        declared = http.get_header("Content-Type")
        encoding = http.get_header("Content-Encoding", "identity").strip().lower()
    media_type = (declared or "").split(";")[0].strip().lower() or None
    if not wanted(media_type, archived=True):
        return _skipped(f"not a page or image ({media_type})")
    if encoding not in ("identity", *BufferedReader.get_supported_decompressors()):
        return Skipped("", f"cannot decode the HTTP payload: {encoding} encoding", error=True)
    try:
        content = _read_limited(record.content_stream(), MAX_CONTENT)
    except DECODE_ERRORS as error:
        return Skipped("", f"cannot decode the HTTP payload: {error}", error=True)
    if content is None:
        return _skipped(f"larger than {MAX_CONTENT // 2**20} MiB")
    if captured is None:
        captured = wayback_time(url) or http_date(http and http.get_header("Date"))
    return Document(
        path="",
        content=content,
        url=url,
        captured=captured,
        media_type=media_type or sniff(content),
    )


def _gzip_cut(stream: BinaryIO, offset: int) -> bool:
    """True when the gzip member at `offset` (the last record) ends before its trailer.

    warcio reads a record whose member was cut after its content without a word: the
    file then ends there, and the records after it are lost.
    """
    stream.seek(offset)
    if stream.read(2) != GZIP_MAGIC:
        return False
    stream.seek(offset)
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        while not decompressor.eof and (chunk := stream.read(BLOCK)):
            decompressor.decompress(chunk, BLOCK)
            while decompressor.unconsumed_tail and not decompressor.eof:
                decompressor.decompress(decompressor.unconsumed_tail, BLOCK)
    except zlib.error:
        return True
    return not decompressor.eof


def _iterator(stream: BinaryIO, known_format: str | None) -> ArchiveIterator:
    """warcio's iterator, reading ARC records as WARC ones.

    Told the format, it takes a line that is not a record for damage, where it would
    otherwise try it as a record of the other format.
    """
    archive = ArchiveIterator(stream, arc2warc=True)
    archive.known_format = known_format
    return archive


def _skipped(reason: str) -> Skipped:
    return Skipped("", reason, error=False)


def _read_limited(stream: BinaryIO, limit: int) -> bytes | None:
    """The stream's bytes, or None when there are more than `limit`."""
    chunks, size = [], 0
    while chunk := stream.read(BLOCK):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _incomplete(record: ArcWarcRecord) -> bool:
    """True when the file ended before the record's Content-Length did.

    Read to its end, a record's stream is a warcio LimitReader with the bytes it
    still expected in `limit`; a record without a length is a cut header.
    """
    return record.length is None or getattr(record.raw_stream, "limit", 0) > 0


def _keys(record: ArcWarcRecord) -> list[tuple]:
    """How a revisit may refer to this record."""
    headers = record.rec_headers
    return _known(
        ("id", headers.get_header("WARC-Record-ID")),
        ("capture", headers.get_header("WARC-Target-URI"), _warc_date(record)),
        ("digest", headers.get_header("WARC-Payload-Digest")),
    )


def _referred_keys(revisit: ArcWarcRecord) -> list[tuple]:
    headers = revisit.rec_headers
    return _known(
        ("id", headers.get_header("WARC-Refers-To")),
        (
            "capture",
            headers.get_header("WARC-Refers-To-Target-URI"),
            _iso_date(headers.get_header("WARC-Refers-To-Date")),
        ),
        ("digest", headers.get_header("WARC-Payload-Digest")),
    )


def _known(*keys: tuple) -> list[tuple]:
    return [key for key in keys if None not in key]


def _warc_date(record: ArcWarcRecord) -> datetime | None:
    return _iso_date(record.rec_headers.get_header("WARC-Date"))


def _iso_date(value: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _parse_error(error: Exception) -> str:
    message = str(error).strip()
    if "non-chunked gzip" in message:
        return "gzipped as a whole, not record by record (`warcio recompress` fixes that)"
    return message.splitlines()[0][:80] if message else type(error).__name__
