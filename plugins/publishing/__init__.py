"""Pelican plugin: what a mirror of the archive needs to be found and trusted.

At the very end of every build, after every other plugin (the search index too),
this plugin writes into the output folder:

- ``sitemap.xml``: every page of the site, written by the maintained
  ``pelican-sitemap`` package (its ``SITEMAP`` setting applies: format, exclude,
  priorities, changefreqs; by default "yearly" for posts and pages, "monthly" for
  lists). A sitemap must give absolute URLs, so it is written
  only when ``SITEURL`` is an absolute ``http(s)://`` address (``make publish
  SITEURL=...``); a relative build (``make html``) has no sitemap. The package
  writes a page's URL without a trailing ``index.html`` (``.../personen/``).
  ``lastmod`` is the post's or page's own date; for lists (home, archives,
  persons, topics) it is the date of the newest post, never the clock, so two
  builds of the same content give the same file.
- ``robots.txt``: every crawler may read everything; with an absolute ``SITEURL``
  it ends with a ``Sitemap:`` line giving the sitemap's absolute URL. Crawlers only
  read the robots.txt at the root of a host: a copy that lives under a path should
  have that ``Sitemap:`` line added to the host's own robots.txt. A robots.txt that
  the site already has (from ``content/``) is kept, with a warning.
- ``SHA256SUMS``: the SHA-256 of every other file of the output, in the format of
  ``sha256sum`` (see ``checksums.py``), so that ``cd output && sha256sum -c
  SHA256SUMS`` or ``python -m importer verify output`` checks a mirror.

"Last" is guaranteed, not hoped for: blinker calls the receivers of one signal in
no fixed order (they are kept in a set), so being last in ``PLUGINS`` is not
enough. This plugin therefore wraps the ``finalized`` signal's ``send``: the
signal's receivers run as before, and when they have all returned, the steps above
run. A step fails the build loudly rather than leave a mirror without checksums.

For the theme, the Jinja filter and global ``canonical_url`` turn a page's ``output_file``
into its absolute canonical URL, the same URL the sitemap gives, or "" when the
build has no absolute ``SITEURL``::

    {% set canonical = canonical_url(output_file) if canonical_url is defined %}
    {% if canonical %}<link rel="canonical" href="{{ canonical }}">{% endif %}
"""

from __future__ import annotations

import inspect
import logging
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import pathname2url

from blinker import signal as named_signal
from pelican import signals

from .checksums import write_checksums

try:
    from pelican.plugins.sitemap.sitemap import SitemapGenerator
except ImportError as error:
    # Pelican would only log an ImportError and build on without this plugin: a
    # site without its checksums must not look finished.
    raise RuntimeError(
        "the publishing plugin needs pelican-sitemap: pip install pelican-sitemap"
    ) from error

log = logging.getLogger(__name__)

ROBOTS_NAME = "robots.txt"
ROBOTS_MARK = "# Every crawler may read the whole archive."
# pelican-sitemap's SITEMAP setting, unless the settings give one: an archive's pages
# hardly change, and its lists only when posts are added.
DEFAULT_SITEMAP = {
    "format": "xml",
    "changefreqs": {"articles": "yearly", "pages": "yearly", "indexes": "monthly"},
}
# The date of lists in a sitemap of a site without any dated post.
NO_DATE = datetime(1970, 1, 1, tzinfo=UTC)
_WRAPPED = "_publishing_runs_last"
# Sent before the sitemap and checksums: the output must then be complete (the search
# plugin waits for Pagefind on it).
OUTPUT_COMPLETE = named_signal("archive_output_complete")

# What the current build has collected (one build at a time per process, as Pelican).
_build: dict = {"sitemap": None, "newest": None}


def absolute_siteurl(settings) -> str:
    """SITEURL without its trailing slash when it is an http(s) address, else ""."""
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    parts = urlsplit(siteurl)
    if parts.scheme in ("http", "https") and parts.netloc:
        return siteurl
    return ""


def page_url(output_file: str) -> str:
    """A page's path as the sitemap gives it: URL-quoted, without ``index.html``."""
    return re.sub(r"(?:^|(?<=/))index\.html$", "", pathname2url(output_file))


def make_canonical_filter(settings):
    siteurl = absolute_siteurl(settings)

    def canonical_url(output_file) -> str:
        if not siteurl or not output_file:
            return ""
        return f"{siteurl}/{page_url(str(output_file))}"

    return canonical_url


def _active(pelican) -> bool:
    """Is this plugin enabled for this Pelican? (Signals are shared by the process.)"""
    module = sys.modules[__name__]
    return any(plugin is module for plugin in getattr(pelican, "plugins", ()))


