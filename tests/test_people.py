"""People: a page per person (post and reaction authors), two indexes, aliases.

Tiny sites built end to end with Pelican(settings).run() and the archive's own
pelicanconf.py, as tests/test_site_build.py does.
"""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.contents import Author
from pelican.settings import read_settings

from content_format.validation import ContentError, check_content
from people.naming import excerpt, initial, sort_key, sort_name
from tests.conftest import ROOT


def settings_for(content: Path, output: Path) -> dict:
    return read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(output)},
    )


def build(content: Path, output: Path) -> None:
    Pelican(settings_for(content, output)).run()


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def post(folder: Path, slug: str, title: str, date: str, author: str | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.md").write_text(
        f"---\ntitle: {title}\ndate: {date}\nauthor: {author or 'null'}\ncategory: Blog\n"
        f"tags: []\nslug: {slug}\nsource:\n  platform: editor\n  file: null\n---\n\nTekst.\n",
        "utf-8",
    )


def reactions(folder: Path, slug: str, items: list[tuple]) -> None:
    lines = [f"post: {slug}", "reactions:"]
    for rid, author, date, body in items:
        lines += [
            f"- id: {rid}",
            f"  author: {author or 'null'}",
            f"  date: {date}",
            "  parent: null",
            "  body: |-",
            *(f"    {line}" for line in body.splitlines()),
        ]
    (folder / f"{slug}.reactions.yml").write_text("\n".join(lines) + "\n", "utf-8")


LONG = "Een **lange** reactie met <em>opmaak</em> &amp; een [link](https://example.org). " * 12


def write_site(content: Path, aliases: str | None = "Davied: Davied van Berlo\n") -> Path:
    y2014, y2015 = content / "posts" / "2014", content / "posts" / "2015"
    post(y2014, "een-bericht", "Een bericht", "2014-03-03T10:00:00+01:00", "Jan de Vries")
    reactions(
        y2014,
        "een-bericht",
        [
            ("a1", "Piet", "2014-03-04T10:00:00+01:00", "Eerste vraag."),
            ("a2", "Jan de Vries", "2014-03-04T11:00:00+01:00", "Het antwoord."),
            ("a3", "Davied", "2014-03-05T09:00:00+01:00", LONG),
            ("a4", None, "2014-03-06T09:00:00+01:00", "Anoniem."),
        ],
    )
    post(y2015, "tweede", "Tweede bericht", "2015-05-01T12:00:00+02:00", "Davied van Berlo")
    reactions(
        y2015,
        "tweede",
        [
            ("b1", "davied", "2015-05-02T08:00:00+02:00", "Zelf nog een aanvulling."),
            ("b2", "Ália ter Horst", "2015-05-03T08:00:00+02:00", "Mooi."),
        ],
    )
    if aliases is not None:
        (content / "aliases.yml").write_text(aliases, "utf-8")
    return content


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("people")
    build(write_site(root / "content"), root / "output")
    return root / "output"


def person_slug(name: str) -> str:
    return Author(name, settings_for(Path("content"), Path("output"))).slug


def resolve(from_file: Path, href: str) -> tuple[Path, str]:
    """The file and fragment a relative link on `from_file` points at."""
    address, fragment = urldefrag(href)
    return (from_file.parent / address).resolve(), fragment


# --- Person pages -------------------------------------------------------------------


def test_a_person_page_lists_posts_and_reactions_with_working_anchors(site):
    path = site / "personen" / "jan-de-vries.html"
    html = page(path)
    assert text_of(html.find("h1")) == "Jan de Vries"
    assert "1 bericht · 1 reactie" in text_of(html.find("main"))
    posts = html.find(id="berichten-titel").find_parent("section")
    assert [text_of(a) for a in posts.select("li > a")] == ["Een bericht"]
    target, _ = resolve(path, posts.select_one("li > a")["href"])
    assert target == (site / "posts" / "2014" / "een-bericht.html").resolve()
    reaction_links = html.find(id="reacties-titel").find_parent("section").select("li > a")
    assert len(reaction_links) == 1
    target, fragment = resolve(path, reaction_links[0]["href"])
    assert fragment == "reactie-a2"
    assert page(target).find(id=fragment) is not None
    assert "Het antwoord." in text_of(reaction_links[0].find_parent("li"))


