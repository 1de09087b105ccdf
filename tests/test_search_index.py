"""The search index holds every post and page, and Pagefind reads only their folders."""

import json
import shutil

import pytest

import search
from search import indexed_files
from tests.conftest import ROOT
from tests.test_site_build import build


@pytest.mark.parametrize(
    ("article", "page", "glob"),
    [
        ("posts/{date:%Y}/{slug}.html", "{slug}.html", "{posts/**/*.html,*.html}"),
        ("{slug}.html", "pages/{slug}.html", "{*.html,pages/*.html}"),
        ("posts/{slug}.html", "", "posts/*.html"),
        ("blog/{slug}/index.html", "{slug}/index.html", "**/*.html"),
        ("{date:%Y/%m}/{slug}.html", "{slug}.html", "**/*.html"),
        ("", "", "**/*.html"),
    ],
)
def test_pagefind_reads_the_folders_posts_and_pages_are_saved_in(article, page, glob):
    assert indexed_files({"ARTICLE_SAVE_AS": article, "PAGE_SAVE_AS": page}) == glob


def test_every_post_and_page_is_in_the_search_index(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    build(tmp_path / "content", tmp_path / "output")
    posts = list((tmp_path / "content" / "posts").rglob("*.md"))
    pages = list((tmp_path / "content" / "pages").rglob("*.md"))
    entry = json.loads((tmp_path / "output" / "pagefind" / "pagefind-entry.json").read_text())
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(
        posts
    ) + len(pages)


def test_a_failing_pagefind_fails_the_build_with_its_message(tmp_path, monkeypatch):
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'kapotte index' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_executable", lambda: fake)
    shutil.copytree(ROOT / "content", tmp_path / "content")
    with pytest.raises(search.SearchIndexError, match=r"exit 3(.|\n)*kapotte index"):
        build(tmp_path / "content", tmp_path / "output")


def test_the_checksums_cover_the_search_bundle_made_alongside_the_other_files(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    build(tmp_path / "content", tmp_path / "output")
    listed = (tmp_path / "output" / "SHA256SUMS").read_text("utf-8")
    bundle = [
        path.relative_to(tmp_path / "output").as_posix()
        for path in (tmp_path / "output" / "pagefind").rglob("*")
        if path.is_file()
    ]
    assert bundle and all(f"  {name}\n" in listed for name in bundle)
