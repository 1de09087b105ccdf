"""The open data export (plugins/open_data): output/data/ of a real build."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican import Pelican, signals
from pelican.settings import read_settings

from open_data import (
    FIELDS_POSTS,
    FIELDS_REACTIONS,
    README_NAME,
    csv_value,
    parsed_text,
    plain_text,
)
from tests.conftest import ROOT

DATA_FILES = ["posts.json", "posts.csv", "reactions.json", "reactions.csv", README_NAME]
NING_SLUG = "ben-je-er-als-ambtenaar-voor-de-politiek-of-voor-de-samenleving"
WORDPRESS_SLUG = "die-nieuwe-ambtenaar-komt-er"


def build(content: Path, output: Path, **settings) -> Path:
    override = {"PATH": str(content), "OUTPUT_PATH": str(output), **settings}
    Pelican(read_settings(str(ROOT / "pelicanconf.py"), override=override)).run()
    return output


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """The real content, built twice into two folders."""
    root = tmp_path_factory.mktemp("open-data")
    shutil.copytree(ROOT / "content", root / "content")
    return build(root / "content", root / "one"), build(root / "content", root / "two")


@pytest.fixture(scope="module")
def site(builds) -> Path:
    return builds[0]


def load(site: Path, name: str) -> list[dict]:
    return json.loads((site / "data" / f"{name}.json").read_text("utf-8"))


def load_csv(site: Path, name: str) -> tuple[list[str], list[dict]]:
    text = (site / "data" / f"{name}.csv").read_text("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return reader.fieldnames, list(reader)


def test_the_data_files_exist_with_unix_line_ends_and_no_bom(site):
    for name in DATA_FILES:
        data = (site / "data" / name).read_bytes()
        assert data, name
        assert b"\r\n" not in data, name
        assert not data.startswith(b"\xef\xbb\xbf"), name
        data.decode("utf-8")


def test_counts_and_fields_of_the_real_content(site):
    posts, reactions = load(site, "posts"), load(site, "reactions")
    assert len(posts) == 2
    assert len(reactions) == 11
    assert all(list(post) == FIELDS_POSTS for post in posts)
    assert all(list(reaction) == FIELDS_REACTIONS for reaction in reactions)
    assert [post["slug"] for post in posts] == [NING_SLUG, WORDPRESS_SLUG]
    ning = posts[0]
    assert ning["title"] == "Ben je er als ambtenaar voor de politiek of voor de samenleving?"
    assert ning["date"] is None
    assert ning["date_not_after"] == "2013-07-02T08:59:00+02:00"
    assert ning["author"] is None
    assert ning["category"] == "Blog"
    assert ning["tags"] == []
    assert ning["views"] == 1871
    assert ning["reaction_count"] == 10
    assert ning["source_platform"] == "ning"
    assert ning["source_file"] == "sources/seeds/000_e56dc972e6e23ac4.txt"
    assert posts[1]["summary"].startswith("Het programma Ambtenaar 2.0 liep eind 2014 af")
    assert sum(post["reaction_count"] for post in posts) == len(reactions)
    first = reactions[0]
    assert first["post"] == NING_SLUG
    assert first["id"] == "52e7a949d2"
    assert first["author"] == "Mildo van Staden"
    assert first["date"] == "2013-07-02T08:59:00+02:00"
    assert first["parent"] is None
    assert first["body"].startswith("Een Timmermans kan helpen")


def test_bodies_are_plain_text_with_paragraphs(site):
    posts, reactions = load(site, "posts"), load(site, "reactions")
    for record in [*posts, *reactions]:
        body = record["body"]
        assert body and "<" not in body and "&amp;" not in body, record.get("slug", record["id"])
        assert body == body.strip()
        assert "\n\n\n" not in body and "  " not in body
    ning = posts[0]["body"]
    assert "\n\nPolitiek en samenleving\n\n" in ning


def test_records_are_sorted_by_date(site):
    posts, reactions = load(site, "posts"), load(site, "reactions")
    moments = [post["date"] or post["date_not_after"] for post in posts]
    assert moments == sorted(moments)
    dates = [reaction["date"] for reaction in reactions]
    assert None not in dates
    assert dates == sorted(dates)


def test_csv_and_json_agree(site):
    for name, fields in (("posts", FIELDS_POSTS), ("reactions", FIELDS_REACTIONS)):
        header, rows = load_csv(site, name)
        records = load(site, name)
        assert header == fields
        assert len(rows) == len(records)
        for row, record in zip(rows, records, strict=True):
            assert row == {field: csv_value(record[field]) for field in fields}


def test_urls_resolve_to_pages_and_reaction_anchors(site):
    for record in [*load(site, "posts"), *load(site, "reactions")]:
        path, _, anchor = record["url"].partition("#")
        assert not path.startswith("/")
        page = site / path
        assert page.is_file(), record["url"]
        if anchor:
            html = BeautifulSoup(page.read_text("utf-8"), "html.parser")
            assert html.find(id=anchor) is not None, record["url"]
            assert anchor == f"reactie-{record['id']}"


def test_readme_is_dutch_then_english_with_counts_and_content_date(site):
    text = (site / "data" / README_NAME).read_text("utf-8")
    assert text.index("NEDERLANDS") < text.index("ENGLISH")
    assert "alle berichten: 2" in text and "every post: 2" in text
    assert "alle reacties: 11" in text and "every reaction: 11" in text
    # The newest date in the content (the WordPress article's first reaction), not the clock.
    assert "2016-06-16T17:05:00+02:00" in text
    assert "UTF-8" in text
    assert "check the" in text and "terms of the original site" in text
    assert "licence" in text


def test_two_builds_give_identical_data_files(builds):
    one, two = builds
    for name in DATA_FILES:
        assert (one / "data" / name).read_bytes() == (two / "data" / name).read_bytes(), name


def test_urls_are_absolute_when_siteurl_is_set(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    site = build(
        tmp_path / "content",
        tmp_path / "output",
        SITEURL="https://archief.example.org/a20",
        RELATIVE_URLS=False,
    )
    posts, reactions = load(site, "posts"), load(site, "reactions")
    prefix = "https://archief.example.org/a20/posts/"
    assert all(record["url"].startswith(prefix) for record in [*posts, *reactions])
    assert reactions[0]["url"].endswith(f"{NING_SLUG}.html#reactie-52e7a949d2")


def _drop_the_wordpress_post(generators):
    for generator in generators:
        if hasattr(generator, "articles"):
            generator.articles = [a for a in generator.articles if a.slug != WORDPRESS_SLUG]


def test_the_export_follows_what_the_build_changes_after_reading(tmp_path):
    """A plugin that drops a post after the articles are read drops it from the export."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    signals.all_generators_finalized.connect(_drop_the_wordpress_post)
    try:
        site = build(tmp_path / "content", tmp_path / "output")
    finally:
        signals.all_generators_finalized.disconnect(_drop_the_wordpress_post)
    assert [post["slug"] for post in load(site, "posts")] == [NING_SLUG]
    assert {reaction["post"] for reaction in load(site, "reactions")} == {NING_SLUG}
    assert "alle berichten: 1" in (site / "data" / README_NAME).read_text("utf-8")


