"""The one writer: posts from any reader to content files, keeping editors' edits.

Editor edits survive a re-import by a three-way merge per field. Beside the content,
`content/.imported/SLUG.json` records a hash of every value the importer last wrote
(each front-matter field, the body, and each field of each reaction). On the next
import, for each field:

- the file still holds what the importer wrote last time: the new import's value
  is written (so better readers improve old imports);
- the file holds something else: an editor changed it, and the file's value stays.

A reaction the importer wrote before and that is gone from the file was deleted by
an editor and is not brought back; reactions an editor added are kept. A post whose
file an editor deleted is not written again either. Since the record holds hashes of
the importer's own values only, importing into an empty folder gives the same files,
record included, except for what editors changed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from importer.content_files import (
    FIELD_ORDER,
    REACTION_ORDER,
    SOURCE_ORDER,
    ContentFormatError,
    atomic_write,
    atomic_write_bytes,
    load_yaml,
    ordered,
    parse_post,
    render_post,
    render_reactions,
)
from importer.hygiene import clean_text
from importer.identity import keys, normalise_url
from importer.model import Post, Reaction
from importer.privacy import scrub, scrub_author
from importer.slugs import is_safe, slugify

RECORD_DIR = ".imported"
POSTS_DIR = "posts"
UNDATED_DIR = "undated"
UNTITLED = "Zonder titel"
# The name content_files.atomic_write gives a file while it is written (tempfile.mkstemp).
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


@dataclass
class Written:
    """What writing one post did."""

    slug: str
    path: str | None
    changed: bool = False
    reactions: int = 0
    kept: list[str] = field(default_factory=list)
    skipped: str | None = None
    imported_ids: list[str] = field(default_factory=list)
    deleted_ids: set[str] = field(default_factory=set)


class ContentWriter:
    def __init__(self, content_dir: Path):
        self.content = Path(content_dir)
        self._slugs_this_run: dict[str, str] = {}
        self._known: dict[str, str] | None = None

    def remove_temporaries(self) -> list[Path]:
        """Remove the temporary files an interrupted import left (`.NAME.xxxxxxxx.tmp`).

        Files are written under such a name and renamed when whole, so a killed import
        leaves at most these behind: never a half-written post or reactions file.
        """
        if not self.content.is_dir():
            return []
        stale = [
            path
            for path in sorted(self.content.rglob(".*.tmp"))
            if _TEMPORARY.fullmatch(path.name) and path.is_file() and not path.is_symlink()
        ]
        for path in stale:
            path.unlink(missing_ok=True)
        return stale

    def find(self, post_keys: list[str]) -> str | None:
        """The slug of a post in content/ known by one of these keys (URL or alias)."""
        if self._known is None:
            self._known = self._index()
        return next((self._known[key] for key in post_keys if key in self._known), None)

    def _index(self) -> dict[str, str]:
        """Keys of the posts in content/: from the import records, and for posts an
        editor wrote, from the URL in their front matter."""
        known: dict[str, str] = {}
        for path in sorted((self.content / RECORD_DIR).glob("*.json")):
            record = json.loads(path.read_text("utf-8"))
            for key in record.get("keys", []):
                known.setdefault(key, path.stem)
        for path in sorted((self.content / POSTS_DIR).glob("*/*.md")):
            try:
                front, _ = parse_post(path.read_text("utf-8"), str(path))
            except ContentFormatError:
                continue
            url = (front.get("source") or {}).get("url")
            if url:
                known.setdefault(normalise_url(url), front.get("slug") or path.stem)
        return known

    def add_reactions(self, slug: str, reactions: list[Reaction]) -> Written:
        """Merge reactions into a post already in content/, leaving the rest as it is."""
        record = self._record(slug) or {}
        current_path = self._current_path(slug, record)
        if current_path is None:
            return Written(slug, None, skipped="its file was deleted by an editor")
        imported = _reaction_documents(reactions)
        kept: list[str] = []
        merged, deleted = _merge_reactions(
            self._current_reactions(current_path, slug), record.get("reactions"), imported, kept
        )
        reactions_path = current_path.with_name(current_path.stem + ".reactions.yml")
        changed = atomic_write(reactions_path, render_reactions(current_path.stem, merged))
        if record:
            record["reactions"] = record.get("reactions", {}) | _reaction_hashes(imported)
            self._save_record(slug, record)
        return Written(
            slug,
            self._display(current_path),
            changed=changed,
            reactions=len(merged),
            kept=kept,
            imported_ids=[reaction["id"] for reaction in imported],
            deleted_ids=deleted,
        )

    def write(self, post: Post) -> Written:
        slug = self._slug_for(post)
        record = self._record(slug)
        imported_front, imported_body, imported_reactions = _documents(post, slug)

        current_path = self._current_path(slug, record)
        if record and current_path is None:
            return Written(slug, None, skipped="its file was deleted by an editor")
        if current_path is not None:
            current_front, current_body = parse_post(
                current_path.read_text("utf-8"), self._display(current_path)
            )
            current_reactions = self._current_reactions(current_path, slug)
        else:
            current_front, current_body, current_reactions = None, None, None

        kept: list[str] = []
        deleted: set[str] = set()
        record = record or {}
        if current_front is None:
            front, body = dict(imported_front), imported_body
            reactions = _sorted_reactions(imported_reactions)
        else:
            front = _merge_mapping(current_front, record.get("fields"), imported_front, kept)
            body = _merge_value(
                current_body, record.get("body", _hash(_MISSING)), imported_body, "body", kept
            )
            reactions, deleted = _merge_reactions(
                current_reactions, record.get("reactions"), imported_reactions, kept
            )
        if front.get("date") is not None:
            front.pop("date_not_after", None)

        path = self.content / POSTS_DIR / _folder(front) / f"{front.get('slug') or slug}.md"
        changed = atomic_write(path, render_post(ordered(front, FIELD_ORDER), body))
        reactions_path = path.with_name(path.stem + ".reactions.yml")
        changed |= atomic_write(
            reactions_path, render_reactions(front.get("slug") or slug, reactions)
        )
        if current_path is not None and current_path != path:
            current_path.unlink()
            old_reactions = current_path.with_name(current_path.stem + ".reactions.yml")
            old_reactions.unlink(missing_ok=True)
        new_record = {
            "source": post.source.url or post.source.file,
            "keys": keys(post),
            "file": path.relative_to(self.content).as_posix(),
            "fields": {key: _hash(value) for key, value in imported_front.items()},
            "body": _hash(imported_body),
            "reactions": _reaction_hashes(imported_reactions)
            | _deleted_reactions(record, imported_reactions),
        }
        self._save_record(slug, new_record)
        if self._known is not None:
            self._known.update({key: slug for key in keys(post)})
        return Written(
            slug,
            self._display(path),
            changed=changed,
            reactions=len(reactions),
            kept=kept,
            imported_ids=[reaction["id"] for reaction in imported_reactions],
            deleted_ids=deleted,
        )

    def location(self, post: Post) -> str:
        """Where the post is or will be, relative to content/: for links to it."""
        slug = self._slug_for(post)
        record = self._record(slug)
        if record:
            return record["file"]
        front = {"date": post.date, "date_not_after": post.date_not_after}
        return f"{POSTS_DIR}/{_folder(front)}/{slug}.md"

    def write_file(self, relative: str, data: bytes) -> bool:
        """Write an image or other file under content/, atomically; False if unchanged."""
        path = (self.content / relative).resolve()
        if not path.is_relative_to(self.content.resolve()):
            raise ValueError(f"{relative}: outside the content folder")
        if path.exists() and path.read_bytes() == data:
            return False
        return atomic_write_bytes(path, data)

    def slug_for(self, post: Post) -> str:
        return self._slug_for(post)

    def _slug_for(self, post: Post) -> str:
        """The post's slug, with a number added when another post already has it."""
        base = post.slug if post.slug and is_safe(post.slug) else slugify(post.slug or post.title)
        key = post.source.url or post.source.file
        slug, number = base, 1
        while True:
            owner = self._slugs_this_run.get(slug) or self._recorded_owner(slug)
            if owner in (None, key) and not (owner is None and self._another_post(slug, post)):
                self._slugs_this_run[slug] = key
                return slug
            number += 1
            slug = f"{base}-{number}"

    def _recorded_owner(self, slug: str) -> str | None:
        record = self._record(slug)
        return record["source"] if record else None

    def _record(self, slug: str) -> dict | None:
        """The import record of a post (see the module docstring), or None."""
        path = self.content / RECORD_DIR / f"{slug}.json"
        return json.loads(path.read_text("utf-8")) if path.exists() else None

    def _save_record(self, slug: str, record: dict) -> None:
        path = self.content / RECORD_DIR / f"{slug}.json"
        atomic_write(path, json.dumps(record, indent=1, sort_keys=True) + "\n")

    def _another_post(self, slug: str, post: Post) -> bool:
        """True when content/ holds a post with this slug and no record that is not this
        post (an editor's). One with this post's source is this post, written by an
        import that was killed before it wrote the record: it is completed."""
        path = self._find_post(slug)
        if path is None:
            return False
        try:
            front, _ = parse_post(path.read_text("utf-8"), self._display(path))
        except (ContentFormatError, UnicodeDecodeError):
            return True
        source = front.get("source")
        return not (
            isinstance(source, dict)
            and source.get("file") == clean_text(post.source.file)
            and source.get("url") == scrub(_web_address(post.source.url))
        )

    def _find_post(self, slug: str) -> Path | None:
        return next(iter(sorted((self.content / POSTS_DIR).glob(f"*/{slug}.md"))), None)

    def _current_path(self, slug: str, record: dict | None) -> Path | None:
        if record:
            recorded = self.content / record["file"]
            if recorded.exists():
                return recorded
        return self._find_post(slug)

    def _current_reactions(self, post_path: Path, slug: str) -> list[dict]:
        path = post_path.with_name(post_path.stem + ".reactions.yml")
        if not path.exists():
            return []
        data = load_yaml(path.read_text("utf-8"), self._display(path))
        if not isinstance(data, dict) or not isinstance(data.get("reactions"), list):
            raise ContentFormatError(f"{self._display(path)}:1: no 'reactions' list")
        return data["reactions"]

    def _display(self, path: Path) -> str:
        return str(path)


