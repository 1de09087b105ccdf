"""Web archives as inputs: WARC and ARC records as documents, and what is skipped."""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from importer.inputs import Skipped, documents
from importer.readers.base import Document

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
SITE = "http://ambtenaar.example"
POST = f"{SITE}/profiles/blogs/het-nieuwe-werken"
POST_HTML = (WEB / "ning-post.html").read_bytes()
PAGE_2_HTML = (WEB / "ning-post-page-2.html").read_bytes()
PHOTO = (WEB / "photo.png").read_bytes()


def http_response(status: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{name}: {value}" for name, value in headers), "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


def chunked(body: bytes, size: int = 200) -> bytes:
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def record(writer, url, kind, payload=b"", date="2013-08-12T09:30:00Z", **headers):
    return writer.create_warc_record(
        url,
        kind,
        payload=io.BytesIO(payload),
        length=len(payload),
        warc_headers_dict={"WARC-Date": date, **headers},
    )


def write_warc(stream, gzipped=True) -> None:
    """A small crawl of the fixture site, with one record of every kind."""
    writer = WARCWriter(stream, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("fixture.warc", {"software": "tests"}))
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Encoding", "gzip"),
        ("Transfer-Encoding", "chunked"),
    ]
    post = record(
        writer,
        POST,
        "response",
        http_response("200 OK", headers, chunked(gzip.compress(POST_HTML))),
    )
    writer.write_record(post)
    writer.write_record(
        record(
            writer,
            POST,
            "request",
            b"GET /profiles/blogs/het-nieuwe-werken HTTP/1.1\r\nHost: ambtenaar.example\r\n\r\n",
        )
    )
    page_2 = http_response("200 OK", [("Content-Type", "text/html")], PAGE_2_HTML)
    writer.write_record(
        record(writer, f"{POST}?page=2", "response", page_2, "2013-08-12T09:30:05Z")
    )
    digest = post.rec_headers.get_header("WARC-Payload-Digest")
    revisit = writer.create_revisit_record(
        POST,
        digest,
        POST,
        "2013-08-12T09:30:00Z",
        http_headers=StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
        ),
        warc_headers_dict={"WARC-Date": "2013-09-01T12:00:00Z"},
    )
    writer.write_record(revisit)
    moved = http_response(
        "301 Moved Permanently", [("Location", "/profiles/blogs/het-nieuwe-werken")], b""
    )
    writer.write_record(record(writer, f"{SITE}/oud-bericht", "response", moved))
    gone = http_response("404 Not Found", [("Content-Type", "text/html")], b"<p>weg</p>")
    writer.write_record(record(writer, f"{SITE}/weg", "response", gone))
    photo = http_response("200 OK", [("Content-Type", "image/png")], PHOTO)
    writer.write_record(record(writer, f"{SITE}/photo.png", "response", photo))
    style = http_response("200 OK", [("Content-Type", "text/css")], b"body { color: black }")
    writer.write_record(record(writer, f"{SITE}/style.css", "response", style))
    writer.write_record(record(writer, POST, "metadata", b"outlinks: 3\r\n", WARC_Content_Type="x"))
    stranger = writer.create_revisit_record(
        f"{SITE}/elders",
        "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        f"{SITE}/elders",
        "2012-01-01T00:00:00Z",
    )
    writer.write_record(stranger)
    dns = b"20130812093000\nambtenaar.example.\t300\tIN\tA\t10.0.0.1\n"
    writer.write_record(record(writer, "dns:ambtenaar.example", "response", dns))
    # A revisit found by its payload digest only, of another URL (uri-agnostic).
    copy = record(writer, f"{SITE}/kopie", "revisit", date="2014-01-01T00:00:00Z")
    copy.rec_headers.replace_header("WARC-Payload-Digest", digest)
    writer.write_record(copy)


EXPECTED = [
    ("skipped", "warcinfo record"),
    ("document", POST),
    ("skipped", "request record"),
    ("document", f"{POST}?page=2"),
    ("document", POST),
    ("skipped", f"redirect to {POST}"),
    ("skipped", "HTTP 404"),
    ("document", f"{SITE}/photo.png"),
    ("skipped", "not a page or image (text/css)"),
    ("skipped", "metadata record"),
    ("skipped", "revisit of a record not in this file"),
    ("skipped", "dns record"),
    ("document", f"{SITE}/kopie"),
]


