"""Pelican plugin: full-text search of the archive with Pagefind.

At the end of every build (signal ``finalized``) this plugin runs Pagefind, the
binary shipped in the ``pagefind[bin]`` package, over the output folder and writes
the search bundle to ``<OUTPUT_PATH>/<SEARCH_BUNDLE_DIR>/`` (default ``pagefind/``).
Pagefind runs while the other plugins write what it does not read (open data,
redirects), and is waited for before the checksums of the output are made and before
the build ends.
Nothing is fetched from the network, and there is no separate step to forget:
``make html``, ``make publish`` and ``make devserver`` all give a searchable site.

What is indexed is decided by the theme, not here:

- only elements marked ``data-pagefind-body`` are indexed (a post with its
  reactions, a page), so lists, indexes and person pages are left out;
- ``data-pagefind-ignore`` marks chrome inside them;
- every reaction's heading carries the reaction's anchor id, so Pagefind gives a hit
  inside a reaction as a sub-result that links to ``post.html#reactie-<id>``;
- the language (Dutch stemming) comes from ``<html lang>``;
- only the folders where posts and pages are written are read (a glob made from
  ``ARTICLE_SAVE_AS`` and ``PAGE_SAVE_AS``): parsing the thousands of person, topic,
  archive and redirect pages, which hold no ``data-pagefind-body``, would only cost
  time.

The search page (``theme/templates/zoeken.html``) loads Pagefind's UI from the
bundle with relative URLs, so the search works under any path on any static host.

Settings:

- ``SEARCH_BUNDLE_DIR``: the bundle's folder inside the output (default "pagefind");
- ``SEARCH_TIMEOUT``: seconds Pagefind may take before the build fails (default 300).

A Pagefind that is missing or fails makes the build fail with its own message: a
site whose search page finds nothing must not look finished.
"""

from __future__ import annotations

import inspect
import logging
import re
import subprocess
from pathlib import Path

from blinker import signal as named_signal
from pelican import signals

log = logging.getLogger(__name__)

DEFAULT_BUNDLE_DIR = "pagefind"
DEFAULT_TIMEOUT = 300


# Sent (by the publishing plugin) when the output must be complete: before checksums.
OUTPUT_COMPLETE = named_signal("archive_output_complete")


class SearchIndexError(RuntimeError):
    """Pagefind could not be run, or it failed to index the site."""


