"""Plain-text captures of a page: what a browser's "save as text" or a copy keeps.

Such a capture has one line per block of the page (a heading, a paragraph, a
byline) and the site's chrome around the post. Two layouts are known:

- a Ning network page: network name and tagline, the post, "Weergaven: N", the
  comment box ("Je moet lid zijn van ..."), then the comments, each opening with
  "Reactie van NAAM op 12 Augustus 2013 op 9.28" ("Comment by NAME on ...").
- a WordPress article: title, lead, photo caption, body with pull quotes, then the
  comments, each opening with "• NAAM | 16 juni 2016, 17:05", and the comment form.

Anything else is read as a title and a body, with a warning.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from importer import markdown_text as md
from importer.dates import DateError, find_datetime, resolve
from importer.model import Post, Reaction, Source
from importer.readers.base import Document, Reader, ReaderError, Reading, decode_text, warn_unknowns

_NAME = r"(?P<author>\S.*?)"
_WHEN = (
    r"(?P<when>(?:\d{1,2}\.?\s+[^\W\d_]+\.?,?\s+\d{4}|[^\W\d_]+\.?\s+\d{1,2},?\s+\d{4}).*"
    r"|(?:\d+|een|één|an?|one)\s+[^\W\d_]+\s+(?:geleden|ago))"
)
NING_REACTION = re.compile(
    rf"^(?:Reactie van|Reactie door|Antwoord van|Comment by|Reply by)\s+{_NAME}"
    rf"\s+(?:(?:op|on)\s+)?{_WHEN}$",
    re.IGNORECASE,
)
NING_BYLINE = re.compile(
    rf"^(?:Geplaatst door|Gepost door|Posted by|Started by|Gestart door)\s+{_NAME}"
    rf"\s+(?:op|on)\s+{_WHEN}$",
    re.IGNORECASE,
)
NING_VIEWS = re.compile(r"^(?:Weergaven|Views|Bekeken)\s*:?\s*(?P<count>[\d.,]+)$", re.I)
NING_NETWORK = re.compile(
    r"^(?:Je moet lid zijn van|U moet lid zijn van|You need to be a member of)\s+"
    r"(?P<name>.+?)\s+(?:om|to)\b",
    re.IGNORECASE,
)
NING_JOIN = re.compile(r"^(?:Word lid van|Join|Aanmelden bij|Sign up for)\s+(?P<name>.+)$", re.I)
NING_FOOTER = re.compile(r"^(?:©|\(c\)|&copy;)\s*\d{4}\b", re.IGNORECASE)
NING_CHROME = re.compile(
    r"^(?:Opmerking|Reactie|Reacties|Comment|Comments|Reply to This|Antwoorden|"
    r"Beantwoorden|Verwijderen|Delete|Delen|Share|Tweet|Facebook|Twitter|LinkedIn|"
    r"Meer|Share Twitter|RSS|Blog bekijken|View Blog|Alle blogberichten|"
    r"View All|Alles weergeven|Blogposts bekijken|Volgen|Follow|"
    r"(?:‹|«)?\s*(?:Vorige|Previous)(?: (?:blogpost|Post))?|"
    r"(?:Volgende|Next)(?: (?:blogpost|Post))?\s*(?:›|»)?|"
    r"(?:Volgen|Follow)\s*[–-].*|"
    r"(?:Banners|Badges)\s*\|.*|.*\|\s*(?:Algemene voorwaarden|Terms of Service)|"
    r"(?:Toevoegen|Add) .*(?:reactie|comment).*|"
    r"(?:Aanmelden|Sign In|Inloggen|Sign Up)|"
    r"Verzorgd door|Powered by)$",
    re.IGNORECASE,
)
NING_NAVIGATION = re.compile(
    r"^(?:Blog bekijken|View Blog|Alle blogberichten|Blogposts bekijken|"
    r"(?:‹|«)\s*(?:Vorige|Previous)(?: (?:blogpost|Post))?|"
    r"(?:Volgende|Next)(?: (?:blogpost|Post))?\s*(?:›|»))$",
    re.IGNORECASE,
)
NING_REACTION_CHROME = re.compile(
    r"^(?:Reply to This|Antwoorden|Beantwoorden|Verwijderen|Delete|Reply|Permalink)$",
    re.IGNORECASE,
)
NING_TAGS = re.compile(r"^(?:Tags|Labels|Trefwoorden)\s*:\s*(?P<tags>.+)$", re.IGNORECASE)

WP_REACTION = re.compile(
    rf"^[•·*–-]?\s*{_NAME}\s*\|\s*(?P<when>.*\d{{4}}.*)$",
)
WP_SAYS = re.compile(r"^(?P<author>\S.{0,80}?)\s+(?:zegt|schreef|says|wrote|sagt)\s*:$", re.I)
WP_BOILERPLATE = re.compile(
    r"^(?:Plaats een reactie|Geef een reactie|Laat een reactie achter|Reageer|Reageren|"
    r"Leave a Reply|Leave a Comment|Leave a Reply Cancel reply|Schreibe einen Kommentar|"
    r"U moet ingelogd zijn.*|Je moet ingelogd zijn.*|You must be logged in.*|"
    r"Registreren|Inloggen|Log in|Register|Beantwoorden|Reply|Antworten|"
    r"\d+\s+(?:reacties?|comments?|responses?|Kommentare?)(?:\s+(?:op|on|to|zu)\b.*)?|"
    r"(?:Reacties|Comments|Kommentare)(?:\s*\(\d+\))?|"
    r"Delen(?: dit)?:?|Share this:?|Teilen mit:?|Gerelateerd|Related|Lees ook:?|"
    r"Lees verder|Read more|Naar boven|Back to top)$",
    re.IGNORECASE,
)
WP_FORM = re.compile(
    r"^(?:Plaats een reactie|Geef een reactie|Laat een reactie achter|Reageer|Reageren|"
    r"Leave a Reply|Leave a Comment|Leave a Reply Cancel reply|Schreibe einen Kommentar|"
    r"Kommentar verfassen|Reactie annuleren|Cancel reply)$",
    re.IGNORECASE,
)
WP_BYLINE = re.compile(
    r"^(?:(?:Geplaatst|Gepubliceerd|Posted|Published|Veröffentlicht)\s+(?:op|on|am)\s+"
    r"(?P<when>.+?)(?:\s+(?:door|by|von)\s+(?P<author>.+))?|"
    r"(?:Door|By|Von|Auteur|Author)\s*:?\s+(?P<author2>[^|]+?)"
    r"(?:\s*[|,·•–-]\s*(?P<when2>.*\d{4}.*))?)$",
    re.IGNORECASE,
)
WP_CAPTION = re.compile(
    r"(?:^|[\s(])(?:Foto|Foto's|Fotografie|Beeld|Illustratie|Photo|Image|Credit|Bild)"
    r"\s*(?::|\s)\s*\S",
    re.IGNORECASE,
)

_FINAL_PUNCTUATION = '.!?:;,…"”»)]'
_HEADING_MAX_CHARS = 80
_HEADING_MAX_WORDS = 12
_PULL_QUOTE_MIN_WORDS = 6
_PULL_QUOTE_SHARE = 0.8


class TextCaptureReader(Reader):
    name = "text"

    def accepts(self, document: Document) -> bool:
        head = document.content[:4096]
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NUL bytes
            head = decode_text(head)[0].encode("utf-8")
        head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if head.startswith((b"<", b"warc/", b"{", b"[")) or b"\x00" in head:
            return False
        if document.media_type:
            return document.media_type.startswith("text/plain")
        return PurePath(document.path).suffix.lower() in {".txt", ".text", ""}

    def read(self, document: Document) -> Reading:
        text, warnings = decode_text(document.content)
        lines = _lines(text)
        if not lines:
            raise ReaderError("the capture holds no text")
        source = Source(
            platform="text",
            file=document.path,
            url=document.url,
            captured=document.captured,
        )
        if _is_ning(lines):
            source.platform = "ning"
            post = _NingPage(lines, source, warnings).post()
        elif _is_wordpress(lines):
            source.platform = "wordpress"
            post = _WordPressPage(lines, source, warnings).post()
        else:
            warnings.append("layout not recognised: first line taken as title, no reactions")
            post = Post(
                title=lines[0][1],
                body=_body([text for _, text in lines[1:]], headings=True),
                source=source,
            )
        warn_unknowns(post, warnings)
        return Reading(posts=[post], warnings=warnings)


class _AfterSpacer(str):
    """A line that follows an empty paragraph (a line of no-break spaces only).

    Editors such as Ning's put such a spacer before a subheading, so a short question
    after one ("Waarom een bureaucratie?") is a heading too.
    """


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their line numbers; a line of spaces only is blank."""
    numbered = []
    spacer = False
    for number, line in enumerate(text.splitlines(), start=1):
        cleaned = " ".join(line.replace("\u00a0", " ").split())
        if cleaned:
            numbered.append((number, _AfterSpacer(cleaned) if spacer else cleaned))
            spacer = False
        elif "\u00a0" in line:
            spacer = True
    return numbered