def outline(items) -> list[tuple[str, str]]:
    return [
        ("document", item.url) if isinstance(item, Document) else ("skipped", item.reason)
        for item in items
    ]


def offsets(path: Path) -> list[int]:
    with path.open("rb") as stream:
        archive = ArchiveIterator(stream)
        return [archive.get_record_offset() for _ in archive]


@pytest.fixture(params=["fixture.warc.gz", "fixture.warc"])
def warc(request, tmp_path) -> Path:
    path = tmp_path / request.param
    with path.open("wb") as stream:
        write_warc(stream, gzipped=path.suffix == ".gz")
    return path


def test_every_record_is_a_document_or_says_why_not(warc):
    redirects = {}
    items = list(documents([str(warc)], redirects))
    assert outline(items) == EXPECTED
    assert [item.path for item in items] == [f"{warc.name}#{offset}" for offset in offsets(warc)]
    assert not any(item.error for item in items if isinstance(item, Skipped))
    assert redirects == {f"{SITE}/oud-bericht": POST}


def test_a_record_gives_its_url_capture_time_media_type_and_decoded_payload(warc):
    post, page_2, revisit, photo, copy = [
        item for item in documents([str(warc)]) if isinstance(item, Document)
    ]
    assert post.content == POST_HTML  # de-chunked and gunzipped
    assert post.captured == datetime(2013, 8, 12, 9, 30, tzinfo=UTC)
    assert post.media_type == "text/html"
    assert page_2.content == PAGE_2_HTML
    assert (revisit.url, revisit.content) == (POST, POST_HTML)
    assert revisit.captured == datetime(2013, 9, 1, 12, 0, tzinfo=UTC)
    assert (photo.media_type, photo.content) == ("image/png", PHOTO)
    assert (copy.content, copy.captured.year) == (POST_HTML, 2014)


