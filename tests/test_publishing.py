"""plugins/publishing: sitemap, robots.txt, SHA256SUMS, the tarball, the link check, CI."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from pelican import Pelican, signals
from pelican.settings import read_settings

import publishing
from importer.verify import check_mirror
from publishing import archive, linkcheck
from publishing.checksums import SUMS_NAME, site_files, sums_line, write_checksums
from tests.conftest import ROOT

SITE = "https://archief.example.org/een/diep/pad"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SUMS_LINE = re.compile(r"[0-9a-f]{64}  \S.*")

POST = """---
title: {title}
date: {date}
author: Jan
category: Blog
tags: []
slug: {slug}
source:
  platform: editor
  file: null
---

Tekst van {title}. [Naar de andere](../{other_year}/{other}.html)
"""
REACTIONS = """post: {slug}
reactions:
- id: r1
  author: Piet
  date: 2015-01-02T10:00:00+01:00
  parent: null
  body: Een reactie.
"""


def write_content(root: Path) -> Path:
    content = root / "content"
    posts = [
        ("Eerste bericht", "2014-03-03T10:00:00+01:00", "eerste", "2014"),
        ("Tweede bericht", "2014-05-06T11:30:00+02:00", "tweede", "2014"),
    ]
    for index, (title, date, slug, year) in enumerate(posts):
        other = posts[1 - index]
        folder = content / "posts" / year
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{slug}.md").write_text(
            POST.format(title=title, date=date, slug=slug, other_year=other[3], other=other[2]),
            encoding="utf-8",
        )
        (folder / f"{slug}.reactions.yml").write_text(REACTIONS.format(slug=slug), encoding="utf-8")
    pages = content / "pages"
    pages.mkdir(parents=True)
    (pages / "over.md").write_text(
        "---\ntitle: Over dit archief\nslug: over\n---\n\nReageren is gesloten.\n",
        encoding="utf-8",
    )
    return content


def build(content: Path, output: Path, conf: str = "pelicanconf.py", **override) -> Path:
    settings = read_settings(
        str(ROOT / conf),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), **override},
    )
    Pelican(settings).run()
    return output


@pytest.fixture(scope="module")
def relative_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("relative")
    return build(write_content(root), root / "output")


@pytest.fixture(scope="module")
def published_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("published")
    previous = os.environ.get("SITEURL")
    os.environ["SITEURL"] = SITE + "/"
    try:
        return build(write_content(root), root / "output", "publishconf.py")
    finally:
        if previous is None:
            del os.environ["SITEURL"]
        else:
            os.environ["SITEURL"] = previous


def listed(site: Path) -> dict[str, str]:
    lines = (site / SUMS_NAME).read_text("utf-8").splitlines()
    for line in lines:
        assert SUMS_LINE.fullmatch(line), line
    return {line[66:]: line[:64] for line in lines}


def sitemap_urls(site: Path) -> dict[str, str]:
    tree = ET.parse(site / "sitemap.xml").getroot()
    return {
        url.find(f"{SITEMAP_NS}loc").text: url.find(f"{SITEMAP_NS}lastmod").text
        for url in tree.findall(f"{SITEMAP_NS}url")
    }


def pelican_pages(site: Path) -> list[str]:
    """The pages Pelican wrote (not the search bundle, data or redirect files)."""
    skip = ("pagefind/", "data/", "redirects/")
    return [
        path for path in site_files(site) if path.endswith(".html") and not path.startswith(skip)
    ]


# SHA256SUMS


def test_sha256sums_lists_every_other_file_sorted_with_its_digest(relative_site):
    sums = listed(relative_site)
    files = site_files(relative_site)
    assert list(sums) == files == sorted(files)
    assert SUMS_NAME not in sums
    for path, digest in sums.items():
        assert hashlib.sha256((relative_site / path).read_bytes()).hexdigest() == digest


def test_sha256sums_lists_the_search_bundle_and_what_other_plugins_write_at_the_end(
    relative_site,
):
    sums = listed(relative_site)
    assert any(path.startswith("pagefind/") for path in sums), "no pagefind/ file listed"
    assert "pagefind/pagefind.js" in sums
    assert "robots.txt" in sums


def test_sha256sum_checks_the_list(relative_site):
    result = subprocess.run(
        ["sha256sum", "--check", "--strict", "--quiet", SUMS_NAME],
        cwd=relative_site,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_late_finalized_receiver_still_comes_before_the_checksums(tmp_path):
    """blinker calls receivers in no fixed order: the plugin must not depend on it."""
    seen = {}

    def late(pelican):
        output = Path(pelican.output_path)
        seen["sums_before"] = (output / SUMS_NAME).exists()
        (output / "laat.txt").write_text("geschreven bij finalized\n", encoding="utf-8")

    signals.finalized.connect(late)
    try:
        site = build(write_content(tmp_path), tmp_path / "output")
    finally:
        signals.finalized.disconnect(late)
    assert seen == {"sums_before": False}
    assert "laat.txt" in listed(site)
    assert check_mirror(site).ok


def test_a_build_without_the_plugin_writes_no_checksums(tmp_path, relative_site):
    # The plugin's receivers stay connected in this process (signals are global).
    plugins = [p for p in read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]]
    plugins.remove("publishing")
    site = build(write_content(tmp_path), tmp_path / "output", PLUGINS=plugins)
    assert (site / "index.html").exists()
    assert not (site / SUMS_NAME).exists()
    assert not (site / "robots.txt").exists()


def test_sums_lines_escape_names_as_sha256sum_does(tmp_path):
    assert sums_line("ab" * 32, "a b.html") == f"{'ab' * 32}  a b.html"
    assert sums_line("ab" * 32, "a\\b\nc") == f"\\{'ab' * 32}  a\\\\b\\nc"
    (tmp_path / "gewoon.txt").write_text("x")
    (tmp_path / "met\\schuine streep.txt").write_text("y")
    target, count = write_checksums(tmp_path)
    assert count == 2
    assert check_mirror(tmp_path).ok
    if shutil.which("sha256sum"):
        subprocess.run(
            ["sha256sum", "--check", "--strict", "--quiet", target.name], cwd=tmp_path, check=True
        )


# robots.txt and the sitemap


def test_a_relative_build_has_robots_txt_without_sitemap(relative_site):
    robots = (relative_site / "robots.txt").read_text("utf-8")
    assert "User-agent: *" in robots and "Allow: /" in robots
    assert "Sitemap" not in robots
    assert not (relative_site / "sitemap.xml").exists()


def test_a_published_build_has_robots_txt_pointing_at_the_sitemap(published_site):
    robots = (published_site / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in robots
    assert robots[-1] == f"Sitemap: {SITE}/sitemap.xml"


def test_the_sitemap_lists_every_page_with_its_absolute_canonical_url(published_site):
    urls = sitemap_urls(published_site)
    canonical = publishing.make_canonical_filter({"SITEURL": SITE})
    pages = pelican_pages(published_site)
    assert "posts/2014/eerste.html" in pages and "over.html" in pages
    assert set(urls) == {canonical(page) for page in pages}
    assert f"{SITE}/" in urls  # index.html
    assert f"{SITE}/posts/2014/tweede.html" in urls
    assert all(url.startswith(SITE + "/") for url in urls)


def test_the_sitemap_dates_come_from_the_posts_not_the_clock(published_site):
    urls = sitemap_urls(published_site)
    assert urls[f"{SITE}/posts/2014/eerste.html"] == "2014-03-03T10:00:00+01:00"
    # Lists (and the page without a date) carry the newest post's date.
    assert urls[f"{SITE}/"] == "2014-05-06T11:30:00+02:00"
    assert urls[f"{SITE}/over.html"] == "2014-05-06T11:30:00+02:00"
    assert set(urls.values()) == {"2014-03-03T10:00:00+01:00", "2014-05-06T11:30:00+02:00"}


def test_the_published_build_is_listed_and_verifies(published_site):
    sums = listed(published_site)
    assert {"sitemap.xml", "robots.txt", "feeds/alles.atom.xml"} <= set(sums)
    assert check_mirror(published_site).ok


def test_a_siteurl_that_is_not_absolute_gives_no_sitemap(tmp_path, caplog):
    site = build(write_content(tmp_path), tmp_path / "output", SITEURL="/archief")
    assert not (site / "sitemap.xml").exists()
    assert "Sitemap" not in (site / "robots.txt").read_text("utf-8")
    assert "not an absolute http(s) address" in caplog.text


def test_canonical_url_filter():
    relative = publishing.make_canonical_filter({"SITEURL": "", "RELATIVE_URLS": True})
    assert relative("posts/2014/eerste.html") == ""
    absolute = publishing.make_canonical_filter({"SITEURL": SITE + "/"})
    assert absolute("index.html") == f"{SITE}/"
    assert absolute("personen/index.html") == f"{SITE}/personen/"
    assert absolute("berichten/index2.html") == f"{SITE}/berichten/index2.html"
    assert absolute("posts/2014/één.html") == f"{SITE}/posts/2014/%C3%A9%C3%A9n.html"
    assert absolute("") == ""


# The tarball of make publish


def pack(site: Path, dist: Path, *extra: str) -> list[Path]:
    assert archive.main([str(site), "--dist", str(dist), *extra]) == 0
    return sorted(dist.iterdir())


def test_the_tarball_is_reproducible_and_dated_by_name_only(relative_site, tmp_path):
    first = pack(relative_site, tmp_path / "a", "--date", "2026-01-02", "--mtime", "1700000000")
    second = pack(relative_site, tmp_path / "b", "--date", "2030-12-31", "--mtime", "1700000000")
    assert [p.name for p in first] == [
        "archive-2026-01-02.tar.gz",
        "archive-2026-01-02.tar.gz.sha256",
    ]
    assert first[0].read_bytes() == second[0].read_bytes()
    digest = hashlib.sha256(first[0].read_bytes()).hexdigest()
    assert first[1].read_text("utf-8") == f"{digest}  archive-2026-01-02.tar.gz\n"


def test_the_tarball_has_sorted_normalised_entries_and_verifies_when_unpacked(
    relative_site, tmp_path
):
    tarball, _ = pack(
        relative_site,
        tmp_path / "dist",
        "--name",
        "ambtenaar20-{date}",
        "--date",
        "2026-01-02",
        "--mtime",
        "1234567890",
    )
    assert tarball.name == "ambtenaar20-2026-01-02.tar.gz"
    with tarfile.open(tarball) as tar:
        members = tar.getmembers()
        names = [member.name for member in members]
        assert names[0] == "archive"
        assert names == ["archive", *sorted(names[1:])]
        for member in members:
            assert (member.uid, member.gid, member.uname, member.gname) == (0, 0, "", "")
            assert member.mtime == 1234567890
            assert member.mode == (0o755 if member.isdir() else 0o644)
        files = sorted(m.name.removeprefix("archive/") for m in members if m.isfile())
        assert files == sorted([*site_files(relative_site), SUMS_NAME])
        tar.extractall(tmp_path / "unpacked", filter="data")
    assert check_mirror(tmp_path / "unpacked" / "archive").ok
    # No name and no time in the gzip header.
    header = tarball.read_bytes()[:10]
    assert header[3] & 0x08 == 0 and header[4:8] == b"\0\0\0\0"


def test_the_tarball_takes_its_time_stamps_from_source_date_epoch(
    relative_site, tmp_path, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    tarball, _ = pack(relative_site, tmp_path / "dist")
    with tarfile.open(tarball) as tar:
        assert {member.mtime for member in tar.getmembers()} == {1600000000}


def test_a_site_without_checksums_is_not_packed(tmp_path, capsys):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<p>x</p>")
    assert archive.main([str(tmp_path / "site"), "--dist", str(tmp_path / "dist")]) == 2
    assert "SHA256SUMS not found" in capsys.readouterr().err
    assert not (tmp_path / "dist").exists()


# The link check (LinkChecker over a local server)


def test_the_link_check_passes_on_a_built_site(relative_site):
    assert linkcheck.check_links(relative_site) == 0


def test_the_link_check_finds_broken_links_anchors_and_escapes(relative_site, tmp_path, capfd):
    site = tmp_path / "site"
    shutil.copytree(relative_site, site)
    page = site / "over.html"
    page.write_text(
        page.read_text("utf-8").replace(
            "</main>",
            '<a href="posts/2014/eerste.html#reactie-r1">goed</a>'
            '<a href="posts/2014/eerste.html#reactie-bestaat-niet">anker</a>'
            '<a href="weg.html">weg</a>'
            '<a href="../buiten-het-archief.html">buiten</a>'
            '<a href="https://example.org/elders">elders</a>'
            '<a href="mailto:iemand@example.org">post</a></main>',
        ),
        encoding="utf-8",
    )
    assert linkcheck.check_links(site) == 1
    report = capfd.readouterr().out
    assert "reactie-bestaat-niet" in report
    assert "weg.html" in report
    assert "buiten-het-archief.html" in report
    # The good anchor, the other site and the e-mail address pass.
    assert "1 warning found. 2 errors found." in report


# CI for the forge


def test_the_pages_workflow_is_valid_and_runs_the_checks():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    # YAML 1.1 reads the key "on" as True.
    triggers = workflow.get("on", workflow.get(True))
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    uses = [step.get("uses", "") for step in steps]
    runs = [step.get("run", "") for step in steps]
    assert all(step.get("name") for step in steps)
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert "3.11" in job["container"]["image"]
    chromium = next(i for i, run in enumerate(runs) if "apt-get install" in run)
    assert "chromium" in runs[chromium]
    order = [runs.index(f"make {target}") for target in ("check", "html", "linkcheck", "test")]
    assert order == sorted(order) and chromium < order[-1]
    upload = next(
        step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert upload["with"]["path"] == "output/"


def canonical_links(site: Path) -> dict[str, list[str]]:
    found = {}
    for page in pelican_pages(site):
        text = (site / page).read_text("utf-8")
        found[page] = re.findall(r'<link rel="canonical" href="([^"]*)">', text)
    return found


def test_the_canonical_links_of_the_theme_are_the_sitemap_urls(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEURL", SITE)
    site = build(write_content(tmp_path), tmp_path / "output", "publishconf.py")
    links = canonical_links(site)
    assert all(len(urls) == 1 for urls in links.values()), links
    assert {urls[0] for urls in links.values()} == set(sitemap_urls(site))
    assert links["posts/2014/eerste.html"] == [f"{SITE}/posts/2014/eerste.html"]


def test_a_relative_build_has_no_canonical_link(tmp_path):
    site = build(write_content(tmp_path), tmp_path / "output")
    assert all(urls == [] for urls in canonical_links(site).values())


def test_a_robots_txt_of_the_site_itself_is_kept(tmp_path, caplog):
    content = write_content(tmp_path)
    (content / "extra").mkdir()
    (content / "extra" / "robots.txt").write_text("User-agent: *\nDisallow: /personen/\n")
    site = build(
        content,
        tmp_path / "output",
        STATIC_PATHS=["images", "extra/robots.txt"],
        EXTRA_PATH_METADATA={"extra/robots.txt": {"path": "robots.txt"}},
    )
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /personen/\n"
    assert "has its own robots.txt" in caplog.text
    assert "robots.txt" in listed(site)
