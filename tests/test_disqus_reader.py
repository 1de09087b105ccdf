"""Disqus exports: a reactions-only post per thread, threaded, every comment accounted for."""

import dataclasses
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree

from importer.identity import normalise_url
from importer.privacy import EMAIL, IPV4, IPV6
from importer.readers import READERS, Document, ReaderError, reader_for
from importer.readers.disqus import DisqusReader

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "disqus"
EXPORT = FIXTURES / "export.xml"
BROKEN = FIXTURES / "broken.xml"
NAMESPACES = (
    'xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)


def document(path: Path) -> Document:
    return Document(path=f"tests/fixtures/disqus/{path.name}", content=path.read_bytes())


def read(path: Path):
    capture = document(path)
    reader = reader_for(capture)
    assert isinstance(reader, DisqusReader)
    return reader.read(capture)


def read_xml(xml: str):
    return DisqusReader().read(Document(path="export.xml", content=xml.encode()))


def export(*elements: str) -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<disqus {NAMESPACES}>{"".join(elements)}</disqus>'
    )


def thread(dsq_id: str, link: str, identifier: str = "", title: str = "Een bericht") -> str:
    return (
        f'<thread dsq:id="{dsq_id}"><id>{identifier}</id><forum>f</forum><link>{link}</link>'
        f"<title>{title}</title><createdAt>2013-01-01T10:00:00Z</createdAt>"
        "<isClosed>false</isClosed><isDeleted>false</isDeleted></thread>"
    )


def post(
    dsq_id: str,
    thread_id: str = "1",
    parent: str | None = None,
    name: str = "Jan",
    when: str = "2013-01-02T10:00:00Z",
    message: str = "<p>Hallo</p>",
    deleted: bool = False,
) -> str:
    parent_element = f'<parent dsq:id="{parent}"/>' if parent else ""
    return (
        f'<post dsq:id="{dsq_id}"><id/><message><![CDATA[{message}]]></message>'
        f"<createdAt>{when}</createdAt><isDeleted>{str(deleted).lower()}</isDeleted>"
        f"<isSpam>false</isSpam><author><name>{name}</name><isAnonymous>false</isAnonymous>"
        f'</author><thread dsq:id="{thread_id}"/>{parent_element}</post>'
    )


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def by_origin(reading) -> dict:
    return {r.origin_id: r for p in reading.posts for r in p.reactions}


def assert_accounted(reading, content: bytes) -> None:
    """Every <post> element is a kept reaction or counted as skipped; threads are not posts."""
    root = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
    comments = len(root.findall("{http://disqus.com}post"))
    kept = sum(len(p.reactions) for p in reading.posts)
    assert kept + sum(reading.skipped_reactions.values()) == comments
    assert not reading.skipped_posts


