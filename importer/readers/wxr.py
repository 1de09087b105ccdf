"""WordPress export files (WXR): every published post and page, with its comments.

A WordPress site exports itself (Tools > Export) as one RSS file in the namespace
`http://wordpress.org/export/1.x/`: WXR 1.0, 1.1 and 1.2 differ only in what they add
(1.1 the author list, 1.2 term ids), so one reader reads all three. The file holds
every item of the site, published or not, and every comment, shown or not; this
reader takes what the site showed its visitors and counts the rest.

What becomes what:

- A published `post` becomes a Post with category "Artikel" (as the HTML reader reads
  WordPress articles); a published `page` one with category "Pagina", so that an
  editor can tell the two apart. Drafts, pending, private, scheduled (`future`),
  trashed and auto-drafts are skipped and counted by status ("draft", "pending",
  "private", "scheduled", "trash", "auto-draft"); so is a published post behind a
  password ("password-protected"): its visitors never saw it without the password.
  Attachments, menu items and other post types are not posts: they are counted in a
  note, and attachments are used to resolve the images of the posts.
- An item without `wp:status` or `wp:post_type` (hand-made or truncated exports) is
  read as a published post, and a note says how many were; a comment without
  `wp:comment_approved` as approved.
- Author: `dc:creator` is the author's login; the reader shows the display name of the
  `wp:author` with that login, the login only when there is no display name (WXR 1.0
  has no author list). No e-mail address, IP address, author URL or user id is ever
  read: `_PRIVATE` lists the elements that are skipped unread.
- Date: `wp:post_date_gmt` (UTC) moved to Europe/Amsterdam, else `wp:post_date` read as
  Amsterdam time, else the item's `pubDate`; `0000-00-00 00:00:00` means unknown.
- Tags: the categories (`domain="category"`, or no domain in WXR 1.0), then the tags
  (`domain="post_tag"`, `"tag"` in WXR 1.0), each once, without the default category
  ("Uncategorized", "Geen categorie"), as in the HTML reader.
- Address: `link` is the source URL. The guid and `?p=ID` (and `?page_id=ID` for a
  page) on the blog's address are aliases, so the same post found as a saved page or
  named by a Disqus thread identifier ("123 http://blog/?p=123") is recognised. A bare
  post id is not an alias: ids are only unique within one site.
- Slug: the post's own `wp:post_name`, made safe; the summary: the excerpt as plain
  text, when there is one. The export time (the channel's `pubDate`) is the capture
  time when the input knows none.

The body goes the way WordPress showed it:

1. Gutenberg's block comments (`<!-- wp:paragraph -->`) are removed. Content made of
   blocks is already HTML with its paragraphs, and WordPress does not run wpautop on
   it; neither does this reader.
2. A YouTube or Vimeo (or other video or slide site) URL alone on its line, which
   WordPress showed as an embedded player, becomes a link to it.
3. Shortcodes: `[caption]` becomes a figure with its caption (written as a paragraph
   with `{: .caption }`), `[gallery]` the images of its attachments, `[embed]` a link.
   Any other shortcode is removed with a warning naming it. The text between an
   enclosing pair is kept (`[su_box]text[/su_box]`, `[quote]`, a BBCode `[b]`):
   what a visitor read must not be lost, and an editor can remove what is left.
   Only for shortcodes whose content is not text (audio and video players, forms,
   playlists: `_NOT_TEXT`) is it dropped. A word in brackets is a shortcode only when
   it is a known one, has a closing tag or attributes, or has a `-` or `_` in its name,
   so that "[sic]" or "[1]" stays text.
4. `wpautop`: WordPress's rules for paragraphs and line breaks, a faithful port.
5. Images are pointed at their attachment's full-size file: an `<img>` showing a
   resized copy (`photo-300x200.jpg`), or whose class names the attachment
   (`wp-image-12`), and links to an attachment's page.
6. `to_markdown`, with the post's link as base URL.

Comments: only approved ones (`wp:comment_approved` "1") are reactions; pending
("pending"), spam and trash are skipped and counted by reason, pingbacks and
trackbacks ("pingback", "trackback") too, as in the HTML reader, and any other comment
type (a webmention, a shop's order note) under its type; the comments of a skipped
post are counted as "post not published". Replies are threaded by
`wp:comment_parent`; a reply to a skipped or missing comment answers the nearest kept
ancestor, or the post, with a warning. A comment's date is `wp:comment_date_gmt`,
else `wp:comment_date`; its body goes through wpautop and, as WordPress shows
comments, bare URLs become links. WordPress's typographic quotes and smilies are not
applied: the text stays as it was written.

The XML is parsed by lxml without resolving entities and without network access, and
a file that declares entities (which no WordPress export does) is refused, so no
entity expansion ("billion laughs") or external entity can happen. Control characters
that XML forbids, which old exports contain, are removed with a note.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import unquote

from bs4 import BeautifulSoup, NavigableString
from lxml import etree

from importer.dates import AMSTERDAM, DateError
from importer.html import parse_fragment, to_markdown
from importer.markdown_text import paragraph
from importer.model import Post, Reaction, Source
from importer.privacy import scrub_author
from importer.readers.base import Document, Reader, ReaderError, Reading
from importer.slugs import slugify
from importer.urls import urljoin, urlsplit

VERSIONS = ("1.0", "1.1", "1.2")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
_EXPORT_NS = re.compile(r"^https?://wordpress\.org/export/([^/]*)/?$")
_EXCERPT_NS = re.compile(r"^https?://wordpress\.org/export/[^/]*/excerpt/?$")

_SNIFF_BYTES = 16384
_PROLOG = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.S | re.I)
_RSS_ROOT = re.compile(rb"\s*<rss[\s>]")
_EXPORT_DECLARATION = re.compile(rb"""=\s*["']https?://wordpress\.org/export/""")
_XML_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Elements about people that are never read, so that they cannot reach content/.
_PRIVATE = {
    "author_email", "author_id", "comment_author_email", "comment_author_IP",
    "comment_author_url", "comment_user_id", "post_author",
}  # fmt: skip
_POST_TYPES = {"post": "Artikel", "page": "Pagina"}
_SKIPPED_STATUSES = {"future": "scheduled"}
_UNAPPROVED = {"0": "pending", "spam": "spam", "trash": "trash", "post-trashed": "trash"}
_COMMENT_TYPES = {"", "comment"}
_DEFAULT_CATEGORIES = {
    "uncategorized", "uncategorised", "geen categorie", "ongecategoriseerd",
    "nicht kategorisiert",
}  # fmt: skip
_UNTITLED = "Zonder titel"
_RSS_YEAR = re.compile(r"(?<![-\d])(\d{4})(?!\d)")
_WP_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$")
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
_TAG = re.compile(r"<[^>]*>")
_TEXT_BREAKS = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/blockquote)\b[^>]*>", re.I)


