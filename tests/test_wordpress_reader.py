"""WordPress article pages: the post, its metadata and its threaded comments."""

from datetime import datetime
from pathlib import Path

import pytest

from importer.dates import AMSTERDAM
from importer.readers import Document, ReaderError, reader_for
from importer.readers.wordpress import WordPressReader

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MODERN = FIXTURES / "wordpress" / "modern-theme-en.html"
OLDER = FIXTURES / "wordpress" / "older-theme-nl.html"
KUBRICK = FIXTURES / "wordpress" / "kubrick-de.html"


def read(path: Path, **document):
    capture = Document(path=f"tests/fixtures/wordpress/{path.name}", content=path.read_bytes())
    for key, value in document.items():
        setattr(capture, key, value)
    reader = reader_for(capture)
    assert isinstance(reader, WordPressReader)
    return reader.read(capture)


def read_html(html: str, **document):
    capture = Document(path="page.html", content=html.encode(), **document)
    return WordPressReader().read(capture)


def page(body: str, head: str = "", body_class: str = "single single-post") -> str:
    return (
        '<!DOCTYPE html><html><head><meta name="generator" content="WordPress 5.2">'
        f'{head}</head><body class="{body_class}">{body}</body></html>'
    )


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def all_markdown(post) -> str:
    return "\n".join([post.body, *(reaction.body for reaction in post.reactions)])


@pytest.fixture(scope="module")
def modern():
    return read(MODERN)


@pytest.fixture(scope="module")
def older():
    return read(OLDER)


@pytest.fixture(scope="module")
def kubrick():
    return read(KUBRICK)


# A modern theme (Twenty Fifteen), in English


def test_modern_theme_post(modern):
    post = modern.posts[0]
    assert post.title == "Open data in local government: five lessons"
    assert post.author == "Hannah Mills"
    assert iso(post.date) == "2017-03-08T11:15:00+01:00"  # 10:15 UTC in Amsterdam time
    assert post.category == "Artikel"
    assert post.tags == ["Open government", "open data", "local government"]
    assert post.summary is None
    assert post.source.platform == "wordpress"
    assert post.source.file == "tests/fixtures/wordpress/modern-theme-en.html"
    assert post.source.url == "https://civicweb.example.org/2017/03/08/open-data-five-lessons/"


def test_modern_theme_body_keeps_headings_lists_links_and_images(modern):
    body = modern.posts[0].body
    assert body.startswith("Five years after the first council")
    assert "\n## What worked\n" in body
    assert "- Start with data people already ask for.\n- Publish a contact person" in body
    assert "**early** and *often*" in body
    link = "[story of the first dataset](https://civicweb.example.org/2016/05/02/first-dataset/)"
    assert link in body
    image = "https://civicweb.example.org/wp-content/uploads/2017/03/datasets.png"
    assert f"![Datasets published per year]({image})" in body
    assert body.rstrip().endswith("More next week.")


def test_modern_theme_body_has_no_chrome(modern):
    body = modern.posts[0].body
    for chrome in [
        "Share this",
        "Twitter",
        "Facebook",
        "Related",
        "Civic hackers",
        "Advertisement",
        "Published by",
        "View all posts",
        "Leave a Reply",
        "Your email address",
        "Recent Posts",
        "sidebar tag",
        "Proudly powered",
        "Posted on",
    ]:
        assert chrome not in body


def test_modern_theme_comments_and_their_replies(modern):
    reactions = modern.posts[0].reactions
    assert [r.author for r in reactions] == [
        "Alice Walker",
        "Hannah Mills",
        "Alice Walker",
        "carol",
    ]
    alice, hannah, alice_again, carol = reactions
    assert [iso(r.date) for r in reactions] == [
        "2017-03-08T15:02:11+01:00",
        "2017-03-08T16:30:00+01:00",
        "2017-03-09T10:05:00+01:00",
        "2017-03-10T19:45:00+01:00",
    ]
    assert alice.parent is None
    assert hannah.parent == alice.id == alice.stable_id()
    assert alice_again.parent == hannah.id
    assert carol.parent is None
    assert len({r.id for r in reactions}) == 4
    assert alice.body == (
        "Great summary. The point about a contact person is the one most portals miss.\n\n"
        "We did the same in [our city](https://data.example.net/).\n"
    )
    assert alice_again.body == "CKAN, with a few plugins of our own.\n"