def _is_ning(lines: list[tuple[int, str]]) -> bool:
    return any(
        NING_REACTION.match(text) or NING_VIEWS.match(text) or NING_NETWORK.match(text)
        for _, text in lines
    )


def _is_wordpress(lines: list[tuple[int, str]]) -> bool:
    return any(
        (WP_REACTION.match(text) and _date_in(text)) or WP_BOILERPLATE.match(text)
        for _, text in lines
    )


def _date_in(text: str):
    try:
        return find_datetime(text)
    except DateError:
        return None


class _NingPage:
    def __init__(self, lines, source, warnings):
        self.lines = lines
        self.source = source
        self.warnings = warnings

    def post(self) -> Post:
        lines = self._without_footer(self.lines)
        network = self._network_name(lines)
        start = next(
            (i for i, (_, text) in enumerate(lines) if NING_REACTION.match(text)), len(lines)
        )
        page, comments = lines[:start], lines[start:]
        if not page:
            raise ReaderError("no post title found", comments[0][0] if comments else None)
        title, author, date, body_lines = self._post_parts(page, network)
        end = next(
            (i for i, (_, text) in enumerate(body_lines) if self._ends_body(text)),
            len(body_lines),
        )
        body = [text for _, text in body_lines[:end] if not NING_NAVIGATION.match(text)]
        tags, views = [], None
        for number, text in body_lines[end:]:
            if match := NING_VIEWS.match(text):
                digits = re.sub(r"\D", "", match.group("count"))  # "Weergaven: ." has none
                views = int(digits) if digits else views
            elif match := NING_TAGS.match(text):
                tags = [tag.strip() for tag in match.group("tags").split(",") if tag.strip()]
            elif not self._is_chrome(text, network):
                self.warnings.append(f"line {number}: dropped as page chrome: {text[:60]!r}")
        return Post(
            title=title,
            author=author,
            date=date,
            body=_body(body, headings=True),
            category="Blog",
            tags=tags,
            views=views,
            source=self.source,
            reactions=self._reactions(comments, network),
        )

    def _without_footer(self, lines):
        for index, (_, text) in enumerate(lines):
            if NING_FOOTER.match(text):
                return lines[:index]
        return lines

    def _network_name(self, lines) -> str | None:
        for _, text in lines:
            if match := NING_NETWORK.match(text) or NING_JOIN.match(text):
                return match.group("name").strip()
        return None

    def _post_parts(self, page, network):
        """Title, author, date and the lines of the body, the header dropped."""
        byline = next((i for i, (_, text) in enumerate(page) if NING_BYLINE.match(text)), None)
        if byline is not None and byline > 0:
            match = NING_BYLINE.match(page[byline][1])
            date = self._date(match.group("when"), page[byline][0])
            return page[byline - 1][1], match.group("author"), date, page[byline + 1 :]
        index = 0
        if network and page and page[0][1].casefold() == network.casefold():
            index = 1
            if len(page) > index + 2 and all(_is_short(text) for _, text in page[1:3]):
                index = 2
        if index >= len(page):
            raise ReaderError("no post title found before the comments", page[-1][0])
        return page[index][1], None, None, page[index + 1 :]

    def _ends_body(self, text: str) -> bool:
        return bool(
            NING_VIEWS.match(text)
            or NING_TAGS.match(text)
            or NING_NETWORK.match(text)
            or NING_JOIN.match(text)
        )

    def _is_chrome(self, text: str, network: str | None) -> bool:
        return bool(
            NING_CHROME.match(text)
            or NING_NETWORK.match(text)
            or NING_JOIN.match(text)
            or (network and text.casefold() == network.casefold())
        )

    def _reactions(self, lines, network) -> list[Reaction]:
        reactions = []
        for header, body in _split_at(lines, NING_REACTION.match):
            number, text = header
            match = NING_REACTION.match(text)
            body = [line for _, line in body if not NING_REACTION_CHROME.match(line)]
            reactions.append(
                Reaction(
                    author=match.group("author").strip(),
                    date=self._date(match.group("when"), number),
                    body=_body(body),
                )
            )
        return sorted(reactions, key=_reaction_order)

    def _date(self, when: str, line: int):
        return _parse_when(when, line, self.source, self.warnings)


