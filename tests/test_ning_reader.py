"""The Ning HTML reader, and the merge of a post's pages and captures."""

from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from importer.dates import isoformat
from importer.html_tree import inner_html, parse
from importer.merge import merge
from importer.readers import Document, ReaderError, reader_for
from importer.readers.ning import NingReader, post_url
from tests.conftest import FIXTURES

NING = FIXTURES / "ning"
BLOG_URL = "http://ambtenaar20.ning.com/profiles/blogs/samenwerken-over-grenzen"


def document(name: str, url: str, captured: str | None = None) -> Document:
    return Document(
        path=f"tests/fixtures/ning/{name}",
        content=(NING / name).read_bytes(),
        url=url,
        captured=datetime.fromisoformat(captured) if captured else None,
        media_type="text/html",
    )


def read(doc: Document):
    assert isinstance(reader_for(doc), NingReader)
    return NingReader().read(doc)


def blog_captures():
    return [
        document("blog-nl-2013-page1.html", BLOG_URL, "2013-06-21T10:00:00+00:00"),
        document(
            "blog-nl-2013-page2.html", BLOG_URL + "?page=2#comments", "2013-06-21T10:01:00+00:00"
        ),
        document(
            "blog-nl-2015-page1.html", BLOG_URL + "?xg_source=activity", "2015-03-02T08:00:00+00:00"
        ),
    ]


def test_dutch_blog_post_page():
    reading = read(blog_captures()[0])
    post = reading.posts[0]
    assert post.title == "Samenwerken over grenzen"
    assert post.author == "Marie Louise Borsje"
    assert isoformat(post.date) == "2013-06-02T21:17:00+02:00"
    assert post.category == "Blog"
    assert post.tags == ["samenwerken", "netwerken"]
    assert post.views == 412
    assert post.source.url == BLOG_URL
    assert len(post.reactions) == 10
    assert reading.warnings == []


def test_blog_body_keeps_content_and_drops_chrome():
    body = read(blog_captures()[0]).posts[0].body
    assert (
        "Steeds meer ambtenaren werken samen met partijen *buiten* hun eigen organisatie." in body
    )
    assert "### Wat gaat er goed?" in body
    assert (
        "[netwerken in de praktijk](http://ambtenaar20.ning.com/profiles/blogs/netwerken-in-de-praktijk)"
        in body
    )
    assert "![Schema van de samenwerking](http://api.ning.com/files/schema.png)" in body
    for chrome in [
        "Facebook",
        "Weergaven",
        "Blog bekijken",
        "Volgende blogpost",
        "steal",
        "Populaire",
    ]:
        assert chrome not in body


def test_blog_comments_with_dutch_times():
    reactions = read(blog_captures()[0]).posts[0].reactions
    karin = reactions[0]
    assert (karin.author, isoformat(karin.date)) == ("Karin Vos", "2013-06-20T22:30:00+02:00")
    assert karin.body == "Tot slot: succes!\n"
    assert karin.origin_id == "ning:6034210:9011"
    eva = next(r for r in reactions if r.author == "Eva Mulder")
    assert eva.body == "Wij doen dit al sinds 2011.\n\nHet werkt goed.\n"
    hans = next(r for r in reactions if r.author == "Hans Meijer")
    assert "alert" not in hans.body and "script" not in hans.body
    assert all("Verwijderen" not in r.body and "Permalink" not in r.body for r in reactions)


def test_two_pages_captured_twice_become_one_post_with_every_comment_once():
    posts = [read(doc).posts[0] for doc in blog_captures()]
    [merged] = merge(posts)
    post = merged.post
    assert len(merged.captures) == 3
    assert len(merged.dropped) == 10
    assert len(post.reactions) == 12
    dates = [r.date for r in post.reactions]
    assert dates == sorted(dates)
    assert post.reactions[0].author == "Anna de Vries"
    assert isoformat(post.reactions[0].date) == "2013-06-03T09:05:00+02:00"
    assert post.views == 1871
    assert post.source.file == "tests/fixtures/ning/blog-nl-2015-page1.html"


def test_english_discussion_with_threads_and_relative_times():
    doc = document(
        "discussion-en.html",
        "http://opengov.ning.com/forum/topics/how-do-you-work-out-loud",
        "2011-03-10T12:00:00+01:00",
    )
    reading = read(doc)
    post = reading.posts[0]
    assert post.title == "How do you work out loud?"
    assert post.category == "Forum"
    assert (post.author, isoformat(post.date)) == ("Jane Doe", "2011-03-01T22:27:00+01:00")
    assert post.body == "I am collecting ways teams share their work.\n\nTell us about yours!\n"
    assert post.views == 230 and post.tags == ["working out loud"]
    replies = post.reactions
    assert len(replies) == 7
    by_author_text = {(r.author, r.body.split()[0]): r for r in replies}
    tom = by_author_text[("Tom Hill", "Welcome")]
    lisa = by_author_text[("Lisa Wong", "We")]
    tom_again = by_author_text[("Tom Hill", "Which")]
    lisa_again = by_author_text[("Lisa Wong", "MediaWiki,")]
    omar = by_author_text[("Omar Faruk", "Shared")]
    assert tom.parent is None
    assert lisa.parent == tom.id and omar.parent == tom.id
    assert tom_again.parent == lisa.id and lisa_again.parent == tom_again.id
    assert isoformat(lisa.date) == "2011-03-02T14:44:00+01:00"
    assert "And **lots** of e-mail." in omar.body
    petra = by_author_text[("Petra Novak", "Late")]
    assert isoformat(petra.date) == "2011-03-09T19:00:00+01:00"
    assert "javascript" not in petra.body
    sam = by_author_text[("Sam Lee", "Thanks")]
    assert isoformat(sam.date) == "2011-03-10T11:06:00+01:00"
    assert "Reply to This" not in post.body