def test_modern_theme_pingback_is_skipped_and_counted(modern):
    assert modern.skipped_reactions == {"pingback": 1}
    assert not any("Weekly links" in r.body for r in modern.posts[0].reactions)


def test_comment_chrome_stays_out_of_reactions(modern, older, kubrick):
    for reading in (modern, older, kubrick):
        for reaction in reading.posts[0].reactions:
            for chrome in ["Reply", "says:", "Edit", "Beantwoorden", "zegt", "Antworten", "sagt"]:
                assert chrome not in reaction.body


def test_scripts_and_event_handlers_never_reach_the_markdown(modern):
    markdown = all_markdown(modern.posts[0])
    for unsafe in ["<script", "script>", "onclick", "javascript:", "alert", "Injected", "steal"]:
        assert unsafe not in markdown
    assert "Portals that nobody maintained. A link that runs a script" in markdown
    assert "Nice post. [click here](https://spam.example.com/)" in markdown


def test_modern_theme_reads_without_warnings_but_the_pingback(modern):
    assert modern.warnings == []


# An older theme, in Dutch, with Yoast's JSON-LD


def test_older_theme_post_from_json_ld(older):
    post = older.posts[0]
    assert post.title == "Die nieuwe ambtenaar kómt er"
    assert post.author == "Marie Louise Borsje"  # an @id reference in the @graph
    assert iso(post.date) == "2016-06-14T09:00:00+02:00"  # Yoast writes 07:00 UTC
    assert post.tags == ["Nieuws", "pleio", "ambtenaar 2.0", "overheid 2.0"]
    assert post.source.url == (
        "https://www.overheid-internet.example.nl/2016/06/die-nieuwe-ambtenaar-komt-er/"
    )


def test_older_theme_body(older):
    body = older.posts[0].body
    assert body.startswith("**Het programma Ambtenaar 2.0 liep eind 2014 af")
    assert "Marie Louise Borsje. Foto Lex Draijer" in body
    assert "\n### Van experiment naar gewoonte\n" in body
    assert (
        "1. Eerst een netwerk op Ning;\n2. daarna een plek op [Pleio](https://www.pleio.nl/)."
        in body
    )
    for chrome in ["Delen", "Lees ook", "Pleio groeit", "Over de auteur", "Geplaatst in"]:
        assert chrome not in body
    for form in ["Geef een reactie", "e-mailadres", "Reactie plaatsen", "Naam"]:
        assert form not in all_markdown(older.posts[0])


def test_older_theme_dutch_comment_dates_and_threads(older):
    reactions = older.posts[0].reactions
    assert [(r.author, iso(r.date)) for r in reactions] == [
        ("Herko Coomans", "2016-06-16T17:05:00+02:00"),
        ("Marie Louise Borsje", "2016-06-16T21:47:00+02:00"),
        ("Jan Janssen", "2016-06-17T08:12:00+02:00"),
        ("Annet", "2016-12-02T09:30:00+01:00"),
    ]
    herko, borsje, janssen, annet = reactions
    assert borsje.parent == herko.id
    assert janssen.parent == herko.id
    assert herko.parent is None and annet.parent is None
    assert (
        herko.body
        == "Mooi stuk! Het netwerk heeft echt iets veranderd.\n\nOp naar de volgende tien jaar.\n"
    )
    assert "[het stuk over Pleio](https://www.overheid-internet.example.nl/2016/05/pleio/)" in (
        janssen.body
    )


def test_older_theme_trackback_and_pingback_are_skipped_and_counted(older):
    assert older.skipped_reactions == {"pingback": 1, "trackback": 1}
    markdown = all_markdown(older.posts[0])
    assert "Trackback" not in markdown and "Weekoverzicht" not in markdown


def test_unreadable_json_ld_is_a_warning(older):
    assert "a JSON-LD block that is not valid JSON was ignored" in older.warnings


# Kubrick, the old default theme, in German and ISO-8859-1


