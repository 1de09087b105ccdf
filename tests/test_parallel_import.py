"""Reading on several processes gives what reading in one gives: files and report."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from bench import generate
from importer import reading
from importer.__main__ import main
from importer.pipeline import import_sources
from importer.readers import Document


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("network")
    generate.generate(folder, posts=30, what=("mirror",))
    broken = folder / "mirror" / "ambtenaar20.ning.com" / "profiles" / "blogs" / "kapot"
    broken.write_bytes(b"<html><body><div class='xg_module'>xg_headline ning.com</div>")
    return folder / "mirror"


def _same_tree(left: Path, right: Path) -> bool:
    comparison = filecmp.dircmp(left, right)
    if comparison.left_only or comparison.right_only or comparison.diff_files:
        return False
    return all(_same_tree(left / name, right / name) for name in comparison.common_dirs)


def test_two_processes_write_what_one_writes(mirror, tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "POOL_AFTER", 0)
    one = import_sources([str(mirror)], tmp_path / "one", jobs=1)
    two = import_sources([str(mirror)], tmp_path / "two", jobs=2)
    assert _same_tree(tmp_path / "one", tmp_path / "two")
    assert one.summary_lines() == two.summary_lines()
    assert any("kapot" in line for line in two.summary_lines())


def test_the_pool_keeps_the_order_of_the_documents(monkeypatch):
    monkeypatch.setattr(reading, "POOL_AFTER", 2)
    documents = [
        Document(path=f"page-{number}.html", content=b"<html><body><p>x</p></body></html>")
        for number in range(40)
    ]
    paths = [item.path for item, _ in reading.read_all(documents, lambda item: True, jobs=2)]
    assert paths == [document.path for document in documents]


def test_jobs_on_the_command_line(mirror, tmp_path):
    status = main(["import", str(mirror), "--content", str(tmp_path / "c"), "--jobs", "2"])
    assert status == 0  # the page that is not a post is skipped, not an error
    assert len(list((tmp_path / "c" / "posts").rglob("*.md"))) == 30
