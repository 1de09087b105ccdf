"""WordPress article pages as saved HTML: the post, its metadata and its comments.

Read in the markup of the common theme families (Kubrick, Twenty Ten to Twenty
Twenty-One and the many themes built on them):

- the title from `h1.entry-title` (or `.entry-title`, `og:title`, the article's first
  heading, `<title>` without the site name);
- the body from `.entry-content` (or `article .post-content`, `[itemprop=articleBody]`,
  Kubrick's `.post .entry`), without share buttons, related posts, author boxes, ads
  and forms;
- date, author and tags from `article:published_time`, JSON-LD (also a Yoast
  `@graph`), the byline, `time.entry-date` and the `rel="tag"` and
  `rel="category tag"` links; the address from the canonical link or `og:url`;
- the comments: `li.comment` in `ol.commentlist`, `ol.comment-list` or
  `ul.commentlist`, replies nested in `ul.children` / `ol.children`.

Decisions:

- Pingbacks and trackbacks (`li.pingback`, `li.trackback`) are notices that another
  site linked to the post, not reactions by readers: they are skipped, and counted
  under "pingback" and "trackback" in the report.
- The summary stays empty. WordPress's `og:description` is an excerpt cut from the
  body's first words, or an SEO text the page never showed: as a lead it would either
  repeat the body or add text its readers did not see.
- Tags are the tag and category links the page showed, in page order, then the JSON-LD
  keywords and sections it did not show; the default category ("Uncategorized",
  "Geen categorie") is not a topic and is left out.
- Dates with an offset are moved to Europe/Amsterdam, the archive's time zone (the
  same moment: Yoast writes UTC, themes the site's own zone); dates without one are
  read as Amsterdam time.
- An archive, category, search or home page lists several posts: it is not read.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from datetime import datetime

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString, PreformattedString

from importer.dates import AMSTERDAM, DateError, find_datetime, resolve
from importer.html import to_markdown
from importer.model import Post, Reaction, Source
from importer.readers.base import (
    Document,
    Reader,
    ReaderError,
    Reading,
    decode_html,
    looks_like_html,
    warn_unknowns,
)

_MARKERS = re.compile(
    rb"<meta[^>]+content=[\"']WordPress|/wp-content/|/wp-includes/|wp-json"
    rb"|class=[\"'][^\"']*\b(?:commentlist|comment-list)\b[^>]*>\s*<li[^>]*\bdepth-\d",
    re.IGNORECASE,
)
_LISTING_CLASSES = {"archive", "blog", "search", "category", "tag", "date", "author", "error404"}
_SINGLE_CLASSES = {"single", "singular", "page"}
_ARTICLE = (
    "article.post, article.type-post, article.type-page, article.hentry, .hentry, "
    "div.post[id^=post-], article[id^=post-], [itemtype*='schema.org/BlogPosting'], "
    "[itemtype*='schema.org/Article'], [itemtype*='schema.org/NewsArticle']"
)
_BODIES = (".entry-content", "[itemprop=articleBody]")
_ARTICLE_BODIES = (".entry-content", ".post-content", "[itemprop=articleBody]", ".entry")
_BODY_CHROME = ", ".join(
    [
        # share buttons: Jetpack, AddToAny, Shareaholic, Simple Share Buttons, Sassy...
        ".sharedaddy, .sd-sharing-enabled, .sharing, .share, .share-buttons, .social-share",
        ".addtoany_share_save_container, .a2a_kit, .shareaholic-canvas, .ssba",
        ".heateor_sss_sharing_container, .twitter-share-button, .fb-like",
        # related posts: Jetpack, YARPP, Contextual Related Posts, themes
        ".jp-relatedposts, #jp-relatedposts, .yarpp-related, .crp_related",
        ".related-posts, .relatedposts, .related",
        # author boxes, ads, navigation, forms, comments
        ".author-info, .author-box, .about-author, .saboxplugin-wrap, .author-bio",
        ".advertisement, .adsbygoogle, .ad, .ads, .adsense, [id^=div-gpt-ad]",
        ".post-navigation, .nav-links, .navigation, .postmetadata, .entry-meta",
        "#comments, .comments-area, #respond, .comment-respond, form",
        "script, style, noscript, iframe",
    ]
)
_COMMENT_LISTS = "ol.commentlist, ol.comment-list, ul.commentlist, ul.comment-list"
_COMMENTS_AREA = "#comments, .comments-area, #respond, .comment-respond, " + _COMMENT_LISTS
_COMMENT_PAGING = ".comment-navigation, .comments-pagination, .commentnavi, .comment-nav"
_COMMENT_CHROME = (
    ".comment-author, .comment-meta, .comment-metadata, .commentmetadata, .comment-date, "
    ".reply, .comment-reply-link, .comment-edit-link, .edit-link, .says, .avatar, "
    ".comment-awaiting-moderation, script, style, form"
)
_COMMENT_BODIES = (".comment-content", ".comment-text", ".comment-entry")
_COMMENT_DATES = (".comment-metadata", ".commentmetadata", ".comment-date", ".comment-meta")
_BLOCKS = ["p", "blockquote", "ul", "ol", "pre", "table", "figure", "h2", "h3", "h4", "h5"]
_CHROME_WORDS = re.compile(
    r"^\(?(?:Beantwoorden|Antwoorden|Antwoord|Reageren|Reageer|Reply|Antworten|"
    r"Permalink|Bewerken|Edit|Bearbeiten)\)?\s*[↓↵»›]?$",
    re.IGNORECASE,
)
_SAYS = re.compile(r"\s*(?:zegt|schreef|says|said|wrote|sagt|schrieb)\s*:?\s*$", re.IGNORECASE)
_AUTHOR_PREFIX = re.compile(
    r"^(?:View all posts by|Alle berichten van|Bekijk alle berichten van|Berichten van|"
    r"Alle Beiträge von|Posts by|Door|By)\s*:?\s+",
    re.IGNORECASE,
)
_DEFAULT_CATEGORIES = {
    "uncategorized", "uncategorised", "geen categorie", "ongecategoriseerd",
    "nicht kategorisiert",
}  # fmt: skip
_TITLE_SEPARATORS = (" – ", " — ", " | ", " » ", " - ", " · ", " :: ")
_ARTICLE_TYPES = {
    "Article", "BlogPosting", "NewsArticle", "Report", "TechArticle", "ScholarlyArticle",
    "OpinionNewsArticle", "AnalysisNewsArticle", "ReportageNewsArticle", "SocialMediaPosting",
}  # fmt: skip
_HIDDEN_CLASSES = {"screen-reader-text", "sr-only", "visually-hidden"}
_COMMENT_PAGE = re.compile(r"(?:/comment-page-(\d+)/?|[?&]cpage=(\d+))")


class WordPressReader(Reader):
    name = "wordpress"

    def accepts(self, document: Document) -> bool:
        if not looks_like_html(document.content, document.media_type):
            return False
        return _MARKERS.search(document.content) is not None

    def read(self, document: Document) -> Reading:
        text, warnings = decode_html(document.content, document.media_type)
        soup = BeautifulSoup(text, "lxml")
        page = _Page(soup, document, warnings)
        post = page.post()
        warn_unknowns(post, warnings)
        return Reading(posts=[post], warnings=warnings, skipped_reactions=page.skipped)


class _Page:
    def __init__(self, soup: BeautifulSoup, document: Document, warnings: list[str]):
        self.soup = soup
        self.document = document
        self.warnings = warnings
        self.skipped: Counter[str] = Counter()
        self.json_ld = _JsonLd(soup, warnings)
        self.url = _without_comment_page(
            _link(soup, "canonical") or _meta(soup, "og:url") or document.url
        )
        self.base_url = document.url or self.url

    def post(self) -> Post:
        body = self._body_element()
        reactions = self._reactions()
        for element in self.soup.select(_COMMENTS_AREA):
            _decompose(element)
        article = self.soup.select_one(_ARTICLE) or self.soup
        title, author, date = self._title(article), self._author(article), self._date(article)
        tags = self._tags(article)
        # Last, because cleaning the body removes the chrome (bylines, tag links) read above.
        markdown = self._markdown(body)
        return Post(
            title=title,
            body=markdown,
            author=author,
            date=date,
            category="Artikel",
            tags=tags,
            source=Source(
                platform="wordpress",
                file=self.document.path,
                url=self.url,
                captured=self.document.captured,
            ),
            reactions=reactions,
            comment_page=_comment_page(self.document.url),
        )

    # The post

    def _body_element(self) -> Tag:
        """The article's content; a page without one, or with several, is not a post.

        A single post's page (body class `single`) may show other posts' content in a
        widget: there the content inside the post's article is taken.
        """
        classes = set(self.soup.body.get("class", [])) if self.soup.body else set()
        listing = classes & _LISTING_CLASSES
        if listing and not classes & _SINGLE_CLASSES:
            raise ReaderError(f"not a post: a listing page (body class {sorted(listing)[0]!r})")
        bodies = _outermost(self.soup.select(", ".join(_BODIES)))
        if len(bodies) > 1 and not classes & _SINGLE_CLASSES:
            raise ReaderError(f"not a post: {len(bodies)} posts on one page (a listing page)")
        article = self.soup.select_one(_ARTICLE)
        if bodies:
            inside = [body for body in bodies if any(up is article for up in body.parents)]
            return (inside or bodies)[0]
        for selector in _ARTICLE_BODIES if article else ():
            if body := article.select_one(selector):
                return body
        raise ReaderError("not a post: no article content (.entry-content) on the page")

    def _markdown(self, body: Tag) -> str:
        for element in body.select(_BODY_CHROME):
            _decompose(element)
        return to_markdown(body.decode_contents(), base_url=self.base_url)

    def _title(self, article: Tag) -> str:
        heading = article.select_one(".entry-title") or self.soup.select_one("h1.entry-title")
        candidates = [
            _text(heading),
            _meta(self.soup, "og:title"),
            self.json_ld.article_value("headline"),
            _text(article.find(["h1", "h2"]) if article is not self.soup else None),
            _without_site_name(_text(self.soup.title), self._site_name()),
        ]
        title = next((title for title in candidates if title), None)
        if title is None:
            raise ReaderError("not a post: the page has no title")
        return title

    def _site_name(self) -> str | None:
        return _meta(self.soup, "og:site_name") or self.json_ld.site_name()

    def _author(self, article: Tag) -> str | None:
        names = [
            self.json_ld.author(),
            _meta(self.soup, "author"),
            *(
                _text(element)
                for scope in (article, self.soup)
                for element in scope.select(
                    ".byline .author .fn, .byline .fn, .byline .author, .author.vcard .fn, "
                    ".entry-meta .author, [itemprop=author] [itemprop=name], a[rel~=author]"
                )
            ),
        ]
        for name in names:
            name = _AUTHOR_PREFIX.sub("", name or "").strip()
            if name and not name.startswith(("http://", "https://")):
                return name
        return None

    def _date(self, article: Tag) -> datetime | None:
        stamps = [
            _meta(self.soup, "article:published_time"),
            self.json_ld.article_value("datePublished"),
            *(
                element.get("datetime") or element.get("content")
                for element in article.select(
                    "time.entry-date.published[datetime], time.entry-date[datetime], "
                    "time.published[datetime], [itemprop=datePublished]"
                )
            ),
        ]
        for stamp in stamps:
            if stamp and (moment := _parse_stamp(stamp)):
                return moment
        for element in article.select(
            ".entry-date, .posted-on, .post-date, .entry-meta, .postmetadata, .postmeta, .date"
        ):
            if moment := self._date_in_text(_text(element), "the post's date"):
                return moment
        return None

    def _tags(self, article: Tag) -> list[str]:
        shown = [_text(link) for link in article.select("a[rel~=tag]")]
        tags, seen = [], set()
        for tag in shown + self.json_ld.keywords():
            key = tag.casefold()
            if tag and key not in seen and key not in _DEFAULT_CATEGORIES:
                seen.add(key)
                tags.append(tag)
        return tags

    # The comments

    def _reactions(self) -> list[Reaction]:
        self.ids: dict[str, int] = {}
        reactions: list[Reaction] = []
        for listing in _outermost(self.soup.select(_COMMENT_LISTS)):
            self._thread(listing, None, 0, reactions)
        if any(area.select(_COMMENT_PAGING) for area in self.soup.select("#comments")):
            self.warnings.append(
                "the comments run over several pages; only this page's comments were read"
            )
        return reactions

    def _thread(self, listing: Tag, parent: Reaction | None, depth: int, reactions) -> None:
        """Read the comments of one list and their replies; count the pings skipped."""
        for item in listing.find_all("li", recursive=False):
            answered = parent
            if ping := _ping_kind(item):
                self.skipped[ping] += 1
            elif reaction := self._reaction(item, len(reactions) + 1):
                reaction.parent = parent.id if parent else None
                reaction.depth = depth
                reaction.id = self._unique_id(reaction)
                reactions.append(reaction)
                answered = reaction
            for replies in _reply_lists(item):
                self._thread(replies, answered, depth + 1, reactions)

    def _reaction(self, item: Tag, position: int) -> Reaction | None:
        own = _without_replies(item)
        number = _comment_number(item)
        what = f"comment {number or position}"
        author = _comment_author(own)
        body = self._comment_body(own)
        if author is None and not body:
            self.skipped["no author and no text"] += 1
            return None
        if author is None:
            self.warnings.append(f"{what}: no author name; author left empty")
        return Reaction(
            author=author,
            date=self._comment_date(own, what),
            body=body,
            origin_id=f"wordpress:{number}" if number else None,
        )

    def _comment_date(self, own: Tag, what: str) -> datetime | None:
        for stamp in own.select("time[datetime]"):
            if moment := _parse_stamp(stamp["datetime"]):
                return moment
        for selector in _COMMENT_DATES:
            if element := own.select_one(selector):
                return self._date_in_text(_text(element), what, warn_missing=True)
        self.warnings.append(f"{what}: no date; date left empty")
        return None

    def _comment_body(self, own: Tag) -> str:
        own = copy.copy(own)  # the chrome is removed from a copy: the date is read from it
        content = next(
            (found for selector in _COMMENT_BODIES if (found := own.select_one(selector))),
            None,
        )
        if content is None:
            content = own.select_one(".comment-body") or own
            for chrome in content.select(_COMMENT_CHROME):
                _decompose(chrome)
            if cite := content.find("cite", recursive=False):
                cite.decompose()
        for element in content.find_all(["p", "div", "a", "span"]):
            if not element.decomposed and _CHROME_WORDS.match(_text(element)):
                element.decompose()
        blocks = _outermost(content.find_all(_BLOCKS))
        html = "".join(str(block) for block in blocks) if blocks else content.decode_contents()
        return to_markdown(html, base_url=self.base_url)

    def _unique_id(self, reaction: Reaction) -> str:
        """The reaction's stable id, numbered when two reactions share one (as the writer does)."""
        identifier = reaction.stable_id()
        self.ids[identifier] = self.ids.get(identifier, 0) + 1
        count = self.ids[identifier]
        return identifier if count == 1 else f"{identifier}-{count}"

    def _date_in_text(self, text: str, what: str, warn_missing: bool = False):
        try:
            moment, problem = resolve(text, self.document.captured)
        except DateError as error:
            moment, problem = None, f"{error}; date left empty"
        if problem and (warn_missing or not problem.startswith("no date")):
            self.warnings.append(f"{what}: {problem}")
        return moment