class _WordPressPage:
    def __init__(self, lines, source, warnings):
        self.lines = lines
        self.source = source
        self.warnings = warnings

    def post(self) -> Post:
        lines = self._without_forms(self.lines)
        start = next(
            (i for i, line in enumerate(lines) if self._reaction_header(lines, i)), len(lines)
        )
        page, comments = lines[:start], lines[start:]
        if not page:
            raise ReaderError("no post title found", comments[0][0] if comments else None)
        title = page[0][1]
        author, date, rest = self._byline(page[1:])
        tags = []
        texts = []
        for _, text in rest:
            if match := NING_TAGS.match(text):
                tags = [tag.strip() for tag in match.group("tags").split(",") if tag.strip()]
            else:
                texts.append(text)
        summary = texts.pop(0) if len(texts) > 1 and not WP_CAPTION.search(texts[0]) else None
        return Post(
            title=title,
            author=author,
            date=date,
            summary=summary,
            body=self._body(texts),
            category="Artikel",
            tags=tags,
            source=self.source,
            reactions=self._reactions(comments),
        )

    def _without_forms(self, lines):
        """The lines without boilerplate and without the comment form.

        The form runs from its heading ("Plaats een reactie", "Leave a Reply") to the
        next comment or the end: its labels and notices are not content.
        """
        kept, in_form = [], False
        for index, line in enumerate(lines):
            if WP_FORM.match(line[1]):
                in_form = True
            elif self._reaction_header(lines, index):
                in_form = False
            if not in_form and not WP_BOILERPLATE.match(line[1]):
                kept.append(line)
        return kept

    def _reaction_header(self, lines, index) -> bool:
        text = lines[index][1]
        if WP_BYLINE.match(text):
            return False
        if WP_REACTION.match(text):
            return _date_in(text) is not None
        if WP_SAYS.match(text) and index + 1 < len(lines):
            return _date_in(lines[index + 1][1]) is not None and len(lines[index + 1][1]) < 60
        return False

    def _byline(self, lines):
        for index, (number, text) in enumerate(lines[:3]):
            if match := WP_BYLINE.match(text):
                author = match.group("author") or match.group("author2")
                when = match.group("when") or match.group("when2")
                date = _parse_when(when, number, self.source, self.warnings) if when else None
                return author and author.strip(), date, lines[:index] + lines[index + 1 :]
        return None, None, lines

    def _body(self, texts: list[str]) -> str:
        blocks = []
        for index, text in enumerate(texts):
            others = texts[:index] + texts[index + 1 :]
            if WP_CAPTION.search(text) and _is_short(text, 300):
                blocks.append(md.caption(text))
            elif _repeats(text, others):
                continue
            elif _is_heading(texts, index):
                blocks.append(md.heading(text))
            else:
                blocks.append(md.paragraph(text))
        return md.join_blocks(blocks)

    def _reactions(self, lines) -> list[Reaction]:
        reactions = []
        index = 0
        while index < len(lines):
            number, text = lines[index]
            if match := WP_REACTION.match(text):
                author, when, index = match.group("author"), match.group("when"), index + 1
            else:
                author = WP_SAYS.match(text).group("author")
                when, index = lines[index + 1][1], index + 2
            body = []
            while index < len(lines) and not self._reaction_header(lines, index):
                body.append(lines[index][1])
                index += 1
            reactions.append(
                Reaction(
                    author=author.strip(),
                    date=_parse_when(when, number, self.source, self.warnings),
                    body=_body(body),
                )
            )
        return sorted(reactions, key=_reaction_order)


