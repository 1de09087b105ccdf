"""The whole importer on real captures made by others (opt-in: `make test-corpus`).

The corpus lives beside the repository (../shared/corpus) and is never copied into
it; `.ci/run` runs these tests only when it is there.
"""

import json
from pathlib import Path

import pytest
import yaml

from importer.__main__ import main
from importer.privacy import EMAIL, IPV4

pytestmark = pytest.mark.corpus

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(autouse=True)
def corpus_present():
    if not CORPUS.exists():
        pytest.fail(f"no corpus at {CORPUS}: make test-corpus needs ../shared/corpus")


def imported(tmp_path: Path, *paths: str) -> tuple[Path, dict]:
    content, report = tmp_path / "content", tmp_path / "report.json"
    status = main(
        [
            "import",
            *(str(CORPUS / p) for p in paths),
            "--content",
            str(content),
            "--report",
            str(report),
        ]
    )
    assert status == 0, report.read_text()
    return content, json.loads(report.read_text("utf-8"))


def reactions_of(post: Path) -> list[dict]:
    return yaml.safe_load(post.with_name(post.stem + ".reactions.yml").read_text("utf-8"))[
        "reactions"
    ]


def test_ning_discussion(tmp_path):
    content, report = imported(tmp_path, "ning/p2p-foundation-topic-2011.html")
    [post] = (content / "posts").rglob("*.md")
    front = yaml.safe_load(post.read_text("utf-8").split("---\n")[1])
    assert front["title"] == "Bitcoin open source implementation of P2P currency"
    assert front["author"] == "Satoshi Nakamoto"
    assert front["date"].isoformat() == "2009-02-11T22:27:00+01:00"
    replies = reactions_of(post)
    assert len(replies) == 12
    assert replies[0]["author"] == "Sepp Hasslberger"
    assert replies[0]["date"].isoformat() == "2009-02-12T14:44:00+01:00"
    dates = [reply["date"] for reply in replies]
    assert dates == sorted(dates)
    assert sum(reply["parent"] is not None for reply in replies) == 8
    ids = {reply["id"] for reply in replies}
    assert all(reply["parent"] in ids for reply in replies if reply["parent"])
    assert report["sources"][0]["format"] == "ning"


def test_wordpress_page(tmp_path):
    content, _ = imported(tmp_path, "wordpress/lemire-me-2019.html")
    [post] = (content / "posts").rglob("*.md")
    comments = reactions_of(post)
    assert len(comments) == 5
    replies = [comment for comment in comments if comment["parent"]]
    assert len(replies) == 2
    by_id = {comment["id"]: comment for comment in comments}
    assert all(by_id[reply["parent"]]["date"] < reply["date"] for reply in replies)


def test_warc(tmp_path):
    _, report = imported(tmp_path, "warc/example.warc.gz")
    [entry] = report["sources"]
    assert entry["errors"] == []
    assert entry["records"], "every record has its line in the report"
    assert all(record["result"] for record in entry["records"])


def test_nothing_private_is_written(tmp_path):
    content, _ = imported(tmp_path, "ning", "wordpress", "warc")
    for path in content.rglob("*"):
        if path.is_file() and path.suffix in {".md", ".yml", ".json"}:
            text = path.read_text("utf-8")
            assert not EMAIL.search(text), path
            assert not IPV4.search(text), path