def test_a_post_withdrawn_on_request_is_not_exported(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "content" / "removals.yml").write_text(
        f"posts:\n  - slug: {WORDPRESS_SLUG}\n", encoding="utf-8"
    )
    site = build(tmp_path / "content", tmp_path / "output")
    assert [post["slug"] for post in load(site, "posts")] == [NING_SLUG]
    assert len(load(site, "reactions")) == 10
    assert WORDPRESS_SLUG not in (site / "data" / "posts.csv").read_text("utf-8")


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>Een  <em>twee</em>\n drie</p><p>vier&amp;vijf</p>", "Een twee drie\n\nvier&vijf"),
        ("<h2>Kop</h2><ul><li>a</li><li>b</li></ul>", "Kop\n\na\n\nb"),
        ("<p>regel<br>volgende</p>", "regel\nvolgende"),
        ("<p>a\u00a0b</p><script>x()</script>", "a b"),
        ("", ""),
    ],
)
def test_plain_text(markup, text):
    assert plain_text(markup) == text


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.text(st.sampled_from("ab é.,;:?!'\"()\n\t\u00a0\u2003\x1c"), max_size=30), max_size=4
    ),
    st.sampled_from(["\n", ""]),
)
def test_paragraphs_of_text_read_as_the_parser_reads_them(paragraphs, between):
    """Markup of plain paragraphs skips the parser; the text must be what it gives."""
    markup = between.join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    assert plain_text(markup) == parsed_text(markup)
