"""Tiny sites built end to end with Pelican(settings).run(), as Pelican plugins test."""

import logging
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from content_format.validation import ContentError
from tests.conftest import ROOT

NING_SLUG = "ben-je-er-als-ambtenaar-voor-de-politiek-of-voor-de-samenleving"


def build(content: Path, output: Path) -> None:
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(output)},
    )
    Pelican(settings).run()


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "content", root / "content")
    build(root / "content", root / "output")
    return root / "output"


def test_post_page_shows_every_reaction_with_its_anchor(site):
    html = page(site / "posts" / "2013" / f"{NING_SLUG}.html")
    section = html.find(id="reacties")
    reactions = section.select("article.reactie")
    assert len(reactions) == 10
    text = section.get_text(" ")
    assert "Reacties (10)" in " ".join(text.split())
    assert "Mildo van Staden" in text and "Wim Markwat" in text
    assert "Een Timmermans kan helpen" in text
    first = reactions[0]
    assert first.find("time")["datetime"] == "2013-07-02T08:59:00+02:00"
    anchor = first["aria-labelledby"]
    assert first.find(id=anchor) is not None
    assert first.find("a", href=f"#{anchor}") is not None


def test_post_page_says_what_it_does_not_know(site):
    html = page(site / "posts" / "2013" / f"{NING_SLUG}.html")
    header = " ".join(html.find("article").get_text(" ").split())
    assert "Auteur onbekend" in header
    assert "Datum onbekend" in header
    assert "1871" in header


def test_wordpress_post_has_caption_and_lead(site):
    html = page(site / "posts" / "2016" / "die-nieuwe-ambtenaar-komt-er.html")
    assert html.select_one("p.caption").get_text().endswith("Foto Lex Draijer/De Beeldredaktie")
    assert html.select_one(".lead").get_text().startswith("Het programma Ambtenaar 2.0")
    assert len(html.select("#reacties article.reactie")) == 1


def test_index_shows_reaction_counts(site):
    text = " ".join(page(site / "index.html").get_text(" ").split())
    assert "10 reacties" in text
    assert "1 reactie" in text


SEARCH_SCRIPTS = ["./pagefind/pagefind-ui.js", "./theme/js/zoeken.js"]


def test_pages_are_dutch_and_make_no_request_elsewhere(site):
    for path in site.rglob("*.html"):
        if "redirects" in path.relative_to(site).parts:
            continue
        html = page(path)
        assert html.html["lang"] == "nl", path
        for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in html.find_all(tag):
                value = element.get(attribute) or ""
                assert not value.startswith(("http:", "https:", "//")), (path, value)
        scripts = [script.get("src") for script in html.find_all("script")]
        assert scripts == (SEARCH_SCRIPTS if path.name == "zoeken.html" else []), path


def test_about_page_exists(site):
    html = page(site / "over.html")
    assert "Reageren is gesloten" in html.get_text()


def write_site(root: Path, reactions: str) -> Path:
    posts = root / "content" / "posts" / "2014"
    posts.mkdir(parents=True)
    (posts / "een-bericht.md").write_text(
        "---\ntitle: Een bericht\ndate: 2014-03-03T10:00:00+01:00\nauthor: Jan\n"
        "category: Blog\ntags: []\nslug: een-bericht\nsource:\n  platform: editor\n"
        "  file: null\n---\n\nTekst met <script>alert(1)</script> en "
        "[link](javascript:alert(1)).\n"
    )
    (posts / "een-bericht.reactions.yml").write_text(reactions)
    return root / "content"


THREAD = """post: een-bericht
reactions:
- id: a1
  author: Piet
  date: 2014-03-04T10:00:00+01:00
  parent: null
  body: Eerste vraag.
- id: a2
  author: Jan
  date: 2014-03-04T11:00:00+01:00
  parent: a1
  body: Het antwoord.
- id: a3
  author: Klaas
  date: 2014-03-05T09:00:00+01:00
  parent: null
  body: Los daarvan.
"""


def test_replies_are_nested_under_their_parent(tmp_path):
    content = write_site(tmp_path, THREAD)
    build(content, tmp_path / "output")
    html = page(tmp_path / "output" / "posts" / "2014" / "een-bericht.html")
    parent = html.find(id="reactie-a1").find_parent("article")
    reply = html.find(id="reactie-a2").find_parent("article")
    other = html.find(id="reactie-a3").find_parent("article")
    assert reply in parent.find_all("article")
    assert other not in parent.find_all("article")


def test_raw_html_in_markdown_does_not_reach_the_page(tmp_path):
    content = write_site(tmp_path, THREAD)
    build(content, tmp_path / "output")
    text = (tmp_path / "output" / "posts" / "2014" / "een-bericht.html").read_text()
    assert "<script" not in text
    assert "javascript:" not in text


@pytest.mark.parametrize(
    ("reactions", "message"),
    [
        (THREAD.replace("parent: a1", "parent: zz"), "answers 'zz'"),
        (THREAD.replace("id: a2", "id: a1"), "duplicate reaction id 'a1'"),
        (THREAD.replace("post: een-bericht", "post: iets"), "post is 'iets'"),
    ],
)
def test_bad_reactions_fail_the_build_naming_the_file(tmp_path, reactions, message):
    content = write_site(tmp_path, reactions)
    with pytest.raises(ContentError) as error:
        build(content, tmp_path / "output")
    assert "een-bericht.reactions.yml:" in str(error.value)
    assert message in str(error.value)


def test_a_reactions_file_without_its_post_fails_the_build(tmp_path):
    content = write_site(tmp_path, THREAD)
    shutil.copy(
        content / "posts" / "2014" / "een-bericht.reactions.yml",
        content / "posts" / "2014" / "weg.reactions.yml",
    )
    with pytest.raises(ContentError, match=r"weg\.reactions\.yml:1: no post beside"):
        build(content, tmp_path / "output")


def test_invalid_yaml_fails_the_build_instead_of_an_empty_post(tmp_path, caplog):
    content = write_site(tmp_path, THREAD)
    post = content / "posts" / "2014" / "een-bericht.md"
    post.write_text(post.read_text().replace("tags: []", "tags: [open"))
    caplog.set_level(logging.ERROR)
    with pytest.raises(ContentError, match=r"een-bericht.md:\d+: invalid YAML"):
        build(content, tmp_path / "output")
    assert not (tmp_path / "output" / "posts" / "2014" / "een-bericht.html").exists()
