"""WordPress export files (WXR 1.0-1.2): posts, pages, comments, shortcodes, wpautop."""

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from lxml import etree

from importer.__main__ import main
from importer.privacy import EMAIL, IPV4
from importer.readers import Document, ReaderError, reader_for
from importer.readers.wxr import WxrReader, wp_datetime, wpautop

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wxr"
SITE = FIXTURES / "site-1.2.xml"
ALL_VERSIONS = ["site-1.0.xml", "site-1.1.xml", "site-1.2.xml"]
MAIN_POST = "Die nieuwe ambtenaar kómt er"
# What a WXR file says about people that must never reach the model or content/.
PRIVATE_ELEMENTS = {
    "comment_author_email", "comment_author_IP", "comment_author_url", "comment_user_id",
    "author_email", "author_id",
}  # fmt: skip


def document(name: str, path: str | None = None, **fields) -> Document:
    source = FIXTURES / name
    return Document(
        path=path or f"tests/fixtures/wxr/{name}", content=source.read_bytes(), **fields
    )


def read(name: str):
    capture = document(name)
    assert isinstance(reader_for(capture), WxrReader)
    return WxrReader().read(capture)


def export(items: str, namespace: str = "http://wordpress.org/export/1.2/") -> bytes:
    """A minimal WXR file around the given items."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:wp="{namespace}">\n<channel>\n<title>Test</title>\n'
        "<link>http://blog.example.nl</link>\n"
        f"{items}\n</channel>\n</rss>\n"
    ).encode()


def item(content: str = "Tekst.", title: str = "Een bericht", extra: str = "") -> str:
    return (
        f"<item><title>{title}</title><link>http://blog.example.nl/een-bericht/</link>"
        "<dc:creator>auteur</dc:creator><wp:post_id>5</wp:post_id>"
        "<wp:post_date_gmt>2012-03-04 10:00:00</wp:post_date_gmt>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>{extra}</item>"
    )


def read_bytes(content: bytes, path: str = "export.xml"):
    return WxrReader().read(Document(path=path, content=content))


def body_of(content: str, extra_items: str = "") -> str:
    [post] = read_bytes(export(item(content) + extra_items)).posts
    return post.body


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


@pytest.fixture(scope="module")
def site():
    return read("site-1.2.xml")


def post_titled(reading, title: str):
    return next(post for post in reading.posts if post.title == title)


def by_origin(post) -> dict:
    return {reaction.origin_id: reaction for reaction in post.reactions}


# Recognising a WordPress export


def test_an_export_is_recognised_by_its_first_bytes_not_its_name():
    for name in ALL_VERSIONS:
        capture = document(name, path="export.txt", media_type="text/plain")
        assert isinstance(reader_for(capture), WxrReader), name
    with_bom = Document(path="export", content=b"\xef\xbb\xbf" + SITE.read_bytes())
    assert isinstance(reader_for(with_bom), WxrReader)


def test_other_xml_and_html_are_not_exports():
    feed = export(item()).replace(b'xmlns:wp="http://wordpress.org/export/1.2/"', b"")
    page = b"<!DOCTYPE html><html><head><title>x</title></head><body>wordpress.org/export/</body>"
    atom = b'<?xml version="1.0"?><feed xmlns:wp="http://wordpress.org/export/1.2/"></feed>'
    for content in (feed, page, atom):
        assert not WxrReader().accepts(Document(path="x.xml", content=content))


@pytest.mark.parametrize("name", ALL_VERSIONS)
def test_every_version_is_read(name):
    reading = read(name)
    assert reading.posts
    assert all(post.source.platform == "wordpress" for post in reading.posts)
    assert all(post.source.format == "wxr" for post in reading.posts)
    assert any(post.reactions for post in reading.posts)


def test_an_unknown_version_is_an_error_naming_it():
    with pytest.raises(ReaderError, match=r"version '2\.0'"):
        read("unknown-version.xml")
    without = export(item(), namespace="http://wordpress.org/export/")
    with pytest.raises(ReaderError, match="version 'none'"):
        read_bytes(without)


def test_xml_that_is_not_well_formed_is_an_error_with_its_line():
    with pytest.raises(ReaderError, match="not well-formed XML") as raised:
        read("broken.xml")
    assert raised.value.line == 12


def test_entity_declarations_are_refused():
    laughs = export(item("&lol2;")).replace(
        b"<rss",
        b'<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<rss',
        1,
    )
    laughs = laughs.replace(b"<![CDATA[&lol2;]]>", b"&lol2;")
    with pytest.raises(ReaderError, match="entities"):
        read_bytes(laughs)
    external = export(item("&xxe;")).replace(
        b"<rss", b'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<rss', 1
    )
    with pytest.raises(ReaderError, match="entities"):
        read_bytes(external.replace(b"<![CDATA[&xxe;]]>", b"&xxe;"))


def test_control_characters_are_removed_with_a_note():
    reading = read_bytes(export(item("Tekst\x0b met\x1a stuurtekens.")))
    assert reading.posts[0].body == "Tekst met stuurtekens.\n"
    assert reading.notes == ["repaired: 2 control characters that XML forbids removed"]


# Accounting


def counted_in(path: Path) -> tuple[int, int]:
    """Post and page items, and their comments, counted straight from the XML."""
    root = etree.parse(str(path)).getroot()
    posts = comments = 0
    for element in root.iter("item"):
        kind = next((child.text for child in element if child.tag.endswith("}post_type")), "post")
        if kind in ("post", "page"):
            posts += 1
            comments += sum(1 for child in element if child.tag.endswith("}comment"))
    return posts, comments


@pytest.mark.parametrize("name", ALL_VERSIONS)
def test_every_post_and_comment_is_written_or_counted(name):
    reading = read(name)
    posts, comments = counted_in(FIXTURES / name)
    assert len(reading.posts) + sum(reading.skipped_posts.values()) == posts
    kept = sum(len(post.reactions) for post in reading.posts)
    assert kept + sum(reading.skipped_reactions.values()) == comments


def test_unpublished_posts_are_skipped_by_status(site):
    assert sorted(post.title for post in site.posts) == [
        "Alleen een RSS-datum",
        MAIN_POST,
        "Over dit blog",
    ]
    assert site.skipped_posts == {
        "draft": 1,
        "private": 1,
        "trash": 1,
        "scheduled": 1,
        "pending": 1,
        "auto-draft": 1,
        "password-protected": 1,
    }


def test_other_items_are_resources_not_posts(site):
    assert site.notes == ["4 attachments, 1 nav_menu_item, 1 wp_block read as resources, not posts"]


def test_skipped_comments_are_counted_by_reason(site):
    assert site.skipped_reactions == {
        "post not published": 4,
        "spam": 1,
        "pending": 1,
        "trash": 1,
        "pingback": 1,
        "trackback": 1,
    }


# A post


def test_the_post_and_its_metadata(site):
    post = post_titled(site, MAIN_POST)
    assert iso(post.date) == "2016-06-14T09:00:00+02:00"
    assert post.author == "Marie Louise Borsje"
    assert post.category == "Artikel"
    assert post.tags == ["Ambtenaar 2.0", "Pleio", "Netwerken & delen"]
    assert post.slug == "die-nieuwe-ambtenaar-komt-er"
    assert post.summary == "Het programma Ambtenaar 2.0 liep af, maar het netwerk draait door."
    assert post.source.url == "http://nieuws.example.nl/2016/06/14/die-nieuwe-ambtenaar-komt-er/"
    assert post.source.file == "tests/fixtures/wxr/site-1.2.xml"
    assert iso(post.source.captured) == "2017-03-01T11:00:00+01:00"  # the export's time
    assert post.aliases == ["http://nieuws.example.nl/?p=101"]


def test_a_page_and_its_local_date(site):
    page = post_titled(site, "Over dit blog")
    assert page.category == "Pagina"
    assert iso(page.date) == "2015-01-10T12:00:00+01:00"  # no GMT date: local time
    assert page.author == "redactie"  # no display name: the login
    assert "http://nieuws.example.nl/?page_id=102" in page.aliases
    assert not any(alias.startswith("wordpress-post") for alias in page.aliases)


def test_without_wordpress_dates_the_rss_date_counts(site):
    post = post_titled(site, "Alleen een RSS-datum")
    assert iso(post.date) == "2017-01-03T12:00:00+01:00"
    assert post.author == "onbekend-account"
    assert post.tags == []  # "Geen categorie" is no topic
    assert post.summary is None


def test_wordpress_s_year_minus_one_is_no_date():
    undated = item().replace(
        "<wp:post_date_gmt>2012-03-04 10:00:00</wp:post_date_gmt>",
        "<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>"
        "<pubDate>Mon, 30 Nov -0001 00:00:00 +0000</pubDate>",
    )
    reading = read_bytes(export(undated))
    assert reading.posts[0].date is None
    assert "'Een bericht': the export gives no date; date left empty" in reading.warnings


def test_the_capture_time_of_the_input_wins_over_the_export_time():
    captured = datetime.fromisoformat("2020-01-01T00:00:00+00:00")
    reading = WxrReader().read(document("site-1.1.xml", captured=captured))
    assert reading.posts[0].source.captured == captured


def test_wxr_1_0_categories_and_tags():
    [post] = read("site-1.0.xml").posts
    assert post.tags == ["Web 2.0", "wiki"]
    assert post.author == "jan"  # WXR 1.0 has no author list
    assert post.aliases == ["http://oud.example.nl/blog/?p=7"]


def test_a_post_without_title_or_author_is_read_with_warnings():
    bare = "<item><wp:post_id>9</wp:post_id><content:encoded>Tekst.</content:encoded></item>"
    reading = read_bytes(export(bare))
    [post] = reading.posts
    assert post.title == "Zonder titel"
    assert post.author is None and post.date is None
    assert "item 9 has no title; titled 'Zonder titel'" in reading.warnings
    assert "'Zonder titel': the export names no author; author left empty" in reading.warnings
    assert reading.notes == [
        "1 item without wp:status read as published",
        "1 item without wp:post_type read as posts",
    ]


# The body


def test_paragraphs_and_line_breaks_as_wordpress_showed_them(site):
    body = post_titled(site, MAIN_POST).body
    assert body.startswith(
        "Het programma Ambtenaar 2.0 liep eind 2014 af.  \nMaar het netwerk draait door.\n\n"
    )
    assert "## Wat er nu gebeurt\n\nHet netwerk heeft twee thuizen:\n\n- Pleio\n" in body
    assert "```\nregel een\n  regel twee\n\nregel vier\n```" in body


def test_a_caption_becomes_an_image_with_its_caption(site):
    body = post_titled(site, MAIN_POST).body
    full = "http://nieuws.example.nl/wp-content/uploads/2016/06/vergadering.jpg"
    assert f"[![Mensen aan een lange tafel]({full})]({full})\n\n" in body
    assert "Vergadering in *Den Haag*. Foto Lex Draijer\n{: .caption }\n" in body
    assert "[caption" not in body and "[/caption]" not in body


def test_images_point_at_the_attachments_full_file(site):
    body = post_titled(site, MAIN_POST).body
    assert "-300x200" not in body and "-150x150" not in body
    assert "![Koffie](http://nieuws.example.nl/wp-content/uploads/2016/06/koffie.jpg)" in body
    # a link to an attachment's page goes to its file
    assert (
        "[het logo](http://nieuws.example.nl/wp-content/uploads/2016/06/pleio-scaled.png)" in body
    )


def test_a_gallery_shows_its_attachments_in_order(site):
    body = post_titled(site, MAIN_POST).body
    logo = body.index("![](http://nieuws.example.nl/wp-content/uploads/2016/06/pleio-scaled.png)")
    caption = body.index("Het logo van Pleio\n{: .caption }")
    coffee = body.index("![](http://nieuws.example.nl/wp-content/uploads/2016/06/koffie.jpg)")
    assert logo < caption < coffee
    assert f"'{MAIN_POST}': [gallery] shows attachment 999, which is not in the export" in (
        site.warnings
    )


def attachment(number: int, parent: int, order: int, name: str) -> str:
    return (
        f"<item><title>{name}</title><wp:post_id>{number}</wp:post_id>"
        f"<wp:post_parent>{parent}</wp:post_parent><wp:menu_order>{order}</wp:menu_order>"
        "<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>"
        f"<wp:attachment_url>http://blog.example.nl/{name}</wp:attachment_url></item>"
    )


def test_a_gallery_without_ids_shows_the_posts_images():
    attachments = "".join(
        attachment(*row)
        for row in [(11, 5, 2, "b.jpg"), (12, 5, 1, "a.png"), (13, 5, 0, "c.pdf"),
                    (14, 5, 0, "weg.jpg"), (15, 6, 0, "ander-bericht.jpg")]
    )  # fmt: skip
    body = body_of('[gallery exclude="14"]', attachments)
    assert body == "![](http://blog.example.nl/a.png)\n\n![](http://blog.example.nl/b.jpg)\n"


def test_unknown_shortcodes_are_removed_with_a_warning(site):
    body = post_titled(site, MAIN_POST).body
    assert "contact-form" not in body and "audio" not in body and "su_box" not in body
    assert "interview.mp3" not in body
    assert "Tekst in een kader." in body
    assert f"'{MAIN_POST}': shortcode [contact-form-7] removed" in site.warnings
    assert f"'{MAIN_POST}': shortcode [audio] removed" in site.warnings
    assert f"'{MAIN_POST}': shortcode [su_box] removed, its text kept" in site.warnings


def test_words_in_brackets_are_not_shortcodes(site):
    body = post_titled(site, MAIN_POST).body
    assert "Een woord als \\[sic\\] blijft staan, en \\[gallery\\] ook." in body


def test_a_video_url_on_its_own_line_becomes_a_link(site):
    body = post_titled(site, MAIN_POST).body
    assert "<https://www.youtube.com/watch?v=abcdefghijk>" in body
    assert body_of("[embed]https://vimeo.com/123456[/embed]") == "<https://vimeo.com/123456>\n"
    assert body_of("Zie\nhttps://example.org/niet-een-video") == (
        "Zie  \nhttps://example.org/niet-een-video\n"
    )


@pytest.mark.parametrize(
    ("content", "markdown"),
    [
        ("[b]vet[/b] en [quote]citaat[/quote]", "vet en citaat\n"),
        ("Voor[video src='x.mp4']Fallback[/video]na", "Voorna\n"),
        ("[youtube=http://www.youtube.com/watch?v=x]", ""),
        ("Noot [1] en [Update: later]", "Noot \\[1\\] en \\[Update: later\\]\n"),
        ('[caption caption="Onderschrift"]<img src="http://x.example/a.jpg" />[/caption]',
         "![](http://x.example/a.jpg)\n\nOnderschrift\n{: .caption }\n"),
        ("Losse sluiter[/su_column] weg", "Losse sluiter weg\n"),
    ],
)  # fmt: skip
def test_shortcode_cases(content, markdown):
    assert body_of(content) == markdown


def test_block_content_loses_its_comments_and_keeps_its_html(site):
    body = post_titled(site, "Over dit blog").body
    assert body == (
        "Dit blog volgt Ambtenaar 2.0.\n\n"
        "![](http://nieuws.example.nl/wp-content/uploads/2016/06/pleio-scaled.png)\n\n"
        "Het Pleio-logo\n{: .caption }\n\n"
        "---\n\n"
        "Eerste regel  \ntweede regel\n"
    )


def test_block_content_is_not_given_line_breaks():
    blocks = "<!-- wp:paragraph -->\n<p>Een zin\nover twee regels.</p>\n<!-- /wp:paragraph -->"
    assert body_of(blocks) == "Een zin\nover twee regels.\n"


# Comments


def test_comments_are_threaded_three_deep(site):
    post = post_titled(site, MAIN_POST)
    comments = by_origin(post)
    first, answer, third = (comments[f"wordpress:{n}"] for n in (1001, 1002, 1003))
    assert first.parent is None
    assert answer.parent == first.id
    assert third.parent == answer.id
    assert all(reaction.id == reaction.stable_id() for reaction in post.reactions)
    assert len({reaction.id for reaction in post.reactions}) == len(post.reactions)


def test_only_approved_comments_are_reactions(site):
    post = post_titled(site, MAIN_POST)
    assert sorted(by_origin(post)) == [
        f"wordpress:{n}" for n in (1001, 1002, 1003, 1005, 1009, 1011, 1012)
    ]


def test_a_reply_to_a_skipped_comment_answers_its_nearest_kept_ancestor(site):
    post = post_titled(site, MAIN_POST)
    comments = by_origin(post)
    assert comments["wordpress:1005"].parent is None  # answered spam
    assert comments["wordpress:1011"].parent == comments["wordpress:1001"].id  # answered pending
    assert comments["wordpress:1012"].parent is None  # answered a comment not in the export
    what = f"'{MAIN_POST}'"
    assert (
        site.warnings.count(
            f"{what}: comment 1005 answers comment 1004, which is skipped (spam); "
            "made a reaction to the post"
        )
        == 1
    )
    assert (
        f"{what}: comment 1011 answers comment 1006, which is skipped (pending); "
        "attached to comment 1001"
    ) in site.warnings
    assert (
        f"{what}: comment 1012 answers comment 4242, which is not in the export; "
        "made a reaction to the post"
    ) in site.warnings


def test_comment_authors_dates_and_bodies(site):
    comments = by_origin(post_titled(site, MAIN_POST))
    first = comments["wordpress:1001"]
    assert first.author == "Mildo van Staden"
    assert iso(first.date) == "2016-06-14T10:30:00+02:00"
    assert first.body == (
        "Mooi stuk!  \nTweede regel.\n\nTweede alinea, zie <http://voorbeeld.example.org/stuk>.\n"
    )
    assert comments["wordpress:1003"].body == "Eens, met **nadruk**.\n"
    assert [reaction.origin_id for reaction in post_titled(site, MAIN_POST).reactions][-1] == (
        "wordpress:1009"
    )  # oldest first, the one without a date last


def test_a_comment_without_a_date_is_kept_with_a_warning(site):
    comments = by_origin(post_titled(site, MAIN_POST))
    assert comments["wordpress:1009"].date is None
    assert f"'{MAIN_POST}': comment 1009: no date; date left empty" in site.warnings


def test_a_comment_date_without_gmt_is_local_time():
    [post] = read("site-1.0.xml").posts
    assert iso(post.reactions[1].date) == "2009-03-01T17:00:00+01:00"


def test_an_address_as_author_name_is_no_name(site):
    comments = by_origin(post_titled(site, MAIN_POST))
    assert comments["wordpress:1012"].author is None
    assert (
        f"'{MAIN_POST}': comment 1012: the author's name is an address; author left empty"
    ) in site.warnings


# Privacy


def private_values(path: Path) -> set[str]:
    root = etree.parse(str(path)).getroot()
    values = {
        (element.text or "").strip()
        for element in root.iter()
        if isinstance(element.tag, str) and etree.QName(element).localname in PRIVATE_ELEMENTS
    }
    found = {value for value in values if len(value) >= 5 and not value.startswith("http")}
    return found | {value.removeprefix("mailto:") for value in found}


def strings_in(value) -> Iterator[str]:
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from strings_in(getattr(value, field.name))
    elif isinstance(value, dict):
        for key, item_value in value.items():
            yield from strings_in(key)
            yield from strings_in(item_value)
    elif isinstance(value, list | tuple | set):
        for element in value:
            yield from strings_in(element)
    elif value is not None:
        yield str(value)


@pytest.mark.parametrize("name", ALL_VERSIONS)
def test_no_address_or_user_id_reaches_the_reading(name):
    private = private_values(FIXTURES / name)
    assert private
    for text in strings_in(read(name)):
        assert not any(value in text for value in private), text
        assert not EMAIL.search(text), text
        assert not IPV4.search(text), text


def test_the_command_line_writes_posts_and_nothing_private(tmp_path):
    content, report = tmp_path / "content", tmp_path / "report.json"
    arguments = ["import", str(SITE), "--content", str(content), "--report", str(report)]
    assert main([*arguments, "--no-progress"]) == 0
    posts = sorted(path.name for path in (content / "posts").rglob("*.md"))
    assert posts == ["alleen-een-rss-datum.md", "die-nieuwe-ambtenaar-komt-er.md", "over.md"]
    reactions = yaml.safe_load(
        (content / "posts" / "2016" / "die-nieuwe-ambtenaar-komt-er.reactions.yml").read_text()
    )["reactions"]
    assert len(reactions) == 7
    ids = {reaction["id"] for reaction in reactions}
    assert sum(reaction["parent"] is not None for reaction in reactions) == 3
    assert all(reaction["parent"] in ids for reaction in reactions if reaction["parent"])
    assert json.loads(report.read_text())["sources"][0]["format"] == "wxr"
    private = private_values(SITE)
    for path in [report, *content.rglob("*")]:
        if path.is_file():
            text = path.read_text("utf-8")
            assert not any(value in text for value in private), path
            assert not EMAIL.search(text), path
            assert not IPV4.search(text), path


# Dates


def test_wordpress_dates():
    assert iso(wp_datetime("2014-01-14 17:31:03", UTC)) == "2014-01-14T18:31:03+01:00"
    assert iso(wp_datetime("2014-07-14 17:31")) == "2014-07-14T17:31:00+02:00"
    assert wp_datetime("0000-00-00 00:00:00") is None
    assert wp_datetime("") is None
    reading = read_bytes(export(item().replace("2012-03-04 10:00:00", "2012-13-45 10:00:00")))
    assert reading.posts[0].date is None
    assert any("wp:post_date_gmt is not a valid date" in w for w in reading.warnings)


# wpautop


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("", ""),
        ("   \n ", ""),
        ("Een\n\nTwee", "<p>Een</p>\n<p>Twee</p>\n"),
        ("Een\nTwee", "<p>Een<br />\nTwee</p>\n"),
        ("Een\r\n\r\nTwee", "<p>Een</p>\n<p>Twee</p>\n"),
        ("Een<br><br>Twee", "<p>Een</p>\n<p>Twee</p>\n"),
        ("<h2>Kop</h2>\nTekst", "<h2>Kop</h2>\n<p>Tekst</p>\n"),
        ("<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"),
        ("<blockquote>Citaat</blockquote>", "<blockquote><p>Citaat</p></blockquote>\n"),
        ("<div>Blok\nmet regel</div>", "<div>Blok<br />\nmet regel</div>\n"),
        ('<a\nhref="x">link</a>', '<p><a\nhref="x">link</a></p>\n'),
        ("<pre>a\n\nb</pre>", "<pre>a\n\nb</pre>\n"),
        ("Voor\n<pre>a\n  b</pre>\nNa", "<p>Voor</p>\n<pre>a\n  b</pre>\n<p>Na</p>\n"),
        ("Een\n<hr />\nTwee", "<p>Een</p>\n<hr />\n<p>Twee</p>\n"),
        ("<!--more-->\nRest", "<p><!--more--><br />\nRest</p>\n"),
        ("Een\u00a0\n\nTwee", "<p>Een\u00a0</p>\n<p>Twee</p>\n"),
        ("<script>a\nb</script>", "<p><script>a\nb</script></p>\n"),
        # cases from WordPress's own tests (tests/formatting/autop.php)
        ("<a>a</a>\n<b>b</b>", "<p><a>a</a><br />\n<b>b</b></p>\n"),
        ("Hello <a\nhref='world'>", "<p>Hello <a\nhref='world'></p>\n"),
        ("Hello <!-- a\nhref='world' -->", "<p>Hello <!-- a\nhref='world' --></p>\n"),
    ],
)
def test_wpautop(text, html):
    assert wpautop(text) == html


def test_wpautop_without_line_breaks():
    assert wpautop("Een\nTwee\n\nDrie", br=False) == "<p>Een\nTwee</p>\n<p>Drie</p>\n"
