"""Bugs that hostile input found in the import, each with the smallest input that showed it.

Reader-level inputs live in tests/fixtures/hostile/regressions/ (read by test_fuzz.py);
these are the ones that went wrong after reading: in the pipeline, merge, writer,
inputs or report.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from content_format.validation import check_content
from importer.hygiene import active_svg, clean_text, fix_mojibake, in_range
from importer.inputs import Skipped, warc
from importer.pipeline import import_sources
from importer.readers import READERS
from importer.slugs import slugify
from tests.hostile import PNG, SOURCES, SVG_PLAIN, SVG_WITH_SCRIPT, _write_warc


def ning_page(title: str, comments: str = "", head: str = "", url: str = "a") -> str:
    template = (SOURCES / "dubbel-1.html").read_text("utf-8")
    page = template.replace("<h1>Dezelfde titel</h1>", f"<h1>{title}</h1>")
    page = page.replace("dubbel-1", url).replace("<title>", f"{head}<title>")
    place = '<div class="xg_module_body" id="comments">'
    return page.replace(place, place + comments)


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def test_a_date_at_the_calendar_edge_is_left_empty_not_a_crash(tmp_path):
    """Year 1 in Amsterdam is year 0 in UTC: merging reactions overflowed."""
    comment = (
        '<dl class="comment"><dt>Reactie van <a class="fn">Jaar Een</a> op '
        '<span class="timestamp">1 Januari 0001 op 0.10</span></dt><dd><p>x</p></dd></dl>'
    )
    page = tmp_path / "page.html"
    page.write_text(ning_page("Jaar een", comment))
    report = import_sources([str(page)], tmp_path / "content")
    entry = report.sources[0]
    assert not entry.errors and entry.reactions_written == 2
    assert any("out of range; date left empty" in warning for warning in entry.warnings)
    reactions = next((tmp_path / "content").rglob("*.reactions.yml")).read_text()
    assert "date: null" in reactions


def test_an_address_that_is_no_url_is_not_a_crash(tmp_path):
    """urlsplit raises on "http://[x": the merge's normalise_url must not."""
    page = tmp_path / "page.html"
    mirrored = "<!-- Mirrored from ambtenaar20.ning.com/profiles/blogs/a"
    page.write_text(ning_page("Geen adres").replace(mirrored, "<!-- Mirrored from [x"))
    report = import_sources([str(page)], tmp_path / "content")
    assert report.sources[0].posts_written == 1 and not report.failed


def test_a_post_address_is_never_a_script(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        (SOURCES / "wordpress-post.html").read_text("utf-8")  # canonical: javascript:
    )
    import_sources([str(page)], tmp_path / "content")
    post = next((tmp_path / "content" / "posts").rglob("*.md"))
    assert front(post)["source"]["url"] is None


def test_tags_that_become_the_same_notice_are_written_once(tmp_path):
    """Two e-mail addresses as tags both became "[e-mailadres verwijderd]": invalid YAML list."""
    page = tmp_path / "page.html"
    tags = ["a@example.org", "b@example.org", "\u200b", "ok", "ok"]
    links = "".join(f'<a href="/x?tag={n}">{tag}</a>' for n, tag in enumerate(tags))
    empty = '<p class="small" id="tagsList">Tags: </p>'
    page.write_text(ning_page("Labels").replace(empty, empty.replace("</p>", f"{links}</p>")))
    import_sources([str(page)], tmp_path / "content")
    assert check_content(tmp_path / "content") == []
    post = next((tmp_path / "content" / "posts").rglob("*.md"))
    assert front(post)["tags"] == ["[e-mailadres verwijderd]", "\u200b", "ok"]


def test_windows_device_names_are_no_slugs():
    for name in ("CON", "con", "Aux", "nul", "COM1", "lpt9", "prn"):
        assert slugify(name) == f"{name.lower()}-post"
    assert slugify("aux.txt") == "aux-txt" and slugify("console") == "console"


