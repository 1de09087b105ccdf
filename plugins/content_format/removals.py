"""Removal on request: people and posts named in `content/removals.yml`.

```yaml
people:
  - name: Jan Jansen
    note: asked on 2024-03-01 (ticket 12)      # optional, never published
posts:
  - slug: een-bericht
    note: withdrawn by its author              # optional, never published
```

Applied where content is read, so every output follows from it: pages, person
pages, the search index (built from the pages), feeds and the data export.

- A removed person's reactions keep their place in the thread but show the notice
  "Deze reactie is op verzoek verwijderd"; their name is gone everywhere: as author
  of posts and reactions (no person page), and wherever other people's text names
  them, where it is replaced by "[naam verwijderd]". Names that `content/aliases.yml`
  maps to a removed name are removed too.
- A withdrawn post keeps its address (old links still land somewhere) but its page
  says "Dit bericht is op verzoek verwijderd": no title, text, author or reactions,
  and it is listed nowhere (Pelican's `hidden` status).

The notices are interface text, from the theme's strings file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REMOVALS_FILE = "removals.yml"
ALIASES_FILE = "aliases.yml"
NOTICE_KEYS = ("reactie_verwijderd", "bericht_verwijderd", "naam_verwijderd")


@dataclass
class Removals:
    names: set[str] = field(default_factory=set)
    posts: set[str] = field(default_factory=set)
    reaction_notice: str = ""
    post_notice: str = ""
    name_notice: str = ""
    _pattern: re.Pattern | None = None

    def removes(self, name: str | None) -> bool:
        return bool(name) and name.strip().casefold() in self.names

    def withdraws(self, slug: str) -> bool:
        return slug in self.posts

    def scrub(self, text: str) -> str:
        """Text with every removed name replaced by the notice."""
        if not self.names or not text:
            return text
        if self._pattern is None:
            names = sorted(self.names, key=len, reverse=True)
            alternatives = "|".join(re.escape(name) for name in names)
            self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        return self._pattern.sub(self.name_notice, text)


_cache: dict[tuple, Removals] = {}


def load(settings) -> Removals:
    """The removals of the content folder in `settings`, read once per file version."""
    content = Path(settings["PATH"])
    files = [content / REMOVALS_FILE, content / ALIASES_FILE]
    key = (str(content), *(_version(path) for path in files))
    if key not in _cache:
        _cache.clear()
        _cache[key] = _read(files[0], files[1], _notices(settings))
    return _cache[key]


def _version(path: Path) -> tuple[int, int]:
    if not path.exists():
        return (0, 0)
    status = path.stat()
    return (status.st_mtime_ns, status.st_size)


def _read(removals_path: Path, aliases_path: Path, notices: dict[str, str]) -> Removals:
    data = _yaml(removals_path) or {}
    names = {str(item["name"]).strip().casefold() for item in data.get("people") or []}
    aliases = _yaml(aliases_path) or {}
    names |= {
        str(alias).strip().casefold()
        for alias, name in aliases.items()
        if str(name).strip().casefold() in names
    }
    return Removals(
        names=names,
        posts={str(item["slug"]) for item in data.get("posts") or []},
        reaction_notice=notices["reactie_verwijderd"],
        post_notice=notices["bericht_verwijderd"],
        name_notice=notices["naam_verwijderd"],
    )


def _yaml(path: Path):
    if not path.exists():
        return None
    return yaml.safe_load(path.read_text("utf-8"))


def _notices(settings) -> dict[str, str]:
    """The notices in the interface language (the interface plugin's strings file)."""
    from interface import load_strings, settings_strings_path

    strings = load_strings(settings_strings_path(settings))
    return {key: strings[key] for key in NOTICE_KEYS}
