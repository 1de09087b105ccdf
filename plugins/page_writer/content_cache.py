"""Pelican's content cache, dropped when what it was made with has changed.

Pelican keeps each post as its reader read it and reuses it while the file's
modification time is the same, whatever else changed. Here the reader's output also
depends on the settings (Markdown's), the plugins' code and the files beside the
content (a name in removals.yml is taken out of every post), so at the start of a
build the cache is not loaded when any of those differs from the last build's.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from content_format.build_support import write_whole

from .fingerprints import content_root_files, digest, files, plain

logger = logging.getLogger(__name__)

STAMP = "content_cache_stamp.json"


# Kept in the settings at the first build: the LOAD_CONTENT_CACHE asked for (`check`
# changes the setting for one build) and the settings as they were then (plugins add
# to them while they build); `pelican -r` builds again and again with one settings.
ASKED = "PAGE_WRITER_LOAD_CONTENT_CACHE"
SETTINGS = "PAGE_WRITER_SETTINGS_DIGEST"


def check(pelican) -> None:
    """At the start of a build: LOAD_CONTENT_CACHE only if the cache is still good."""
    settings = pelican.settings
    asked = settings.setdefault(ASKED, bool(settings.get("LOAD_CONTENT_CACHE")))
    if SETTINGS not in settings:
        ignored = {"LOAD_CONTENT_CACHE", ASKED}
        settings[SETTINGS] = plain({k: v for k, v in settings.items() if k not in ignored})
    settings["LOAD_CONTENT_CACHE"] = asked
    if not settings.get("CACHE_CONTENT"):
        return
    stamp = digest(
        settings[SETTINGS],
        files(*settings.get("PLUGIN_PATHS", [])),
        content_root_files(settings.get("PATH")),
    )
    file = Path(settings["CACHE_PATH"]) / STAMP
    if settings.get("LOAD_CONTENT_CACHE") and _saved(file) != stamp:
        logger.info("page_writer: settings, plugins or removals changed: content cache not used")
        settings["LOAD_CONTENT_CACHE"] = False
    _save(file, stamp)


def _saved(file: Path) -> str | None:
    try:
        return json.loads(file.read_text("utf-8")).get("stamp")
    except (OSError, ValueError, AttributeError):
        return None


def _save(file: Path, stamp: str) -> None:
    write_whole(file, json.dumps({"stamp": stamp}).encode("utf-8"))
