"""Pelican settings for a published copy: pelicanconf.py plus absolute URLs and feeds.

Give the address the copy will live at, under any path:
    make publish SITEURL=https://archief.example.org/ambtenaar20
Without SITEURL the build stays relative (like `make html`) and has no feeds, since
a feed needs absolute addresses.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = not SITEURL

if SITEURL:
    FEED_ALL_ATOM = "feeds/alles.atom.xml"
    CATEGORY_FEED_ATOM = "feeds/categorie-{slug}.atom.xml"
    AUTHOR_FEED_ATOM = "feeds/persoon-{slug}.atom.xml"
    TAG_FEED_ATOM = "feeds/onderwerp-{slug}.atom.xml"