def test_a_reaction_only_person_gets_a_page(site):
    html = page(site / "personen" / "piet.html")
    assert text_of(html.find("h1")) == "Piet"
    assert "0 berichten · 1 reactie" in text_of(html.find("main"))
    assert html.find(id="berichten-titel") is None
    assert "Eerste vraag." in text_of(html.find(id="reacties-titel").find_parent("section"))


def test_a_reaction_without_author_belongs_to_no_one(site):
    for path in (site / "personen").glob("*.html"):
        assert "Anoniem." not in path.read_text("utf-8"), path
    assert not (site / "personen" / "none.html").exists()


def test_reactions_are_newest_first_with_dates_and_short_plain_excerpts(site):
    html = page(site / "personen" / "davied-van-berlo.html")
    items = html.find(id="reacties-titel").find_parent("section").select("li")
    assert [item.find("time")["datetime"] for item in items] == [
        "2015-05-02T08:00:00+02:00",
        "2014-03-05T09:00:00+01:00",
    ]
    long = items[1].select_one(".excerpt")
    assert long.find() is None  # no markup from the reaction
    assert len(long.get_text()) <= 161 and long.get_text().endswith("…")
    assert long.get_text().startswith("Een lange reactie met opmaak & een link.")


def test_a_person_with_hundreds_of_reactions_has_a_small_page(tmp_path):
    folder = tmp_path / "content" / "posts" / "2014"
    post(folder, "veel", "Veel reacties", "2014-01-01T10:00:00+01:00", None)
    body = "Een lange reactie met veel woorden erin. " * 20
    items = [
        (f"r{n}", "Veelschrijver", f"2014-01-02T{n // 60:02d}:{n % 60:02d}:00+01:00", body)
        for n in range(200)
    ]
    reactions(folder, "veel", items)
    build(tmp_path / "content", tmp_path / "output")
    person = tmp_path / "output" / "personen" / "veelschrijver.html"
    assert len(page(person).select(".person-reactions li")) == 200
    assert person.stat().st_size < 200 * 600


def test_person_pages_have_one_h1_and_headings_in_order(site):
    for path in (site / "personen").glob("*.html"):
        html = page(path)
        levels = [int(h.name[1]) for h in html.find("main").find_all(["h1", "h2", "h3"])]
        assert levels.count(1) == 1 and levels[0] == 1, path
        assert all(b - a <= 1 for a, b in pairwise(levels)), path


def test_a_post_authors_link_on_the_post_page_lands_on_their_person_page(site):
    path = site / "posts" / "2014" / "een-bericht.html"
    link = page(path).select_one(".byline a")
    assert text_of(link) == "Jan de Vries"
    target, _ = resolve(path, link["href"])
    assert target.exists()
    assert target == (site / "personen" / f"{person_slug('Jan de Vries')}.html").resolve()


def test_reactions_carry_a_link_to_their_person(site):
    path = site / "posts" / "2014" / "een-bericht.html"
    html = page(path)
    links = [a for a in html.select("#reacties a") if "personen/" in a["href"]]
    assert {text_of(a) for a in links} == {"Piet", "Jan de Vries", "Davied van Berlo"}
    for link in links:
        assert resolve(path, link["href"])[0].exists()


def test_pelicans_own_author_pages_are_not_written(site):
    names = sorted(path.name for path in (site / "personen").glob("*.html"))
    assert names == sorted(
        [
            "index.html",
            "op-naam.html",
            "jan-de-vries.html",
            "piet.html",
            "davied-van-berlo.html",
            "alia-ter-horst.html",
        ]
    )


# --- Aliases ------------------------------------------------------------------------


