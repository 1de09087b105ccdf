"""Ning's own export: the JSON files of the Ning Network Archiver (2010-2017).

The Archiver saved a network as one JSON file per kind of content, each an array of
objects, and a `-local` twin of each in which file addresses point into folders of
saved files beside it instead of `api.ning.com`:

    ning-blogs.json          ning-blogs-local.json          blogs/
    ning-discussions.json    ning-discussions-local.json    discussions/
    ning-members.json        ning-members-local.json        members/
    ning-pages.json, ning-notes.json, ning-groups.json, ning-photos.json,
    ning-videos.json, ning-events.json, ning-music.json (and their -local twins)

A blog post or a discussion is an object with `id` ("2003008:BlogPost:1234",
"2003008:Topic:5678"), `contributorName` (the member's screen name, an id such as
"1abcde2fgh3ij", not a name), `title` (HTML-escaped), `description` (the HTML body),
`createdDate`/`updatedDate` (ISO 8601 in UTC), `tags` (a list or a comma string),
for discussions `category` (the forum category, kept as the first tag), optionally
`url`, `publishStatus` and `approved`, and `comments`: objects with `id`
("2003008:Comment:9416"), `contributorName`, `description`, `createdDate` and, for
replies in a discussion, `parentCommentId` or `inReplyTo`. `ning-members.json` gives
each screen name its display name (`fullName`) among private fields (`email`,
`birthdate`...) that this reader never copies.

What becomes what:

- blog posts become posts in category "Blog", discussions posts in "Forum", with the
  alias "ning:<item id>"; their comments become reactions (origin id
  "ning:2003008:9416"), threaded through the parent id, in date order. Drafts, items
  not approved and malformed items (no title, no description, a date that is not
  one) are skipped and counted; a malformed one with a warning naming its record
  (counting from 1) and its id.
- authors get their display name from the `ning-members.json` (or its -local twin)
  in the same folder; a name it lacks stays the screen name, with one warning.
- the members file itself gives no posts, only a note that it was used.
- photos, videos, events, groups and music are not posts: their file gives a note
  saying what was not imported. Pages and notes are not imported either: they are
  the network's own pages (about, rules, a wiki), not members' posts with
  reactions, and the archive's own pages are written by its editors.
- dates are converted from UTC to Europe/Amsterdam. Bodies go through
  `to_markdown`: relative links are made absolute against the network's address
  when an item's `url` gives it; in a -local file, references into the saved
  folders (`discussions/abc.png`) stay relative to the JSON file's folder, where the
  import finds the saved files. Ning's "click to enlarge" links (an image in a link
  to the same file) become the image alone.

The Archiver often wrote damaged JSON. Where a file does not parse, these repairs are
made, in a loop (parse, recognise the damage at the error position, repair, parse
again), and listed with their counts in the reading's notes:

- a UTF-8 byte order mark at the start;
- the whole file wrapped in parentheses: `( [...] )`;
- missing commas between objects: `}{`, also with white space between;
- an array closed too early between objects: `}]{`, and opened too early: `}[{`;
- stray closing brackets at the end: `]]`;
- trailing commas before `]` or `}`.

None of these can occur in valid JSON outside a string, so once one is found it is
repaired everywhere outside strings (a string such as "a}{b" is never touched). A
file still not valid after that is an error naming the line and column.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from bs4 import BeautifulSoup

from importer.dates import AMSTERDAM
from importer.html import parse_fragment, to_markdown
from importer.model import Post, Reaction, Source
from importer.readers.base import (
    Document,
    Reader,
    ReaderError,
    Reading,
    decode_text,
    looks_like_html,
)
from importer.urls import urljoin, urlsplit

_FILE_NAME = re.compile(r"ning-(?P<kind>[a-z]+)(?P<rest>[^/]*)\.json", re.IGNORECASE)
_CATEGORIES = {"blogs": "Blog", "discussions": "Forum"}
_KIND_OF_TYPE = {
    "BlogPost": "blogs",
    "Topic": "discussions",
    "Photo": "photos",
    "Video": "videos",
    "Event": "events",
    "Group": "groups",
    "Page": "pages",
    "Note": "notes",
    "User": "members",
    "Track": "music",
}
_WHY_NOT_IMPORTED = {
    "pages": "they are the network's own pages, not members' posts",
    "notes": "they are the network's own pages, not members' posts",
}
_SAVED_FOLDERS = {
    "blogs", "discussions", "events", "groups", "members", "music", "notes", "pages",
    "photos", "videos",
}  # fmt: skip
_MEMBERS_FILES = ("ning-members.json", "ning-members-local.json")
_COMMENT_ID = re.compile(r"^(\d+):Comment:(\d+)$")
_PARENT_FIELDS = ("parentCommentId", "inReplyTo", "parentId")
_NOT_APPROVED = {"n", "no", "false", "0"}
_PUBLISHED = {"publish", "published"}
_BOM = b"\xef\xbb\xbf"
_MAX_REPAIRS = 100
_SHOWN_NAMES = 10
_EARLIEST = datetime.min.replace(tzinfo=UTC)


class NingArchiveReader(Reader):
    name = "ning-json"

    def __init__(self) -> None:
        self._members: dict[tuple, _Members] = {}

    def accepts(self, document: Document) -> bool:
        if looks_like_html(document.content, document.media_type):
            return False
        if any(_FILE_NAME.fullmatch(name) for name in _names(document)):
            return True
        return _looks_like_an_export(document.content)

    def read(self, document: Document) -> Reading:
        items, notes, warnings = load_json(document.content)
        if not isinstance(items, list):
            raise ReaderError("not a Ning archive: the JSON is not an array of objects")
        reading = Reading(warnings=warnings, notes=notes)
        kind = _file_kind(document) or _content_kind(items)
        if kind == "members":
            members = sum(isinstance(item, dict) and "contributorName" in item for item in items)
            reading.notes.append(
                f"member list: {_count(members, 'member')}, used for display names"
            )
        elif kind is not None and kind not in _CATEGORIES:
            reading.notes.append(_not_imported(kind, items))
        else:
            _Export(document, kind, self._members_beside(document), reading).read(items)
        return reading

    def _members_beside(self, document: Document) -> _Members | None:
        """The display names of the members file in the document's folder, if any."""
        path = Path(document.path.partition("#")[0])
        if not path.is_file():
            return None
        folder = path.resolve().parent
        members_file = next((folder / n for n in _MEMBERS_FILES if (folder / n).is_file()), None)
        if members_file is None:
            return None
        stat = members_file.stat()
        key = (members_file, stat.st_mtime_ns, stat.st_size)
        if key not in self._members:
            self._members[key] = _Members.load(members_file)
        return self._members[key]


