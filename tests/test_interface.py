"""The interface plugin: strings file, Dutch date filters, and the theme built with it."""

import datetime as dt
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import yaml

import interface
from interface import StringsError, add_interface, load_strings, make_filters

ROOT = Path(__file__).resolve().parents[1]
THEME = ROOT / "theme"
NL = THEME / "strings" / "nl.yml"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(scope="module")
def filters():
    return make_filters(load_strings(NL))


# --- Date filters -------------------------------------------------------------------


def test_datum_gives_day_dutch_month_and_year(filters):
    date = dt.datetime(2013, 8, 12, 9, 28, tzinfo=AMSTERDAM)
    assert filters["datum"](date) == "12 augustus 2013"


def test_datumtijd_adds_hours_and_minutes(filters):
    date = dt.datetime(2013, 8, 12, 9, 28, tzinfo=AMSTERDAM)
    assert filters["datumtijd"](date) == "12 augustus 2013, 09:28"


def test_isodatum_keeps_the_offset(filters):
    date = dt.datetime(2013, 8, 12, 9, 28, tzinfo=AMSTERDAM)
    assert filters["isodatum"](date) == "2013-08-12T09:28:00+02:00"
    winter = dt.datetime(2013, 1, 5, 23, 30, tzinfo=AMSTERDAM)
    assert filters["isodatum"](winter) == "2013-01-05T23:30:00+01:00"