def _documents(post: Post, slug: str) -> tuple[dict, str, list[dict]]:
    """The post as the importer would write it: front matter, body, reactions.

    Every text passes through privacy.scrub: no e-mail or IP address is written; and
    through hygiene.clean_text: no character a content file cannot carry is written.
    """
    source = {
        "platform": post.source.platform,
        "url": scrub(_web_address(post.source.url)),
        "captured": post.source.captured,
        "file": clean_text(post.source.file),
    }
    front = {
        "title": scrub(clean_text(post.title)) or UNTITLED,
        "date": post.date,
        "author": scrub_author(clean_text(post.author)) or None,
        "category": clean_text(post.category) or None,
        "tags": _tags(post.tags),
        "slug": slug,
        "source": ordered(source, SOURCE_ORDER),
    }
    if post.date is None and post.date_not_after is not None:
        front["date_not_after"] = post.date_not_after
    if post.summary:
        front["summary"] = scrub(clean_text(post.summary))
    if post.views is not None:
        front["views"] = post.views
    reactions = _reaction_documents(post.reactions)
    return ordered(front, FIELD_ORDER), scrub(clean_text(post.body).strip("\n")) + "\n", reactions


def _tags(tags: list[str]) -> list[str]:
    """Each tag once, none empty: two tags may become one notice when scrubbed."""
    cleaned = (scrub(clean_text(tag)) for tag in tags)
    return list(dict.fromkeys(tag for tag in cleaned if tag and tag.strip()))


