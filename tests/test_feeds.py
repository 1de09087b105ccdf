"""A published build (`make publish SITEURL=...`): Atom feeds with absolute URLs."""

import shutil
import xml.etree.ElementTree as ET

from pelican import Pelican
from pelican.settings import read_settings

from tests.conftest import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://archief.example.org/ambtenaar20"


def test_feeds_for_all_posts_authors_and_tags_have_absolute_urls(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEURL", SITE + "/")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    post = next((tmp_path / "content" / "posts" / "2016").glob("*.md"))
    post.write_text(
        post.read_text("utf-8")
        .replace("author: null", "author: Marie Louise Borsje")
        .replace("tags: []", "tags: [pleio]")
    )
    settings = read_settings(
        str(ROOT / "publishconf.py"),
        override={"PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "output")},
    )
    Pelican(settings).run()
    feeds = tmp_path / "output" / "feeds"
    everything = ET.parse(feeds / "alles.atom.xml").getroot()
    entries = everything.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        assert entry.find(f"{ATOM}link").get("href").startswith(SITE + "/posts/")
    assert (feeds / "persoon-marie-louise-borsje.atom.xml").exists()
    assert (feeds / "onderwerp-pleio.atom.xml").exists()
    home = (tmp_path / "output" / "index.html").read_text("utf-8")
    assert f'href="{SITE}/feeds/alles.atom.xml"' in home
