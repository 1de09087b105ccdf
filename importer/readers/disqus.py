"""Disqus comment exports (XML): the reactions of every thread, for posts that live elsewhere.

The export (namespace `http://disqus.com`, ids in `dsq:id` attributes of
`http://disqus.com/disqus-internals`) is a root `<disqus>` holding, in this order:

- `<category dsq:id>`s: not read;
- `<thread dsq:id>`s, one per page that showed comments: `<id>` the site's own
  identifier (may be empty; the WordPress plugin writes "123 http://example.org/?p=123"),
  `<link>` the page's address, `<title>`, `<createdAt>`, `<author>`, `<isDeleted>`,
  `<isClosed>`, `<ipAddress>`...;
- `<post dsq:id>`s, the comments: `<message>` (HTML, in CDATA), `<createdAt>` (UTC,
  "2013-07-02T06:59:12Z"), `<isDeleted>`, `<isSpam>`, `<author>` (`<name>`,
  `<isAnonymous>`, `<username>`), `<ipAddress>`, `<thread dsq:id>` the thread it belongs
  to, and `<parent dsq:id>` the comment it answers, if any.

Each thread with at least one reaction to import becomes a `reactions_only` post: no
body, the thread's title, its address as `source.url` and its identifiers as
`aliases`. The reader cannot see content/: the import merges such a post into the
archived post with the same normalised URL or a shared alias, and reports the
threads it could not place.

Decisions:

- The thread's address: the fragment (`#disqus_thread`) and tracking parameters
  (`utm_*`, `fbclid`, `replytocom`, WordPress `preview`...) are dropped. Other query
  parameters are dropped from a pretty path (`/2013/07/post/?foo=1`) but kept where
  the path alone does not name a page (`/?p=123`, `/index.php?p=123`,
  `/viewtopic.php?t=5`), so that two threads never share an address by accident; any
  address with a query is also kept as an alias.
- Aliases: the thread identifier, qualified by the thread's host (identifiers are
  only unique within one site); for the WordPress plugin's "<number> <url>" also
  the url, which is how a WordPress export or page of the post knows it too.
- A comment is a reaction with `origin_id` "disqus:<dsq:id>". Dates are UTC (a date
  without an offset too) and moved to Europe/Amsterdam. The author is the display
  name (`<name>`), also for anonymous guests; an e-mail address in it is removed, and a
  name that was only an address is no name (None). `<email>`, `<ipAddress>` and
  `<username>` are never read.
- Reactions are in date order. Each gets its stable id (`Reaction.stable_id`, with
  "-2" added when a comment was posted twice) and its parent's id from `<parent>`.
- Deleted and spam comments are skipped and counted ("deleted", "spam"), as are
  comments whose thread is not in the export ("thread not in the export") and
  comments repeated under the same id. A reply to a skipped comment hangs under the
  nearest kept comment above it, or at the top level, with a warning; so does a reply
  to a comment the export lacks.
- Threads are not posts: a thread without reactions to import is left out and only
  noted; `skipped_posts` stays empty. A thread marked deleted still gives its
  reactions (the comments themselves were not deleted), with a note.
- Links through Disqus's redirector (`disq.us/url?url=...:hash`) point at their target.
- XML that is not well formed is an error with the parser's line. DTD entities are
  not expanded and nothing is fetched from the network.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlunsplit

from lxml import etree

from importer.dates import AMSTERDAM
from importer.html import to_markdown
from importer.model import Post, Reaction, Source
from importer.privacy import EMAIL
from importer.readers.base import Document, Reader, ReaderError, Reading
from importer.urls import urlsplit

_DISQUS = "http://disqus.com"
_INTERNALS = "http://disqus.com/disqus-internals"
_NS = {"d": _DISQUS}
_DSQ_ID = f"{{{_INTERNALS}}}id"
_ROOT = f"{{{_DISQUS}}}disqus"

_PROLOG = re.compile(
    rb"\s*(?:(?:<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)\s*)*"
    rb"<(?:(?P<prefix>[\w.-]+):)?disqus(?=[\s/>])(?P<attributes>[^>]*)>",
    re.DOTALL,
)
_WORDPRESS_IDENTIFIER = re.compile(r"^(?P<number>\d+)\s+(?P<url>https?://\S+)$")
_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_hs\w+|"
    r"replytocom|cpage|amp|preview|preview_id|preview_nonce|share|shared)$",
    re.IGNORECASE,
)
# Paths that do not name a page by themselves: the query does (`/?p=123`).
_QUERY_NAMES_PAGE = re.compile(r"(?:^/?$|/index\.\w+$|\.(?:php\d?|aspx?|cgi|jsp|pl|cfm)$)", re.I)
_HREF = re.compile(
    r"""(?P<name>\bhref\s*=\s*)(?P<quote>["'])(?P<value>.*?)(?P=quote)""", re.I | re.S
)
# disq.us/url?url=<target>:<hash>: the hash is a SHA-1 in unpadded base64url.
_REDIRECT_HASH = re.compile(r":[\w-]{27}$")
_NAME_LEFTOVERS = " \t<>()[]\"',;:"
_TRUE = {"true", "1", "yes"}
_EXAMPLES = 5


class DisqusReader(Reader):
    name = "disqus"

    def accepts(self, document: Document) -> bool:
        return _is_export(document.content)

    def read(self, document: Document) -> Reading:
        root = _parse(document.content)
        if root.tag != _ROOT:
            raise ReaderError(f"not a Disqus export: the root element is {root.tag!r}")
        return _Export(root, document).reading()


def _is_export(content: bytes) -> bool:
    """True when the first element is `<disqus>` in the Disqus namespace."""
    head = content[:8192].removeprefix(b"\xef\xbb\xbf")
    match = _PROLOG.match(head)
    if match is None:
        return False
    prefix = b":" + match["prefix"] if match["prefix"] else b""
    declaration = rb"\bxmlns" + re.escape(prefix) + rb"\s*=\s*[\"']http://disqus\.com/?[\"']"
    return re.search(declaration, match["attributes"]) is not None


def _parse(content: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise ReaderError(f"not well-formed XML: {error.msg}", line=error.lineno) from None


@dataclass
class _Thread:
    dsq_id: str
    identifier: str
    link: str
    url: str | None
    title: str
    deleted: bool
    comments: list[_Comment] = field(default_factory=list)


@dataclass
class _Comment:
    dsq_id: str | None
    parent_id: str | None
    reaction: Reaction


class _Export:
    def __init__(self, root: etree._Element, document: Document):
        self.root = root
        self.document = document
        self.result = Reading()
        self.threads = self._threads()
        self.parents: dict[str, str | None] = {}
        self.skipped: dict[str, str] = {}
        self.unknown: dict[str, list[str]] = defaultdict(list)
        self.orphaned_threads: dict[str, int] = defaultdict(int)
        self.redirects = 0

    def reading(self) -> Reading:
        for element in self.root.findall("d:post", _NS):
            self._comment(element)
        for thread in self.threads.values():
            if thread.comments:
                self.result.posts.append(self._post(thread))
        self._report()
        return self.result

    # The threads

    def _threads(self) -> dict[str, _Thread]:
        threads: dict[str, _Thread] = {}
        for element in self.root.findall("d:thread", _NS):
            dsq_id = _dsq_id(element)
            if dsq_id is None or dsq_id in threads:
                what = "without an id" if dsq_id is None else f"{dsq_id} repeated"
                self.result.warnings.append(f"thread {what}: ignored")
                continue
            link = _text(element, "d:link")
            threads[dsq_id] = _Thread(
                dsq_id=dsq_id,
                identifier=_text(element, "d:id"),
                link=link,
                url=_page_address(link),
                title=html.unescape(_text(element, "d:title")),
                deleted=_is_true(element, "d:isDeleted"),
            )
        return threads

    def _post(self, thread: _Thread) -> Post:
        if thread.url is None:
            self.result.warnings.append(
                f"thread {thread.dsq_id} ({thread.title!r}): no web address "
                f"({thread.link!r}); it can only be placed by its identifier"
            )
        source = Source(platform="disqus", file=self.document.path, url=thread.url, format="disqus")
        return Post(
            title=thread.title,
            body="",
            source=source,
            reactions=self._thread_reactions(thread),
            aliases=_aliases(thread),
            reactions_only=True,
        )

    # The comments

    def _comment(self, element: etree._Element) -> None:
        """Keep the comment in its thread, or count why it is skipped."""
        dsq_id = _dsq_id(element)
        parent = element.find("d:parent", _NS)
        parent_id = _dsq_id(parent) if parent is not None else None
        if dsq_id is not None and dsq_id in self.parents:
            self.result.skipped_reactions["repeated in the export"] += 1
            return
        if dsq_id is not None:
            self.parents[dsq_id] = parent_id
        if reason := self._skip_reason(element):
            self.result.skipped_reactions[reason] += 1
            if dsq_id is not None:
                self.skipped[dsq_id] = reason
            return
        thread = self.threads[_thread_id(element)]
        reaction = self._reaction(element, dsq_id, thread)
        thread.comments.append(_Comment(dsq_id, parent_id, reaction))

    def _skip_reason(self, element: etree._Element) -> str | None:
        if _is_true(element, "d:isDeleted"):
            return "deleted"
        if _is_true(element, "d:isSpam"):
            return "spam"
        thread_id = _thread_id(element)
        if thread_id not in self.threads:
            self.orphaned_threads[thread_id or "(none)"] += 1
            return "thread not in the export"
        return None

    def _reaction(self, element: etree._Element, dsq_id: str | None, thread: _Thread) -> Reaction:
        what = f"disqus:{dsq_id}" if dsq_id else "a comment without an id"
        message, unwrapped = _unwrap_redirects(_content(element, "d:message"))
        self.redirects += unwrapped
        body = to_markdown(message, base_url=thread.url)
        author = self._author(element, what)
        date = _date(_text(element, "d:createdAt"))
        if date is None:
            self.unknown["no valid date; date left empty"].append(what)
        if not body:
            self.unknown["no text"].append(what)
        return Reaction(
            author=author,
            date=date,
            body=body,
            origin_id=f"disqus:{dsq_id}" if dsq_id else None,
        )

    def _author(self, element: etree._Element, what: str) -> str | None:
        name = _text(element, "d:author/d:name")
        if EMAIL.search(name):
            name = EMAIL.sub("", name).strip(_NAME_LEFTOVERS)
            if not name:
                self.unknown["an e-mail address as author name; author left empty"].append(what)
                return None
        if not name:
            self.unknown["no author name; author left empty"].append(what)
        return name or None

    # Threading

    def _thread_reactions(self, thread: _Thread) -> list[Reaction]:
        """The thread's reactions in date order, each with its id and its parent's."""
        comments = sorted(thread.comments, key=lambda comment: _sort_key(comment.reaction))
        _assign_ids([comment.reaction for comment in comments])
        kept = {c.dsq_id: c.reaction.id for c in comments if c.dsq_id is not None}
        for comment in comments:
            comment.reaction.parent = self._parent(comment, kept, thread)
        return [comment.reaction for comment in comments]

    def _parent(self, comment: _Comment, kept: dict[str, str], thread: _Thread) -> str | None:
        """The id of the kept comment this one answers, or of the nearest one above it."""
        parent_id = comment.parent_id
        if parent_id is None:
            return None
        if parent_id in kept:
            return kept[parent_id]
        ancestor = self._nearest_kept(parent_id, kept)
        where = f"attached to disqus:{ancestor}" if ancestor else "made a top-level reaction"
        self.result.warnings.append(
            f"disqus:{comment.dsq_id} in {thread.title or thread.dsq_id!r}: the comment it "
            f"answers (disqus:{parent_id}) {self._why_not_kept(parent_id)}; {where}"
        )
        return kept[ancestor] if ancestor else None

    def _why_not_kept(self, dsq_id: str) -> str:
        if dsq_id not in self.parents:
            return "is not in the export"
        if dsq_id in self.skipped:
            return f"was skipped ({self.skipped[dsq_id]})"
        return "is in another thread"

    def _nearest_kept(self, dsq_id: str, kept: dict[str, str]) -> str | None:
        seen: set[str] = set()
        current: str | None = dsq_id
        while current is not None and current not in seen:
            if current in kept:
                return current
            seen.add(current)
            current = self.parents.get(current)
        return None

    # What is worth saying

    def _report(self) -> None:
        warnings, notes = self.result.warnings, self.result.notes
        if self.orphaned_threads:
            total = sum(self.orphaned_threads.values())
            ids = ", ".join(sorted(self.orphaned_threads)[:_EXAMPLES])
            warnings.append(
                f"{total} {_plural(total, 'comment')} in threads not in the export "
                f"(thread {ids}): skipped"
            )
        for problem, whats in self.unknown.items():
            examples = ", ".join(whats[:_EXAMPLES]) + (", ..." if len(whats) > _EXAMPLES else "")
            warnings.append(
                f"{len(whats)} {_plural(len(whats), 'reaction')}: {problem} ({examples})"
            )
        empty = sum(1 for thread in self.threads.values() if not thread.comments)
        if empty:
            notes.append(f"{empty} {_plural(empty, 'thread')} without reactions to import left out")
        deleted = [t for t in self.threads.values() if t.deleted and t.comments]
        if deleted:
            titles = ", ".join(repr(t.title or t.dsq_id) for t in deleted[:_EXAMPLES])
            notes.append(f"threads marked deleted in Disqus, reactions read all the same: {titles}")
        if self.redirects:
            notes.append(
                f"{self.redirects} {_plural(self.redirects, 'link')} through disq.us unwrapped"
            )


def _assign_ids(reactions: list[Reaction]) -> None:
    """Every reaction's stable id, numbered when two share one (a comment posted twice)."""
    counts: dict[str, int] = defaultdict(int)
    for reaction in reactions:
        identifier = reaction.stable_id()
        counts[identifier] += 1
        reaction.id = (
            identifier if counts[identifier] == 1 else f"{identifier}-{counts[identifier]}"
        )


def _sort_key(reaction: Reaction):
    return (reaction.date is None, reaction.date or datetime.min.replace(tzinfo=UTC))


# Addresses and identifiers


def _page_address(link: str) -> str | None:
    """The thread's page address, without fragment, tracking and (mostly) query."""
    cleaned = _without_noise(link)
    if cleaned is None:
        return None
    parts = urlsplit(cleaned)
    if _QUERY_NAMES_PAGE.search(parts.path):
        return cleaned
    return urlunsplit(parts._replace(query=""))


def _without_noise(link: str) -> str | None:
    """The link without its fragment and tracking parameters; None when not a web address."""
    parts = urlsplit(link.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    kept = [
        parameter
        for parameter in parts.query.split("&")
        if parameter and not _TRACKING.match(parameter.split("=", 1)[0])
    ]
    return urlunsplit(parts._replace(query="&".join(kept), fragment=""))


def _aliases(thread: _Thread) -> list[str]:
    host = urlsplit(thread.link or "").netloc.lower().removeprefix("www.")
    site = f"{host} " if host else ""
    aliases = [f"disqus-identifier:{site}{thread.identifier}"] if thread.identifier else []
    if match := _WORDPRESS_IDENTIFIER.match(thread.identifier):
        aliases.append(match["url"])
    with_query = _without_noise(thread.link)
    if with_query and urlsplit(with_query).query:
        aliases.append(with_query)
    return list(dict.fromkeys(aliases))


def _unwrap_redirects(message: str) -> tuple[str, int]:
    """The message with links through disq.us pointing at their target, and how many."""
    count = 0

    def unwrap(match: re.Match) -> str:
        nonlocal count
        target = _redirect_target(html.unescape(match["value"]))
        if target is None:
            return match.group(0)
        count += 1
        return f"{match['name']}{match['quote']}{html.escape(target, quote=True)}{match['quote']}"

    return _HREF.sub(unwrap, message), count


def _redirect_target(href: str) -> str | None:
    parts = urlsplit(href.strip())
    host = parts.netloc.lower()
    if not (host == "disq.us" or host.endswith(".disq.us")) or parts.path not in {"", "/", "/url"}:
        return None
    target = _REDIRECT_HASH.sub("", parse_qs(parts.query).get("url", [""])[0])
    return target if target.startswith(("http://", "https://")) else None


# Elements


def _dsq_id(element: etree._Element) -> str | None:
    return (element.get(_DSQ_ID) or "").strip() or None


def _thread_id(element: etree._Element) -> str | None:
    thread = element.find("d:thread", _NS)
    return _dsq_id(thread) if thread is not None else None


def _content(element: etree._Element, path: str) -> str:
    """The text inside the child at `path`; an entity a DTD declares stays as written."""
    found = element.find(path, _NS)
    return "".join(found.itertext()) if found is not None else ""


def _text(element: etree._Element, path: str) -> str:
    return " ".join(_content(element, path).split())


def _is_true(element: etree._Element, path: str) -> bool:
    return _text(element, path).lower() in _TRUE


def _date(stamp: str) -> datetime | None:
    """A Disqus date: UTC (also without an offset), in Amsterdam time."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.replace(microsecond=0).astimezone(AMSTERDAM)
    except OverflowError:  # year 9999 or 1 moved past the calendar's edge
        return None


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else noun + "s"
