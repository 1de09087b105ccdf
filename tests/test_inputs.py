"""Files and folders as inputs: order, what is left out, and where a mirrored page came from."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from importer.__main__ import import_sources
from importer.inputs import Skipped, documents
from importer.readers.base import Document

WEB = Path(__file__).resolve().parent / "fixtures" / "web"


def put(path: Path, content: bytes | str = b"") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def copy(fixture: str, path: Path) -> Path:
    return put(path, (WEB / fixture).read_bytes())


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def test_a_missing_path_is_an_error():
    assert list(documents(["missing.txt"])) == [
        Skipped("missing.txt", "no such file or folder", error=True)
    ]


def test_a_file_that_cannot_be_read_is_an_error(tmp_path, monkeypatch):
    locked = put(tmp_path / "captures" / "locked.txt", "geheim")
    put(tmp_path / "captures" / "open.txt", "open")
    read_bytes = Path.read_bytes

    def refuse(path):
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    locked_item, open_item = documents(["captures"])
    assert locked_item == Skipped("captures/locked.txt", "cannot be read: Permission denied", True)
    assert open_item.content == b"open"
    assert locked.exists()


def test_a_folder_is_read_recursively_in_name_order_without_hidden_files_and_readmes(tmp_path):
    for name in ["b.txt", "a.txt", "sub/c.txt", ".hidden.txt", ".git/config", "README.md"]:
        put(tmp_path / "captures" / name, f"capture {name}")
    put(tmp_path / "captures" / "sub" / "README.txt", "about")
    items = list(documents(["captures", "captures/b.txt"]))
    assert [item.path for item in items] == [
        "captures/a.txt",
        "captures/b.txt",
        "captures/sub/c.txt",
        "captures/b.txt",
    ]
    first = items[0]
    assert (first.content, first.media_type, first.url, first.captured) == (
        b"capture a.txt",
        "text/plain",
        None,
        None,
    )


def test_a_wget_mirror_gives_urls_from_its_folders(tmp_path):
    site = tmp_path / "mirror" / "ambtenaar.example"
    copy("ning-post-page-3.html", site / "index.html")
    copy("ning-post.html", site / "profiles" / "blogs" / "het-nieuwe-werken")
    copy("ning-post-page-2.html", site / "profiles" / "blogs" / "het-nieuwe-werken?page=2")
    copy("photo.png", site / "photo.png")
    put(site / "style.css", "body { color: black }")
    put(site / "robots.txt", "User-agent: *\n")

    items = list(documents(["mirror"]))
    assert [(item.url, item.media_type) for item in items if isinstance(item, Document)] == [
        ("http://ambtenaar.example/", "text/html"),
        ("http://ambtenaar.example/photo.png", "image/png"),
        ("http://ambtenaar.example/profiles/blogs/het-nieuwe-werken", "text/html"),
        ("http://ambtenaar.example/profiles/blogs/het-nieuwe-werken?page=2", "text/html"),
    ]
    assert items[-1] == Skipped(
        "mirror/ambtenaar.example/style.css", "not a page or image (text/css)", error=False
    )
    again = documents(["mirror/ambtenaar.example"])
    same = [item.url for item in again if isinstance(item, Document)]
    assert same == [item.url for item in items if isinstance(item, Document)]


def test_an_httrack_mirror_gives_the_url_and_time_in_its_comment(tmp_path):
    mirror = tmp_path / "httrack"
    copy("httrack-page.html", mirror / "ambtenaar.example/profiles/blogs/het-nieuwe-werken.html")
    put(mirror / "index.html", "<html><head><title>HTTrack project</title></head></html>")
    put(mirror / "hts-log.txt", "HTTrack log")
    put(mirror / "hts-cache" / "new.txt", "cache")
    page, project = documents(["httrack"])
    assert (project.path, project.url) == ("httrack/index.html", None)
    assert page.url == "http://ambtenaar.example/profiles/blogs/het-nieuwe-werken"
    assert page.captured == datetime(2016, 1, 12, 10, 11, 12, tzinfo=UTC)


@pytest.mark.parametrize("stamp", ["20110301123456", "20110301123456id_"])
def test_a_wayback_machine_path_gives_the_original_url_and_time(tmp_path, stamp):
    page = tmp_path / "web.archive.org" / "web" / stamp / "http:" / "network.example" / "forum"
    copy("ning-post-page-2.html", page / "topics" / "a-forum-topic")
    [item] = documents(["web.archive.org"])
    assert item.url == "http://network.example/forum/topics/a-forum-topic"
    assert item.captured == datetime(2011, 3, 1, 12, 34, 56, tzinfo=UTC)


def test_a_wayback_canonical_link_gives_the_original_url_and_time():
    [item] = documents([str(WEB / "wayback-page.html")])
    assert item.url == "http://network.example/forum/topics/a-forum-topic"
    assert item.captured == datetime(2011, 3, 1, 12, 34, 56, tzinfo=UTC)


def test_a_canonical_link_gives_the_url():
    [item] = documents([str(WEB / "ning-post.html")])
    assert item.url == "http://ambtenaar.example/profiles/blogs/het-nieuwe-werken"
    assert item.captured is None


def test_a_wayback_timestamp_in_the_file_name_gives_the_time(tmp_path):
    copy("ning-post-page-3.html", tmp_path / "20130812093000-het-nieuwe-werken.html")
    [item] = documents(["20130812093000-het-nieuwe-werken.html"])
    assert (item.url, item.captured) == (None, datetime(2013, 8, 12, 9, 30, tzinfo=UTC))


def test_the_media_type_comes_from_the_name_or_else_the_content(tmp_path):
    copy("photo.png", tmp_path / "files" / "picture")
    copy("ning-post-page-2.html", tmp_path / "files" / "page.php")
    put(tmp_path / "files" / "export.xml", "<?xml version='1.0'?><rss/>")
    put(tmp_path / "files" / "unknown", "Gewoon tekst.")
    types = {Path(item.path).name: item.media_type for item in documents(["files"])}
    assert types == {
        "picture": "image/png",
        "page.php": "text/html",
        "export.xml": "text/xml",
        "unknown": None,
    }


def test_a_file_given_by_name_is_read_whatever_it_is(tmp_path):
    put(tmp_path / "style.css", "body { color: black }")
    [item] = documents(["style.css"])
    assert (item.media_type, item.content) == ("text/css", b"body { color: black }")


def test_the_import_reports_skipped_files_apart_from_errors(tmp_path):
    put(tmp_path / "captures" / "style.css", "body { color: black }")
    report = import_sources(["captures", "missing.txt"], tmp_path / "content")
    style, missing = report.sources
    assert (style.file, style.skipped, style.errors) == (
        "captures/style.css",
        ["not a page or image (text/css)"],
        [],
    )
    assert (missing.file, missing.errors, missing.skipped) == (
        "missing.txt",
        ["no such file or folder"],
        [],
    )
    assert report.failed