class WxrReader(Reader):
    name = "wxr"

    def accepts(self, document: Document) -> bool:
        head = document.content[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")
        head = _PROLOG.sub(b"", head)
        return bool(_RSS_ROOT.match(head) and _EXPORT_DECLARATION.search(head))

    def read(self, document: Document) -> Reading:
        reading = Reading()
        root = _parse(document.content, reading)
        return _Export(root, document, reading).read()


# The XML


def _parse(content: bytes, reading: Reading) -> etree._Element:
    """The document's root, safely parsed; ReaderError (with the line) when it is not XML."""
    content, removed = _XML_FORBIDDEN.subn(b"", content)
    if removed:
        reading.notes.append(f"repaired: {removed} control characters that XML forbids removed")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_pis=True
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise ReaderError(f"not well-formed XML: {error.msg}", line=error.lineno) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and next(dtd.iterentities(), None) is not None:
        raise ReaderError("the file declares XML entities, which no WordPress export does")
    if etree.QName(root).localname != "rss":
        raise ReaderError(f"not a WordPress export: the root element is <{root.tag}>")
    return root


def _namespaces(root: etree._Element, channel: etree._Element) -> dict[str | None, str]:
    """Namespace URI -> the prefix this reader uses for it; checks the export's version."""
    declared = {uri for element in (root, channel) for uri in element.nsmap.values()}
    exports = sorted(uri for uri in declared if _EXPORT_NS.match(uri))
    if not exports:
        raise ReaderError("not a WordPress export: no wordpress.org/export namespace")
    known = [uri for uri in exports if _EXPORT_NS.match(uri)[1] in VERSIONS]
    if not known:
        version = _EXPORT_NS.match(exports[0])[1] or "none"
        raise ReaderError(
            f"unknown WordPress export version {version!r} ({exports[0]}); "
            f"this reader knows {', '.join(VERSIONS)}"
        )
    wp = known[-1]
    excerpt = next(
        (uri for uri in declared if _EXCERPT_NS.match(uri)), wp.rstrip("/") + "/excerpt/"
    )
    return {wp: "wp", excerpt: "excerpt", CONTENT_NS: "content", DC_NS: "dc", None: ""}


def _fields(element: etree._Element, prefixes: dict[str | None, str]) -> dict[str, str]:
    """The element's simple children as {"wp:post_id": "18", "title": ...}, the first of each.

    Children with children of their own (comments, post meta) are not fields; nor are
    the private ones, which are never read.
    """
    found: dict[str, str] = {}
    for child in element:
        if not isinstance(child.tag, str) or len(child):
            continue
        name = etree.QName(child)
        prefix = prefixes.get(name.namespace)
        if prefix is None or name.localname in _PRIVATE:
            continue
        key = f"{prefix}:{name.localname}" if prefix else name.localname
        found.setdefault(key, (child.text or "").strip())
    return found


class _Export:
    def __init__(self, root: etree._Element, document: Document, reading: Reading):
        channel = root.find("channel")
        if channel is None:
            raise ReaderError("not a WordPress export: no <channel>")
        self.prefixes = _namespaces(root, channel)
        self.wp = next(uri for uri, prefix in self.prefixes.items() if prefix == "wp")
        self.document = document
        self.reading = reading
        site = _fields(channel, self.prefixes)
        address = site.get("wp:base_blog_url") or site.get("wp:base_site_url") or site.get("link")
        self.base_url = address.rstrip("/") if address else None
        self.captured = document.captured or _rfc822(site.get("pubDate"))
        self.authors = self._authors(channel)
        self.items = [(item, _fields(item, self.prefixes)) for item in channel.findall("item")]
        attachments = [
            self._attachment(item, fields)
            for item, fields in self.items
            if _kind(fields)[0] == "attachment"
        ]
        self.attachments = _Attachments(attachments, self.base_url)

    def read(self) -> Reading:
        resources: Counter[str] = Counter()
        assumed: Counter[str] = Counter()
        for item, fields in self.items:
            kind, kind_given = _kind(fields)
            if kind not in _POST_TYPES:
                resources[kind] += 1
                continue
            if not kind_given:
                assumed["wp:post_type"] += 1
            if not fields.get("wp:status"):
                assumed["wp:status"] += 1
            if reason := _skip_reason(fields):
                self.reading.skipped_posts[reason] += 1
                comments = len(item.findall(self._wp("comment")))
                self.reading.skipped_reactions["post not published"] += comments
                continue
            self.reading.posts.append(self._post(item, fields, kind))
        self._notes(resources, assumed)
        return self.reading

    def _notes(self, resources: Counter[str], assumed: Counter[str]) -> None:
        if resources:
            listed = ", ".join(_plural(count, kind) for kind, count in sorted(resources.items()))
            self.reading.notes.append(f"{listed} read as resources, not posts")
        if assumed["wp:status"]:
            self.reading.notes.append(
                f"{_plural(assumed['wp:status'], 'item')} without wp:status read as published"
            )
        if assumed["wp:post_type"]:
            self.reading.notes.append(
                f"{_plural(assumed['wp:post_type'], 'item')} without wp:post_type read as posts"
            )

    def _wp(self, name: str) -> str:
        return f"{{{self.wp}}}{name}"

    def _authors(self, channel: etree._Element) -> dict[str, str]:
        """Login -> the name the site showed (the display name, else the login)."""
        names = {}
        for author in channel.findall(self._wp("author")):
            fields = _fields(author, self.prefixes)
            login = fields.get("wp:author_login", "")
            if login:
                names[login] = _plain(fields.get("wp:author_display_name", "")) or login
        return names

    def _attachment(self, item: etree._Element, fields: dict[str, str]) -> _Attachment:
        entries = [_fields(meta, self.prefixes) for meta in item.findall(self._wp("postmeta"))]
        meta = {entry.get("wp:meta_key"): entry.get("wp:meta_value", "") for entry in entries}
        return _Attachment(
            id=fields.get("wp:post_id", ""),
            url=fields.get("wp:attachment_url") or fields.get("guid", ""),
            page=fields.get("link", ""),
            guid=fields.get("guid", ""),
            parent=fields.get("wp:post_parent", ""),
            order=_number(fields.get("wp:menu_order")),
            caption=fields.get("excerpt:encoded", ""),
            alt=_plain(meta.get("_wp_attachment_image_alt") or ""),
        )

    # A post

    def _post(self, item: etree._Element, fields: dict[str, str], kind: str) -> Post:
        title = _plain(fields.get("title", ""))
        if not title:
            title = _UNTITLED
            self.reading.warnings.append(
                f"item {fields.get('wp:post_id') or fields.get('link') or '?'} has no title; "
                f"titled {_UNTITLED!r}"
            )
        what = repr(title)
        link = fields.get("link") or None
        post = Post(
            title=title,
            body=self._body(fields.get("content:encoded", ""), fields, link, what),
            source=Source(
                platform="wordpress",
                file=self.document.path,
                url=link,
                captured=self.captured,
                format=WxrReader.name,
            ),
            slug=_slug(fields.get("wp:post_name", "")),
            date=self._post_date(fields, what),
            author=self._author(fields.get("dc:creator", "")),
            category=_POST_TYPES[kind],
            tags=_tags(item),
            summary=_summary(fields.get("excerpt:encoded", "")),
            aliases=self._aliases(fields, kind),
        )
        post.reactions = self._reactions(item, link, what)
        self._warn_unknowns(post, what)
        return post

    def _body(self, content: str, fields: dict[str, str], link: str | None, what: str) -> str:
        shortcodes = _Shortcodes(self.attachments, fields.get("wp:post_id", ""))
        markup = post_html(content, shortcodes)
        for name, text_kept in sorted(shortcodes.removed.items()):
            kept = ", its text kept" if text_kept else ""
            self.reading.warnings.append(f"{what}: shortcode [{name}] removed{kept}")
        for missing in shortcodes.missing:
            self.reading.warnings.append(
                f"{what}: [gallery] shows attachment {missing}, which is not in the export"
            )
        return _markdown(self.attachments.resolve(markup, link), link)

    def _post_date(self, fields: dict[str, str], what: str) -> datetime | None:
        moment = self._date(fields, "wp:post_date_gmt", "wp:post_date", what)
        return moment or _rfc822(fields.get("pubDate"))

    def _date(self, fields: dict[str, str], gmt: str, local: str, what: str) -> datetime | None:
        for key, zone in ((gmt, UTC), (local, AMSTERDAM)):
            try:
                if moment := wp_datetime(fields.get(key, ""), zone):
                    return moment
            except DateError as error:
                self.reading.warnings.append(f"{what}: {key} {error}")
        return None

    def _author(self, login: str) -> str | None:
        login = login.strip()
        return scrub_author(self.authors.get(login) or login) or None

    def _aliases(self, fields: dict[str, str], kind: str) -> list[str]:
        post_id, guid = fields.get("wp:post_id", ""), fields.get("guid", "")
        aliases = [guid] if guid.startswith(("http://", "https://")) else []
        if post_id and self.base_url:
            aliases.append(f"{self.base_url}/?p={post_id}")
            if kind == "page":
                aliases.append(f"{self.base_url}/?page_id={post_id}")
        return list(dict.fromkeys(aliases))

    def _warn_unknowns(self, post: Post, what: str) -> None:
        if post.author is None:
            self.reading.warnings.append(f"{what}: the export names no author; author left empty")
        if post.date is None:
            bound = post.date_not_after
            limit = f" (not after {bound.isoformat()})" if bound else ""
            self.reading.warnings.append(
                f"{what}: the export gives no date; date left empty{limit}"
            )

    # Its comments

    def _reactions(self, item: etree._Element, link: str | None, what: str) -> list[Reaction]:
        comments = [
            _fields(element, self.prefixes) for element in item.findall(self._wp("comment"))
        ]
        by_id: dict[str, dict[str, str]] = {}
        kept: dict[str, Reaction] = {}
        skipped: dict[str, str] = {}
        read: list[tuple[dict[str, str], Reaction]] = []
        for comment in comments:
            number = comment.get("wp:comment_id", "")
            by_id.setdefault(number, comment)
            if reason := _comment_skip_reason(comment):
                self.reading.skipped_reactions[reason] += 1
                skipped.setdefault(number, reason)
                continue
            reaction = self._reaction(comment, number, link, what)
            kept.setdefault(number, reaction)
            read.append((comment, reaction))
        reactions = sorted((reaction for _, reaction in read), key=_chronological)
        _give_ids(reactions)
        for comment, reaction in read:
            reaction.parent = self._parent(comment, by_id, kept, skipped, what)
        return reactions

    def _reaction(self, comment: dict[str, str], number: str, link, what: str) -> Reaction:
        name = f"{what}: comment {number or '?'}"
        given = _plain(comment.get("wp:comment_author", ""))
        author = scrub_author(given) or None
        if author is None:
            why = "the author's name is an address" if given else "no author name"
            self.reading.warnings.append(f"{name}: {why}; author left empty")
        date = self._date(comment, "wp:comment_date_gmt", "wp:comment_date", name)
        if date is None:
            self.reading.warnings.append(f"{name}: no date; date left empty")
        body = _markdown(make_clickable(wpautop(comment.get("wp:comment_content", ""))), link)
        return Reaction(
            author=author,
            date=date,
            body=body,
            origin_id=f"wordpress:{number}" if number else None,
        )

    def _parent(self, comment: dict[str, str], by_id, kept, skipped, what: str) -> str | None:
        """The id of the reaction a comment answers: its parent, else the nearest kept one."""
        number = comment.get("wp:comment_id", "")
        first = _parent_number(comment)
        parent, seen = first, {number}
        while parent and parent not in seen:
            if parent in kept:
                if parent != first:
                    outcome = f"attached to comment {parent}"
                    self._warn_reattached(number, first, skipped, outcome, what)
                return kept[parent].id
            if parent not in by_id:
                break
            seen.add(parent)
            parent = _parent_number(by_id[parent])
        if first:
            self._warn_reattached(number, first, skipped, "made a reaction to the post", what)
        return None

    def _warn_reattached(self, number: str, parent: str, skipped, outcome: str, what: str):
        why = f"skipped ({skipped[parent]})" if parent in skipped else "not in the export"
        self.reading.warnings.append(
            f"{what}: comment {number} answers comment {parent}, which is {why}; {outcome}"
        )


def _kind(fields: dict[str, str]) -> tuple[str, bool]:
    """The item's post type, and whether the export gave one."""
    kind = fields.get("wp:post_type", "")
    return (kind or "post"), bool(kind)


def _skip_reason(fields: dict[str, str]) -> str | None:
    status = fields.get("wp:status", "") or "publish"
    if status != "publish":
        return _SKIPPED_STATUSES.get(status, status)
    return "password-protected" if fields.get("wp:post_password") else None


def _comment_skip_reason(comment: dict[str, str]) -> str | None:
    """Why a comment is not a reaction (its approval, then its type), or None."""
    approval = comment.get("wp:comment_approved") or "1"
    if approval != "1":
        return _UNAPPROVED.get(approval, approval)
    kind = comment.get("wp:comment_type", "")
    return None if kind in _COMMENT_TYPES else kind


def _parent_number(comment: dict[str, str]) -> str | None:
    parent = comment.get("wp:comment_parent", "").strip()
    return parent if parent not in ("", "0") else None


def _chronological(reaction: Reaction):
    number = (reaction.origin_id or "").rpartition(":")[2]
    stamp = reaction.date.timestamp() if reaction.date else 0.0
    return (reaction.date is None, stamp, int(number) if number.isdigit() else 0)


def _give_ids(reactions: list[Reaction]) -> None:
    """Each reaction's stable id, numbered when two share one (as the writer does)."""
    seen: Counter[str] = Counter()
    for reaction in reactions:
        identifier = reaction.stable_id()
        seen[identifier] += 1
        reaction.id = identifier if seen[identifier] == 1 else f"{identifier}-{seen[identifier]}"


def _tags(item: etree._Element) -> list[str]:
    categories, tags = [], []
    for element in item.findall("category"):
        domain = element.get("domain")
        name = _plain(element.text or "")
        if domain in (None, "category"):
            categories.append(name)
        elif domain in ("post_tag", "tag"):
            tags.append(name)
    chosen, seen = [], set()
    for name in categories + tags:
        key = name.casefold()
        if name and key not in seen and key not in _DEFAULT_CATEGORIES:
            seen.add(key)
            chosen.append(name)
    return chosen


def _summary(excerpt: str) -> str | None:
    text = _plain(excerpt)
    return paragraph(text) if text else None


def _slug(post_name: str) -> str | None:
    name = unquote(post_name).strip()
    return slugify(name) if name else None


# Dates


def wp_datetime(text: str, zone=AMSTERDAM) -> datetime | None:
    """A WordPress date ("2014-01-14 17:31:03") in `zone`, as Amsterdam time.

    Empty and `0000-00-00 00:00:00` (WordPress's "no date") are None; anything else
    that is not a date is a DateError.
    """
    text = text.strip()
    if not text or text.startswith("0000-00-00"):
        return None
    match = _WP_DATE.match(text)
    if match is None:
        raise DateError(f"is not a date: {text!r}")
    try:
        moment = datetime(*(int(part or 0) for part in match.groups()), tzinfo=zone)
        return moment.astimezone(AMSTERDAM)
    except (ValueError, OverflowError) as error:
        raise DateError(f"is not a valid date: {text!r} ({error})") from None


def _rfc822(text: str | None) -> datetime | None:
    """An RSS date (`Tue, 14 Jan 2014 17:31:03 +0000`), or None.

    WordPress dates an unpublished item `Mon, 30 Nov -0001`, which Python would read
    as a year of this century: the year must be written out, and be the one read.
    """
    text = (text or "").strip()
    year = _RSS_YEAR.search(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if year is None or moment is None or moment.year != int(year[1]) or moment.year < 1990:
        return None
    try:
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(AMSTERDAM)
    except OverflowError:  # year 9999 moved past the calendar's edge
        return None


# The body


def post_html(content: str, shortcodes: _Shortcodes) -> str:
    """A post's content as WordPress showed it: blocks, embeds, shortcodes, paragraphs."""
    blocks = "<!-- wp:" in content
    content = _BLOCK_COMMENT.sub("", content)
    content = _embed_links(content)
    content = shortcodes.expand(content)
    return content if blocks else wpautop(content)


_EMBED_HOSTS = (
    "youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com", "dailymotion.com",
    "slideshare.net", "soundcloud.com", "flickr.com", "speakerdeck.com", "ted.com",
)  # fmt: skip
_URL_LINE = re.compile(r"^([ \t]*)(https?://[^\s<>\"]+)([ \t]*)$", re.M)
_URL_PARAGRAPH = re.compile(r"(<p(?: [^>]*)?>\s*)(https?://[^\s<>\"]+)(\s*</p>)", re.I)


def _embed_links(content: str) -> str:
    """A video site's URL alone on its line (an embedded player in WordPress) as a link."""

    def link(match: re.Match) -> str:
        url = match[2]
        host = (urlsplit(url).hostname or "").lower()
        if not any(host == known or host.endswith("." + known) for known in _EMBED_HOSTS):
            return match[0]
        return f"{match[1]}{_anchor(url)}{match[3]}"

    return _URL_PARAGRAPH.sub(link, _URL_LINE.sub(link, content))


def _anchor(url: str) -> str:
    address = html.escape(url)
    return f'<a href="{address}">{address}</a>'


# Shortcodes

_SHORTCODE = re.compile(
    r"\[(?P<escaped>\[)?(?P<closing>/)?(?P<name>[A-Za-z][\w-]*)(?=[\s\]/=])"
    r"(?P<attributes>[^\[\]]*?)(?P<self_closing>/)?\]"
)
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
_CAPTION_IMAGE = re.compile(r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.I | re.S)
_KNOWN_SHORTCODES = {
    "caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist",
    "contact-form", "contact-field", "gravityform", "youtube", "vimeo", "googlemaps",
    "slideshare", "soundcloud", "scribd", "polldaddy", "crowdsignal", "twitter", "tweet",
    "instagram", "archives", "sitemap", "wpvideo", "fvplayer",
}  # fmt: skip
# Shortcodes whose content is not text a visitor read: media players, forms.
_NOT_TEXT = {
    "audio", "video", "playlist", "embed", "contact-form", "contact-field", "gravityform",
    "wpvideo", "fvplayer", "googlemaps", "soundcloud",
}  # fmt: skip
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|bmp|svg)$", re.I)


class _Shortcodes:
    """Expands a post's shortcodes; says which were removed and which attachments are missing."""

    def __init__(self, attachments: _Attachments, post_id: str):
        self.attachments = attachments
        self.post_id = post_id
        self.removed: dict[str, bool] = {}  # name -> whether its text was kept
        self.missing: list[str] = []

    def expand(self, text: str) -> str:
        parts, position = [], 0
        while match := _SHORTCODE.search(text, position):
            name = match["name"].lower()
            content, end = self._content(match, text)
            if not _is_shortcode(name, match, content):
                parts.append(text[position : match.start() + 1])
                position = match.start() + 1
                continue
            parts.append(text[position : match.start()])
            closing_bracket = text.startswith("]", end)
            if match["escaped"] and closing_bracket:  # [[name]] is the text [name]
                parts.append(text[match.start() + 1 : end])
                position = end + 1
                continue
            parts.append((match["escaped"] or "") + self._render(name, match, content))
            position = end
        parts.append(text[position:])
        return "".join(parts)

    def _content(self, match: re.Match, text: str) -> tuple[str | None, int]:
        """The text between `[name]` and `[/name]`, or None; and where the shortcode ends."""
        if match["closing"] or match["self_closing"]:
            return None, match.end()
        closer = text.find(f"[/{match['name']}]", match.end())
        if closer == -1:
            return None, match.end()
        return text[match.end() : closer], closer + len(match["name"]) + 3

    def _render(self, name: str, match: re.Match, content: str | None) -> str:
        attributes = _attributes(match["attributes"])
        if match["closing"]:
            return ""  # a closing tag without its opening one
        if name in ("caption", "wp_caption"):
            return self._caption(attributes, content or "")
        if name == "gallery":
            return self._gallery(attributes)
        if name == "embed" and content and content.strip().startswith(("http://", "https://")):
            return _anchor(content.strip())
        keep = content is not None and name not in _NOT_TEXT
        self.removed[name] = self.removed.get(name, False) or keep
        return self.expand(content) if keep else ""

    def _caption(self, attributes: dict[str, str], content: str) -> str:
        """`[caption]<img/> text[/caption]` (or `caption="text"`) as a figure."""
        image, caption = content, attributes.get("caption")
        if caption is None and (found := _CAPTION_IMAGE.search(content)):
            image, caption = found[1], found[2].strip()
        caption = self.expand(caption or "").strip()
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f"<figure>{self.expand(image)}{figcaption}</figure>"

    def _gallery(self, attributes: dict[str, str]) -> str:
        wanted = attributes.get("ids") or attributes.get("include")
        if wanted:
            numbers = [number.strip() for number in wanted.split(",") if number.strip()]
            self.missing.extend(n for n in numbers if n not in self.attachments.by_id)
            shown = [self.attachments.by_id[n] for n in numbers if n in self.attachments.by_id]
        else:
            shown = self.attachments.children(self.post_id)
        excluded = {n.strip() for n in attributes.get("exclude", "").split(",")}
        return "".join(attachment.figure() for attachment in shown if attachment.id not in excluded)


def _is_shortcode(name: str, match: re.Match, content: str | None) -> bool:
    """True for a shortcode; false for a word in brackets ("[sic]")."""
    return (
        name in _KNOWN_SHORTCODES
        or content is not None
        or "-" in name
        or "_" in name
        or (not match["closing"] and "=" in match["attributes"])
    )


def _attributes(text: str) -> dict[str, str]:
    return {
        found[1].lower(): next(value for value in found.groups()[1:] if value is not None)
        for found in _ATTRIBUTE.finditer(text)
    }


# Attachments


@dataclass
class _Attachment:
    id: str
    url: str
    page: str
    guid: str
    parent: str
    order: int
    caption: str
    alt: str

    def figure(self) -> str:
        image = f'<img src="{html.escape(self.url)}" alt="{html.escape(self.alt)}" />'
        caption = f"<figcaption>{self.caption}</figcaption>" if self.caption.strip() else ""
        return f"<figure>{image}{caption}</figure>"


_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
_SCALED_SUFFIX = re.compile(r"-scaled(?=\.[A-Za-z0-9]+$)")
_ATTACHMENT_CLASS = re.compile(r"^wp-image-(\d+)$")


class _Attachments:
    """The export's attachments, found by id, by file URL (also resized) or by page."""

    def __init__(self, attachments: list[_Attachment], base_url: str | None):
        self.by_id = {attachment.id: attachment for attachment in attachments if attachment.id}
        self.all = attachments
        self.by_address: dict[str, _Attachment] = {}
        for attachment in attachments:
            addresses = [
                attachment.url,
                _SCALED_SUFFIX.sub("", attachment.url),
                attachment.page,
                attachment.guid,
                f"{base_url}/?attachment_id={attachment.id}" if base_url else "",
            ]
            for address in addresses:
                if address:
                    self.by_address.setdefault(_url_key(address), attachment)

    def children(self, post_id: str) -> list[_Attachment]:
        """The images attached to a post, in their gallery order ([gallery] without ids)."""
        images = [a for a in self.all if a.parent == post_id and _IMAGE_FILE.search(a.url)]
        return sorted(images, key=lambda a: (a.order, _number(a.id)))

    def find(self, address: str, base: str | None) -> _Attachment | None:
        """The attachment an address shows: its file, a resized copy, or its page."""
        absolute = urljoin(base or "", address.strip())
        plain = absolute.split("?")[0].split("#")[0]
        for candidate in (absolute, plain, _SIZE_SUFFIX.sub("", plain)):
            if found := self.by_address.get(_url_key(candidate)):
                return found
        return None

    def resolve(self, markup: str, base: str | None) -> str:
        """Images and attachment links pointed at the full-size file; figures prepared."""
        if not self.by_address and "<figure" not in markup:
            return markup
        soup = parse_fragment(markup)
        for image in soup.find_all("img"):
            attachment = self.find(image.get("src", ""), base) or self._by_class(image)
            if attachment and attachment.url:
                image["src"] = attachment.url
                if not image.get("alt") and attachment.alt:
                    image["alt"] = attachment.alt
        for link in soup.find_all("a", href=True):
            if (attachment := self.find(link["href"], base)) and attachment.url:
                link["href"] = attachment.url
        _prepare_figures(soup)
        return str(soup)

    def _by_class(self, image) -> _Attachment | None:
        for name in image.get("class", []):
            if (found := _ATTACHMENT_CLASS.match(name)) and found[1] in self.by_id:
                return self.by_id[found[1]]
        return None


def _url_key(address: str) -> str:
    """An address without scheme, `www.`, trailing slash and fragment."""
    parts = urlsplit(address.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"


# To Markdown

_CAPTION_MARK = "wxrcaptionmark"
_CAPTION_END = re.compile(rf"[ \t]*{_CAPTION_MARK}[ \t]*(?=\n|$)")


def _prepare_figures(soup: BeautifulSoup) -> None:
    """Each image of a figure in a paragraph of its own, its caption a marked paragraph."""
    for figure in soup.find_all("figure"):
        for caption in figure.find_all("figcaption"):
            if caption.get_text(strip=True):
                caption.name = "p"
                caption.append(" " + _CAPTION_MARK)
            else:
                caption.decompose()
        for image in figure.find_all("img"):
            holder = image.parent if image.parent.name == "a" else image
            if holder.parent is not None and holder.parent.name != "p":
                holder.wrap(soup.new_tag("p"))


def _markdown(markup: str, base_url: str | None) -> str:
    """Markdown for the HTML; a figure's caption becomes a paragraph with `{: .caption }`."""
    markdown = to_markdown(markup, base_url=base_url)
    markdown = _CAPTION_END.sub("\n{: .caption }", markdown)
    return markdown.replace(_CAPTION_MARK, "")


_BARE_URL = re.compile(r"(?<![\w/.@=\"'])(?:https?://|www\.)[^\s<>\"']+", re.I)
_URL_TRAILING = ".,;:!?'\")"


def make_clickable(markup: str) -> str:
    """Bare URLs as links, as WordPress shows them in comments; not inside links or code."""
    if not _BARE_URL.search(markup):
        return markup
    soup = parse_fragment(markup)
    for text in soup.find_all(string=_BARE_URL):
        if type(text) is not NavigableString or text.find_parent(["a", "pre", "code"]):
            continue
        text.replace_with(*_linked(str(text), soup))
    return str(soup)


def _linked(text: str, soup: BeautifulSoup) -> list:
    nodes, position = [], 0
    for match in _BARE_URL.finditer(text):
        url = _without_trailing(match[0])
        if url.endswith(("://", "www.", "www")):
            continue
        link = soup.new_tag("a", href=url if "://" in url else f"http://{url}")
        link.string = url
        nodes += [text[position : match.start()], link]
        position = match.start() + len(url)
    nodes.append(text[position:])
    return [node for node in nodes if node != ""]


def _without_trailing(url: str) -> str:
    """The URL without the punctuation after it (a closing parenthesis only if unbalanced)."""
    while url and url[-1] in _URL_TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _plain(markup: str) -> str:
    """Text of a bit of HTML (a title, an excerpt, a name), white space collapsed."""
    text = _TAG.sub("", _TEXT_BREAKS.sub(" ", markup))
    return " ".join(html.unescape(text).split())


def _number(text: str | None) -> int:
    text = (text or "").strip()
    return int(text) if text.lstrip("-").isdigit() else 0


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# wpautop: a port of WordPress's wp-includes/formatting.php wpautop() (WordPress 6).

_ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
# wp_html_split(): text and elements (tags, comments, CDATA) alternate.
_HTML_SPLIT = re.compile(r"(<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<[^>]*>?)", re.S)
_NEWLINE_IN_TAG = " <!-- wpnl --> "
_PRESERVED = "<WPPreserveNewline />"
# PHP's \s without the /u flag: ASCII white space only, never a no-break space.
_A = re.ASCII


def wpautop(text: str, br: bool = True) -> str:
    """WordPress's paragraphs: blank lines make paragraphs, single newlines `<br />`.

    Newlines inside and around block elements make no `<br />`, `<pre>` is left alone,
    and newlines inside tags are kept. A port of WordPress's own function, rule by rule,
    so that old posts read as they did on the site.
    """
    if not text.strip():
        return ""
    text += "\n"
    text, pre_tags = _hide_pre(text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=_A)
    text = re.sub(rf"(<{_ALLBLOCKS}[\s/>])", r"\n\n\1", text, flags=_A)
    text = re.sub(rf"(</{_ALLBLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text, flags=_A)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _replace_in_tags(text, "\n", _NEWLINE_IN_TAG)
    text = _collapse_around_inline_blocks(text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part for part in re.split(r"\n\s*\n", text, flags=_A) if part]
    text = "".join(f"<p>{part.strip(chr(10))}</p>\n" for part in paragraphs)
    text = _unwrap_blocks(text)
    if br:
        text = _line_breaks(text)
    text = re.sub(rf"(</?{_ALLBLOCKS}[^>]*>)\s*<br />", r"\1", text, flags=_A)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text, flags=_A
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    return text.replace(_NEWLINE_IN_TAG, "\n").replace(_NEWLINE_IN_TAG.strip(), "\n")


def _hide_pre(text: str) -> tuple[str, dict[str, str]]:
    """`<pre>` elements replaced by placeholders, so that nothing in them is touched."""
    if "<pre" not in text:
        return text, {}
    *parts, last = text.split("</pre>")
    pre_tags, kept = {}, []
    for part in parts:
        start = part.find("<pre")
        if start == -1:  # malformed HTML
            kept.append(part)
            continue
        name = f"<pre wp-pre-tag-{len(pre_tags)}></pre>"
        pre_tags[name] = part[start:] + "</pre>"
        kept.append(part[:start] + name)
    return "".join(kept) + last, pre_tags


def _replace_in_tags(text: str, needle: str, replacement: str) -> str:
    """wp_replace_in_html_tags(): replace only inside tags and comments, not in the text."""
    parts = _HTML_SPLIT.split(text)
    for index in range(1, len(parts), 2):
        parts[index] = parts[index].replace(needle, replacement)
    return "".join(parts)


def _collapse_around_inline_blocks(text: str) -> str:
    """No paragraphs around <option>, inside <object>, <audio>/<video> and <figcaption>."""
    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text, flags=_A)
        text = re.sub(r"</option>\s*", "</option>", text, flags=_A)
    if "</object>" in text:
        text = re.sub(r"(<object[^>]*>)\s*", r"\1", text, flags=_A)
        text = re.sub(r"\s*</object>", "</object>", text, flags=_A)
        text = re.sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", r"\1", text, flags=_A)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", r"\1", text, flags=_A)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", r"\1", text, flags=_A)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text, flags=_A)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text, flags=_A)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text, flags=_A)
    return text


def _unwrap_blocks(text: str) -> str:
    """No paragraph around or inside the edge of a block element."""
    text = re.sub(r"<p>\s*</p>", "", text, flags=_A)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=_A)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)", r"\1", text, flags=_A)
    return re.sub(rf"(</?{_ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=_A)


def _line_breaks(text: str) -> str:
    """Every remaining newline a `<br />`, except in script, style, svg and math."""
    text = re.sub(
        r"<(script|style|svg|math).*?</\1>",
        lambda found: found[0].replace("\n", _PRESERVED),
        text,
        flags=re.S,
    )
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text, flags=_A)
    return text.replace(_PRESERVED, "\n")
