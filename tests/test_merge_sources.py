"""One post from several sources: a WordPress export and a saved page of the post; a
Ning page and a Disqus export of its comments. Union of reactions without doubles, a
stable winner per field, editors' edits above all, and every reaction accounted for."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from importer.__main__ import main
from tests.conftest import FIXTURES

MERGE = FIXTURES / "merge"
NING_URL = "http://ambtenaar20.ning.com/profiles/blogs/samenwerken-over-grenzen"


def run(*arguments) -> int:
    return main(["import", *map(str, arguments), "--no-progress"])


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def reactions(post: Path) -> list[dict]:
    return yaml.safe_load(post.with_name(post.stem + ".reactions.yml").read_text("utf-8"))[
        "reactions"
    ]


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def wordpress(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("blog-export.xml", "blog-page-2015.html"):
        shutil.copy(MERGE / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def ning(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    page = (FIXTURES / "ning" / "blog-nl-2013-page1.html").read_text("utf-8")
    canonical = f'<link rel="canonical" href="{NING_URL}" />\n</head>'
    (tmp_path / "ning-page.html").write_text(page.replace("</head>", canonical, 1), "utf-8")
    shutil.copy(MERGE / "ning-comments.disqus.xml", tmp_path / "comments.xml")
    return tmp_path


def test_export_and_page_become_one_post(wordpress):
    assert (
        run("blog-export.xml", "blog-page-2015.html", "--content", "content", "--report", "r.json")
        == 0
    )
    [post] = (wordpress / "content" / "posts").rglob("*.md")
    front = front_matter(post)
    assert front["title"] == "Open data in de gemeente"
    assert front["author"] == "Marie Louise Borsje"
    assert front["source"]["file"] == "blog-export.xml"
    assert front["tags"] == ["Data", "open data"]
    comments = reactions(post)
    assert [c["author"] for c in comments] == ["Piet Pietersen", "Marie Louise Borsje", "Kees"]
    assert comments[1]["parent"] == comments[0]["id"]
    report = json.loads(Path("r.json").read_text("utf-8"))
    export, page = report["sources"]
    assert export["accounting"]["posts"] == {"read": 1, "written": 1, "skipped": {}}
    assert page["accounting"]["posts"] == {
        "read": 1,
        "written": 0,
        "skipped": {"merged into another capture of the same post": 1},
    }
    assert page["accounting"]["reactions"] == {
        "read": 3,
        "written": 1,
        "skipped": {"duplicate of a reaction from another capture": 2},
    }


def test_the_winner_does_not_depend_on_the_order_of_the_sources(wordpress):
    run("blog-export.xml", "blog-page-2015.html", "--content", "one")
    run("blog-page-2015.html", "blog-export.xml", "--content", "two")
    assert tree(wordpress / "one") == tree(wordpress / "two")


def test_an_editors_edit_wins_over_every_source(wordpress):
    run("blog-export.xml", "blog-page-2015.html", "--content", "content")
    [post] = (wordpress / "content" / "posts").rglob("*.md")
    post.write_text(
        post.read_text("utf-8").replace("title: Open data in de gemeente", "title: Open data")
    )
    run("blog-page-2015.html", "blog-export.xml", "--content", "content")
    assert front_matter(post)["title"] == "Open data"


def test_disqus_comments_join_the_ning_post_of_the_same_run(ning):
    assert run("ning-page.html", "comments.xml", "--content", "content", "--report", "r.json") == 1
    [post] = (ning / "content" / "posts").rglob("*.md")
    comments = reactions(post)
    assert len(comments) == 12
    lotte = next(c for c in comments if c["author"] == "Lotte")
    kees = next(c for c in comments if c["body"] == "Eens, Lotte.")
    assert kees["parent"] == lotte["id"]
    assert "Koop nu" not in post.with_name(post.stem + ".reactions.yml").read_text("utf-8")
    report = json.loads(Path("r.json").read_text("utf-8"))
    disqus = next(source for source in report["sources"] if source["file"] == "comments.xml")
    assert disqus["accounting"]["reactions"] == {
        "read": 4,
        "written": 2,
        "skipped": {"no archived post for this thread": 1, "spam": 1},
    }
    assert disqus["errors"] == [
        "thread http://ambtenaar20.ning.com/profiles/blogs/niet-gearchiveerd: "
        "no archived post for this thread"
    ]
    text = "".join(p.read_text("utf-8") for p in (ning / "content").rglob("*") if p.is_file())
    assert "lotte@example.nl" not in text and "198.51.100.4" not in text


def test_disqus_comments_join_a_post_imported_before(ning):
    assert run("ning-page.html", "--content", "content") == 0
    [post] = (ning / "content" / "posts").rglob("*.md")
    run("comments.xml", "--content", "content")
    assert len(reactions(post)) == 12
    before = tree(ning / "content")
    run("comments.xml", "--content", "content")
    run("ning-page.html", "--content", "content")
    assert tree(ning / "content") == before
