"""Pages of unknown layout, read by trafilatura; and how HTML bytes are decoded."""

from pathlib import Path

import pytest

from importer.readers import Document, ReaderError, reader_for
from importer.readers.base import decode_html, looks_like_html
from importer.readers.generic import NO_REACTIONS, GenericReader

NEWS_PAGE = Path(__file__).resolve().parent / "fixtures" / "generic" / "news-page.html"


def read(content: bytes, **document):
    capture = Document(path="tests/fixtures/generic/news-page.html", content=content, **document)
    reader = reader_for(capture)
    assert isinstance(reader, GenericReader)
    return reader.read(capture)


@pytest.fixture(scope="module")
def news():
    return read(NEWS_PAGE.read_bytes())


def test_news_page_metadata(news):
    post = news.posts[0]
    assert post.title == "Provincie opent digitaal loket voor vergunningen"
    assert post.author == "Sanne de Wit"
    assert post.date.isoformat(timespec="seconds") == "2014-03-03T00:00:00+01:00"
    assert post.category is None
    assert post.reactions == []
    assert post.source.platform == "web"
    assert post.source.url == "https://nieuws.example.org/2014/03/digitaal-loket.html"
    assert post.source.file == "tests/fixtures/generic/news-page.html"


def test_news_page_always_warns_that_no_reactions_were_read(news):
    assert news.warnings == [NO_REACTIONS]
    assert NO_REACTIONS == "generic reader: layout not recognised, no reactions read"


def test_news_page_body_keeps_headings_lists_links_and_images(news):
    body = news.posts[0].body
    assert body.startswith("Wie een vergunning nodig heeft")
    assert "# Provincie opent" not in body  # the title is not repeated as a heading
    assert "\n## Wat verandert er voor aanvragers?\n" in body
    assert "- Aanvragen kan dag en nacht, ook in het weekend.\n- Elke aanvraag" in body
    link = "[Lees meer over de digitale overheid](https://nieuws.example.org/dossiers/digitale-overheid/)"
    assert link in body
    image = "![Het nieuwe digitale loket op een tablet](https://nieuws.example.org/beeld/loket-2014.jpg)"
    assert image in body
    assert body.rstrip().endswith("hulp bij het invullen.")


def test_news_page_body_has_no_chrome_comments_or_scripts(news):
    body = news.posts[0].body
    for chrome in ["Agenda", "Contact", "Privacy", "Colofon", "Door Sanne de Wit"]:
        assert chrome not in body
    for comment in ["Reacties", "Piet Jansen", "Eindelijk"]:
        assert comment not in body
    for unsafe in ["<script", "document.write", "Advertentie", "onclick", "alert", "<p"]:
        assert unsafe not in body
    assert "Gedeputeerde Van Dam noemt het loket" in body


def test_a_date_with_a_time_keeps_it():
    html = NEWS_PAGE.read_bytes().replace(
        b'content="2014-03-03"', b'content="2014-03-03T10:30:00Z"'
    )
    post = read(html).posts[0]
    assert post.date.isoformat(timespec="seconds") == "2014-03-03T11:30:00+01:00"


def test_markup_written_as_text_stays_text():
    html = NEWS_PAGE.read_bytes().replace(
        b"<p>De belangrijkste veranderingen",
        b"<p>Typ nooit &lt;script&gt;alert(1)&lt;/script&gt; in een formulier.</p>"
        b"<p>De belangrijkste veranderingen",
    )
    body = read(html).posts[0].body
    assert "<script" not in body
    assert "Typ nooit &lt;script>alert(1)&lt;/script> in een formulier." in body


def test_no_main_text_is_an_error():
    empty = b"<!DOCTYPE html><html><head><title>Leeg</title></head><body></body></html>"
    with pytest.raises(ReaderError, match="no main text found"):
        read(empty)


def test_a_page_without_author_or_date_says_so():
    html = (
        b"<!DOCTYPE html><html><body><article><h1>Een bericht</h1>"
        + b"<p>Een alinea met genoeg tekst om als hoofdtekst te gelden. " * 5
        + b"</p></article></body></html>"
    )
    reading = read(html)
    post = reading.posts[0]
    assert post.author is None and post.date is None
    assert f"{post.title!r}: the page names no author; author left empty" in reading.warnings
    assert f"{post.title!r}: the page gives no date; date left empty" in reading.warnings


def test_accepts_html_by_media_type_or_by_its_bytes():
    reader = GenericReader()
    assert reader.accepts(Document(path="a", content=b"<p>x</p>", media_type="text/html"))
    assert reader.accepts(Document(path="a.html", content=b"\n<!doctype html><p>x"))
    saved = b"<!-- saved from url=(0022)http://example.org/ -->\r\n<html><body>x"
    assert reader.accepts(Document(path="a.htm", content=saved))
    assert not reader.accepts(Document(path="a.txt", content=b"Just text."))
    assert not reader.accepts(Document(path="a.xml", content=b'<?xml version="1.0"?><rss>'))


# Decoding HTML bytes (importer.readers.base.decode_html)


def test_decode_html_utf8_without_declaration():
    assert decode_html("<p>kómt</p>".encode()) == ("<p>kómt</p>", [])


def test_decode_html_meta_charset_latin1_is_read_as_windows_1252():
    content = '<meta charset="iso-8859-1"><p>“kómt”</p>'.encode("cp1252")
    assert decode_html(content) == ('<meta charset="iso-8859-1"><p>“kómt”</p>', [])


def test_decode_html_http_charset_wins_over_meta():
    content = '<meta charset="utf-8"><p>Grüße</p>'.encode("cp1252")
    text, warnings = decode_html(content, "text/html; charset=windows-1252")
    assert "Grüße" in text and warnings == []


def test_decode_html_byte_order_mark_wins():
    content = "\ufeff<meta charset=iso-8859-1><p>kómt</p>".encode()
    assert decode_html(content, "text/html; charset=iso-8859-1")[0].endswith("<p>kómt</p>")


def test_decode_html_falls_back_to_windows_1252_with_a_warning():
    text, warnings = decode_html("<p>kómt</p>".encode("cp1252"))
    assert text == "<p>kómt</p>"
    assert warnings == ["not UTF-8 (byte 4); read as Windows-1252"]

    text, warnings = decode_html('<meta charset="utf-8"><p>kómt</p>'.encode("cp1252"))
    assert text.endswith("<p>kómt</p>")
    assert len(warnings) == 1 and "Windows-1252" in warnings[0]


def test_looks_like_html():
    assert looks_like_html(b"<html><body>x</body></html>")
    assert looks_like_html(b"anything", "application/xhtml+xml; charset=utf-8")
    assert not looks_like_html(b"WARC/1.0\r\n")
    assert not looks_like_html(b'{"json": true}')


def test_generic_reader_reads_a_windows_1252_page_with_a_warning():
    html = NEWS_PAGE.read_text(encoding="utf-8").replace('<meta charset="utf-8">', "")
    reading = read(html.replace("„", '"').encode("cp1252"))
    assert "not UTF-8" in reading.warnings[0]
    assert "foto's voegt u direct digitaal toe" in reading.posts[0].body
