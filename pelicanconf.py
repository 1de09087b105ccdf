"""Pelican settings for a local, relative build of the archive.

Every URL is a file name ending in `.html`, and RELATIVE_URLS is on, so `output/`
works from any path on any static host and straight from disk (file://).
`publishconf.py` adds what a published copy needs on top of this.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent

SITENAME = "Ambtenaar 2.0 archief"
SITESUBTITLE = "Het netwerk van ambtenaren 2008-2018, bewaard"
SITEURL = ""
RELATIVE_URLS = True

# The interface language: theme/strings/<ARCHIVE_LANGUAGE>.yml holds every string.
ARCHIVE_LANGUAGE = "nl"
DEFAULT_LANG = ARCHIVE_LANGUAGE
TIMEZONE = "Europe/Amsterdam"

PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# Import bookkeeping (see docs/content-format.md) is not part of the site, nor are the
# temporary files of an import that was interrupted (the next import removes them).
IGNORE_FILES = [".#*", ".imported", ".*.tmp"]

THEME = str(HERE / "theme")
PLUGIN_PATHS = [str(HERE / "plugins")]
PLUGINS = [
    "content_format",
    "reactions",
    "people",
    "interface",
    "archive_views",
    "page_writer",  # renders pages on every core; with the content cache, only changed ones
    "search",
    "open_data",
    "old_links",
    # Last: sitemap, robots.txt and SHA256SUMS of everything the others wrote.
    "publishing",
]

# No AUTHOR setting: a post without an author stays without one ("Auteur onbekend").
DEFAULT_CATEGORY = "Overig"
# A post's folder is its year, not its category.
USE_FOLDER_AS_CATEGORY = False
DEFAULT_PAGINATION = 20
SUMMARY_MAX_LENGTH = 60

ARTICLE_URL = "posts/{date:%Y}/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_URL
PAGE_URL = "{slug}.html"
PAGE_SAVE_AS = PAGE_URL
AUTHOR_URL = "personen/{slug}.html"
# Pelican's author pages know only post authors: plugins/people writes a page for
# every person instead (reaction authors too) at PERSON_SAVE_AS, which must be where
# AUTHOR_URL points, so that post authors' links land on it; and the two indexes.
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
PERSON_SAVE_AS = AUTHOR_URL
PEOPLE_INDEX_SAVE_AS = "personen/index.html"
PEOPLE_BY_NAME_SAVE_AS = "personen/op-naam.html"
# Characters of plain text shown per reaction on a person's page.
PEOPLE_EXCERPT_LENGTH = 160
TAG_URL = "onderwerpen/{slug}.html"
TAG_SAVE_AS = TAG_URL
TAGS_SAVE_AS = "onderwerpen/index.html"
CATEGORY_URL = "categorie/{slug}.html"
CATEGORY_SAVE_AS = CATEGORY_URL
CATEGORIES_SAVE_AS = "categorie/index.html"
ARCHIVES_SAVE_AS = "archief/index.html"
# The home page is its own template; the list of all posts, paginated, is "index".
DIRECT_TEMPLATES = ["home", "index", "tags", "categories", "authors", "archives", "meest_besproken"]
# The search page (plugins/search indexes the output with Pagefind after every build).
DIRECT_TEMPLATES += ["zoeken"]
ZOEKEN_SAVE_AS = "zoeken.html"
SEARCH_BUNDLE_DIR = "pagefind"
HOME_SAVE_AS = "index.html"
INDEX_SAVE_AS = "berichten/index.html"
MEEST_BESPROKEN_SAVE_AS = "meest-besproken.html"
# How many posts the home page shows as recent and as most discussed.
HOME_POSTS = 5
YEAR_ARCHIVE_URL = "archief/{date:%Y}.html"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL
MONTH_ARCHIVE_URL = "archief/{date:%Y}-{date:%m}.html"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# No feeds in a local build; publishconf.py turns them on with absolute URLs.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# The archive as open data for researchers (plugins/open_data): output/data/.
OPEN_DATA_PATH = "data"
# Old addresses (each post's source.url) to archive pages (plugins/old_links): redirect
# pages and server maps in output/redirects/, Netlify's _redirects at the root.
OLD_LINKS_PATH = "redirects"
OLD_LINKS_NETLIFY = "_redirects"

# Builds must not depend on the clock or on file modification times.
DEFAULT_DATE = None
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