def pagefind_executable() -> Path:
    """The Pagefind binary of the ``pagefind[bin]`` package (or PAGEFIND_BINARY_PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise SearchIndexError(
            "the search plugin needs Pagefind: pip install 'pagefind[bin]'"
        ) from None
    executable = get_executable()
    if executable is None or not Path(executable).is_file():
        raise SearchIndexError(
            "Pagefind's binary was not found: pip install 'pagefind[bin]' "
            "(or set PAGEFIND_BINARY_PATH)"
        )
    return Path(executable)


def index_site(
    site: Path,
    bundle_dir: str = DEFAULT_BUNDLE_DIR,
    timeout: float = DEFAULT_TIMEOUT,
    glob: str | None = None,
) -> int:
    """Index the built site in ``site`` into ``site/bundle_dir``; return the page count."""
    return Indexing(site, bundle_dir, timeout, glob).wait()


class Indexing:
    """Pagefind running on a site, started at once, waited for with `wait`."""

    def __init__(
        self,
        site: Path,
        bundle_dir: str = DEFAULT_BUNDLE_DIR,
        timeout: float = DEFAULT_TIMEOUT,
        glob: str | None = None,
    ):
        self.site = Path(site).resolve()
        self.timeout = timeout
        self.pages: int | None = None
        command = [
            str(pagefind_executable()),
            "--site",
            str(self.site),
            "--output-subdir",
            bundle_dir,
            # Result URLs stay file names: the archive works on hosts without
            # directory indexes and straight from a folder.
            "--keep-index-url",
        ]
        if glob:
            command += ["--glob", glob]
        try:
            # cwd is the site, so no pagefind.yml of the working directory applies.
            self.process = subprocess.Popen(
                command,
                cwd=self.site,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        except OSError as error:
            raise SearchIndexError(f"Pagefind could not be started: {error}") from error

    def wait(self) -> int:
        """The number of pages indexed, once Pagefind is done; SearchIndexError if it failed."""
        if self.pages is not None:
            return self.pages
        try:
            output, _ = self.process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise SearchIndexError(
                f"Pagefind took longer than {self.timeout} s indexing {self.site}"
            ) from None
        output = output.strip()
        if self.process.returncode != 0:
            raise SearchIndexError(
                f"Pagefind failed (exit {self.process.returncode}) on {self.site}:\n{output}"
            )
        log.debug("Pagefind output:\n%s", output)
        match = re.search(r"Indexed (\d+) pages?", output)
        self.pages = int(match.group(1)) if match else 0
        return self.pages

    def stop(self) -> None:
        self.process.kill()
        self.process.communicate()


def indexed_files(settings) -> str:
    """A Pagefind glob for the files posts and pages are saved as.

    "posts/{date:%Y}/{slug}.html" gives "posts/**/*.html", "{slug}.html" gives "*.html"
    and "{slug}/index.html" gives "**/*.html" (everything).
    """
    globs = []
    for name in ("ARTICLE_SAVE_AS", "PAGE_SAVE_AS"):
        save_as = settings.get(name) or ""
        if not save_as:
            continue
        fixed, _, variable = save_as.partition("{")
        folder, _, _ = fixed.rpartition("/")
        prefix = f"{folder}/" if folder else ""
        deeper = "/" in fixed[len(prefix) :] + variable
        glob = f"{prefix}**/*.html" if deeper else f"{prefix}*.html"
        if glob not in globs:
            globs.append(glob)
    if not globs or "**/*.html" in globs:
        return "**/*.html"
    return "{" + ",".join(globs) + "}" if len(globs) > 1 else globs[0]


# Pagefind indexes while the other finalized receivers write the open data and the
# redirects (files it does not read); it is waited for before the checksums are made
# (publishing sends OUTPUT_COMPLETE first) and, in any case, before the build ends.
_running: dict[str, Indexing] = {}
_WRAPPED = "_search_waits_at_the_end"


def build_index(pelican) -> None:
    """finalized receiver: start indexing the output folder Pelican just wrote."""
    settings = pelican.settings
    _running[pelican.output_path] = Indexing(
        Path(pelican.output_path),
        bundle_dir=settings.get("SEARCH_BUNDLE_DIR", DEFAULT_BUNDLE_DIR),
        timeout=settings.get("SEARCH_TIMEOUT", DEFAULT_TIMEOUT),
        glob=indexed_files(settings),
    )


def finish_index(pelican) -> None:
    """Wait for the index of this build, if it is being made."""
    indexing = _running.pop(getattr(pelican, "output_path", None), None)
    if indexing is None:
        return
    pages = indexing.wait()
    bundle_dir = pelican.settings.get("SEARCH_BUNDLE_DIR", DEFAULT_BUNDLE_DIR)
    log.info("Search: indexed %d pages into %s/", pages, bundle_dir)


def wait_at_the_end() -> None:
    """Make every build wait for its index before it ends (once per process)."""
    signal = signals.finalized
    marked = inspect.unwrap(signal.send, stop=lambda f: getattr(f, _WRAPPED, False))
    if getattr(marked, _WRAPPED, False):
        return
    send = signal.send

    def send_then_wait(*args, **kwargs):
        pelican = args[0] if args else kwargs.get("sender")
        try:
            results = send(*args, **kwargs)
        except BaseException:
            indexing = _running.pop(getattr(pelican, "output_path", None), None)
            if indexing is not None:
                indexing.stop()
            raise
        finish_index(pelican)
        return results

    setattr(send_then_wait, _WRAPPED, True)
    send_then_wait.__wrapped__ = send
    signal.send = send_then_wait


def register() -> None:
    signals.finalized.connect(build_index)
    OUTPUT_COMPLETE.connect(finish_index)
    wait_at_the_end()