def _web_address(url: str | None) -> str | None:
    """Only a web address is a post's address (the schema says `^https?://`): never a
    `javascript:` or `data:` URL, nor one that is no URL at all ("http://[x")."""
    url = (clean_text(url) or "").strip()
    scheme, _, rest = url.partition(":")
    if scheme.lower() not in ("http", "https") or not rest.startswith("//"):
        return None
    try:
        urlsplit(url)
    except ValueError:
        return None
    return f"{scheme.lower()}:{rest}"


def _reaction_documents(reactions: list[Reaction]) -> list[dict]:
    documents, seen = [], {}
    for reaction in reactions:
        identifier = reaction.stable_id()
        seen[identifier] = seen.get(identifier, 0) + 1
        if seen[identifier] > 1:
            identifier = f"{identifier}-{seen[identifier]}"
        documents.append(
            {
                "id": identifier,
                "author": scrub_author(clean_text(reaction.author)) or None,
                "date": reaction.date,
                "parent": reaction.parent,
                "body": scrub(clean_text(reaction.body).strip("\n")),
            }
        )
    return documents


_MISSING = object()


def _merge_value(current, recorded_hash: str, imported, name: str, kept: list[str]):
    """The imported value, unless the file's value is not the one last imported."""
    current_hash = _hash(current)
    if current_hash in (recorded_hash, _hash(imported)):
        return imported
    kept.append(name)
    return current