class _JsonLd:
    """The page's JSON-LD nodes, `@graph` flattened, with `@id` references resolved."""

    def __init__(self, soup: BeautifulSoup, warnings: list[str]):
        self.nodes: list[dict] = []
        for script in soup.select('script[type="application/ld+json"]'):
            try:
                data = json.loads(script.string or "")
            except ValueError:
                warnings.append("a JSON-LD block that is not valid JSON was ignored")
                continue
            self.nodes.extend(_flatten(data))
        self.by_id = {node["@id"]: node for node in self.nodes if isinstance(node.get("@id"), str)}
        self.article = next(
            (node for node in self.nodes if _types(node) & _ARTICLE_TYPES),
            next((node for node in self.nodes if "datePublished" in node), {}),
        )

    def article_value(self, key: str) -> str | None:
        value = self.article.get(key)
        return value.strip() if isinstance(value, str) else None

    def author(self) -> str | None:
        authors = self.article.get("author")
        authors = authors if isinstance(authors, list) else [authors]
        names = [name for author in authors if (name := self._name(author))]
        return ", ".join(names) or None

    def site_name(self) -> str | None:
        site = next((node for node in self.nodes if "WebSite" in _types(node)), {})
        return self._name(site)

    def keywords(self) -> list[str]:
        words = []
        for key in ("keywords", "articleSection"):
            value = self.article.get(key)
            items = value.split(",") if isinstance(value, str) else value or []
            words.extend(item.strip() for item in items if isinstance(item, str))
        return [word for word in words if word]

    def _name(self, node) -> str | None:
        if isinstance(node, str):
            return node.strip() or None
        if not isinstance(node, dict):
            return None
        if "name" not in node and node.get("@id") in self.by_id:
            node = self.by_id[node["@id"]]
        name = node.get("name")
        return " ".join(name.split()) if isinstance(name, str) and name.strip() else None