# Loading and repairing


def load_json(content: bytes) -> tuple[object, list[str], list[str]]:
    """The parsed JSON, the notes on what was repaired, and decoding warnings.

    Raises ReaderError when the JSON is not valid even after the repairs.
    """
    repairs: Counter[str] = Counter()
    if content.startswith(_BOM):
        content = content[len(_BOM) :]
        repairs["a byte order mark at the start"] += 1
    text, warnings = decode_text(content)
    for _ in range(_MAX_REPAIRS):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            text = _repair(text, error, repairs)
        else:
            notes = [f"repaired: {what} ({count})" for what, count in repairs.items()]
            return data, notes, warnings
    raise ReaderError("not valid JSON: too many repairs")


def _repair(text: str, error: json.JSONDecodeError, repairs: Counter[str]) -> str:
    """The text with the damage at the error's position repaired, or ReaderError."""
    for repair in _REPAIRS:
        found = repair(text, error.pos)
        if found is not None:
            what, repaired, count = found
            if count and repaired != text:
                repairs[what] += count
                return repaired
    raise ReaderError(
        f"not valid JSON even after repairs: line {error.lineno} column {error.colno}: {error.msg}"
    )


def _parentheses(text: str, position: int):
    start = len(text) - len(text.lstrip())
    if position != start or not text.startswith("(", start):
        return None
    inner = text[start + 1 :].rstrip()
    inner = inner.removesuffix(";").rstrip().removesuffix(")")
    return "the whole file wrapped in parentheses", text[:start] + inner, 1


