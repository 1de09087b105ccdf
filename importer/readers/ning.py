"""Ning network pages as saved HTML: blog posts and forum discussions.

Ning 2.0 networks (2007-2013, the markup Ambtenaar 2.0 had) wrote:

- a blog post in `div.xg_blog_detail` (title in `.xg_headline h1`, byline "Geplaatst
  door NAAM op DATUM op TIJD" / "Posted by NAME on DATE at TIME"), its comments as
  `dl.comment` with "Reactie van NAAM op DATUM op TIJD" / "Comment by NAME on ..." in
  the `dt` and the body in the `dd`;
- a forum discussion: the topic in `div.discussion div.description`, its replies as
  `dl.discussion` with a depth class `i0` to `i3`, "Reply by NAME on ..." in
  `dt.byline`, the body in `dd div.description`.

Comments come ten to a page (`?page=2#comments`). Each page is read on its own; the
merge step joins the pages and captures of one post. Recent comments show a relative
time ("17 hours ago", "3 uur geleden"), resolved against the capture time.

The page is parsed with lxml and searched with XPath compiled once from CSS selectors
(importer/html_tree.py): with BeautifulSoup and soupsieve, reading a page took five
times as long. The reader still sees the page as it saw it through BeautifulSoup: the
same elements match, the same text is read, and to_markdown gets the same markup.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qs, urlunsplit

from lxml import etree

from importer.dates import DateError, resolve
from importer.html import to_markdown
from importer.html_tree import classes, css, decompose, first, get_text, inner_html, parse
from importer.model import Post, Reaction, Source
from importer.readers.base import (
    Document,
    Reader,
    ReaderError,
    Reading,
    decode_html,
    warn_unknowns,
)
from importer.urls import urlsplit

_MARKERS = (b"xg_module", b"xg_headline", b"ning.com", b"xn_", b"x$.")
_BYLINE = re.compile(
    r"(?:Geplaatst door|Gepost door|Posted by|Started by|Gestart door)\s+(?P<author>.+?)\s+"
    r"(?:op|on)\s+(?P<when>.+?)(?:\s+(?:in|bij)\s+.+)?$",
    re.IGNORECASE | re.DOTALL,
)
_COMMENT_BY = re.compile(
    r"(?:Reactie van|Reactie door|Antwoord van|Comment by|Reply by|Reply from)\s+"
    r"(?P<author>.+?)\s+(?:op|on)?\s*(?P<when>(?:\d|[^\W\d_]+\s+\d|een|één|an?\s|one\s).*)$",
    re.IGNORECASE | re.DOTALL,
)
_VIEWS = re.compile(r"(?:Weergaven|Views|Bekeken)\s*:?\s*(?P<count>\d[\d.,]*)", re.IGNORECASE)
_DEPTH = re.compile(r"^i(\d)$")
_NATIVE_ID = re.compile(r"(\d+):Comment:(\d+)")
_PAGING_PARAMETERS = {"page", "commentPage", "xg_source", "id", "xgi", "xgs", "xg_raw_resources"}
_CHROME = css(
    "ul.actionlinks, p.toggle, .xg_avatar, .xg_icon-permalink, .likebox, .like-button, "
    "script, style, form, .share, .post_to_facebook, .post_to_twitter, .xj_post_to_facebook"
)
_OUTSIDE_THE_POST = css(
    "#xg_head, #xg_foot, #xg_navigation, .xg_span-4, .xj_classic_sidebar, "
    ".xg_column.xg_last, #xn_bar, script, style, noscript"
)
_BLOG = css("div.xg_blog_detail, div.xg_blog .xg_module_body")
_TOPIC = css("div.discussion div.description, div.xg_forum .description")
_BLOG_BODIES = (css(".postbody .xg_user_generated"), css(".postbody"), css(".xg_user_generated"))
_HEADLINE = css(".xg_headline h1, .xg_headline h2")
_BYLINES = css(".xg_headline .byline, .byline, .navigation.byline li")
_TAG_LINKS = css("#tagsList a, .tags a, a[href*='/tag/'], a[href*='?tag=']")
_COMMENTS = css("dl.comment")
_COMMENT_BODY = css("dd .xg_user_generated")
_REPLIES = css("dl.discussion")
_REPLY_BYLINE = css("dt.byline")
_REPLY_BODY = css("dd div.description")
_TIMESTAMP = css(".timestamp")
_AUTHOR_NAMES = css("a.fn, .fn")
_TOP = etree.XPath("ancestor-or-self::*[last()]")


class NingReader(Reader):
    name = "ning"

    def accepts(self, document: Document) -> bool:
        if document.media_type and "html" not in document.media_type:
            return False
        head = document.content[:200_000].lower()
        return b"<" in head[:2000] and sum(marker in head for marker in _MARKERS) >= 2

    def read(self, document: Document) -> Reading:
        text, warnings = decode_html(document.content, document.media_type)
        root = parse(text)
        for element in _OUTSIDE_THE_POST(root):
            decompose(element)
        page = _Page(root, document, warnings)
        return Reading(posts=[page.post()], warnings=warnings, skipped_reactions=page.skipped)


class _Page:
    def __init__(self, root: etree._Element, document: Document, warnings: list[str]):
        self.root = root
        self.document = document
        self.warnings = warnings
        self.skipped: Counter[str] = Counter()
        self.base_url = document.url

    def post(self) -> Post:
        blog = first(_BLOG(self.root))
        topic = first(_TOPIC(self.root))
        if blog is not None:
            body, category, reactions = self._blog_body(blog), "Blog", self._comments()
        elif topic is not None:
            body, category, reactions = topic, "Forum", self._replies()
        else:
            raise ReaderError("not a post: no blog post or discussion on this Ning page")
        title = self._title()
        author, date = self._byline()
        post = Post(
            title=title,
            author=author,
            date=date,
            body=self._markdown(body),
            category=category,
            tags=self._tags(),
            views=self._views(),
            source=Source(
                platform="ning",
                file=self.document.path,
                url=post_url(self.document.url),
                captured=self.document.captured,
            ),
            reactions=reactions,
            comment_page=_page_number(self.document.url),
        )
        warn_unknowns(post, self.warnings)
        return post

    def _blog_body(self, blog: etree._Element) -> etree._Element:
        for bodies in _BLOG_BODIES:
            body = first(bodies(blog))
            if body is not None:
                return body
        return blog

    def _title(self) -> str:
        heading = first(_HEADLINE(self.root))
        if heading is None:
            heading = next(self.root.iter("h1"), None)
        title = " ".join(get_text(heading).split()) if heading is not None else ""
        head_title = next(self.root.iter("title"), None)
        if not title and head_title is not None:
            title = get_text(head_title, "").split(" - ")[0].strip()
        if not title:
            raise ReaderError("no title on this Ning page")
        return title

    def _byline(self):
        for element in _BYLINES(self.root):
            text = " ".join(get_text(element).split())
            match = _BYLINE.search(text)
            if match:
                author = _author_name(element) or match.group("author")
                return author, self._date(match.group("when"), "the post")
        return None, None

    def _tags(self) -> list[str]:
        tags = []
        for link in _TAG_LINKS(self.root):
            tag = " ".join(get_text(link).split())
            if tag and tag not in tags:
                tags.append(tag)
        return tags

    def _views(self) -> int | None:
        match = _VIEWS.search(" ".join(get_text(self.root).split()))
        return int(re.sub(r"\D", "", match.group("count"))) if match else None

    def _comments(self) -> list[Reaction]:
        reactions = []
        for item in _COMMENTS(self.root):
            if not self._on_page(item) or _is_reply_box(item):
                continue
            byline = next(item.iterdescendants("dt"), None)
            body = first(_COMMENT_BODY(item))
            if body is None:
                body = next(item.iterdescendants("dd"), None)
            if byline is None or body is None:
                continue
            reaction = self._reaction(item, byline, body)
            if reaction:
                reactions.append(reaction)
        return reactions

    def _replies(self) -> list[Reaction]:
        """Replies with their parents: a reply at depth d answers the last one at d-1."""
        reactions, last_at_depth = [], {}
        for item in _REPLIES(self.root):
            if not self._on_page(item) or _is_reply_box(item):
                continue
            byline = first(_REPLY_BYLINE(item))
            if byline is None:
                byline = next(item.iterdescendants("dt"), None)
            body = first(_REPLY_BODY(item))
            if byline is None or body is None:
                continue
            reaction = self._reaction(item, byline, body)
            if reaction is None:
                continue
            depth = _depth(item)
            reaction.depth = depth
            parent = last_at_depth.get(depth - 1) if depth > 0 else None
            reaction.parent = parent.stable_id() if parent else None
            reaction.id = reaction.stable_id()
            last_at_depth[depth] = reaction
            for deeper in [key for key in last_at_depth if key > depth]:
                del last_at_depth[deeper]
            reactions.append(reaction)
        return reactions

    def _reaction(
        self, item: etree._Element, byline: etree._Element, body: etree._Element
    ) -> Reaction | None:
        text = " ".join(get_text(byline).split()).replace("Permalink", "").strip()
        match = _COMMENT_BY.search(text)
        if not match:
            self.skipped["no byline"] += 1
            return None
        timestamp = first(_TIMESTAMP(byline))
        when = get_text(timestamp) if timestamp is not None else match.group("when")
        author = _author_name(byline) or match.group("author").strip()
        return Reaction(
            author=author,
            date=self._date(" ".join(when.split()), f"the comment by {author}"),
            body=self._markdown(body),
            origin_id=_native_id(item),
        )

    def _date(self, when: str, what: str):
        try:
            date, problem = resolve(when, self.document.captured)
        except DateError as error:
            date, problem = None, f"{error}; date left empty"
        if problem:
            self.warnings.append(f"{what}: {problem}")
        return date

    def _markdown(self, element: etree._Element) -> str:
        """The element's content as Markdown, without the chrome in it.

        The chrome of a reaction may hold the post's body or a later reaction: taken out
        with it, that is nothing any more (BeautifulSoup emptied it).
        """
        if not self._on_page(element):
            return to_markdown("", base_url=self.base_url)
        for chrome in _CHROME(element):
            decompose(chrome)
        return to_markdown(inner_html(element), base_url=self.base_url)

    def _on_page(self, element: etree._Element) -> bool:
        return _TOP(element)[0] is self.root


def post_url(url: str | None) -> str | None:
    """The post's own address: without comment-page parameters and fragment."""
    if not url:
        return None
    parts = urlsplit(url)
    query = "&".join(
        f"{key}={value}"
        for key, values in sorted(parse_qs(parts.query).items())
        if key not in _PAGING_PARAMETERS
        for value in values
    )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _page_number(url: str | None) -> int:
    if not url:
        return 1
    values = parse_qs(urlsplit(url).query).get("page") or ["1"]
    return int(values[0]) if values[0].isdigit() else 1


def _author_name(element: etree._Element) -> str | None:
    for link in _AUTHOR_NAMES(element):
        name = " ".join(get_text(link).split())
        if name:
            return name
    return None


def _is_reply_box(item: etree._Element) -> bool:
    """The "Reply to This" / "Add a comment" box, shaped like a comment but empty."""
    return item.get("id") == "cf" or "noindent" in classes(item)


def _depth(item: etree._Element) -> int:
    for cls in classes(item):
        if match := _DEPTH.match(cls):
            return int(match.group(1))
    return 0


def _native_id(item: etree._Element) -> str | None:
    for anchor in item.iterdescendants("a"):
        match = _NATIVE_ID.search(anchor.get("name") or "")
        if match:
            return f"ning:{match.group(1)}:{match.group(2)}"
    return item.get("id")