def test_relative_time_without_capture_time_is_a_warning():
    doc = document("discussion-en.html", "http://opengov.ning.com/forum/topics/x")
    reading = read(doc)
    assert any("17 hours ago" in w and "no capture time" in w for w in reading.warnings)


def test_post_url_drops_paging():
    assert post_url(BLOG_URL + "?page=3&xg_source=activity#comments") == BLOG_URL
    assert post_url("http://x.ning.com/forum/topics/a?id=1&commentId=5") == (
        "http://x.ning.com/forum/topics/a?commentId=5"
    )


def test_a_ning_page_that_is_not_a_post():
    html = (
        b"<html><head><script>x$={}</script></head>"
        b"<body><div class='xg_module'>members</div></body></html>"
    )
    doc = Document(path="members.html", content=html, url="http://x.ning.com/profiles/members/")
    with pytest.raises(ReaderError, match="not a post"):
        NingReader().read(doc)


def ning_page(body: str, title: str = "<h1>Titel</h1>") -> Document:
    html = (
        "<html><head><title>Titel - Netwerk</title></head><body><div class='xg_module'>"
        f"<div class='xg_headline'>{title}</div>{body}</div></body></html>"
    )
    return Document(path="page.html", content=html.encode(), url=BLOG_URL, media_type="text/html")


COMMENT = (
    "<dl class='comment'><dt>Reactie van {who} op 12 Augustus 2013 op 9.28</dt><dd>{what}</dd></dl>"
)


def test_text_on_either_side_of_removed_markup_stays_apart():
    doc = ning_page(
        "<div class='xg_blog_detail'>Tekst</div><p>Weergaven: 1<script>x</script>2</p>",
        title="<h1>Samen<script>x</script>werken</h1>",
    )
    post = NingReader().read(doc).posts[0]
    assert (post.title, post.views) == ("Samen werken", 1)


def test_a_comment_in_the_chrome_of_another_is_none():
    inner = COMMENT.format(who="Piet", what="Binnen")
    outer = COMMENT.format(who="Jan", what=f"Hoi<ul class='actionlinks'>{inner}</ul>")
    doc = ning_page(f"<div class='xg_blog_detail'>Tekst</div>{outer}")
    reactions = NingReader().read(doc).posts[0].reactions
    assert [(r.author, r.body) for r in reactions] == [("Jan", "Hoi\n")]


def test_what_follows_a_stray_end_of_html_is_read():
    doc = ning_page(
        "<div class='xg_blog_detail'>Tekst</div></html><p class='tags'><a>laat</a></p>"
        "<p>Weergaven: 7</p>"
    )
    post = NingReader().read(doc).posts[0]
    assert (post.tags, post.views) == (["laat"], 7)


def test_classes_apart_by_any_space_and_a_page_nested_deep():
    deep = "<div>" * 300 + "diep" + "</div>" * 300
    byline = "Geplaatst door <a class='url\u00a0fn'>Anna</a> op 2 juni 2013 op 21.17"
    doc = ning_page(f"<div class='xg_blog_detail'>{deep}</div><p class='byline'>{byline}</p>")
    post = NingReader().read(doc).posts[0]
    assert (post.body, post.author) == ("diep\n", "Anna")


def test_selectors_do_not_look_into_a_template():
    comment = COMMENT.format(who="Piet", what="Sjabloon")
    doc = ning_page(f"<div class='xg_blog_detail'>Tekst</div><template>{comment}</template>")
    assert NingReader().read(doc).posts[0].reactions == []


@pytest.mark.parametrize(
    "markup",
    [
        "<p class=' a\u00a0b\tc '>x &amp; y &lt;z&gt;</p><br><img src='a.png' alt=\"it's\">",
        '<p title=\'say "hi"\' data-x="\'both" \'">a</p>\n\n  \n<pre>  \n  </pre>',
        "<!----><!--  --><!-- c --><textarea>  </textarea><hr>text<wbr>",
        "<a rel=' nofollow  me ' href='/x?a=1&b=2'>l</a><td headers='h1 h2'>t</td>",
    ],
)
def test_bodies_reach_to_markdown_as_beautifulsoup_wrote_them(markup):
    soup = BeautifulSoup(f"<div id='b'>{markup}</div>", "lxml")
    page = parse(f"<div id='b'>{markup}</div>")
    assert inner_html(page.find(".//div")) == soup.find(id="b").decode_contents()
