"""The Ning Network Archiver's JSON export: posts, reactions, display names, the
repairs of damaged files, and the accounting of what was read and skipped."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from importer.__main__ import main
from importer.readers import Document, ReaderError, reader_for
from importer.readers.ning_json import NingArchiveReader, load_json
from tests.conftest import FIXTURES

EXPORT = FIXTURES / "ning_json" / "export"
DAMAGED = FIXTURES / "ning_json" / "damaged"
MEMBER_EMAILS = ("anne.devries@", "pieter@", "f.elamrani@", "geen.naam@")


def document(path: Path, name: str | None = None) -> Document:
    return Document(path=name or str(path), content=path.read_bytes(), media_type=None)


def read(path: Path, name: str | None = None):
    doc = document(path, name)
    reader = reader_for(doc)
    assert isinstance(reader, NingArchiveReader), path
    return reader.read(doc)


def read_text(text: str, name: str = "ning-blogs.json"):
    return NingArchiveReader().read(Document(path=name, content=text.encode("utf-8")))


def item(number: int, **fields) -> dict:
    return {
        "id": f"2003008:BlogPost:{number}",
        "contributorName": "1abcde2fgh3ij",
        "title": f"Bericht {number}",
        "description": f"<p>Tekst {number}.</p>",
        "createdDate": "2012-06-01T08:00:00.000Z",
        **fields,
    }


def assert_accounting(reading, objects: int, comments: int) -> None:
    """Every post-like object and every comment is either read or skipped."""
    assert len(reading.posts) + sum(reading.skipped_posts.values()) == objects
    reactions = sum(len(post.reactions) for post in reading.posts)
    assert reactions + sum(reading.skipped_reactions.values()) == comments


# Accepting documents


def test_accepts_the_export_files_by_name_and_by_content():
    reader = NingArchiveReader()
    for name in ("ning-blogs.json", "ning-discussions-local.json", "ning-members.json"):
        assert reader_for(document(EXPORT / name)) is not None
        assert reader.accepts(document(EXPORT / name))
    renamed = document(EXPORT / "ning-blogs.json", "export/blogs-2013.json")
    assert reader.accepts(renamed)
    assert reader.accepts(Document("x.json", b"([" + json.dumps(item(1)).encode() + b"])"))


def test_does_not_accept_other_json_or_html():
    reader = NingArchiveReader()
    assert not reader.accepts(Document("data.json", b'[{"a": 1, "b": 2}]'))
    assert not reader.accepts(Document("feed.json", b'{"contributorName": "x"}'))
    page = b"<!doctype html><html><body>ning-blogs.json</body></html>"
    assert not reader.accepts(Document("page.html", page, media_type="text/html"))


# Posts and reactions


def test_blog_posts_with_their_comments():
    reading = read(EXPORT / "ning-blogs.json")
    first, second = reading.posts
    assert first.title == "Samenwerken over grenzen"
    assert first.author == "Anne de Vries"
    assert first.date.isoformat() == "2013-07-02T08:59:12+02:00"
    assert first.category == "Blog"
    assert first.tags == ["samenwerking", "ambtenaar 2.0"]
    assert first.aliases == ["ning:2003008:BlogPost:1001"]
    assert first.source.platform == "ning"
    assert first.source.file == str(EXPORT / "ning-blogs.json")
    assert first.source.url == "http://ambtenaar20.ning.com/profiles/blogs/samenwerken-over-grenzen"
    assert first.source.captured is None
    assert (
        "[Eerder schreef ik](http://ambtenaar20.ning.com/profiles/blogs/netwerken-in-de-praktijk)"
        in first.body
    )
    assert "![schema](http://api.ning.com/files/abc123/schema.png)" in first.body
    assert second.title == "Ambtenaar 2.0 & de politiek"
    assert second.date.isoformat() == "2013-12-02T10:00:00+01:00"
    assert second.tags == ["politiek", "samenleving"]
    assert second.source.url is None


def test_comments_become_reactions_in_date_order():
    reactions = read(EXPORT / "ning-blogs.json").posts[0].reactions
    assert [(r.author, r.date.isoformat()) for r in reactions] == [
        ("Anne de Vries", "2013-07-02T09:10:00+02:00"),
        ("Pieter Jansen", "2013-07-02T10:36:00+02:00"),
        ("9onbekend8lid", "2013-07-03T11:00:00+02:00"),
    ]
    assert reactions[0].body == "Dank je, Pieter.\n"
    assert reactions[0].origin_id == "ning:2003008:9401"
    assert all(r.id == r.stable_id() and r.parent is None for r in reactions)


def test_drafts_unapproved_and_malformed_items_are_skipped_and_counted():
    reading = read(EXPORT / "ning-blogs.json")
    assert reading.skipped_posts == Counter({"draft": 1, "not approved": 1, "bad date": 1})
    assert reading.skipped_reactions == Counter({"post skipped": 3, "no text": 1})
    assert any(
        warning.startswith("record 5 (2003008:BlogPost:1005): bad date '2013-02-30")
        for warning in reading.warnings
    )
    assert_accounting(reading, objects=5, comments=7)


def test_records_without_title_or_description_are_skipped_with_a_warning():
    items = [item(1), item(2, title=" "), item(3, description=None), "not an object", item(5)]
    reading = read_text(json.dumps(items))
    assert [post.title for post in reading.posts] == ["Bericht 1", "Bericht 5"]
    assert reading.skipped_posts == Counter(
        {"no title": 1, "no description": 1, "not an object": 1}
    )
    assert "record 2 (2003008:BlogPost:2): no title; skipped" in reading.warnings
    assert "record 3 (2003008:BlogPost:3): no description; skipped" in reading.warnings
    assert "record 4: not an object; skipped" in reading.warnings
    assert_accounting(reading, objects=5, comments=0)


def test_a_comment_with_a_bad_date_is_skipped_the_rest_kept():
    comments = [
        {
            "id": "1:Comment:1",
            "contributorName": "a",
            "description": "Ja",
            "createdDate": "gisteren",
        },
        {"id": "1:Comment:2", "contributorName": "b", "description": "Nee"},
        "kapot",
    ]
    reading = read_text(json.dumps([item(1, comments=comments)]))
    [post] = reading.posts
    assert [(r.author, r.date) for r in post.reactions] == [("b", None)]
    assert reading.skipped_reactions == Counter({"bad date": 1, "not an object": 1})
    assert any("comment 1: bad date 'gisteren'" in w for w in reading.warnings)
    assert any("comment 2: no date; date left empty" in w for w in reading.warnings)
    assert_accounting(reading, objects=1, comments=3)


def test_discussion_replies_are_threaded_and_a_missing_parent_is_top_level():
    reading = read(EXPORT / "ning-discussions-local.json")
    [topic] = reading.posts
    assert topic.category == "Forum"
    assert topic.author == "Fatima el Amrani"
    assert topic.tags == ["Open overheid", "open data", "gemeenten"]
    by_origin = {r.origin_id: r for r in topic.reactions}
    first, reply, answer = (by_origin[f"ning:2003008:{n}"] for n in (7001, 7002, 7003))
    assert first.parent is None  # inReplyTo names the topic itself
    assert reply.parent == first.id == first.stable_id()
    assert answer.parent == reply.id
    assert by_origin["ning:2003008:7004"].parent is None
    assert any("answers comment 2003008:Comment:6999" in w for w in reading.warnings)
    dates = [r.date for r in topic.reactions]
    assert dates == sorted(dates)
    assert_accounting(reading, objects=1, comments=5)


def test_local_file_references_stay_relative_to_the_json_file():
    [topic] = read(EXPORT / "ning-discussions-local.json").posts
    assert "\n![kaart](discussions/schema%20kaart.png?width=721)\n" in topic.body
    assert "[de site van het project](http://www.example.org/opendata)" in topic.body


def test_click_to_enlarge_links_become_the_image_alone():
    description = (
        '<a href="http://api.ning.com/files/a.jpg">'
        '<img src="http://api.ning.com/files/a.jpg?width=300" alt="a"></a>'
        '<a href="http://example.org/page"><img src="http://api.ning.com/files/b.jpg" alt="b"></a>'
    )
    body = read_text(json.dumps([item(1, description=description)])).posts[0].body
    assert body.startswith("![a](http://api.ning.com/files/a.jpg?width=300)")
    assert "[![b](http://api.ning.com/files/b.jpg)](http://example.org/page)" in body


def test_relative_links_in_a_local_file_go_to_the_network_when_known():
    description = '<p><a href="/forum/topics/x">x</a> <img src="blogs/a.jpg" alt="a"></p>'
    url = "http://netwerk.example.org/profiles/blogs/y"
    items = [item(1, description=description, url=url)]
    reading = read_text(json.dumps(items), name="ning-blogs-local.json")
    body = reading.posts[0].body
    assert "[x](http://netwerk.example.org/forum/topics/x)" in body
    assert "![a](blogs/a.jpg)" in body


# Display names


def test_display_names_come_from_the_members_file_beside():
    reading = read(EXPORT / "ning-blogs.json")
    assert "1 author not in ning-members.json, shown by their screen name: 9onbekend8lid" in (
        reading.warnings
    )


def test_without_a_members_file_screen_names_are_kept_with_one_warning(tmp_path):
    shutil.copy(EXPORT / "ning-blogs.json", tmp_path / "ning-blogs.json")
    reading = read(tmp_path / "ning-blogs.json")
    assert reading.posts[0].author == "1abcde2fgh3ij"
    unresolved = [w for w in reading.warnings if "screen name" in w]
    assert unresolved == [
        "no ning-members.json beside this file: 3 authors shown by their screen name"
    ]


def test_the_members_file_gives_a_note_and_no_posts():
    reading = read(EXPORT / "ning-members.json")
    assert reading.posts == []
    assert reading.notes == ["member list: 4 members, used for display names"]
    assert reading.warnings == []


def test_no_private_member_data_reaches_the_posts():
    for name in ("ning-blogs.json", "ning-discussions-local.json"):
        for post in read(EXPORT / name).posts:
            texts = [post.title, post.body, post.author or "", *post.tags]
            texts += [f"{r.author} {r.body}" for r in post.reactions]
            assert not any(email in text for text in texts for email in MEMBER_EMAILS)
            assert not any("1971-04-12" in text for text in texts)


# Other kinds of content


@pytest.mark.parametrize(
    ("name", "note"),
    [
        ("ning-photos.json", "photos not imported (1 item, 1 comment): only blog posts"),
        ("ning-pages-local.json", "pages not imported (1 item, 1 comment): they are the network's"),
        ("ning-notes.json", "notes not imported (1 item, 1 comment): they are the network's"),
    ],
)
def test_other_kinds_give_a_note_and_no_posts(name, note):
    comment = {"id": "1:Comment:1", "contributorName": "a", "description": "Mooi"}
    reading = read_text(json.dumps([item(1, comments=[comment])]), name=name)
    assert reading.posts == []
    assert reading.notes[0].startswith(note)


def test_an_unnamed_file_imports_only_its_blog_posts_and_discussions():
    photo = item(2, id="2003008:Photo:2")
    topic = item(3, id="2003008:Topic:3")
    for name in ("export.json", "ning-archief.json"):
        reading = read_text(json.dumps([item(1), photo, topic]), name=name)
        assert [post.category for post in reading.posts] == ["Blog", "Forum"]
        assert reading.notes == ["photos not imported: 1 item"]


# Repairs


@pytest.mark.parametrize(
    ("name", "notes", "objects", "comments"),
    [
        (
            "ning-blogs-parentheses.json",
            [
                "repaired: a byte order mark at the start (1)",
                "repaired: the whole file wrapped in parentheses (1)",
            ],
            2,
            1,
        ),
        ("ning-blogs-missing-commas.json", ["repaired: missing commas between objects (3)"], 3, 2),
        (
            "ning-blogs-stray-brackets.json",
            ["repaired: stray closing brackets at the end (1)"],
            1,
            0,
        ),
        (
            "ning-discussions-closed-early.json",
            ["repaired: an array closed too early between objects (}]{) (1)"],
            2,
            2,
        ),
        ("ning-blogs-trailing-comma.json", ["repaired: trailing commas (4)"], 1, 1),
    ],
)
def test_damaged_exports_are_repaired_and_say_so(name, notes, objects, comments):
    reading = read(DAMAGED / name)
    assert reading.notes == notes
    assert len(reading.posts) == objects
    assert_accounting(reading, objects, comments)


def test_repairs_leave_strings_alone():
    reading = read(DAMAGED / "ning-blogs-missing-commas.json")
    assert "`function(){}{}`" in reading.posts[0].body
    assert r"\}\{ en \}\]\{ ook" in reading.posts[0].body  # escaped for Markdown
    assert [r.author for r in reading.posts[0].reactions] == ["0xyz9uvw8rst7", "2qrs3tuv4wxy5"]


def test_repaired_values_are_those_of_the_file():
    [post] = read(DAMAGED / "ning-blogs-trailing-comma.json").posts
    assert post.tags == ["json", "komma"]
    assert "zoals \\[a, b,\\]" in post.body or "zoals [a, b,]" in post.body
    topics = read(DAMAGED / "ning-discussions-closed-early.json").posts
    assert topics[1].reactions[0].parent is None  # its parent is in another topic
    assert read(DAMAGED / "ning-blogs-stray-brackets.json").posts[0].tags == ["export", "json"]


def test_valid_json_is_not_repaired():
    text = json.dumps([item(1, description="<p>a }{ b }]{ c ,] d</p>")])
    reading = read_text(text)
    assert reading.notes == []
    assert r"a \}\{ b \}\]\{ c ,\] d" in reading.posts[0].body


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("\ufeff[{}]", "a byte order mark at the start"),
        ('( [{"a": 1}] );', "the whole file wrapped in parentheses"),
        ('[{"a": 1}\n\n   {"a": 2}]', "missing commas between objects"),
        ('[{"a": 1}] \n {"a": 2}]', "an array closed too early between objects (}]{)"),
        ('[{"a": 1} [{"a": 2}]', "an array opened too early between objects (}[{)"),
        ('[{"a": 1}]]\n', "stray closing brackets at the end"),
        ('[{"a": [1, 2, ]}, ]', "trailing commas"),
    ],
)
def test_each_repair(text, note):
    data, notes, _ = load_json(text.encode("utf-8"))
    assert isinstance(data, list)
    assert notes[0].startswith(f"repaired: {note} (")


def test_a_file_beyond_repair_is_an_error_naming_line_and_column():
    with pytest.raises(ReaderError) as raised:
        read(DAMAGED / "ning-blogs-beyond-repair.json")
    assert str(raised.value).startswith(
        "not valid JSON even after repairs: line 3 column 58: Expecting ',' delimiter"
    )


# The whole import


def test_import_an_export_folder_end_to_end(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(EXPORT, tmp_path / "export")
    shutil.copy(DAMAGED / "ning-blogs-parentheses.json", tmp_path / "export")
    status = main(
        ["import", "export", "--content", "content", "--report", "report.json", "--no-progress"]
    )
    assert status == 0
    posts = tmp_path / "content" / "posts"
    written = {path.stem: path for path in posts.rglob("*.md")}
    assert set(written) == {
        "samenwerken-over-grenzen",
        "ambtenaar-2-0-de-politiek",
        "open-data-bij-gemeenten",
        "tussen-haakjes",
        "tweede-bericht",
    }
    front = yaml.safe_load(written["samenwerken-over-grenzen"].read_text("utf-8").split("---")[1])
    assert front["author"] == "Anne de Vries"
    assert front["date"] == datetime.fromisoformat("2013-07-02T08:59:12+02:00")
    assert front["category"] == "Blog"
    assert front["source"]["platform"] == "ning"
    assert front["source"]["file"] == "export/ning-blogs.json"
    reactions = yaml.safe_load(
        written["samenwerken-over-grenzen"].with_suffix(".reactions.yml").read_text("utf-8")
    )
    assert [r["author"] for r in reactions["reactions"]] == [
        "Anne de Vries",
        "Pieter Jansen",
        "9onbekend8lid",
    ]
    topic = yaml.safe_load(
        written["open-data-bij-gemeenten"].with_suffix(".reactions.yml").read_text("utf-8")
    )
    parents = [r["parent"] for r in topic["reactions"]]
    assert parents.count(None) == 3
    assert (tmp_path / "content" / "images" / "open-data-bij-gemeenten").is_dir()
    body = written["open-data-bij-gemeenten"].read_text("utf-8")
    assert "{static}/images/open-data-bij-gemeenten/schema-kaart-" in body

    files = [path for path in (tmp_path / "content").rglob("*") if path.is_file()]
    everything = "\n".join(path.read_text("utf-8") for path in files if path.suffix != ".png")
    assert "@example.nl" not in everything
    assert "1971-04-12" not in everything

    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    by_file = {source["file"]: source for source in report["sources"]}
    assert by_file["export/ning-blogs.json"]["format"] == "ning-json"
    assert "member list: 4 members, used for display names" in " ".join(
        by_file["export/ning-members.json"]["notes"]
    )
    assert any(
        "repaired: the whole file wrapped in parentheses (1)" in note
        for note in by_file["export/ning-blogs-parentheses.json"]["notes"]
    )