def _split_at(lines, is_header):
    """Group lines into (header, following lines) at each header line."""
    groups = []
    for line in lines:
        if is_header(line[1]):
            groups.append((line, []))
        elif groups:
            groups[-1][1].append(line)
    return groups


def _parse_when(when: str, line: int, source: Source, warnings: list[str]):
    try:
        date, problem = resolve(when, source.captured)
    except DateError as error:
        raise ReaderError(str(error), line) from None
    if problem:
        warnings.append(f"line {line}: {problem}")
    return date


def _reaction_order(reaction: Reaction):
    return (reaction.date is None, reaction.date.isoformat() if reaction.date else "")


def _body(texts: list[str], headings: bool = False) -> str:
    blocks = []
    for index, text in enumerate(texts):
        if headings and _is_heading(texts, index):
            blocks.append(md.heading(text))
        else:
            blocks.append(md.paragraph(text))
    return md.join_blocks(blocks)


def _is_short(text: str, limit: int = 150) -> bool:
    return len(text) <= limit


def _is_heading(texts: list[str], index: int) -> bool:
    """A short line without final punctuation, followed by more text, is a subheading."""
    text = texts[index]
    question = isinstance(text, _AfterSpacer) and text.endswith("?")
    return (
        0 < index < len(texts) - 1
        and len(text) <= _HEADING_MAX_CHARS
        and len(text.split()) <= _HEADING_MAX_WORDS
        and (question or not text.endswith(tuple(_FINAL_PUNCTUATION)))
        and not _is_heading_shaped(texts[index + 1])
    )


def _is_heading_shaped(text: str) -> bool:
    return len(text) <= _HEADING_MAX_CHARS and not text.endswith(tuple(_FINAL_PUNCTUATION))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _trigrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def _repeats(text: str, others: list[str]) -> bool:
    """A pull quote: a line whose words stand, nearly all in a row, in a longer paragraph.

    Compared by runs of three words, so that a quote that changed a word ("Dat" to
    "Dit") still matches and words scattered over a long paragraph do not.
    """
    words = _words(text)
    if len(words) < _PULL_QUOTE_MIN_WORDS or len(text) > 400:
        return False
    own = _trigrams(words)
    for other in others:
        other_words = _words(other)
        if len(other_words) > len(words):
            shared = len(own & _trigrams(other_words))
            if shared >= _PULL_QUOTE_SHARE * len(own):
                return True
    return False