def _flatten(data) -> list[dict]:
    if isinstance(data, list):
        return [node for item in data for node in _flatten(item)]
    if not isinstance(data, dict):
        return []
    return [data, *_flatten(data.get("@graph", []))]


def _types(node: dict) -> set[str]:
    kind = node.get("@type")
    return set(kind) if isinstance(kind, list) else {kind}


def _ping_kind(item: Tag) -> str | None:
    """ "pingback" or "trackback" for a ping in the comment list, else None."""
    kinds = {"pingback", "trackback"} & set(item.get("class", []))
    return min(kinds) if kinds else None


def _reply_lists(item: Tag) -> list[Tag]:
    """The lists of replies to this comment (not those of its replies)."""
    return [
        replies
        for replies in item.find_all(["ul", "ol"], class_="children")
        if replies.find_parent("li") is item
    ]


def _without_replies(item: Tag) -> Tag:
    """A copy of the comment without its nested replies, so that nothing of theirs is read."""
    own = copy.copy(item)
    for replies in own.find_all(["ul", "ol"], class_="children"):
        _decompose(replies)
    return own


def _comment_number(item: Tag) -> str | None:
    for element in (item, item.find(id=re.compile(r"comment-\d+$"))):
        if element is not None and (match := re.search(r"comment-(\d+)$", element.get("id", ""))):
            return match.group(1)
    return None