def _missing_commas(text: str, position: int):
    if _at(text, position) != "{" or _before(text, position) != "}":
        return None
    repaired, count = _outside_strings(re.compile(r"\}(\s*)\{"), r"},\1{", text)
    return "missing commas between objects", repaired, count


def _array_closed_early(text: str, position: int):
    before = _before(text, position)
    if _at(text, position) != "{" or before != "]":
        return None
    if _before(text, text.rindex("]", 0, position)) != "}":
        return None
    repaired, count = _outside_strings(re.compile(r"\}(\s*)\](\s*)\{"), r"}\1,\2{", text)
    return "an array closed too early between objects (}]{)", repaired, count


def _array_opened_early(text: str, position: int):
    if _at(text, position) != "[" or _before(text, position) != "}":
        return None
    repaired, count = _outside_strings(re.compile(r"\}(\s*)\[(\s*)\{"), r"}\1,\2{", text)
    return "an array opened too early between objects (}[{)", repaired, count


def _stray_brackets(text: str, position: int):
    if _at(text, position) != "]" or text[position:].strip().strip(")];"):
        return None
    start = _skip_space(text, position)
    return "stray closing brackets at the end", text[:start] + text[start + 1 :], 1


def _trailing_commas(text: str, position: int):
    if _at(text, position) not in {"]", "}"} or _before(text, position) != ",":
        return None
    repaired, count = _outside_strings(re.compile(r",(\s*[\]}])"), r"\1", text)
    return "trailing commas", repaired, count


_REPAIRS = (
    _parentheses,
    _missing_commas,
    _array_closed_early,
    _array_opened_early,
    _stray_brackets,
    _trailing_commas,
)
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def _outside_strings(pattern: re.Pattern, replacement: str, text: str) -> tuple[str, int]:
    """`pattern.subn` applied only to the text between JSON strings."""
    parts, count, last = [], 0, 0
    for string in _STRING.finditer(text):
        between, found = pattern.subn(replacement, text[last : string.start()])
        parts += [between, string.group()]
        count += found
        last = string.end()
    tail, found = pattern.subn(replacement, text[last:])
    return "".join([*parts, tail]), count + found


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _at(text: str, position: int) -> str:
    position = _skip_space(text, position)
    return text[position] if position < len(text) else ""


def _before(text: str, position: int) -> str:
    stripped = text[:position].rstrip()
    return stripped[-1] if stripped else ""


# What a file holds


def _names(document: Document) -> list[str]:
    names = [PurePosixPath(document.path.partition("#")[0].replace("\\", "/")).name]
    if document.url:
        names.append(PurePosixPath(urlsplit(document.url).path).name)
    return names


def _file_kind(document: Document) -> str | None:
    """The kind of content the file's name says (`ning-blogs.json`: blogs), if known."""
    for name in _names(document):
        match = _FILE_NAME.fullmatch(name)
        if match and match.group("kind").lower() in _KIND_OF_TYPE.values():
            return match.group("kind").lower()
    return None


def _is_local(document: Document) -> bool:
    return any(
        "-local" in match.group("rest").lower()
        for name in _names(document)
        if (match := _FILE_NAME.fullmatch(name))
    )


def _looks_like_an_export(content: bytes) -> bool:
    """An array of objects with `contributorName` and `createdDate`, after repairs."""
    head = content[:64].removeprefix(_BOM).lstrip()
    if not head.startswith((b"[", b"(")):
        return False
    if b'"contributorName"' not in content or b'"createdDate"' not in content:
        return False
    try:
        items, _, _ = load_json(content)
    except ReaderError:
        return False
    return isinstance(items, list) and any(
        isinstance(item, dict) and "contributorName" in item and "createdDate" in item
        for item in items
    )


def _content_kind(items: list) -> str | None:
    """'members' for a member list not named as one; None when each item says."""
    objects = [item for item in items if isinstance(item, dict)]
    no_titles = all("title" not in item for item in objects)
    if objects and no_titles and any("fullName" in item for item in objects):
        return "members"
    return None