def test_an_archive_is_known_by_its_content_whatever_its_name(warc, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    warc.rename(folder / "crawl-1.bin")
    (folder / "notes.txt").write_text("Notities bij de crawl.\n")
    items = list(documents([str(folder)]))
    assert outline(items[:2]) == EXPECTED[:2]
    assert items[1].path.startswith("crawl-1.bin#")
    assert items[-1].path == "notes.txt"


@pytest.mark.parametrize("cut_into", [20, 300])
def test_a_truncated_archive_gives_what_comes_before_the_cut_and_an_error(warc, cut_into):
    photo_at = offsets(warc)[7]
    warc.write_bytes(warc.read_bytes()[: photo_at + cut_into])
    items = list(documents([str(warc)]))
    assert outline(items[:7]) == EXPECTED[:7]
    assert items[7:] == [
        Skipped(warc.name, f"truncated at record 8 / offset {photo_at}", error=True)
    ]


def test_a_damaged_gzip_member_is_an_error_after_what_comes_before_it(tmp_path):
    path = tmp_path / "damaged.warc.gz"
    with path.open("wb") as stream:
        write_warc(stream)
    photo_at = offsets(path)[7]  # where the 404 before it ends
    data = bytearray(path.read_bytes())
    for index in range(photo_at + 40, photo_at + 60):
        data[index] ^= 0x55
    path.write_bytes(bytes(data))
    items = list(documents([str(path)]))
    assert outline(items[:7]) == EXPECTED[:7]
    assert items[7].error
    assert items[7].reason.startswith(f"corrupt at record 8 / offset {photo_at}: ")
    assert len(items) == 8


def test_a_payload_in_an_encoding_that_cannot_be_decoded_is_an_error(tmp_path):
    path = tmp_path / "brotli.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream)
        headers = [("Content-Type", "text/html"), ("Content-Encoding", "br")]
        writer.write_record(
            record(writer, POST, "response", http_response("200 OK", headers, b"?"))
        )
    [item] = documents([str(path)])
    assert item == Skipped(f"{path.name}#0", "cannot decode the HTTP payload: br encoding", True)


def test_without_a_warc_date_the_time_comes_from_a_wayback_url_or_the_http_date(tmp_path):
    path = tmp_path / "dates.warc"
    wayback = f"https://web.archive.org/web/20120102030405/{POST}"
    dated = [("Content-Type", "text/html"), ("Date", "Mon, 12 Aug 2013 07:30:00 GMT")]
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        for url in (wayback, POST):
            response = record(writer, url, "response", http_response("200 OK", dated, b"<p>"))
            response.rec_headers.remove_header("WARC-Date")
            writer.write_record(response)
    first, second = documents([str(path)])
    assert first.captured == datetime(2012, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert second.captured == datetime(2013, 8, 12, 7, 30, tzinfo=UTC)


def test_an_archive_cut_in_its_first_record(warc):
    warc.write_bytes(warc.read_bytes()[:20])
    assert list(documents([str(warc)])) == [
        Skipped(warc.name, "truncated at record 1 / offset 0", error=True)
    ]


def test_bytes_after_the_last_record_are_an_error(tmp_path):
    path = tmp_path / "fixture.warc"
    with path.open("wb") as stream:
        write_warc(stream, gzipped=False)
        end = stream.tell()
        stream.write(b"this is not a record\r\n")
    items = list(documents([str(path)]))
    assert outline(items[:-1]) == EXPECTED
    assert items[-1].error
    assert items[-1].reason.startswith(f"corrupt at record 14 / offset {end - 4}: ")


def test_an_archive_gzipped_as_a_whole_is_an_error_that_says_how_to_fix_it(tmp_path):
    plain = io.BytesIO()
    write_warc(plain, gzipped=False)
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(plain.getvalue()))
    *_, last = documents([str(path)])
    assert last.error
    assert "warcio recompress" in last.reason


def test_a_file_named_like_an_archive_that_is_not_one(tmp_path):
    path = tmp_path / "page.warc"
    path.write_text("<html><body>Geen archief</body></html>")
    [item] = documents([str(path)])
    assert item.error
    assert item.reason.startswith("corrupt at record 1 / offset 0: ")


def arc_file() -> bytes:
    """A hand-written ARC v1 file: its header, a page and a 404."""
    version = b"1 0 Fixture\nURL IP-address Archive-date Content-type Archive-length\n"
    header = b"filedesc://fixture.arc 0.0.0.0 20110301123456 text/plain %d\n" % len(version)
    page = (WEB / "wayback-page.html").read_bytes()
    records = [header + version + b"\n"]
    for url, status, date, body in [
        (b"http://network.example/forum/topics/a-forum-topic", b"200 OK", b"20110301123456", page),
        (b"http://network.example/missing", b"404 Not Found", b"20110301123500", b"gone"),
    ]:
        block = b"HTTP/1.0 %s\r\nContent-Type: text/html\r\n\r\n%s" % (status, body)
        line = b"%s 10.0.0.1 %s text/html %d\n" % (url, date, len(block))
        records.append(line + block + b"\n")
    return b"".join(records)


@pytest.mark.parametrize("name", ["fixture.arc", "fixture.arc.gz", "fixture.dat"])
def test_arc_files(tmp_path, name):
    path = tmp_path / name
    data = arc_file()
    if name.endswith(".gz"):
        members = data.split(b"\nhttp://")
        data = gzip.compress(members[0] + b"\n") + b"".join(
            gzip.compress(b"http://" + member + b"\n") for member in members[1:]
        )
    path.write_bytes(data)
    header, page, missing = documents([str(path)])
    assert header == Skipped(f"{name}#0", "warcinfo record", error=False)
    assert page.url == "http://network.example/forum/topics/a-forum-topic"
    assert page.captured == datetime(2011, 3, 1, 12, 34, 56, tzinfo=UTC)
    assert page.media_type == "text/html"
    assert page.content == (WEB / "wayback-page.html").read_bytes()
    assert (missing.reason, missing.error) == ("HTTP 404", False)