def _merge_mapping(current: dict, recorded: dict | None, imported: dict, kept, prefix=""):
    recorded = recorded or {}
    merged = {}
    for key in list(imported) + [key for key in current if key not in imported]:
        value = _merge_value(
            current.get(key, _MISSING),
            recorded.get(key, _hash(_MISSING)),
            imported.get(key, _MISSING),
            prefix + key,
            kept,
        )
        if value is not _MISSING:
            merged[key] = value
    return merged


def _reaction_hashes(reactions: list[dict]) -> dict:
    return {
        reaction["id"]: {key: _hash(value) for key, value in reaction.items()}
        for reaction in reactions
    }


def _merge_reactions(current, recorded, imported, kept) -> tuple[list[dict], set[str]]:
    """The file's reactions merged with the imported ones, and the ids editors deleted."""
    recorded = recorded or {}
    deleted: set[str] = set()
    by_id = {reaction.get("id"): reaction for reaction in current}
    merged = []
    for reaction in imported:
        identifier = reaction["id"]
        if identifier in by_id:
            merged.append(
                ordered(
                    _merge_mapping(
                        by_id.pop(identifier),
                        recorded.get(identifier),
                        reaction,
                        kept,
                        prefix=f"reactions[{identifier}].",
                    ),
                    REACTION_ORDER,
                )
            )
        elif identifier in recorded:
            kept.append(f"reactions[{identifier}] (deleted)")
            deleted.add(identifier)
        else:
            merged.append(reaction)
    merged.extend(by_id.values())
    return _sorted_reactions(merged), deleted


def _deleted_reactions(record: dict | None, imported: list[dict]) -> dict:
    """Reactions an editor deleted stay in the record, so they stay deleted."""
    if not record:
        return {}
    present = {reaction["id"] for reaction in imported}
    return {key: value for key, value in record.get("reactions", {}).items() if key not in present}


def _sorted_reactions(reactions: list[dict]) -> list[dict]:
    def order(reaction):
        date = _canonical(reaction.get("date"))
        return (date is None, _as_utc(date) or "", str(reaction.get("id")))

    return sorted(reactions, key=order)


def _as_utc(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).timestamp()
    except (TypeError, ValueError):
        return None


def _folder(front: dict) -> str:
    for key in ("date", "date_not_after"):
        value = front.get(key)
        if isinstance(value, datetime):
            return f"{value.year:04d}"
        if isinstance(value, str) and value[:4].isdigit():
            return value[:4]
    return UNDATED_DIR


def _canonical(value):
    if value is _MISSING:
        return "\x00absent"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    if isinstance(value, str):
        return value.strip("\n") if "\n" in value else value
    return value


def _hash(value) -> str:
    text = json.dumps(_canonical(value), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