def test_a_link_out_of_a_mirror_is_not_read(tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "page.txt").symlink_to("/etc/passwd")
    (mirror / "inside.txt").write_text("Titel\n\nTekst.\n")
    (mirror / "also-inside.txt").symlink_to(mirror / "inside.txt")
    report = import_sources([str(mirror)], tmp_path / "content")
    skipped = [line for entry in report.sources for line in entry.skipped]
    assert "a link to a file outside the folder: not read" in skipped
    assert sum(entry.posts_written for entry in report.sources) == 2  # links inside are read
    assert "root:" not in "".join(p.read_text() for p in (tmp_path / "content").rglob("*.md"))


def test_images_are_named_by_their_type_and_active_svg_is_not_copied(tmp_path, monkeypatch):
    """An "image" at x.html would be served as a page of the archive's own origin."""
    monkeypatch.chdir(tmp_path)  # mirrors are found by their paths relative to here
    mirror = tmp_path / "mirror"
    (mirror / "files").mkdir(parents=True)
    (mirror / "files" / "evil.svg").write_bytes(SVG_WITH_SCRIPT)
    (mirror / "files" / "plain.svg").write_bytes(SVG_PLAIN)
    (mirror / "files" / "photo.png").write_bytes(PNG)
    images = (
        '<p><img src="files/evil.svg"><img src="files/plain.svg"><img src="files/photo.png"></p>'
    )
    page = ning_page("Plaatjes").replace("<p>Tekst 1.</p>", images)
    (mirror / "page.html").write_text(page.replace("<!-- Mirrored", "<!-- Not mirrored"))
    report = import_sources([str(mirror)], tmp_path / "content")
    copied = sorted(path.name for path in (tmp_path / "content" / "images").rglob("*.*"))
    assert [name.rsplit("-", 1)[0] for name in copied] == ["photo", "plain"]
    assert all(name.endswith((".png", ".svg")) for name in copied)
    skipped = [line for entry in report.sources for line in entry.skipped]
    assert "an SVG image with scripts or event handlers: not copied" in skipped
    assert active_svg(SVG_WITH_SCRIPT, "image/svg+xml") and not active_svg(
        SVG_PLAIN, "image/svg+xml"
    )
    assert not active_svg(SVG_WITH_SCRIPT, "image/png")  # copied as .png: never run


def test_image_file_names_take_the_extension_of_their_type():
    from importer.links import Asset, _file_name

    for url, media_type, extension in [
        ("http://x/evil.html", "image/png", ".png"),
        ("http://x/run.exe", "image/gif", ".gif"),
        ("http://x/photo.JPEG", "image/jpeg", ".jpeg"),
        ("http://x/photo", "image/jpeg", ".jpg"),
        ("http://x/a.svg", "image/png", ".png"),
        ("http://x/..%2F..%2Fetc%2Fpasswd", "image/webp", ".webp"),
    ]:
        name = _file_name(url, Asset(b"x", media_type))
        assert name.endswith(extension) and "/" not in name and not name.startswith("."), name


def test_an_empty_web_archive_is_an_error_naming_it(tmp_path):
    archive = tmp_path / "leeg.warc.gz"
    archive.write_bytes(b"")
    report = import_sources([str(archive)], tmp_path / "content")
    assert report.failed and report.sources[0].errors == ["an empty file: no records"]


def test_a_reader_bug_is_an_error_naming_the_file_not_a_crash(tmp_path, monkeypatch):
    text_reader = next(reader for reader in READERS if reader.name == "text")

    def broken(document):
        raise KeyError("a bug")

    monkeypatch.setattr(text_reader, "read", broken)
    (tmp_path / "a.txt").write_text("Titel\n\nTekst.\n")
    (tmp_path / "b.html").write_text(ning_page("Gewoon"))
    report = import_sources([str(tmp_path / "a.txt"), str(tmp_path / "b.html")], tmp_path / "c")
    errors = {entry.file.rsplit("/", 1)[-1]: entry.errors for entry in report.sources}
    assert errors["a.txt"] == ["cannot be read: KeyError: 'a bug' (a bug in the reader)"]
    assert report.failed and report.sources[1].posts_written == 1