def _item_kind(item: dict) -> str | None:
    parts = str(item.get("id") or "").split(":")
    return _KIND_OF_TYPE.get(parts[1]) if len(parts) == 3 else None


def _not_imported(kind: str, items: list) -> str:
    objects = [item for item in items if isinstance(item, dict)]
    comments = sum(len(_comments(item)) for item in objects)
    why = _WHY_NOT_IMPORTED.get(kind, "only blog posts and discussions become posts")
    return (
        f"{kind} not imported ({_count(len(objects), 'item')}, "
        f"{_count(comments, 'comment')}): {why}"
    )


def _comments(item: dict) -> list:
    comments = item.get("comments")
    if isinstance(comments, dict):
        return [comments]
    return comments if isinstance(comments, list) else []


# Display names


@dataclass
class _Members:
    """Display names by screen name, from a members file; nothing else is kept."""

    file: str
    names: dict[str, str] = field(default_factory=dict)
    problem: str | None = None

    @classmethod
    def load(cls, path: Path) -> _Members:
        try:
            members, _, _ = load_json(path.read_bytes())
        except (OSError, ReaderError) as error:
            return cls(path.name, problem=f"{path.name} beside this file cannot be read: {error}")
        names = {}
        for member in members if isinstance(members, list) else []:
            if not isinstance(member, dict):
                continue
            screen_name, full_name = member.get("contributorName"), member.get("fullName")
            if isinstance(screen_name, str) and isinstance(full_name, str) and full_name.strip():
                names[screen_name.strip()] = " ".join(html.unescape(full_name).split())
        return cls(path.name, names)


# Posts and reactions


