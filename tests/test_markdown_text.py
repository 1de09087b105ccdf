from importer.markdown_text import escape, paragraph


def test_markup_in_text_is_shown_literally():
    assert escape("<script>alert(1)</script>") == "&lt;script>alert(1)&lt;/script>"
    assert escape("*niet vet* en [geen](link)") == "\\*niet vet\\* en \\[geen\\](link)"
    assert escape("snake_case blijft") == "snake_case blijft"


def test_line_starts_that_markdown_would_read_as_blocks():
    assert paragraph("# geen kop") == "\\# geen kop"
    assert paragraph("1. geen lijst") == "1\\. geen lijst"
    assert paragraph("> geen citaat") == "\\> geen citaat"


def test_bare_urls_become_links():
    assert paragraph("zie http://example.org/a.") == "zie <http://example.org/a>."
    assert paragraph("(zie https://example.org/b)") == "(zie <https://example.org/b>)"
    assert paragraph("op www.example.nl") == "op [www.example.nl](http://www.example.nl)"


def test_urls_cut_short_stay_text():
    text = "zie http://example.org/blog/2009/10/08/policy-2-0-tow..."
    assert paragraph(text) == text
    assert paragraph("zie http://example.org/lang…") == "zie http://example.org/lang…"
