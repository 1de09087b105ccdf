"""A real WordPress export through the command line and the site build (opt-in corpus test).

The export lives beside the repository (../shared/corpus/wxr) and is never copied into it.
"""

import json
import shutil
from pathlib import Path

import pytest
import yaml

from importer.__main__ import main
from importer.privacy import EMAIL, IPV4, IPV6
from tests.conftest import ROOT
from tests.test_site_build import build

pytestmark = pytest.mark.corpus

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
EXPORT = CORPUS / "wxr" / "small-export.xml"
TITLE = "Hello, World…"


@pytest.fixture(autouse=True)
def corpus_present():
    if not EXPORT.exists():
        pytest.fail(f"no WordPress export at {EXPORT}: make test-corpus needs ../shared/corpus")


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, dict]:
    if not EXPORT.exists():
        pytest.fail(f"no WordPress export at {EXPORT}")
    root = tmp_path_factory.mktemp("wxr")
    content, report = root / "content", root / "report.json"
    arguments = ["import", str(EXPORT), "--content", str(content), "--report", str(report)]
    assert main([*arguments, "--no-progress"]) == 0, report.read_text()
    return content, json.loads(report.read_text("utf-8"))


def reactions_of(post: Path) -> list[dict]:
    reactions = post.with_name(post.stem + ".reactions.yml")
    return yaml.safe_load(reactions.read_text("utf-8"))["reactions"]


def front_matter(post: Path) -> dict:
    return yaml.safe_load(post.read_text("utf-8").split("---\n")[1])


def assert_nothing_private(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in {".md", ".yml", ".json", ".html", ".xml", ".txt"}:
            text = path.read_text("utf-8")
            assert not EMAIL.search(text), path
            assert not IPV4.search(text), path
            assert not IPV6.search(text), path


def test_every_item_becomes_a_post(imported):
    content, report = imported
    [entry] = report["sources"]
    assert entry["format"] == "wxr"
    assert entry["errors"] == []
    posts = list((content / "posts").rglob("*.md"))
    assert sorted(front_matter(post)["title"] for post in posts) == [
        "...",
        "Hello, World…",
        "No comments",
    ]
    assert sum(len(reactions_of(post)) for post in posts) == 8  # every comment of the export


def test_the_comments_and_their_threads(imported):
    content, _ = imported
    [post] = [p for p in (content / "posts").rglob("*.md") if front_matter(p)["title"] == TITLE]
    front = front_matter(post)
    assert front["author"] == "Tester"
    assert front["date"].isoformat() == "2014-01-14T18:31:03+01:00"
    comments = reactions_of(post)
    assert len(comments) == 7
    by_body = {comment["body"]: comment for comment in comments}
    assert by_body["Drölfter!"]["parent"] == by_body["Zweiter."]["id"]
    assert by_body["Yet another reply."]["parent"] == by_body["Drölfter!"]["id"]
    assert sum(comment["parent"] is not None for comment in comments) == 3
    ids = {comment["id"] for comment in comments}
    assert all(comment["parent"] in ids for comment in comments if comment["parent"])
    # a comment with only its GMT date has a date
    assert by_body["Drölfter!"]["date"].isoformat() == "2014-04-29T17:21:35+02:00"
    multiline = by_body[
        "When you have a comment with multiple lines:  \nWordPress exports it like this."
    ]
    assert multiline["author"] == "Multiline Author"


def test_no_address_is_written(imported):
    content, _ = imported
    assert_nothing_private(content)


def test_the_site_builds_and_shows_no_address(imported, tmp_path):
    content, _ = imported
    site = tmp_path / "content"
    shutil.copytree(content, site)
    shutil.copytree(ROOT / "content" / "pages", site / "pages")
    build(site, tmp_path / "output")
    pages = list((tmp_path / "output").rglob("*.html"))
    assert any("Drölfter!" in page.read_text("utf-8") for page in pages)
    assert_nothing_private(tmp_path / "output")