def _comment_author(own: Tag) -> str | None:
    element = (
        own.select_one(".comment-author .fn, .comment-author-name, .fn")
        or own.find("cite", recursive=False)
        or own.select_one(".comment-author")
    )
    if element is None:
        return None
    link = element.find("a") if element.name != "a" else element
    name = _SAYS.sub("", _text(link) or _text(element)).strip()
    return name or None


def _parse_stamp(stamp: str) -> datetime | None:
    """A machine-readable date (ISO 8601), moved to Amsterdam time; naive means Amsterdam."""
    try:
        moment = datetime.fromisoformat(stamp.strip())
    except ValueError:
        try:
            return find_datetime(stamp)
        except DateError:
            return None
    moment = moment.replace(microsecond=0)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=AMSTERDAM)
    try:
        return moment.astimezone(AMSTERDAM)
    except OverflowError:  # year 9999 or 1 moved past the calendar's edge
        return None


def _without_site_name(title: str, site_name: str | None) -> str:
    """The page title without the site's name before or after it ("Post – Site")."""
    if not title:
        return title
    if site_name:
        for separator in _TITLE_SEPARATORS:
            if title.endswith(separator + site_name):
                return title[: -len(separator + site_name)].strip()
            if title.startswith(site_name + separator):
                return title[len(site_name + separator) :].strip()
    if " » " in title:  # Kubrick: "Site » Blog Archive » Post"
        return title.rsplit(" » ", 1)[1].strip()
    for separator in (" – ", " — ", " | "):
        if separator in title:
            return title.rsplit(separator, 1)[0].strip()
    return title