def test_aliases_merge_a_username_into_the_full_name_everywhere(site):
    assert not (site / "personen" / "davied.html").exists()
    html = page(site / "personen" / "davied-van-berlo.html")
    main = text_of(html.find("main"))
    assert "1 bericht · 2 reacties" in main
    assert "Ook geschreven als Davied" in main
    index = text_of(page(site / "personen" / "index.html").find("main"))
    assert index.count("Davied") == 1
    post_page = page(site / "posts" / "2014" / "een-bericht.html")
    heading = post_page.find(id="reactie-a3")
    reaction = heading if heading.name == "article" else heading.find_parent("article")
    assert "Davied van Berlo" in text_of(reaction)
    assert "Davied van Berlo" in text_of(page(site / "posts" / "2015" / "tweede.html"))


def test_a_post_authors_alias_is_applied_before_pelican_collects_authors(tmp_path):
    content = write_site(tmp_path / "content")
    post(content / "posts" / "2016", "derde", "Derde", "2016-01-01T10:00:00+01:00", "DAVIED")
    build(content, tmp_path / "output")
    people = tmp_path / "output" / "personen"
    assert not (people / "davied.html").exists()
    path = tmp_path / "output" / "posts" / "2016" / "derde.html"
    byline = page(path).select_one(".byline a")
    assert text_of(byline) == "Davied van Berlo"
    assert resolve(path, byline["href"])[0] == (people / "davied-van-berlo.html").resolve()
    html = page(people / "davied-van-berlo.html")
    assert "2 berichten · 2 reacties" in text_of(html.find("main"))


def test_without_an_aliases_file_names_stay_apart(tmp_path):
    build(write_site(tmp_path / "content", aliases=None), tmp_path / "output")
    people = tmp_path / "output" / "personen"
    assert (people / "davied.html").exists()
    html = page(people / "davied-van-berlo.html")
    assert "1 bericht · 0 reacties" in text_of(html.find("main"))


def test_a_bad_aliases_file_fails_the_build_naming_file_and_line(tmp_path):
    content = write_site(tmp_path / "content", aliases="# names\nDavied:\n")
    with pytest.raises(ContentError, match=r"aliases\.yml:2: alias 'Davied' maps to no name"):
        build(content, tmp_path / "output")


# --- Indexes ------------------------------------------------------------------------


def test_index_by_activity_with_counts_and_a_link_to_the_other_order(site):
    path = site / "personen" / "index.html"
    html = page(path)
    rows = [text_of(li) for li in html.select("ol.people li")]
    assert rows == [
        "Davied van Berlo 1 bericht · 2 reacties",
        "Jan de Vries 1 bericht · 1 reactie",
        "Ália ter Horst 0 berichten · 1 reactie",
        "Piet 0 berichten · 1 reactie",
    ]
    other = html.select_one(".people-order a:not([aria-current])")
    assert resolve(path, other["href"])[0] == (site / "personen" / "op-naam.html").resolve()
    for link in html.select("ol.people a"):
        assert resolve(path, link["href"])[0].exists()


def test_index_by_name_sorts_on_the_surname_without_prefixes(site):
    path = site / "personen" / "op-naam.html"
    html = page(path)
    assert [text_of(h) for h in html.find("main").find_all("h2")] == ["B", "H", "P", "V"]
    names = [text_of(a) for a in html.select("ul.people a")]
    assert names == ["Berlo, Davied van", "Horst, Ália ter", "Piet", "Vries, Jan de"]
    other = html.select_one(".people-order a:not([aria-current])")
    assert resolve(path, other["href"])[0] == (site / "personen" / "index.html").resolve()
    for link in html.select(".jumps a"):
        assert html.find(id=link["href"].removeprefix("#")) is not None


@pytest.mark.parametrize(
    ("name", "shown", "letter"),
    [
        ("Davied van Berlo", "Berlo, Davied van", "B"),
        ("Jan van der Berg", "Berg, Jan van der", "B"),
        ("Dirk-Jan de Bruijn", "Bruijn, Dirk-Jan de", "B"),
        ("Marie Louise Borsje", "Borsje, Marie Louise", "B"),
        ("Davied", "Davied", "D"),
        ("Émile Zola", "Zola, Émile", "Z"),
        ("Van Berlo", "Berlo, Van", "B"),
        ("123", "123", "#"),
    ],
)
def test_sort_names(name, shown, letter):
    assert sort_name(name) == shown
    assert initial(name) == letter


