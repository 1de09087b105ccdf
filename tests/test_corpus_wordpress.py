"""The WordPress reader on a real page someone else captured (opt-in: `-m corpus`).

The corpus lives outside the repository, beside it; `make test-corpus` needs it.
"""

from pathlib import Path

import pytest

from importer.readers import Document, reader_for
from importer.readers.wordpress import WordPressReader

pytestmark = pytest.mark.corpus

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LEMIRE = CORPUS / "wordpress" / "lemire-me-2019.html"


@pytest.fixture(scope="module")
def lemire():
    if not LEMIRE.exists():
        pytest.fail(f"no corpus at {CORPUS}: make test-corpus needs ../shared/corpus")
    document = Document(path=LEMIRE.name, content=LEMIRE.read_bytes())
    reader = reader_for(document)
    assert isinstance(reader, WordPressReader)
    return reader.read(document)


def test_lemire_post(lemire):
    post = lemire.posts[0]
    assert post.title == "JSON parsing: simdjson vs. JSON for Modern C++"
    assert post.author == "Daniel Lemire"
    assert post.date.isoformat(timespec="seconds") == "2019-08-02T17:57:41+02:00"
    assert post.source.url == (
        "https://lemire.me/blog/2019/08/02/json-parsing-simdjson-vs-json-for-modern-c/"
    )
    assert "| apache_builds | 2.3 GB/s | 0.098 GB/s |" in post.body
    assert "Published by" not in post.body and "Leave a Reply" not in post.body


def test_lemire_five_comments_two_of_them_replies(lemire):
    reactions = lemire.posts[0].reactions
    assert len(reactions) == 5
    by_origin = {reaction.origin_id: reaction for reaction in reactions}
    replies = [reaction for reaction in reactions if reaction.parent is not None]
    assert len(replies) == 2
    assert by_origin["wordpress:422230"].parent == by_origin["wordpress:422154"].id
    assert by_origin["wordpress:422257"].parent == by_origin["wordpress:422240"].id
    assert {reply.author for reply in replies} == {"Daniel Lemire"}
    assert by_origin["wordpress:421882"].date.isoformat() == "2019-08-03T06:11:57+02:00"
    assert lemire.warnings == []
