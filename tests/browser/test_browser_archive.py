"""The archive in a real browser: accessibility, small screens, search, requests."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from tests.browser.support import (
    NING_SLUG,
    PAGES,
    SCREENSHOTS,
    SEARCH_RESULTS,
    WIDTHS,
    screenshot,
    wait_for_results,
)

UNIQUE_WORD = "zoekwoordinreactie"
UNIQUE_POST = "posts/2014/zoeken-in-een-reactie.html"
UNIQUE_ANCHOR = "reactie-z8"
NESTED_POST = "posts/2014/een-draad-met-antwoorden.html"
# A result's own title, not those of its sub-results.
TITLE = ".pagefind-ui__result-inner > .pagefind-ui__result-title"
# A post page with 10 reactions, its HTML and the stylesheet together, at most:
PAGE_BUDGET = 60 * 1024


def load(open_page, name: str, width: int = 1280, **options):
    page = open_page(PAGES[name], width, **options)
    if name == "zoeken":
        wait_for_results(page)
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", [*PAGES, "draad"])
def test_axe_finds_no_violations(open_page, name, scheme):
    if name == "draad":
        page = open_page(NESTED_POST, color_scheme=scheme)
    else:
        page = load(open_page, name, color_scheme=scheme)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways(open_page, name, width):
    page = load(open_page, name, width)
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1], f"{PAGES[name]} is {sizes[0]} px wide at {sizes[1]} px"


@pytest.mark.parametrize("width", WIDTHS)
def test_deep_threads_and_long_words_fit_the_screen(open_page, width):
    for path in (NESTED_POST, UNIQUE_POST):
        page = open_page(path, width)
        sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert sizes[0] <= sizes[1], f"{path} is {sizes[0]} px wide at {sizes[1]} px"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_screenshots(open_page, name, width):
    page = load(open_page, name, width)
    path = screenshot(page, f"{name}-{width}")
    assert path.stat().st_size > 0


def test_screenshots_of_dark_mode_and_a_search_hit_in_a_reaction(open_page):
    for width in WIDTHS:
        page = load(open_page, "bericht", width, color_scheme="dark")
        screenshot(page, f"bericht-donker-{width}")
        page = open_page(f"zoeken.html?q={UNIQUE_WORD}", width)
        wait_for_results(page)
        screenshot(page, f"zoeken-reactie-{width}")
    assert SCREENSHOTS.is_dir()


def test_a_word_only_in_a_reaction_leads_to_that_reaction(open_page, base_url):
    page = open_page("zoeken.html", 375)
    box = page.locator(".pagefind-ui__search-input")
    expect(box).to_be_focused()
    box.press_sequentially(UNIQUE_WORD, delay=20)
    wait_for_results(page)
    expect(page.locator(SEARCH_RESULTS)).to_have_count(1)
    result = page.locator(SEARCH_RESULTS).first
    expect(result.locator(TITLE)).to_contain_text("Zoeken vindt ook reacties")
    expect(result).to_contain_text(UNIQUE_WORD)
    hit = result.locator(f'a[href$="#{UNIQUE_ANCHOR}"]')
    expect(hit).to_have_count(1)
    hit.click()
    page.wait_for_url(f"{base_url}{UNIQUE_POST}#{UNIQUE_ANCHOR}")
    assert page.evaluate("location.hash") == f"#{UNIQUE_ANCHOR}"
    target = page.locator(f"#{UNIQUE_ANCHOR}")
    expect(target).to_be_in_viewport()
    reaction = page.locator("article.reactie", has=target).first
    expect(reaction).to_contain_text(UNIQUE_WORD)
    expect(reaction).to_have_attribute("aria-labelledby", UNIQUE_ANCHOR)


def test_results_show_title_date_and_excerpt(open_page):
    page = open_page(f"zoeken.html?q={UNIQUE_WORD}")
    wait_for_results(page)
    result = page.locator(SEARCH_RESULTS).first
    expect(result.locator(TITLE)).to_have_text("Zoeken vindt ook reacties")
    expect(result.locator('[data-pagefind-ui-meta="datum"]')).to_contain_text("10 juni 2014")
    expect(result.locator(".pagefind-ui__result-excerpt").first).not_to_be_empty()
    # The page's language gives Pagefind's UI in Dutch.
    expect(page.locator(".pagefind-ui__message")).to_contain_text("resultaat")
    # ... and the count is repeated in a live region for screen readers.
    expect(page.locator("#zoek-status")).to_have_text(f"1 resultaat voor {UNIQUE_WORD}")


def pagefind_search(page, term: str) -> list[dict]:
    """Pagefind's own search API, in the page: each result's url, excerpt, sub-results."""
    return page.evaluate(
        """async (term) => {
            const pagefind = await import("./pagefind/pagefind.js");
            const search = await pagefind.search(term);
            const data = await Promise.all(search.results.map((r) => r.data()));
            return data.map((r) => ({
                url: r.url, excerpt: r.excerpt, subs: r.sub_results.map((s) => s.url),
            }));
        }""",
        term,
    )


def test_only_posts_and_pages_are_indexed_with_their_reactions(open_page):
    page = open_page("zoeken.html")
    content = re.compile(r"^/(posts/\d{4}/[a-z0-9-]+|over)\.html$")
    for term in ("Truus", "Personen", "Onderwerpen", "archief", "Zoeken", "berichten"):
        for result in pagefind_search(page, term):
            assert content.match(result["url"]), (term, result["url"])
    truus = {result["url"]: result["subs"] for result in pagefind_search(page, "Truus")}
    assert f"/{NESTED_POST}#reactie-d2" in truus[f"/{NESTED_POST}"]
    # Chrome inside a post is not indexed: the record, "Geplaatst door", the notice.
    # Pagefind splits Dutch compounds ("bronbestand" finds "bron"), so look at what
    # the excerpts quote, not at whether there are results.
    for term in ("Geplaatst door", "Bronbestand", "Reageren is gesloten"):
        for result in pagefind_search(page, term):
            if result["url"].startswith("/posts/"):
                quoted = re.sub(r"</?mark>", "", result["excerpt"]).lower()
                assert term.lower() not in quoted, (term, result)


def test_dutch_stemming_finds_other_forms_of_a_word(open_page):
    page = open_page("zoeken.html")
    urls = [result["url"] for result in pagefind_search(page, "samenwerking")]
    assert f"/{UNIQUE_POST}" in urls


def test_the_header_form_searches_without_javascript_on_the_page(open_page, base_url):
    page = load(open_page, "home")
    assert page.locator("script").count() == 0
    page.locator("#zoek-kop-q").fill(UNIQUE_WORD)
    page.locator("#zoek-kop-q").press("Enter")
    page.wait_for_url(re.compile(r"zoeken\.html\?q=" + UNIQUE_WORD))
    wait_for_results(page)
    expect(page.locator(".pagefind-ui__search-input")).to_have_value(UNIQUE_WORD)
    expect(page.locator(SEARCH_RESULTS)).to_have_count(1)


@pytest.mark.parametrize("name", ["home", "bericht", "persoon", "jaar"])
def test_no_javascript_outside_the_search_page(open_page, name):
    page = load(open_page, name)
    assert page.locator("script").count() == 0


def test_only_the_search_page_has_scripts_in_the_whole_site(site):
    for path in sorted(site.rglob("*.html")):
        if path.is_relative_to(site / "pagefind"):
            continue
        scripts = BeautifulSoup(path.read_text("utf-8"), "html.parser").find_all("script")
        if path.name == "zoeken.html":
            sources = [script.get("src", "") for script in scripts]
            assert sources == ["./pagefind/pagefind-ui.js", "./theme/js/zoeken.js"], sources
        else:
            assert not scripts, path


def test_without_javascript_the_search_page_offers_the_archive(open_page):
    page = open_page("zoeken.html", java_script_enabled=False)
    text = page.locator("main").inner_text()
    assert "JavaScript" in text
    expect(page.locator('main a[href$="archief/index.html"]').first).to_be_visible()
    expect(page.locator('main a[href$="onderwerpen/index.html"]').first).to_be_visible()


def test_from_disk_the_search_page_says_why_not_and_offers_the_archive(open_page, site):
    page = open_page("", url=(site / "zoeken.html").as_uri())
    notice = page.locator("#zoek-melding")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("eigen computer")
    expect(notice.locator('a[href$="archief/index.html"]')).to_be_visible()
    expect(notice.locator('a[href$="onderwerpen/index.html"]')).to_be_visible()
    expect(page.locator(".pagefind-ui__search-input")).to_have_count(0)


def test_keyboard_skip_link_and_visible_focus(open_page):
    page = load(open_page, "bericht", 375)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2, outline


def test_reactions_print_and_the_chrome_does_not(open_page):
    page = load(open_page, "bericht")
    page.emulate_media(media="print")
    expect(page.locator("#reacties")).to_be_visible()
    expect(page.locator("article.reactie")).to_have_count(10)
    expect(page.locator("article.reactie").last).to_be_visible()
    expect(page.locator(".zoek-kop")).to_be_hidden()
    expect(page.locator("header.site nav")).to_be_hidden()


def test_nested_reactions_have_headings_in_order(open_page):
    page = open_page(NESTED_POST)
    levels = page.evaluate(
        "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels
    assert 6 in levels


def test_a_post_with_ten_reactions_stays_small(site):
    html = site / "posts" / "2013" / f"{NING_SLUG}.html"
    css = site / "theme" / "css" / "archief.css"
    size = html.stat().st_size + css.stat().st_size
    assert size <= PAGE_BUDGET, f"{size} bytes of HTML and CSS"


def test_no_request_leaves_localhost(open_page, request_log, base_url):
    """Runs last: every URL any test's pages asked for was on the test server."""
    for name in PAGES:
        for width in WIDTHS:
            load(open_page, name, width)
    page = open_page(f"zoeken.html?q={UNIQUE_WORD}")
    wait_for_results(page)
    page.locator(f'{SEARCH_RESULTS} a[href$="#{UNIQUE_ANCHOR}"]').click()
    page.wait_for_url(f"**/{UNIQUE_POST}#{UNIQUE_ANCHOR}")
    allowed = (base_url, "data:", "about:")
    foreign = [url for url in request_log if not url.startswith(allowed)]
    # The one test that opens the archive from disk asks only for its own files.
    foreign = [url for url in foreign if not url.startswith("file://")]
    assert request_log
    assert not foreign, foreign