def test_sorting_ignores_case_accents_and_prefixes():
    names = ["Wim Markwat", "ália ter Horst", "Davied van Berlo", "Herko Coomans", "Ann de Boer"]
    assert sorted(names, key=sort_key) == [
        "Davied van Berlo",
        "Ann de Boer",
        "Herko Coomans",
        "ália ter Horst",
        "Wim Markwat",
    ]


def test_excerpts_are_plain_text_cut_at_a_word():
    html = "<p>Een <em>mooie</em> zin &amp; nog een.</p>\n<p>Tweede alinea.</p>"
    assert excerpt(html) == "Een mooie zin & nog een. Tweede alinea."
    cut = excerpt("<p>" + "woord " * 100 + "</p>", 40)
    assert cut == "woord woord woord woord woord woord…"


# --- make check ---------------------------------------------------------------------


def check(tmp_path: Path, aliases: str) -> list[str]:
    content = write_site(tmp_path / "content", aliases=aliases)
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in check_content(content)]


@pytest.mark.parametrize(
    ("aliases", "expected"),
    [
        ("Davied: Davied van Berlo\n", []),
        ("# no aliases yet\n", []),
        ("davied van berlo: Davied van Berlo\n", []),
        ("# x\nDavied:\n", ["aliases.yml:2: alias 'Davied' maps to no name"]),
        ("Davied: ''\n", ["aliases.yml:1: alias 'Davied' maps to no name"]),
        (
            "Davied: [Davied van Berlo]\n",
            ["aliases.yml:1: alias 'Davied' maps to something that is not a name"],
        ),
        ("Davied: Davied\n", ["aliases.yml:1: alias 'Davied' maps to itself"]),
        (
            "Davied: Davied van Berlo\ndavied: D. van Berlo\n",
            ["aliases.yml:2: alias 'davied' is given twice (line 1)"],
        ),
        (
            "Davied: D. van Berlo\nD. van Berlo: Davied van Berlo\n",
            [
                "aliases.yml:1: alias 'Davied' maps to 'D. van Berlo', which is itself an alias "
                "(line 2): map 'Davied' straight to the name to show"
            ],
        ),
        (
            "A: B\nB: C\nC: A\n",
            ["aliases.yml:1: aliases go round in a circle: 'A' -> 'B' -> 'C' -> 'A'"],
        ),
        ("- Davied\n", ["aliases.yml:1: not a mapping of 'alias: name to show' lines"]),
        ("Davied: Davied van Berlo\nPiet: 'Jan\n", ["aliases.yml:2: invalid YAML: "]),
    ],
)
def test_make_check_reports_a_bad_aliases_file_with_its_line(tmp_path, aliases, expected):
    problems = check(tmp_path, aliases)
    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), problem


def test_the_aliases_schema_describes_the_same_file():
    import json

    import jsonschema

    schema = json.loads((ROOT / "schemas" / "aliases.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({"Davied": "Davied van Berlo"})
    assert not validator.is_valid({"Davied": None})
    assert not validator.is_valid({"Davied": " "})
    assert not validator.is_valid({"": "Davied van Berlo"})
    assert not validator.is_valid(["Davied"])


# --- The archive itself -------------------------------------------------------------


def test_the_archive_merges_davied_into_davied_van_berlo(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    build(tmp_path / "content", tmp_path / "output")
    people = tmp_path / "output" / "personen"
    assert not (people / "davied.html").exists()
    html = page(people / "davied-van-berlo.html")
    assert "0 berichten · 2 reacties" in text_of(html.find("main"))
    index = page(people / "index.html")
    assert text_of(index.select_one("ol.people li a")) == "Davied van Berlo"
    assert text_of(index.find("h1")) == "Personen 9 personen"
