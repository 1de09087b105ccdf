"""Text captures beyond the seeds: English Ning, other WordPress comment styles, and
what the reader does with what it does not know."""

import pytest

from importer.dates import isoformat
from importer.readers import ReaderError
from tests.conftest import FIXTURES, read_capture

TEXT = FIXTURES / "text"


def test_english_ning_blog_post():
    reading = read_capture(TEXT / "ning-english.txt")
    post = reading.posts[0]
    assert post.title == "Working out loud in a ministry"
    assert post.author == "Jane Doe"
    assert isoformat(post.date) == "2012-03-03T14:44:00+01:00"
    assert post.tags == ["working out loud", "open government"]
    assert post.views == 1052
    assert "## What we learned" in post.body
    assert "<http://example.org/working-out-loud>" in post.body
    assert "View Blog" not in post.body and "Where civil servants meet" not in post.body


def test_english_ning_comments():
    reading = read_capture(TEXT / "ning-english.txt")
    reactions = reading.posts[0].reactions
    assert [(r.author, isoformat(r.date)) for r in reactions] == [
        ("Ann Op den Kamp", "2012-03-03T23:59:00+01:00"),
        ("John O'Brien", "2012-03-04T09:05:00+01:00"),
        ("Jane Doe", None),
    ]
    assert (
        reactions[1].body
        == "Great post. We tried the same in our team.\n\nIt took us a month to get used to it.\n"
    )
    assert reactions[2].body == "Thanks John!\n"
    assert "Powered by" not in reactions[0].body
    assert any("17 hours ago" in w and "no capture time" in w for w in reading.warnings)


def test_wordpress_says_comments_and_byline():
    reading = read_capture(TEXT / "wordpress-says.txt")
    post = reading.posts[0]
    assert post.author == "Jan Jansen"
    assert isoformat(post.date) == "2014-03-03T00:00:00+01:00"
    assert post.summary == "Gemeenten publiceren steeds meer open data. Wat levert het op?"
    assert post.tags == ["open data", "gemeenten"]
    assert "## Eerste resultaten" in post.body
    assert [(r.author, isoformat(r.date)) for r in post.reactions] == [
        ("Piet Pietersen", "2014-03-04T10:15:00+01:00"),
        ("Marie", "2014-03-05T08:01:00+01:00"),
    ]
    assert "[www.voorbeeldstad.nl/data](http://www.voorbeeldstad.nl/data)" in post.reactions[0].body
    assert "Beantwoorden" not in post.reactions[0].body
    assert post.reactions[1].body == "Helemaal mee eens.\n"
    assert not any("reacties op" in r.body for r in post.reactions)


def test_unknown_layout_is_read_with_a_warning():
    reading = read_capture(TEXT / "unknown-layout.txt")
    post = reading.posts[0]
    assert post.title == "Notulen van de werkgroep"
    assert post.reactions == []
    assert any("layout not recognised" in warning for warning in reading.warnings)


def test_windows_1252_capture_is_decoded_with_a_warning():
    reading = read_capture(TEXT / "cp1252.txt")
    post = reading.posts[0]
    assert post.title == "Café 2.0"
    assert post.reactions[0].author == "José"
    assert post.reactions[0].body == "Goed idee, “zeker”.\n"
    assert any("Windows-1252" in warning for warning in reading.warnings)


def test_an_impossible_date_is_an_error_with_its_line():
    with pytest.raises(ReaderError) as error:
        read_capture(TEXT / "bad-date.txt")
    assert error.value.line == 9
    assert "31 Februari 2013" in str(error.value)