class _Export:
    """The blog posts or discussions of one file, read into a Reading."""

    def __init__(
        self, document: Document, kind: str | None, members: _Members | None, reading: Reading
    ):
        self.document = document
        self.kind = kind
        self.members = members
        self.reading = reading
        self.local = _is_local(document)
        self.base_url: str | None = None
        self.unresolved: set[str] = set()
        self.not_posts: Counter[str] = Counter()

    def read(self, items: list) -> None:
        self.base_url = _network_address(items)
        for index, item in enumerate(items, 1):
            self._item(index, item)
        for kind, count in sorted(self.not_posts.items()):
            self.reading.notes.append(f"{kind} not imported: {_count(count, 'item')}")
        self._warn_unresolved()

    def _item(self, index: int, item) -> None:
        if not isinstance(item, dict):
            self._skip(f"record {index}", "not an object", [], warn=True)
            return
        if self.kind is None and _item_kind(item) not in (None, *_CATEGORIES):
            self.not_posts[_item_kind(item)] += 1
            return
        label = f"record {index} ({item.get('id') or 'no id'})"
        reason = _not_published(item)
        if reason:
            self._skip(label, reason, _comments(item), warn=False)
            return
        try:
            post = self._post(item, label)
        except _Malformed as problem:
            self._skip(label, problem.reason, _comments(item), warn=True, detail=str(problem))
            return
        self.reading.posts.append(post)

    def _skip(self, label, reason, comments, warn: bool, detail: str | None = None) -> None:
        self.reading.skipped_posts[reason] += 1
        if comments:
            self.reading.skipped_reactions["post skipped"] += len(comments)
        if warn:
            self.reading.warnings.append(f"{label}: {detail or reason}; skipped")

    def _post(self, item: dict, label: str) -> Post:
        title = _text(item.get("title"))
        if not title:
            raise _Malformed("no title")
        if not isinstance(item.get("description"), str):
            raise _Malformed("no description")
        date = _date(item.get("createdDate"))
        author = self._author(item.get("contributorName"))
        if author is None:
            self.reading.warnings.append(f"{label}: no author; author left empty")
        if date is None:
            self.reading.warnings.append(f"{label}: no date; date left empty")
        url = item.get("url") if _is_web_address(item.get("url")) else None
        return Post(
            title=title,
            author=author,
            date=date,
            body=self._markdown(item["description"]),
            category=self._category(item),
            tags=_tags(item),
            source=Source(platform="ning", file=self.document.path, url=url, captured=None),
            reactions=self._reactions(item, label),
            aliases=[f"ning:{item['id']}"] if item.get("id") else [],
        )

    def _category(self, item: dict) -> str | None:
        return _CATEGORIES.get(_item_kind(item) or "") or _CATEGORIES.get(self.kind or "")

    def _reactions(self, item: dict, label: str) -> list[Reaction]:
        by_id: dict[str, Reaction] = {}
        replies: list[tuple[Reaction, str, str]] = []
        reactions = []
        for position, comment in enumerate(_comments(item), 1):
            where = f"{label}, comment {position}"
            reaction = self._reaction(comment, where)
            if reaction is None:
                continue
            reaction.id = reaction.stable_id()
            reactions.append(reaction)
            for key in _comment_keys(comment.get("id")):
                by_id.setdefault(key, reaction)
            parent = _parent_id(comment)
            if parent and parent != str(item.get("id")):
                replies.append((reaction, parent, where))
        for reaction, parent, where in replies:
            self._thread(reaction, parent, by_id, where)
        reactions.sort(key=lambda r: (r.date is None, r.date or _EARLIEST))
        return reactions

    def _reaction(self, comment, where: str) -> Reaction | None:
        if not isinstance(comment, dict):
            return self._skip_reaction("not an object", where)
        if reason := _not_published(comment):
            return self._skip_reaction(reason, None)
        description = comment.get("description")
        body = self._markdown(description) if isinstance(description, str) else ""
        if not body.strip():
            return self._skip_reaction("no text", None)
        try:
            date = _date(comment.get("createdDate"))
        except _Malformed as problem:
            return self._skip_reaction("bad date", f"{where}: {problem}")
        author = self._author(comment.get("contributorName"))
        if date is None:
            self.reading.warnings.append(f"{where}: no date; date left empty")
        return Reaction(
            author=author, date=date, body=body, origin_id=_origin_id(comment.get("id"))
        )

    def _skip_reaction(self, reason: str, warning: str | None) -> None:
        self.reading.skipped_reactions[reason] += 1
        if warning:
            self.reading.warnings.append(f"{warning}; skipped")
        return None

    def _thread(self, reaction: Reaction, parent: str, by_id: dict, where: str) -> None:
        found = next((by_id[key] for key in _comment_keys(parent) if key in by_id), None)
        if found is None or found is reaction:
            self.reading.warnings.append(
                f"{where}: answers comment {parent}, which is not in the export; "
                "shown as a reaction to the post"
            )
            return
        reaction.parent = found.id

    def _author(self, screen_name) -> str | None:
        if not isinstance(screen_name, str) or not screen_name.strip():
            return None
        screen_name = screen_name.strip()
        name = self.members.names.get(screen_name) if self.members else None
        if name:
            return name
        self.unresolved.add(screen_name)
        return screen_name

    def _warn_unresolved(self) -> None:
        if not self.unresolved:
            return
        count = _count(len(self.unresolved), "author")
        if self.members is None:
            self.reading.warnings.append(
                f"no ning-members.json beside this file: {count} shown by their screen name"
            )
            return
        if self.members.problem:
            self.reading.warnings.append(self.members.problem)
        shown = sorted(self.unresolved)
        listed = ", ".join(shown[:_SHOWN_NAMES]) + (", ..." if len(shown) > _SHOWN_NAMES else "")
        self.reading.warnings.append(
            f"{count} not in {self.members.file}, shown by their screen name: {listed}"
        )

    def _markdown(self, description: str) -> str:
        soup = parse_fragment(description)
        _unwrap_enlarge_links(soup)
        if self.local:
            _local_references(soup, self.base_url)
            return to_markdown(str(soup))
        return to_markdown(str(soup), base_url=self.base_url)


class _Malformed(ValueError):
    """An item or comment that cannot be read; `reason` is what the report counts."""

    def __init__(self, reason: str, detail: str | None = None):
        super().__init__(detail or reason)
        self.reason = reason


