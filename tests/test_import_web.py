"""Importing the web as it was: a WARC with several captures of one Ning post and its
images, and a wget mirror of a network, through the command line into a built site."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from importer.__main__ import main
from tests.conftest import FIXTURES
from tests.test_site_build import build

NING = FIXTURES / "ning"
PNG = (FIXTURES / "web" / "photo.png").read_bytes()
BLOG = "http://ambtenaar20.ning.com/profiles/blogs/samenwerken-over-grenzen"
SLUG = "samenwerken-over-grenzen"


def response(writer, url, body, media_type, date, status="200 OK", headers=()):
    http = StatusAndHeaders(status, [("Content-Type", media_type), *headers], protocol="HTTP/1.1")
    return writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )


def write_warc(path: Path) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        pages = [
            (BLOG, "blog-nl-2013-page1.html", "2013-06-21T10:00:00Z"),
            (BLOG + "?page=2", "blog-nl-2013-page2.html", "2013-06-21T10:01:00Z"),
            (BLOG, "blog-nl-2015-page1.html", "2015-03-02T08:00:00Z"),
        ]
        for url, name, date in pages:
            html = (NING / name).read_bytes()
            writer.write_record(response(writer, url, html, "text/html; charset=utf-8", date))
        writer.write_record(
            response(
                writer,
                "http://api.ning.com/files/schema.png",
                PNG,
                "image/png",
                "2013-06-21T10:02:00Z",
            )
        )
        writer.write_record(
            response(
                writer,
                "http://ambtenaar20.ning.com/xn/detail/6034210:BlogPost:1",
                b"",
                "text/html",
                "2013-06-21T10:03:00Z",
                status="301 Moved Permanently",
                headers=[("Location", BLOG)],
            )
        )
        writer.write_record(
            response(
                writer,
                "http://ambtenaar20.ning.com/gone",
                b"nope",
                "text/html",
                "2013-06-21T10:04:00Z",
                status="404 Not Found",
            )
        )


def run(*arguments) -> int:
    return main(["import", *map(str, arguments)])


def test_a_warc_with_two_pages_captured_twice(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write_warc(tmp_path / "network.warc.gz")
    assert run("network.warc.gz", "--content", "content", "--report", "report.json") == 0

    [post_file] = (tmp_path / "content" / "posts" / "2013").glob("*.md")
    assert post_file.name == f"{SLUG}.md"
    text = post_file.read_text("utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["author"] == "Marie Louise Borsje"
    assert front["date"].isoformat() == "2013-06-02T21:17:00+02:00"
    assert front["views"] == 1871
    assert front["source"]["url"] == BLOG
    assert front["source"]["captured"].isoformat() == "2015-03-02T08:00:00+00:00"
    reactions = yaml.safe_load(post_file.with_name(f"{SLUG}.reactions.yml").read_text("utf-8"))
    assert len(reactions["reactions"]) == 12

    [image] = (tmp_path / "content" / "images" / SLUG).iterdir()
    assert image.read_bytes() == PNG
    assert f"![Schema van de samenwerking]({{static}}/images/{SLUG}/{image.name})" in text

    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    [entry] = report["sources"]
    assert entry["file"] == "network.warc.gz"
    assert entry["format"] == "ning"
    assert (entry["posts_written"], entry["reactions_written"], entry["images_copied"]) == (
        1,
        12,
        1,
    )
    results = [record["result"] for record in entry["records"]]
    assert results.count("ning: 1 post(s)") == 3
    assert "image, kept for the posts that show it" in results
    assert any("HTTP 404" in reason for reason in entry["skipped"])
    assert any("redirect to " + BLOG in reason for reason in entry["skipped"])
    assert entry["errors"] == []
    printed = capsys.readouterr().out
    assert "network.warc.gz: ning: 1 post, 12 reactions written, 1 image copied" in printed
    assert "3 sources merged, 10 repeated reactions taken once" in printed
    assert "2 posts not written: 2 merged into another capture of the same post" in printed
    assert "10 reactions not written: 10 duplicate of a reaction from another capture" in printed

    assert run("network.warc.gz", "--content", "content") == 0
    assert post_file.read_text("utf-8") == text


def write_mirror(root: Path) -> Path:
    """A wget mirror: host/path as folders, pages with relative links and images."""
    site = root / "mirror" / "ambtenaar20.ning.com"
    blogs = site / "profiles" / "blogs"
    blogs.mkdir(parents=True)
    page = (NING / "blog-nl-2013-page1.html").read_text("utf-8")
    page = page.replace("http://api.ning.com/files/schema.png", "../../files/schema.png").replace(
        "/profiles/blogs/netwerken-in-de-praktijk", "netwerken-in-de-praktijk.html"
    )
    (blogs / "samenwerken-over-grenzen.html").write_text(page, "utf-8")
    other = page.replace("Samenwerken over grenzen", "Netwerken in de praktijk").replace(
        "6034210:Comment:", "7034210:Comment:"
    )
    (blogs / "netwerken-in-de-praktijk.html").write_text(other, "utf-8")
    (site / "files").mkdir()
    (site / "files" / "schema.png").write_bytes(PNG)
    (site / "style.css").write_text("body{}")
    return root / "mirror"


def test_a_mirror_folder_and_links_between_its_posts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_mirror(tmp_path)
    assert run("mirror", "--content", "content", "--report", "report.json") == 0
    posts = tmp_path / "content" / "posts" / "2013"
    text = (posts / f"{SLUG}.md").read_text("utf-8")
    assert "[netwerken in de praktijk]({filename}/posts/2013/netwerken-in-de-praktijk.md)" in text
    assert f"{{static}}/images/{SLUG}/schema-" in text
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert report["totals"]["posts_written"] == 2
    assert report["totals"]["errors"] == 0

    build(tmp_path / "content", tmp_path / "output")
    html = BeautifulSoup(
        (tmp_path / "output" / "posts" / "2013" / f"{SLUG}.html").read_text(), "html.parser"
    )
    body = html.select_one(".body") or html
    link = body.find("a", string="netwerken in de praktijk")
    target = (tmp_path / "output" / "posts" / "2013" / link["href"]).resolve()
    assert target == (tmp_path / "output" / "posts" / "2013" / "netwerken-in-de-praktijk.html")
    assert target.exists()
    image = body.find("img")
    assert image["src"].startswith(f"../../images/{SLUG}/schema-")
    assert (tmp_path / "output" / "images" / SLUG / image["src"].rsplit("/", 1)[1]).exists()


def test_a_missing_image_is_reported_and_shown_as_a_link(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(NING / "blog-nl-2013-page1.html", tmp_path / "page.html")
    assert run("page.html", "--content", "content", "--report", "report.json") == 0
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert report["sources"][0]["images_missing"] == ["http://api.ning.com/files/schema.png"]
    build(tmp_path / "content", tmp_path / "output")
    html = (tmp_path / "output" / "posts" / "2013" / f"{SLUG}.html").read_text()
    assert 'src="http' not in html
    assert 'class="external-image" href="http://api.ning.com/files/schema.png"' in html
