"""Ways in by time and by discussion: home page, all posts, years and months with
their counts, the most discussed posts, and previous/next on every post."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.test_site_build import build


def post(content: Path, year: int, slug: str, date: str, reactions: int) -> None:
    folder = content / "posts" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.md").write_text(
        f"---\ntitle: Bericht {slug}\ndate: {date}\nauthor: Jan\ncategory: Blog\ntags: []\n"
        f"slug: {slug}\nsource:\n  platform: editor\n  file: null\n---\n\nTekst.\n"
    )
    items = "".join(
        f"- id: r{n}\n  author: Piet\n  date: {date}\n  parent: null\n  body: Reactie {n}.\n"
        for n in range(reactions)
    )
    (folder / f"{slug}.reactions.yml").write_text(
        f"post: {slug}\nreactions:{' []' if not reactions else ''}\n{items}"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("views")
    content = root / "content"
    post(content, 2012, "oud", "2012-05-01T10:00:00+02:00", 1)
    post(content, 2013, "midden", "2013-07-02T10:00:00+02:00", 4)
    post(content, 2013, "later", "2013-07-20T10:00:00+02:00", 4)
    post(content, 2013, "herfst", "2013-10-01T10:00:00+02:00", 0)
    build(content, root / "output")
    return root / "output"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def text(path: Path) -> str:
    return " ".join(soup(path).get_text(" ").split())


def test_previous_and_next_post(site):
    page = soup(site / "posts" / "2013" / "midden.html")
    assert page.find("a", rel="prev")["href"].endswith("2012/oud.html")
    assert page.find("a", rel="next")["href"].endswith("2013/later.html")
    first = soup(site / "posts" / "2012" / "oud.html")
    assert first.find("a", rel="prev") is None
    assert first.find("a", rel="next")["href"].endswith("2013/midden.html")


def test_most_discussed_ties_go_to_the_newer_post(site):
    titles = [a.get_text() for a in soup(site / "meest-besproken.html").select("ol.ranked li > a")]
    assert titles == ["Bericht later", "Bericht midden", "Bericht oud"]


def test_home_page_ways_in_recent_and_most_discussed(site):
    home = text(site / "index.html")
    assert "2013 (3)" in home and "2012 (1)" in home
    page = soup(site / "index.html")
    recent = [a.get_text() for a in page.select("#recent-titel ~ .items .item-title a")]
    assert recent[0] == "Bericht herfst"
    discussed = [a.get_text() for a in page.select("#besproken-titel ~ .items .item-title a")]
    assert discussed[0] == "Bericht later"


def test_all_posts_list(site):
    page = soup(site / "berichten" / "index.html")
    assert len(page.select(".item-title")) == 4


def test_archive_counts_per_year_and_month(site):
    archive = text(site / "archief" / "index.html")
    assert "juli 2013 (2)" in archive and "oktober 2013 (1)" in archive
    assert (site / "archief" / "2013-07.html").exists()
    assert "2 berichten" in text(site / "archief" / "2013-07.html")
