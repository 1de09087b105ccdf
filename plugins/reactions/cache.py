"""Reactions loaded by an earlier build, kept in CACHE_PATH so a rebuild skips them.

A reactions file's rows are kept under a hash of everything they follow from: the
file's bytes, the slug of the post beside it, the Markdown settings, the removals in
force (names, aliases of them, withdrawn posts and the notices), and the code that
makes them (CODE_VERSION, the source of the modules and schema involved, the versions
of Python-Markdown and nh3). So an entry is never out of date, only unused; a build
keeps just the entries it used.

It follows Pelican's content cache settings: read when CACHE_CONTENT and
LOAD_CONTENT_CACHE are both on, written when CACHE_CONTENT is on, neither otherwise.
A missing or unreadable cache file is rebuilt.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from functools import cache
from importlib import metadata
from pathlib import Path

import content_format.rendering
import content_format.validation
from content_format.build_support import write_whole
from content_format.removals import Removals
from content_format.rendering import settings_key

from . import loading
from .loading import Row

logger = logging.getLogger(__name__)

CACHE_FILE = "reactions.pickle"
# Raise when the rows or this file's layout change.
CODE_VERSION = 1
_SOURCES = (
    Path(loading.__file__),
    Path(content_format.rendering.__file__),
    Path(content_format.validation.__file__),
    content_format.validation.SCHEMA_DIR / "reactions.schema.json",
)
_LIBRARIES = ("markdown", "nh3")


class ReactionsCache:
    """The cache of one build; with no path, it keeps nothing."""

    def __init__(self, path: Path | None, context: bytes = b"", entries: dict | None = None):
        self._path = path
        self._context = context
        self._entries = entries or {}
        self._used: dict[str, list[Row]] = {}
        self._keys: dict[tuple[Path, str], str] = {}

    @classmethod
    def open(cls, settings, markdown: dict, removals: Removals) -> ReactionsCache:
        if not settings.get("CACHE_CONTENT"):
            return cls(None)
        path = Path(settings["CACHE_PATH"]) / CACHE_FILE
        entries = _read(path) if settings.get("LOAD_CONTENT_CACHE") else {}
        return cls(path, _context(markdown, removals), entries)

    def get(self, path: Path, slug: str) -> list[Row] | None:
        """The rows kept for this file as it is now, or None."""
        if self._path is None:
            return None
        digest = hashlib.sha256(self._context)
        digest.update(slug.encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
        key = self._keys[(path, slug)] = digest.hexdigest()
        rows = self._entries.get(key)
        if rows is not None:
            self._used[key] = rows
        return rows

    def put(self, path: Path, slug: str, rows: list[Row]) -> None:
        """Keep the rows of a file looked up with get()."""
        if self._path is not None:
            self._used[self._keys[(path, slug)]] = rows

    def save(self) -> None:
        """Write the entries this build used, atomically, if they differ from the file's."""
        if self._path is None or self._used.keys() == self._entries.keys():
            return
        try:
            _write(self._path, {"version": CODE_VERSION, "entries": self._used})
        except OSError as error:
            logger.warning("Could not save the reactions cache %s: %s", self._path, error)


def _context(markdown: dict, removals: Removals) -> bytes:
    """What every entry follows from besides its own file and slug."""
    parts = [
        str(CODE_VERSION),
        _code(),
        settings_key(markdown),
        repr(sorted(removals.names)),
        repr(sorted(removals.posts)),
        repr((removals.reaction_notice, removals.post_notice, removals.name_notice)),
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).digest()


@cache
def _code() -> str:
    digest = hashlib.sha256()
    for path in _SOURCES:
        digest.update(path.read_bytes())
    for name in _LIBRARIES:
        digest.update(f"{name}=={metadata.version(name)}\0".encode())
    return digest.hexdigest()


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as file:
            data = pickle.load(file)
    except FileNotFoundError:
        return {}
    except Exception as error:  # whatever is wrong with a cache, the build starts anew
        logger.info("Reactions cache %s not used (%s): rebuilding it", path, error)
        return {}
    if not isinstance(data, dict) or data.get("version") != CODE_VERSION:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _write(path: Path, data: dict) -> None:
    write_whole(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
