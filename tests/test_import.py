"""The importer end to end: command line, report, content files, re-imports."""

import json
import shutil
from pathlib import Path

import yaml

from importer.__main__ import main
from tests.conftest import FIXTURES, ROOT, SEEDS

NING_POST = "posts/2013/ben-je-er-als-ambtenaar-voor-de-politiek-of-voor-de-samenleving"
WORDPRESS_POST = "posts/2016/die-nieuwe-ambtenaar-komt-er"


def run_import(content: Path, *sources, report: Path | None = None) -> int:
    arguments = ["import", *map(str, sources), "--content", str(content)]
    if report:
        arguments += ["--report", str(report)]
    return main(arguments)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def test_import_into_an_empty_folder_gives_the_committed_content(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert run_import(tmp_path, "sources/seeds") == 0
    editors_own = ("pages/", "aliases.yml", "removals.yml")
    committed = {
        name: data
        for name, data in tree(ROOT / "content").items()
        if not name.startswith(editors_own)
    }
    assert tree(tmp_path) == committed


def test_reimport_changes_no_byte(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    run_import(tmp_path, "sources/seeds")
    before = tree(tmp_path)
    mtimes = {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*") if path.is_file()}
    assert run_import(tmp_path, "sources/seeds") == 0
    assert tree(tmp_path) == before
    assert mtimes == {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}


def test_the_written_files(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    run_import(tmp_path, "sources/seeds")
    post = front_matter(tmp_path / f"{NING_POST}.md")
    assert post["author"] is None and post["date"] is None
    assert post["date_not_after"].isoformat() == "2013-07-02T08:59:00+02:00"
    assert post["views"] == 1871
    assert post["source"] == {
        "platform": "ning",
        "url": None,
        "captured": None,
        "file": "sources/seeds/000_e56dc972e6e23ac4.txt",
    }
    reactions = yaml.safe_load((tmp_path / f"{NING_POST}.reactions.yml").read_text("utf-8"))
    assert reactions["post"] == "ben-je-er-als-ambtenaar-voor-de-politiek-of-voor-de-samenleving"
    assert len(reactions["reactions"]) == 10
    first = reactions["reactions"][0]
    assert list(first) == ["id", "author", "date", "parent", "body"]
    assert first["author"] == "Mildo van Staden"
    assert "date: 2013-07-02T08:59:00+02:00" in (tmp_path / f"{NING_POST}.reactions.yml").read_text(
        "utf-8"
    )


def test_report_and_terminal_summary(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    report_path = tmp_path / "report.json"
    run_import(tmp_path / "content", "sources/seeds", report=report_path)
    report = json.loads(report_path.read_text("utf-8"))
    first, second = report["sources"]
    assert first["file"] == "sources/seeds/000_e56dc972e6e23ac4.txt"
    assert first["format"] == "text"
    assert (first["posts_written"], first["reactions_written"]) == (1, 10)
    assert (second["posts_written"], second["reactions_written"]) == (1, 1)
    assert any("names no author" in warning for warning in first["warnings"])
    assert first["errors"] == []
    assert report["totals"]["reactions_written"] == 11
    printed = capsys.readouterr().out
    assert "sources/seeds/000_e56dc972e6e23ac4.txt: text: 1 post, 10 reactions written" in printed
    assert "2 posts and 11 reactions from 2 sources" in printed


def test_an_editors_author_survives_reimport(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    run_import(tmp_path, "sources/seeds")
    post_file = tmp_path / f"{NING_POST}.md"
    post_file.write_text(
        post_file.read_text("utf-8").replace("author: null", "author: Davied van Berlo")
    )
    edited = post_file.read_bytes()
    assert run_import(tmp_path, "sources/seeds") == 0
    assert post_file.read_bytes() == edited
    assert front_matter(post_file)["author"] == "Davied van Berlo"


def test_an_editors_date_moves_the_post_and_survives(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    run_import(tmp_path, "sources/seeds")
    post_file = tmp_path / f"{NING_POST}.md"
    text = post_file.read_text("utf-8").replace("date: null", "date: 2012-12-30T10:00:00+01:00")
    post_file.write_text(text)
    run_import(tmp_path, "sources/seeds")
    moved = tmp_path / NING_POST.replace("2013", "2012")
    assert not post_file.exists()
    assert front_matter(moved.with_suffix(".md"))["date"].isoformat() == "2012-12-30T10:00:00+01:00"
    assert "date_not_after" not in front_matter(moved.with_suffix(".md"))
    assert (moved.parent / (moved.name + ".reactions.yml")).exists()
    again = tree(tmp_path)
    run_import(tmp_path, "sources/seeds")
    assert tree(tmp_path) == again


def test_editors_reaction_edits_deletions_and_additions_survive(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    run_import(tmp_path, "sources/seeds")
    path = tmp_path / f"{NING_POST}.reactions.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    reactions = data["reactions"]
    reactions[0]["body"] = "Verbeterd door de redactie."
    deleted = reactions.pop(1)["id"]
    reactions.append(
        {
            "id": "redactie-1",
            "author": "Redactie",
            "date": None,
            "parent": reactions[0]["id"],
            "body": "Toegevoegd.",
        }
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert run_import(tmp_path, "sources/seeds") == 0
    after = yaml.safe_load(path.read_text("utf-8"))["reactions"]
    ids = [reaction["id"] for reaction in after]
    assert deleted not in ids
    assert after[0]["body"] == "Verbeterd door de redactie."
    assert after[-1]["id"] == "redactie-1"
    assert len(after) == 10


def test_a_post_deleted_by_an_editor_is_not_brought_back(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    run_import(tmp_path, "sources/seeds")
    (tmp_path / f"{WORDPRESS_POST}.md").unlink()
    (tmp_path / f"{WORDPRESS_POST}.reactions.yml").unlink()
    assert run_import(tmp_path, "sources/seeds") == 0
    assert not (tmp_path / f"{WORDPRESS_POST}.md").exists()
    assert "deleted by an editor" in capsys.readouterr().out


def test_bad_sources_are_errors_and_the_rest_is_imported(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02 not a capture")
    status = run_import(
        tmp_path / "content",
        FIXTURES / "text" / "bad-date.txt",
        binary,
        tmp_path / "missing.txt",
        SEEDS / "004_7d2cc06d2bd2a3e7.txt",
        report=tmp_path / "report.json",
    )
    assert status == 1
    errors = capsys.readouterr().err
    assert "line 9: not a valid date: '31 Februari 2013 op 9.28'" in errors
    assert "no reader knows this format" in errors
    assert "no such file or folder" in errors
    assert (tmp_path / "content" / f"{WORDPRESS_POST}.md").exists()
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert report["totals"]["errors"] == 3


def test_a_slug_taken_by_another_source_gets_a_number(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("a.txt", "b.txt"):
        shutil.copy(FIXTURES / "text" / "unknown-layout.txt", tmp_path / name)
    run_import(tmp_path / "content", "a.txt", "b.txt")
    names = sorted(path.name for path in (tmp_path / "content" / "posts").rglob("*.md"))
    assert names == ["notulen-van-de-werkgroep-2.md", "notulen-van-de-werkgroep.md"]


def test_an_invalid_existing_post_is_left_alone_with_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    run_import(tmp_path, "sources/seeds")
    post_file = tmp_path / f"{WORDPRESS_POST}.md"
    post_file.write_text("---\ntitle: [unclosed\n---\nbody\n")
    assert run_import(tmp_path, "sources/seeds") == 1
    assert post_file.read_text() == "---\ntitle: [unclosed\n---\nbody\n"
    assert f"{WORDPRESS_POST}.md:3: invalid YAML" in capsys.readouterr().err
