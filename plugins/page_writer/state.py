"""What the last build wrote, to know which pages are unchanged, and where they are.

For each page: the fingerprint of its inputs and the size and modification time of
the file written then. A page is unchanged when its fingerprint is the same and its
file is still that file (a page deleted or edited in the output is written again).
Kept in Pelican's ``CACHE_PATH``, one file per output folder; read only with
``LOAD_CONTENT_CACHE``, written only with ``CACHE_CONTENT``, as Pelican's own cache.

Pelican empties the output folder before a build (``DELETE_OUTPUT_DIRECTORY``), so
that nothing of a post since deleted stays online. With the cache on, the last
build's output is instead set aside at the start (renamed, which is instant), the
build writes a new output as a clean build would, the unchanged pages are moved
from the old one into it, and what is left of the old one is deleted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path

from content_format.build_support import write_whole

logger = logging.getLogger(__name__)

VERSION = 1


def incremental(settings) -> bool:
    return bool(settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE"))


def set_aside_path(output: Path) -> Path:
    return output.parent / f".{output.name}.previous-build"


def set_aside(pelican) -> None:
    """At the start of a build: move the last output aside instead of deleting it."""
    output = Path(os.path.abspath(pelican.output_path))
    aside = set_aside_path(output)
    if aside.exists():
        shutil.rmtree(aside)
    if not (incremental(pelican.settings) and pelican.delete_outputdir and output.is_dir()):
        return
    content = Path(os.path.realpath(pelican.settings["PATH"]))
    if content.is_relative_to(os.path.realpath(output)):
        return
    os.replace(output, aside)
    output.mkdir()
    for name in pelican.output_retention:
        if (aside / name).exists():
            os.replace(aside / name, output / name)


class State:
    def __init__(self, file: Path | None, output: Path, pages: dict[str, list]):
        self.file = file
        self.output = output
        self.pages = pages
        aside = set_aside_path(output)
        self.previous = aside if aside.is_dir() else output

    @classmethod
    def for_build(cls, settings, output_path) -> State:
        output = Path(os.path.abspath(output_path))
        if not settings.get("CACHE_CONTENT"):
            return cls(None, output, {})
        name = hashlib.sha256(str(output).encode()).hexdigest()[:16]
        file = Path(settings["CACHE_PATH"]) / f"page_writer-{name}.json"
        pages = _load(file) if settings.get("LOAD_CONTENT_CACHE") else {}
        return cls(file, output, pages)

    @property
    def enabled(self) -> bool:
        return self.file is not None

    def kept(self, path: str, fingerprint: str | None) -> bool:
        """True when the page is unchanged and is now in the output, as last written."""
        key = self._key(path)
        known = self.pages.get(key)
        if fingerprint is None or not known or known[0] != fingerprint:
            return False
        old = self.previous / key
        try:
            stat = os.stat(old)
        except OSError:
            return False
        if known[1:] != [stat.st_size, stat.st_mtime_ns]:
            return False
        if old != Path(path):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(old, path)
        return True

    def written(self, path: str, fingerprint: str | None) -> None:
        if not self.enabled:
            return
        key = self._key(path)
        if fingerprint is None:
            self.pages.pop(key, None)
            return
        stat = os.stat(path)
        self.pages[key] = [fingerprint, stat.st_size, stat.st_mtime_ns]

    def save(self, paths: set[str]) -> None:
        """Keep what this build wrote or kept; pages it did not write are forgotten."""
        if self.previous != self.output:
            shutil.rmtree(self.previous, ignore_errors=True)
        if not self.enabled:
            return
        keys = {self._key(path) for path in paths}
        pages = {key: value for key, value in sorted(self.pages.items()) if key in keys}
        write_whole(self.file, json.dumps({"version": VERSION, "pages": pages}).encode("utf-8"))

    def _key(self, path: str) -> str:
        return Path(os.path.relpath(os.path.abspath(path), self.output)).as_posix()


def _load(file: Path) -> dict[str, list]:
    """The saved pages; nothing (everything is rendered) when the file is absent or bad."""
    try:
        data = json.loads(file.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        logger.warning("page_writer: ignoring the unreadable %s (%s)", file, error)
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}
    pages = data.get("pages")
    return pages if isinstance(pages, dict) else {}