def _comment_page(url: str | None) -> int:
    match = _COMMENT_PAGE.search(url or "")
    return int(match.group(1) or match.group(2)) if match else 1


def _without_comment_page(url: str | None) -> str | None:
    """The post's own address, without the comment page ("/comment-page-2/#comments")."""
    if not url:
        return url
    url = url.split("#", 1)[0]
    return re.sub(r"/comment-page-\d+/?$", "/", re.sub(r"[?&]cpage=\d+$", "", url))


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    element = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    content = element.get("content", "").strip() if element else ""
    return " ".join(content.split()) or None


def _link(soup: BeautifulSoup, rel: str) -> str | None:
    element = soup.find("link", rel=rel, href=True)
    return element["href"].strip() if element else None


def _outermost(elements: list[Tag]) -> list[Tag]:
    """The elements that are not inside another of them, in page order."""
    chosen = set(map(id, elements))
    return [
        element
        for element in elements
        if not any(id(parent) in chosen for parent in element.parents)
    ]


def _decompose(element: Tag) -> None:
    if not element.decomposed:
        element.decompose()


def _text(element: Tag | None) -> str:
    """The element's visible text, whitespace collapsed, screen-reader labels left out."""
    if element is None:
        return ""
    return " ".join("".join(_strings(element)).split())


def _strings(element: Tag):
    for child in element.children:
        if isinstance(child, PreformattedString):
            continue
        if isinstance(child, NavigableString):
            yield str(child)
        elif isinstance(child, Tag) and not _hidden(child):
            yield from _strings(child)


def _hidden(element: Tag) -> bool:
    return element.name in {"script", "style", "noscript", "template"} or bool(
        _HIDDEN_CLASSES & set(element.get("class", []))
    )