def _not_published(item: dict) -> str | None:
    status = item.get("publishStatus")
    if isinstance(status, str) and status.strip() and status.strip().lower() not in _PUBLISHED:
        return "draft" if status.strip().lower() == "draft" else f"not published ({status})"
    approved = item.get("approved")
    if approved is False or str(approved).strip().lower() in _NOT_APPROVED:
        return "not approved"
    return None


def _date(value) -> datetime | None:
    """An ISO 8601 moment (UTC unless it says otherwise) in Amsterdam time."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        moment = datetime.fromisoformat(value.strip()) if isinstance(value, str) else None
    except ValueError as error:
        raise _Malformed("bad date", f"bad date {value!r} ({error})") from None
    if moment is None:
        raise _Malformed("bad date", f"bad date {value!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(AMSTERDAM).replace(microsecond=0)
    except OverflowError:  # year 9999 or 1 moved past the calendar's edge
        raise _Malformed("bad date", f"bad date {value!r} (out of range)") from None


def _text(value) -> str:
    """A plain-text field (the export escaped it as HTML) as text on one line."""
    return " ".join(html.unescape(value).split()) if isinstance(value, str) else ""


def _tags(item: dict) -> list[str]:
    tags = item.get("tags")
    if isinstance(tags, str):
        tags = tags.split(",")
    if not isinstance(tags, list):
        tags = []
    category = item.get("category")
    if isinstance(category, str) and category.strip().lower() not in {"", "uncategorized"}:
        tags = [category, *tags]
    found = [_text(tag) for tag in tags if isinstance(tag, str)]
    return list(dict.fromkeys(tag for tag in found if tag))


def _comment_keys(comment_id) -> list[str]:
    """The ways a comment id is written: "2003008:Comment:9416" and "9416"."""
    if comment_id is None or comment_id == "":
        return []
    text = str(comment_id).strip()
    match = _COMMENT_ID.match(text)
    return [text, match.group(2)] if match else [text]


def _parent_id(comment: dict) -> str | None:
    for name in _PARENT_FIELDS:
        value = comment.get(name)
        if value not in (None, ""):
            return str(value).strip()
    return None


def _origin_id(comment_id) -> str | None:
    if comment_id is None or comment_id == "":
        return None
    match = _COMMENT_ID.match(str(comment_id).strip())
    return f"ning:{match.group(1)}:{match.group(2)}" if match else f"ning:{comment_id}"


def _is_web_address(value) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def _network_address(items: list) -> str | None:
    """The network's address, from the first item that has a `url`."""
    for item in items:
        url = item.get("url") if isinstance(item, dict) else None
        if _is_web_address(url) and urlsplit(url).netloc:
            parts = urlsplit(url)
            return f"{parts.scheme}://{parts.netloc}/"
    return None


def _unwrap_enlarge_links(soup: BeautifulSoup) -> None:
    """Ning's "click to enlarge": an image in a link to the same file becomes the image."""
    for link in soup.find_all("a"):
        children = [child for child in link.contents if str(child).strip()]
        image = children[0] if len(children) == 1 else None
        if image is None or getattr(image, "name", None) != "img":
            continue
        if _file_of(link.get("href")) and _file_of(link.get("href")) == _file_of(image.get("src")):
            link.replace_with(image)


def _file_of(reference) -> str:
    return urlsplit(reference or "").path.strip()


def _local_references(soup: BeautifulSoup, base_url: str | None) -> None:
    """A -local body: saved files stay relative, other relative links go to the site."""
    for element, attribute in [(a, "href") for a in soup.find_all("a")] + [
        (img, "src") for img in soup.find_all("img")
    ]:
        reference = (element.get(attribute) or "").strip()
        if not reference or urlsplit(reference).scheme or reference.startswith("//"):
            continue
        path = reference.replace("\\", "/").removeprefix("./")
        if path.split("/")[0] in _SAVED_FOLDERS:
            element[attribute] = quote(path, safe="/?=&%#;,+@:")
        elif base_url:
            element[attribute] = urljoin(base_url, reference)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