def test_kubrick_german_dates_and_declared_charset(kubrick):
    post = kubrick.posts[0]
    assert post.title == "Bürgerbeteiligung im Netz"
    assert iso(post.date) == "2016-06-16T09:30:00+02:00"  # "16. Juni 2016 um 09:30 Uhr"
    assert post.tags == ["E-Government"]
    assert [(r.author, iso(r.date)) for r in post.reactions] == [
        ("Klaus Becker", "2016-06-16T17:05:00+02:00"),
        ("Petra Müller", "2017-03-03T08:00:00+01:00"),  # "3. März 2017 um 8:00"
    ]
    assert post.reactions[0].body == (
        "Sehr interessant. Bei uns hat das gut funktioniert. Grüße aus Köln!\n"
    )
    assert post.reactions[1].body == "Gibt es dazu Zahlen?\n"
    assert "Dieser Beitrag wurde" not in post.body


def test_kubrick_missing_author_is_left_empty_with_a_warning(kubrick):
    assert kubrick.posts[0].author is None
    assert "'Bürgerbeteiligung im Netz': the page names no author; author left empty" in (
        kubrick.warnings
    )


# Smaller cases


def test_title_from_the_title_element_without_the_site_name():
    html = page(
        '<div class="entry-content"><p>Tekst.</p></div>',
        head="<title>Mijn bericht &#8211; Mijn site</title>"
        '<meta property="og:site_name" content="Mijn site">',
    )
    assert read_html(html).posts[0].title == "Mijn bericht"


def test_relative_comment_time_resolves_against_the_capture():
    comment = (
        '<ol class="comment-list"><li class="comment depth-1" id="comment-1">'
        '<article class="comment-body"><footer class="comment-meta">'
        '<div class="comment-author vcard"><b class="fn">Piet</b></div>'
        '<div class="comment-metadata"><a href="#comment-1">3 uur geleden</a></div>'
        '</footer><div class="comment-content"><p>Eens!</p></div></article></li></ol>'
    )
    html = page(
        f'<h1 class="entry-title">Titel</h1><div class="entry-content"><p>x</p></div>{comment}'
    )
    captured = datetime(2013, 8, 12, 10, 0, tzinfo=AMSTERDAM)
    reaction = read_html(html, captured=captured).posts[0].reactions[0]
    assert iso(reaction.date) == "2013-08-12T07:00:00+02:00"

    reading = read_html(html)
    assert reading.posts[0].reactions[0].date is None
    assert any("relative time" in warning for warning in reading.warnings)


def test_a_listing_page_is_not_a_post():
    posts = "".join(
        f'<article class="post hentry"><h2 class="entry-title">Bericht {n}</h2>'
        f'<div class="entry-content"><p>Tekst {n}.</p></div></article>'
        for n in (1, 2)
    )
    with pytest.raises(ReaderError, match="not a post"):
        read_html(page(posts, body_class="home blog"))
    with pytest.raises(ReaderError, match="not a post"):
        read_html(page(posts, body_class=""))


def test_a_page_without_article_content_is_not_a_post():
    with pytest.raises(ReaderError, match="not a post"):
        read_html(page('<div id="content"><p>Niets gevonden.</p></div>', body_class=""))


def test_accepts_wordpress_pages_only():
    reader = WordPressReader()
    generic = FIXTURES / "generic" / "news-page.html"
    assert not reader.accepts(Document(path="news.html", content=generic.read_bytes()))
    assert not reader.accepts(Document(path="notes.txt", content=b"/wp-content/ in a text"))
    marked = b'<html><head><link rel="stylesheet" href="/wp-content/themes/x.css"></head>'
    assert reader.accepts(Document(path="page.html", content=marked))
    assert reader.accepts(
        Document(path="page", content=b"<p>/wp-includes/</p>", media_type="text/html")
    )


def test_a_single_post_with_another_post_in_a_widget_reads_its_own_content():
    widget = '<aside><div class="entry-content"><p>Uitgelicht: een ander bericht.</p></div></aside>'
    article = (
        '<article class="post hentry"><h1 class="entry-title">Eigen bericht</h1>'
        '<div class="entry-content"><p>Eigen tekst.</p></div></article>'
    )
    post = read_html(page(widget + article)).posts[0]
    assert post.title == "Eigen bericht"
    assert post.body == "Eigen tekst.\n"
