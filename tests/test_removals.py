"""Removal on request (content/removals.yml), checked in every output of a build:
post pages, lists, feeds, person pages, the search index and the data export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from tests.conftest import ROOT

REMOVED = "Geertjan Benus"
WITHDRAWN = "die-nieuwe-ambtenaar-komt-er"
NING = "posts/2013/ben-je-er-als-ambtenaar-voor-de-politiek-of-voor-de-samenleving.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("removals")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    reactions = next(content.glob("posts/2013/*.reactions.yml"))
    text = reactions.read_text("utf-8")
    reactions.write_text(
        text.replace("Mooi om te zien hoe", "Geertjan benus zei al: mooi om te zien hoe")
    )
    (content / "removals.yml").write_text(
        f"people:\n  - name: {REMOVED}\n    note: verzoek per e-mail\n"
        f"posts:\n  - slug: {WITHDRAWN}\n"
    )
    settings = read_settings(
        str(ROOT / "publishconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(root / "output"),
            "SITEURL": "https://archief.example.org",
            "RELATIVE_URLS": False,
            "FEED_ALL_ATOM": "feeds/alles.atom.xml",
        },
    )
    Pelican(settings).run()
    return root / "output"


def every_file(output: Path):
    for path in sorted(output.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".csv", ".txt"}:
            yield path, path.read_text("utf-8", errors="replace")


def test_the_name_is_nowhere_in_the_output(site):
    for path, text in every_file(site):
        assert REMOVED.casefold() not in text.casefold(), path


def test_the_name_is_not_in_the_search_index(site):
    import gzip

    bundle = list((site / "pagefind").rglob("*.pf_*"))
    assert bundle, "the build wrote no search index"
    for path in bundle:
        data = path.read_bytes()
        text = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        assert b"geertjan" not in text.lower(), path
        assert b"benus" not in text.lower(), path


def test_their_reaction_keeps_its_place_with_a_notice(site):
    page = (site / NING).read_text("utf-8")
    assert "Deze reactie is op verzoek verwijderd." in page
    assert page.count('class="reactie"') == 10
    assert "[naam verwijderd] zei al" in page
    assert "feitelijke praktijk in het werk van ambtenaren" not in page


def test_a_withdrawn_post_keeps_its_address_and_is_listed_nowhere(site):
    page = (site / "posts" / "2016" / f"{WITHDRAWN}.html").read_text("utf-8")
    assert "Dit bericht is op verzoek verwijderd." in page
    assert "Dirk-Jan de Bruijn" not in page and "Borsje" not in page
    for path, text in every_file(site):
        if path.name != f"{WITHDRAWN}.html":
            assert "Die nieuwe ambtenaar" not in text, path
            assert f"{WITHDRAWN}.html" not in text or "redirect" in path.as_posix(), path
