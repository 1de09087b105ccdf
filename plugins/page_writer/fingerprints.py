"""What a page depends on, as one digest: the same digest, the same page.

A page is rendered from the site (settings, theme, plugins, the files beside the
content, and what is listed about every post and page: address, title, date,
author, tags, status, its reactions' ids, authors, dates and parents) and from
what its generator handed it (the `article`, a page of a list, a person, ...).
The site's part is one digest for the whole build; the rest is the page's own.

The body of a post (and of its reactions) counts only for the page it is handed to
as `article` or `page`, and through any other object handed to a page that holds it
(a person's reactions). A template that showed the body of another post, say the
newest one on the home page, would need that post handed to it; the site's part
covers everything else a template can reach through the context.

A value of a kind not known here gives no digest: that page is always rendered.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, datetime
from functools import cache
from importlib import metadata
from pathlib import Path

from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

VERSION = "1"
_MAIN = {"article", "page"}
_SCALARS = (str, int, float, bool, type(None))
# Settings that change how a build runs, not what it shows.
_NOT_SHOWN = {
    "CACHE_CONTENT",
    "LOAD_CONTENT_CACHE",
    "PAGE_WRITER_LOAD_CONTENT_CACHE",
    "PAGE_WRITER_SETTINGS_DIGEST",
    "CACHE_PATH",
    "WRITER_JOBS",
    "REACTIONS_JOBS",
}


class Fingerprints:
    def __init__(self, context: dict, settings: dict):
        self._memo: dict[int, tuple[object, str | None]] = {}
        self._listed = {
            id(item): _listed(item) for item in context.get("generated_content", {}).values()
        }
        self.site = digest(
            VERSION,
            metadata.version("pelican"),
            plain({key: value for key, value in settings.items() if key not in _NOT_SHOWN}),
            files(settings.get("THEME"), *settings.get("PLUGIN_PATHS", [])),
            content_root_files(settings.get("PATH")),
            plain(sorted(context.get("static_content", {}))),
            self._listing(context),
        )

    def of_page(self, path: str, template, kwargs: dict) -> str | None:
        parts = [self.site, getattr(template, "name", repr(template)), path]
        for key in sorted(kwargs):
            value = self._value(kwargs[key], main=key in _MAIN)
            if value is None:
                return None
            parts.append(f"{key}={value}")
        return digest(*parts)

    def _listing(self, context: dict) -> str:
        contents = context.get("generated_content", {})
        return digest(*(self._listed[id(contents[key])] for key in sorted(contents)))

    def _value(self, value, main: bool = False) -> str | None:
        if isinstance(value, str):
            return "s" + value
        if isinstance(value, _SCALARS):
            return repr(value)
        if isinstance(value, Content):
            listed = self._listed.get(id(value)) or _listed(value)
            if main:
                return digest(listed, value._content, *_reaction_bodies(value))
            return listed
        if isinstance(value, (datetime, date)):
            return value.isoformat()
        known = self._memo.get(id(value))
        if known is not None:
            return known[1]
        if isinstance(value, URLWrapper):
            compound = repr(("tag", type(value).__name__, value.name, value.slug, value.url))
        else:
            compound = self._compound(value)
        self._memo[id(value)] = (value, compound)
        return compound

    def _compound(self, value) -> str | None:
        if isinstance(value, (list, tuple)):
            return self._all(type(value).__name__, value)
        if isinstance(value, dict):
            keys = sorted(value, key=repr)
            return self._all("dict", [item for key in keys for item in (key, value[key])])
        if isinstance(value, Page):
            page = (value.number, value.paginator.num_pages, value.save_as)
            return self._all("page", [*page, value.object_list])
        if isinstance(value, Paginator):
            return self._all("paginator", [value.num_pages, value.count, value.per_page])
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = _field_names(type(value))
            return self._all(type(value).__qualname__, [getattr(value, name) for name in names])
        return None

    def _all(self, kind: str, items) -> str | None:
        digests = [kind]
        for item in items:
            value = self._value(item)
            if value is None:
                return None
            digests.append(value)
        return digest(*digests)


def _listed(content: Content) -> str:
    """What any page may show about a post or page: everything but its body."""
    reactions = [
        (r.id, r.author, r.date.isoformat() if r.date else None, r.parent, r.removed)
        for r in getattr(content, "reactions", None) or []
    ]
    return digest(
        type(content).__name__,
        content.source_path,
        content.url,
        content.save_as,
        content.status,
        plain(content.metadata),
        repr(reactions),
    )


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(kind))


def _reaction_bodies(content: Content) -> list[str]:
    return [str(reaction.content) for reaction in getattr(content, "reactions", None) or []]


def plain(value) -> str:
    """A stable text for settings and metadata; a value of an unknown kind by its type."""
    if isinstance(value, _SCALARS):
        return repr(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Path):
        return repr(str(value))
    if isinstance(value, URLWrapper):
        return repr((type(value).__name__, value.name, value.slug))
    if isinstance(value, dict):
        items = sorted((repr(key), plain(item)) for key, item in value.items())
        return "{" + ",".join(f"{key}:{item}" for key, item in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(plain(item) for item in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(plain(item) for item in value)) + "}"
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


def files(*folders) -> str:
    """The names and bytes of every file in the theme and plugin folders."""
    parts = []
    for folder in folders:
        if not folder or not Path(folder).is_dir():
            continue
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                parts += [str(path), hashlib.sha256(path.read_bytes()).hexdigest()]
    return digest(*parts)


def content_root_files(path) -> str:
    """The files beside the content folders (aliases.yml, removals.yml, ...)."""
    if not path or not Path(path).is_dir():
        return ""
    files = sorted(item for item in Path(path).iterdir() if item.is_file())
    return digest(
        *(f"{item.name}:{hashlib.sha256(item.read_bytes()).hexdigest()}" for item in files)
    )


def digest(*parts: str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()