def strings(value):
    """Every string inside a Reading, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            yield from strings(getattr(value, item.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from strings(item)


@pytest.fixture(scope="module")
def reading():
    return read(EXPORT)


# Recognising an export


def test_the_export_is_read_by_the_disqus_reader_before_the_html_readers():
    names = [reader.name for reader in READERS]
    assert names.index("disqus") < names.index("ning") < names.index("generic")
    assert isinstance(reader_for(document(EXPORT)), DisqusReader)


@pytest.mark.parametrize(
    "head",
    [
        '<disqus xmlns="http://disqus.com">',
        '\ufeff<?xml version="1.0"?>\n<!-- a comment -->\n<disqus xmlns="http://disqus.com">',
        '<d:disqus xmlns:d="http://disqus.com">',
    ],
)
def test_a_disqus_root_is_accepted(head):
    assert DisqusReader().accepts(Document(path="x.xml", content=head.encode()))


@pytest.mark.parametrize(
    "head",
    [
        "<disqus>",  # no namespace
        '<disqus xmlns="http://example.org/disqus">',
        '<rss xmlns:dsq="http://disqus.com"><channel>',
        '<html><body><disqus xmlns="http://disqus.com">',
        "<!DOCTYPE html><html><head><title>Disqus</title>",
        "Reactie van Jan op 12 augustus 2013",
    ],
)
def test_anything_else_is_not_accepted(head):
    assert not DisqusReader().accepts(Document(path="x.xml", content=head.encode()))


def test_xml_that_is_not_well_formed_is_an_error_with_its_line():
    with pytest.raises(ReaderError, match="not well-formed XML") as error:
        read(BROKEN)
    assert error.value.line == 10


def test_entities_are_not_expanded():
    xml = export(thread("1", "http://example.org/a/", title="Over &secret;"), post("2"))
    xml = xml.replace("<disqus ", '<!DOCTYPE disqus [<!ENTITY secret "geheim">]>\n<disqus ', 1)
    reading = read_xml(xml)
    assert reading.posts[0].title == "Over &secret;"


# Threads become reactions-only posts


def test_each_thread_with_reactions_is_one_reactions_only_post(reading):
    assert [p.title for p in reading.posts] == [
        "Ambtenaar 2.0 sluit de deuren",
        "De overheid & Twitter",
    ]
    for item in reading.posts:
        assert item.reactions_only
        assert item.body == ""
        assert item.source.platform == "disqus"
        assert item.source.file == "tests/fixtures/disqus/export.xml"
        assert item.source.captured is None
    assert reading.notes[0] == "1 thread without reactions to import left out"


def test_thread_links_normalise_to_the_post_address(reading):
    first, second = reading.posts
    assert first.source.url == "http://www.example.org/2013/07/ambtenaar-2-0-sluit/"
    assert normalise_url(first.source.url) == normalise_url(
        "https://example.org/2013/07/ambtenaar-2-0-sluit"
    )
    assert second.source.url == "https://example.org/2014/01/overheid-en-twitter/"
    assert normalise_url(second.source.url) == "example.org/2014/01/overheid-en-twitter"


def test_the_thread_identifier_is_an_alias_and_the_wordpress_form_gives_its_url(reading):
    first, second = reading.posts
    assert first.aliases == []
    assert second.aliases == [
        "disqus-identifier:example.org 123 http://example.org/?p=123",
        "http://example.org/?p=123",
    ]


@pytest.mark.parametrize(
    ("link", "url", "alias"),
    [
        ("http://e.org/?p=200#disqus_thread", "http://e.org/?p=200", True),
        ("http://e.org/index.php?p=5&amp;utm_source=x", "http://e.org/index.php?p=5", True),
        ("http://e.org/forum/viewtopic.php?t=7", "http://e.org/forum/viewtopic.php?t=7", True),
        ("http://e.org/2013/post/?replytocom=5#comment-5", "http://e.org/2013/post/", False),
        ("http://e.org/2013/post/?utm_medium=rss&amp;fbclid=abc", "http://e.org/2013/post/", False),
        ("http://e.org/2013/post/?lang=nl", "http://e.org/2013/post/", True),
    ],
)  # fmt: skip
def test_a_query_is_kept_only_where_it_names_the_page(link, url, alias):
    reading = read_xml(export(thread("1", link), post("2")))
    found = reading.posts[0]
    assert found.source.url == url
    with_query = [a for a in found.aliases if "?" in a]
    assert bool(with_query) == alias


def test_a_thread_without_a_web_address_keeps_its_identifier_and_says_so():
    reading = read_xml(export(thread("1", "", identifier="node/12"), post("2")))
    assert reading.posts[0].source.url is None
    assert reading.posts[0].aliases == ["disqus-identifier:node/12"]
    assert any("no web address" in warning for warning in reading.warnings)


# Comments become reactions


def test_comments_become_reactions_in_date_order(reading):
    first, second = reading.posts
    assert [r.origin_id for r in first.reactions] == [
        "disqus:2001",
        "disqus:2002",
        "disqus:2003",
        "disqus:2005",
        "disqus:2009",
    ]
    assert [r.origin_id for r in second.reactions] == ["disqus:2007", "disqus:2008"]


def test_dates_are_moved_from_utc_to_amsterdam(reading):
    reactions = by_origin(reading)
    assert iso(reactions["disqus:2001"].date) == "2013-07-02T08:59:12+02:00"
    assert iso(reactions["disqus:2007"].date) == "2014-01-15T13:00:00+01:00"


def test_a_date_without_offset_is_utc_and_a_bad_one_is_left_empty():
    reading = read_xml(
        export(
            thread("1", "http://example.org/a/"),
            post("2", when="2013-07-02T06:59:12"),
            post("3", when="gisteren"),
        )
    )
    reactions = by_origin(reading)
    assert iso(reactions["disqus:2"].date) == "2013-07-02T08:59:12+02:00"
    assert reactions["disqus:3"].date is None
    assert any("no valid date" in warning for warning in reading.warnings)


def test_authors_keep_their_display_name_also_when_anonymous(reading):
    reactions = by_origin(reading)
    assert reactions["disqus:2001"].author == "Jan de Vries"
    assert reactions["disqus:2003"].author == "Gast Piet"


def test_an_author_name_that_is_an_email_address_is_no_name(reading):
    assert by_origin(reading)["disqus:2005"].author is None
    assert any("e-mail address as author name" in w for w in reading.warnings)


def test_an_email_address_in_a_name_is_removed():
    reading = read_xml(
        export(thread("1", "http://example.org/a/"), post("2", name="Jan &lt;jan@example.nl&gt;"))
    )
    assert reading.posts[0].reactions[0].author == "Jan"


def test_bodies_are_markdown_with_links_made_absolute_and_disqus_redirects_unwrapped(reading):
    reactions = by_origin(reading)
    assert reactions["disqus:2001"].body.startswith(
        "Jammer dat het stopt.\n\nZie [example.net/bron]"
    )
    assert "(https://example.net/bron " in reactions["disqus:2001"].body
    assert "disq.us" not in reactions["disqus:2001"].body
    assert reactions["disqus:2003"].body == "En ik ben het met jullie **allebei** eens.\n"
    assert "(https://example.org/2013/07/ambtenaar-2-0-sluit/)" in reactions["disqus:2007"].body
    assert "1 link through disq.us unwrapped" in reading.notes


def test_scripts_in_a_message_do_not_survive():
    message = '<p onclick="x()">Hoi<script>alert(1)</script> <a href="javascript:x()">hier</a></p>'
    reading = read_xml(export(thread("1", "http://example.org/a/"), post("2", message=message)))
    body = reading.posts[0].reactions[0].body
    assert "alert" not in body and "javascript" not in body and "onclick" not in body


# Threading


def test_replies_are_threaded_through_their_parent_ids(reading):
    reactions = by_origin(reading)
    for reaction in reactions.values():
        assert reaction.id == reaction.stable_id()
    assert reactions["disqus:2001"].parent is None
    assert reactions["disqus:2002"].parent == reactions["disqus:2001"].id
    assert reactions["disqus:2003"].parent == reactions["disqus:2002"].id  # three deep


def test_a_reply_to_a_deleted_comment_hangs_under_the_nearest_kept_one(reading):
    reactions = by_origin(reading)
    assert reactions["disqus:2005"].parent == reactions["disqus:2001"].id
    assert (
        "disqus:2005 in 'Ambtenaar 2.0 sluit de deuren': the comment it answers "
        "(disqus:2004) was skipped (deleted); attached to disqus:2001"
    ) in reading.warnings


def test_a_reply_to_spam_or_to_a_missing_comment_is_top_level_with_a_warning(reading):
    reactions = by_origin(reading)
    assert reactions["disqus:2008"].parent is None
    assert reactions["disqus:2009"].parent is None
    assert any("(disqus:2006) was skipped (spam); made a top-level" in w for w in reading.warnings)
    assert any(
        "(disqus:8888) is not in the export; made a top-level" in w for w in reading.warnings
    )


def test_a_loop_of_parents_ends():
    reading = read_xml(
        export(
            thread("1", "http://example.org/a/"),
            post("2", parent="3", deleted=True),
            post("3", parent="2", deleted=True),
            post("4", parent="2"),
        )
    )
    assert reading.posts[0].reactions[0].parent is None


def test_a_comment_posted_twice_gets_two_ids():
    reading = read_xml(export(thread("1", "http://example.org/a/"), post("2"), post("3")))
    first, second = reading.posts[0].reactions
    assert second.id == f"{first.id}-2"


# Accounting and privacy


def test_skipped_comments_are_counted_by_reason(reading):
    assert reading.skipped_reactions == Counter(
        {"deleted": 1, "spam": 1, "thread not in the export": 1}
    )
    assert not reading.skipped_posts


def test_comments_of_a_missing_thread_give_one_warning(reading):
    missing = [w for w in reading.warnings if "threads not in the export" in w]
    assert missing == ["1 comment in threads not in the export (thread 9999): skipped"]


def test_a_comment_repeated_under_one_id_is_counted_once():
    reading = read_xml(export(thread("1", "http://example.org/a/"), post("2"), post("2")))
    assert len(reading.posts[0].reactions) == 1
    assert reading.skipped_reactions == Counter({"repeated in the export": 1})


@pytest.mark.parametrize(
    "xml",
    [
        EXPORT.read_text(),
        export(thread("1", "http://example.org/a/")),
        export(post("2", thread_id="7"), post("3", thread_id="7", parent="2")),
        export(thread("1", "http://example.org/a/"), post("2", deleted=True), post("3")),
        export(thread("1", "http://example.org/a/"), post("2"), post("2"), post("4", parent="2")),
    ],
    ids=["fixture", "no comments", "no threads", "deleted", "repeated"],
)
def test_every_comment_is_accounted_for(xml):
    reading = read_xml(xml)
    assert_accounted(reading, xml.encode())


def test_every_post_element_of_the_fixture_is_accounted_for(reading):
    assert_accounted(reading, EXPORT.read_bytes())
    assert sum(len(p.reactions) for p in reading.posts) == 7


def test_no_email_or_ip_address_ends_up_in_the_reading(reading):
    export_text = EXPORT.read_text()
    addresses = set(re.findall(r"<(?:email|ipAddress)>([^<]+)<", export_text))
    addresses.add("piet@example.nl")
    assert len(addresses) >= 10
    for text in strings(reading):
        assert not any(address in text for address in addresses), text
        assert not EMAIL.search(text) and not IPV4.search(text) and not IPV6.search(text), text