def test_dates_are_shown_in_their_own_offset_not_converted(filters):
    late_utc = dt.datetime(2013, 12, 31, 23, 30, tzinfo=dt.UTC)
    assert filters["datumtijd"](late_utc) == "31 december 2013, 23:30"
    plus_two = dt.datetime(2013, 7, 2, 0, 15, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert filters["datumtijd"](plus_two) == "2 juli 2013, 00:15"


def test_all_twelve_months_are_dutch_and_lower_case(filters):
    names = [filters["datum"](dt.date(2013, month, 1)).split()[1] for month in range(1, 13)]
    assert names == [
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ]  # fmt: skip


def test_month_names_come_from_the_strings_file_not_the_locale(tmp_path):
    data = yaml.safe_load(NL.read_text(encoding="utf-8"))
    data["maanden"] = [f"maand{number}" for number in range(1, 13)]
    path = tmp_path / "strings" / "xx.yml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    datum = make_filters(load_strings(path))["datum"]
    assert datum(dt.datetime(2013, 3, 4, tzinfo=AMSTERDAM)) == "4 maand3 2013"


def test_filters_accept_iso_strings_dates_and_none(filters):
    assert filters["datum"]("2016-06-16T17:05:00+02:00") == "16 juni 2016"
    assert filters["datumtijd"](dt.date(2016, 6, 16)) == "16 juni 2016"
    assert filters["isodatum"](dt.date(2016, 6, 16)) == "2016-06-16"
    for name in ("datum", "datumtijd", "isodatum", "maand"):
        assert filters[name](None) == ""


def test_maand_from_a_date_or_a_year_month_pair(filters):
    assert filters["maand"](dt.datetime(2013, 7, 2, tzinfo=AMSTERDAM)) == "juli 2013"
    assert filters["maand"]((2009, 3)) == "maart 2009"


def test_aantal_has_forms_for_none_one_and_more(filters):
    aantal = filters["aantal"]
    assert aantal(0, "reacties_aantal") == "Geen reacties"
    assert aantal(1, "reacties_aantal") == "1 reactie"
    assert aantal(10, "reacties_aantal") == "10 reacties"
    assert aantal(None, "berichten_aantal") == "Geen berichten"
    assert aantal(2, "berichten_aantal") == "2 berichten"


def test_undated_is_only_a_post_without_date_and_without_bound():
    bound = dt.datetime(2013, 7, 2, tzinfo=AMSTERDAM)
    assert interface.is_undated(SimpleNamespace(date_known=False, date_not_after=None))
    assert not interface.is_undated(SimpleNamespace(date_known=False, date_not_after=bound))
    assert not interface.is_undated(SimpleNamespace(date_known=True, date_not_after=None))
    assert not interface.is_undated(SimpleNamespace())


# --- The strings file ---------------------------------------------------------------


def test_missing_strings_file_is_an_error_naming_the_path(tmp_path):
    path = tmp_path / "strings" / "fr.yml"
    with pytest.raises(StringsError, match=re.escape(str(path))):
        load_strings(path)


def test_asking_for_a_missing_string_names_file_and_key():
    strings = load_strings(NL)
    with pytest.raises(StringsError, match=r"nl\.yml.*'bestaat_niet'"):
        _ = strings.bestaat_niet
    with pytest.raises(StringsError, match=r"'platforms\.bestaat_niet'"):
        strings.platforms["bestaat_niet"]
    assert strings.platforms.get("bestaat_niet", "x") == "x"


def test_a_translation_lacking_keys_of_its_siblings_is_an_error(tmp_path):
    folder = tmp_path / "strings"
    folder.mkdir()
    data = yaml.safe_load(NL.read_text(encoding="utf-8"))
    (folder / "nl.yml").write_text(NL.read_text(encoding="utf-8"), encoding="utf-8")
    del data["reageren_gesloten"]
    del data["platforms"]["ning"]
    (folder / "en.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(StringsError, match=r"en\.yml.*platforms\.ning, reageren_gesloten"):
        load_strings(folder / "en.yml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("maanden: [jan]\n", "12 month names"),
        ("- a list\n", "must be a YAML mapping"),
        ("a: [unclosed\n", "not valid YAML"),
        (NL.read_text(encoding="utf-8") + "items: x\n", "reserved names: items"),
    ],
)
def test_malformed_strings_files_are_errors_naming_the_file(tmp_path, text, message):
    path = tmp_path / "strings" / "xx.yml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StringsError, match=message) as error:
        load_strings(path)
    assert str(path) in str(error.value)


def test_every_string_the_templates_use_exists_in_nl():
    strings = yaml.safe_load(NL.read_text(encoding="utf-8"))
    used, counted = set(), set()
    for template in (THEME / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\.(\w+)", text))
        counted |= set(re.findall(r"aantal\(\"(\w+)\"\)", text))
    assert used, "no strings found: did the templates change their spelling of t.key?"
    assert sorted(used - set(strings)) == []
    for key in counted:
        assert set(strings[key]) == {"nul", "een", "meer"}, key


def test_every_platform_of_the_content_format_has_a_display_name():
    schema_path = ROOT / "schemas" / "post.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    platforms = schema["properties"]["source"]["properties"]["platform"]["enum"]
    names = yaml.safe_load(NL.read_text(encoding="utf-8"))["platforms"]
    assert sorted(set(platforms) - set(names)) == []


def test_strings_are_loaded_once_per_build(monkeypatch):
    calls = []
    real = interface.load_strings
    monkeypatch.setattr(interface, "load_strings", lambda path: calls.append(path) or real(path))

    def generator(context):
        env = SimpleNamespace(globals={}, filters={}, tests={})
        settings = {"THEME": str(THEME), "ARCHIVE_LANGUAGE": "nl"}
        return SimpleNamespace(settings=settings, context=context, env=env)

    build = {}
    first, second = generator(build), generator(build)
    add_interface(first)
    add_interface(second)
    assert calls == [NL]
    assert first.env.globals["t"] is second.env.globals["t"]
    assert first.env.globals["t"].reacties == "Reacties"
    assert {"datum", "datumtijd", "isodatum", "maand", "aantal"} <= set(first.env.filters)

    add_interface(generator({}))  # the next build reads the file again
    assert calls == [NL, NL]


# --- The theme, built by Pelican ----------------------------------------------------

FAKE_REACTIONS = '''
"""Gives articles reactions the way the reactions plugin does (test double)."""
import datetime as dt
from types import SimpleNamespace

from markupsafe import Markup
from pelican import signals

TZ = dt.timezone(dt.timedelta(hours=2))


def reaction(rid, author, parent, depth, hour, body):
    date = dt.datetime(2013, 7, 2, hour, 5, tzinfo=TZ) if hour is not None else None
    return SimpleNamespace(id=rid, anchor="reactie-" + rid, author=author, date=date,
                           parent=parent, depth=depth, content=body, replies=[])


def attach(generator):
    for article in generator.articles:
        if article.slug != "met-reacties":
            article.reactions, article.reaction_threads, article.reaction_count = [], [], 0
            continue
        top = reaction("a1", "Piet <de Vries>", None, 0, 10, Markup("<p>Eerste reactie.</p>"))
        reply = reaction("b2", None, "a1", 1, None, "<p>Een antwoord.</p>")
        top.replies.append(reply)
        rest = [reaction(f"c{n}", "Jan", None, 0, 11, Markup("<p>" + "Tekst. " * 60 + "</p>"))
                for n in range(8)]
        article.reactions = [top, reply, *rest]
        article.reaction_threads = [top, *rest]
        article.reaction_count = 10


def register():
    signals.article_generator_finalized.connect(attach)
'''


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A tiny site built by Pelican in its own process, with this theme."""
    base = tmp_path_factory.mktemp("site")
    posts, pages, plugins = base / "content/posts", base / "content/pages", base / "plugins"
    for folder in (posts, pages, plugins / "fake_reactions"):
        folder.mkdir(parents=True)
    (plugins / "fake_reactions" / "__init__.py").write_text(FAKE_REACTIONS, encoding="utf-8")
    (posts / "met-reacties.md").write_text(
        textwrap.dedent("""\
            Title: Met reacties
            Date: 2013-07-02 08:59
            Author: Davied van Berlo
            Category: Blog
            Tags: overheid 2.0, netwerken
            Summary: De korte inleiding.

            Een tekst met een https://example.org/een/heel/lang/adres/zonder/spaties link.

            Een bijschrift.
            {: .caption }
            """),
        encoding="utf-8",
    )
    (posts / "vragen.md").write_text(
        "Title: Vragen & antwoorden <over> data\nDate: 2009-03-04 10:00\nCategory: Blog\n"
        "\nTekst.\n",
        encoding="utf-8",
    )
    (pages / "over.md").write_text("Title: Over dit archief\nSlug: over\n\nOver.\n", "utf-8")
    settings = base / "settings.py"
    settings.write_text(
        textwrap.dedent(f"""\
            import sys
            sys.path.insert(0, {str(ROOT)!r})
            from pelicanconf import *  # noqa: F403

            PATH = {str(base / "content")!r}
            PLUGIN_PATHS = [{str(ROOT / "plugins")!r}, {str(plugins)!r}]
            PLUGINS = ["interface", "fake_reactions", "people"]
            MARKDOWN = {{
                "extension_configs": {{
                    "markdown.extensions.meta": {{}},
                    "markdown.extensions.extra": {{}},
                }},
                "output_format": "html5",
            }}
            """),
        encoding="utf-8",
    )
    output = base / "output"
    result = subprocess.run(
        [
            sys.executable,
            *("-m", "pelican", str(base / "content")),
            *("-s", str(settings), "-o", str(output)),
        ],
        capture_output=True,
        text=True,
        cwd=base,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def read(site, name):
    return (site / name).read_text(encoding="utf-8")


def test_every_template_pelican_expects_is_rendered(site):
    for name in (
        "index.html",
        "posts/2013/met-reacties.html",
        "over.html",
        "archief/index.html",
        "archief/2013.html",
        "archief/2013-07.html",
        "personen/index.html",
        "personen/davied-van-berlo.html",
        "onderwerpen/index.html",
        "onderwerpen/overheid-20.html",
        "categorie/index.html",
        "categorie/blog.html",
    ):
        html = read(site, name)
        assert '<html lang="nl">' in html, name
        assert html.count("<h1") == 1, name
        assert 'href="#inhoud">Ga naar de inhoud</a>' in html, name


def test_no_script_and_no_request_to_another_site(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert ("<script" in html) == (page.name == "zoeken.html"), page
        for attribute in re.findall(r'\b(?:src|href)="([^"]*)"', html):
            assert not re.match(r"(https?:)?//", attribute) or "example.org" in attribute, page
    css = (site / "theme/css/archief.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css


def test_article_page_shows_byline_lead_and_nested_reactions(site):
    html = read(site, "posts/2013/met-reacties.html")
    assert '<link rel="stylesheet" href="../../theme/css/archief.css">' in html
    assert 'href="../../personen/davied-van-berlo.html">Davied van Berlo</a>' in html
    assert '<time datetime="2013-07-02T08:59:00+02:00">2 juli 2013, 08:59</time>' in html
    assert '<div class="lead"><p>De korte inleiding.</p></div>' in html
    assert '<p class="caption">Een bijschrift.</p>' in html
    assert "Reacties (10)" in html and 'id="reacties"' in html
    assert '<article class="reactie" aria-labelledby="reactie-a1">' in html
    assert '<h3 class="reactie-kop" id="reactie-a1">' in html
    assert "Piet &lt;de Vries&gt;" in html
    assert '<a href="#reactie-b2"' in html
    # The reply sits inside its parent's article, in a replies block.
    parent = html.index('id="reactie-a1"')
    replies = html.index('<div class="replies">', parent)
    assert replies < html.index('id="reactie-b2"') < html.index('id="reactie-c0"')
    assert "Auteur onbekend" in html and "Datum onbekend" in html
    assert "Reageren is gesloten: dit is een archief." in html


def test_post_with_ten_reactions_stays_small(site):
    html = (site / "posts/2013/met-reacties.html").stat().st_size
    css = (site / "theme/css/archief.css").stat().st_size
    assert html + css < 60_000


def test_lists_show_unknown_author_and_reaction_counts(site):
    html = read(site, "berichten/index.html")
    assert "10 reacties" in html
    assert "Geen reacties" in html
    assert "Auteur onbekend" in html
    assert "4 maart 2009" in html
    assert ">Vragen &amp; antwoorden &lt;over&gt; data</a>" in html
    archive = read(site, "archief/index.html")
    assert 'href="../archief/2013.html">2013</a>' in archive
    assert "1 bericht" in archive