def test_the_terminal_summary_escapes_control_characters(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(b"\x1b]0;owned\x07\x1b[2J Titel \xe2\x80\xae\n\nTekst.\n")
    report = import_sources([str(page)], tmp_path / "content")
    summary = "\n".join(report.summary_lines())
    assert "\x1b" not in summary and "\x07" not in summary and "\u202e" not in summary
    assert "\\x1b" in summary
    assert json.loads(report.to_json())  # the JSON report keeps the text, escaped by JSON


def test_hygiene_helpers():
    assert fix_mojibake("ambtenarenÃ«") == ("ambtenarenë", 1)
    assert fix_mojibake("â€œAanhalingâ€\x9d â€” â‚¬ ðŸŽ‰") == ("“Aanhaling” — € 🎉", 5)
    assert fix_mojibake("groß“ São Ã Â Ã©t") == ("groß“ São Ã Â ét", 1)
    assert clean_text("a\x00b\r\nc\rd\x85e\ufeff\ud800") == "ab\nc\nde\ufffd"
    assert clean_text(None) is None
    assert not in_range(__import__("datetime").datetime(9999, 12, 31))


def test_a_web_archive_cut_anywhere_is_an_error_not_a_crash(tmp_path):
    """A cut in a record's WARC headers raised AttributeError out of warcio (the whole
    import stopped); a cut in a gzip member's trailer read as a shorter, sound archive."""
    _write_warc(tmp_path / "site.warc.gz")
    whole = (tmp_path / "site.warc.gz").read_bytes()
    members = {match.start() for match in re.finditer(b"\x1f\x8b\x08", whole)} | {len(whole)}
    cut_file = tmp_path / "cut.warc.gz"
    for cut in range(1, len(whole), 11):
        cut_file.write_bytes(whole[:cut])
        items = list(warc.records(cut_file))
        errors = [item.reason for item in items if isinstance(item, Skipped) and item.error]
        if cut in members:  # a whole number of records: nothing shows it was longer
            continue
        assert len(errors) == 1 and re.match(r"(truncated|corrupt) (at|after) record", errors[0])


def test_an_editor_cannot_give_a_post_a_script_as_its_address(tmp_path):
    """The post page links to source.url: `javascript:` there ran on a click."""
    posts = tmp_path / "content" / "posts" / "2015"
    posts.mkdir(parents=True)
    (posts / "redactie.md").write_text(
        "---\ntitle: Redactie\ndate: 2015-03-03T10:00:00+01:00\nauthor: null\nslug: redactie\n"
        "source:\n  platform: editor\n  url: ' JaVaScRiPt:alert(1)'\n  file: null\n---\n\nTekst.\n"
    )
    problems = [str(problem) for problem in check_content(tmp_path / "content")]
    assert problems == [
        f"{posts / 'redactie.md'}:8: source.url: ' JaVaScRiPt:alert(1)' does not match '^https?://'"
    ]


def test_file_names_that_are_not_utf8_are_reported(tmp_path, monkeypatch):
    """A file name with bytes that are not UTF-8 holds lone surrogates in Python: the
    JSON report could not be written, after the content was."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "\udcff\udcfe-naam.txt").write_text("Titel\n\nTekst.\n")
    (tmp_path / "src" / "\x1b[31mrood.txt").write_text("Rood\n\nTekst.\n")
    report = import_sources(["src"], tmp_path / "content")
    report.save(tmp_path / "report.json")
    saved = json.loads((tmp_path / "report.json").read_text("utf-8"))
    files = [entry["file"] for entry in saved["sources"]]
    assert sorted(files) == ["src/\x1b[31mrood.txt", "src/\udcff\udcfe-naam.txt"]
    summary = "\n".join(report.summary_lines())
    assert "src/\\udcff\\udcfe-naam.txt" in summary and "src/\\x1b[31mrood.txt" in summary
    summary.encode("utf-8")  # printable
    sources = sorted(front(path)["source"]["file"] for path in (tmp_path / "content").rglob("*.md"))
    assert sources == ["src/[31mrood.txt", "src/\ufffd\ufffd-naam.txt"]