def add_filters(generator) -> None:
    canonical_url = make_canonical_filter(generator.settings)
    generator.env.filters["canonical_url"] = canonical_url
    generator.env.globals["canonical_url"] = canonical_url


def start_build(pelican):
    """get_generators receiver (once per build, also on autoreload): start afresh."""
    _build["sitemap"] = None
    _build["newest"] = None
    if _active(pelican):
        pelican.settings.setdefault("SITEMAP", DEFAULT_SITEMAP)
        sitemap = SitemapGenerator()
        sitemap.init(pelican)
        _build["sitemap"] = sitemap
    return None


def queue_page(path, context) -> None:
    """content_written receiver: every page the writer wrote goes to the sitemap."""
    if _build["sitemap"] is not None:
        _build["sitemap"].queue_page(path, context)


def remember_newest_date(generators) -> None:
    """all_generators_finalized receiver: the newest date of any post or page."""
    dates = []
    for generator in generators:
        for name in ("articles", "translations", "pages"):
            for item in getattr(generator, name, ()) or ():
                for date in (getattr(item, "modified", None), getattr(item, "date", None)):
                    if isinstance(date, datetime):
                        dates.append(date if date.tzinfo else date.replace(tzinfo=UTC))
    _build["newest"] = max(dates, default=None)


def write_sitemap(pelican) -> Path | None:
    sitemap = _build["sitemap"]
    _build["sitemap"] = None
    siteurl = absolute_siteurl(pelican.settings)
    if sitemap is None:
        return None
    if not siteurl:
        if pelican.settings.get("SITEURL"):
            log.warning(
                "publishing: no sitemap: SITEURL %r is not an absolute http(s) address",
                pelican.settings["SITEURL"],
            )
        else:
            log.info("publishing: relative build (no SITEURL), so no sitemap")
        return None
    # The package dates lists by the clock when it started; the newest post instead.
    sitemap.now = _build["newest"] or NO_DATE
    settings = pelican.settings
    original = settings["SITEURL"]
    settings["SITEURL"] = siteurl  # without a trailing slash, whatever was given
    try:
        sitemap.finalize(pelican)
    finally:
        settings["SITEURL"] = original
    fmt = settings.get("SITEMAP", {}).get("format", "xml")
    return Path(pelican.output_path) / f"sitemap.{fmt}"


def robots_text(siteurl: str, sitemap: Path | None) -> str:
    lines = [
        ROBOTS_MARK,
        "User-agent: *",
        "Allow: /",
    ]
    if siteurl and sitemap is not None:
        lines += ["", f"Sitemap: {siteurl}/{sitemap.name}"]
    return "\n".join(lines) + "\n"


def write_robots(pelican, sitemap: Path | None) -> None:
    target = Path(pelican.output_path) / ROBOTS_NAME
    if target.exists() and not target.read_text("utf-8", errors="replace").startswith(ROBOTS_MARK):
        log.warning("publishing: the site has its own %s; it is kept as it is", ROBOTS_NAME)
        return
    target.write_text(
        robots_text(absolute_siteurl(pelican.settings), sitemap), encoding="utf-8", newline="\n"
    )


def finish(pelican) -> None:
    """The last step of a build: sitemap, robots.txt, then the checksums of it all."""
    if not _active(pelican):
        return
    OUTPUT_COMPLETE.send(pelican)  # whatever writes in the background (search) finishes
    sitemap = write_sitemap(pelican)
    write_robots(pelican, sitemap)
    target, count = write_checksums(pelican.output_path)
    log.info("publishing: %s lists %d files", target.name, count)


def run_last_on_finalized() -> None:
    """Make ``finish`` run after every receiver of ``finalized`` (once per process)."""
    signal = signals.finalized
    if _marked(signal.send, _WRAPPED):
        return
    send = signal.send

    def send_then_finish(*args, **kwargs):
        results = send(*args, **kwargs)
        finish(args[0] if args else kwargs.get("sender"))
        return results

    setattr(send_then_finish, _WRAPPED, True)
    send_then_finish.__wrapped__ = send
    signal.send = send_then_finish


def _marked(function, mark: str) -> bool:
    """Is `function`, or one it wraps (other plugins wrap it too), marked so?"""
    return getattr(inspect.unwrap(function, stop=lambda f: getattr(f, mark, False)), mark, False)


def register() -> None:
    signals.generator_init.connect(add_filters)
    signals.get_generators.connect(start_build)
    signals.content_written.connect(queue_page)
    signals.all_generators_finalized.connect(remember_newest_date)
    run_last_on_finalized()
