"""The Ning HTML reader, and the merge of a post's pages and captures."""

from datetime import datetime

import pytest

from importer.dates import isoformat
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
