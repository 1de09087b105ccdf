"""Every fixture, imported on its own: for every source, and for posts as for
reactions, what was written plus what was skipped is what was read."""

import json
from pathlib import Path

import pytest

from importer.__main__ import main
from tests.conftest import FIXTURES, SEEDS

FIXTURE_FILES = sorted(
    path
    for path in [*FIXTURES.rglob("*"), *SEEDS.glob("*.txt")]
    if path.is_file() and path.suffix != ".png" and path.name != "robots.txt"
)


@pytest.mark.parametrize(
    "fixture", FIXTURE_FILES, ids=lambda path: str(path.relative_to(path.parents[1]))
)
def test_written_plus_skipped_is_read(fixture: Path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    main(
        ["import", str(fixture), "--content", "content", "--report", "report.json", "--no-progress"]
    )
    report = json.loads(Path("report.json").read_text("utf-8"))
    for source in report["sources"]:
        for kind in ("posts", "reactions"):
            count = source["accounting"][kind]
            assert count["read"] == count["written"] + sum(count["skipped"].values()), (
                source["file"],
                kind,
                count,
            )
