"""Pelican plugin: the whole archive as open data, in `output/data/`.

For researchers and for anyone who wants to reuse the archive without scraping it,
every build writes:

- `posts.json` and `posts.csv`: one record per post (FIELDS_POSTS);
- `reactions.json` and `reactions.csv`: one record per reaction (FIELDS_REACTIONS);
- `LEESMIJ.txt`: what the files are and hold, and what reuse is fair; Dutch first,
  then English.

The export is the archive as this build shows it: the posts of the site (a post
withdrawn on request is hidden and so left out; a removed person's name and words
are already gone from the articles), with the names shown (after
`content/aliases.yml`). The articles are taken at `article_generator_finalized`
(a reference to the generator, not a copy), and the files are written at
`finalized`, so everything other plugins change in between applies to the export.

Bodies are plain text in both formats: the rendered HTML with its tags stripped,
white space within a paragraph collapsed to one space, paragraphs separated by a
blank line. Markdown would tie researchers to one dialect with its extensions; the
pages themselves are the formatted copy.

Output is deterministic: posts sorted by date then slug, reactions by date (unknown
last) then post slug then id; fixed key order; UTF-8 without BOM; `\\n` line endings;
CSV with a header row. Nothing depends on the clock: the "content date" in the
readme is the newest date in the content.

Settings: `OPEN_DATA_PATH`, the folder inside the output (default "data"; empty:
no export).
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from pelican import signals

DEFAULT_PATH = "data"
ANCHOR_PREFIX = "reactie-"
README_NAME = "LEESMIJ.txt"

FIELDS_POSTS = [
    "slug",
    "title",
    "date",
    "date_not_after",
    "author",
    "author_written_as",
    "category",
    "tags",
    "summary",
    "views",
    "reaction_count",
    "url",
    "source_platform",
    "source_url",
    "source_captured",
    "source_file",
    "body",
]
FIELDS_REACTIONS = [
    "post",
    "id",
    "parent",
    "author",
    "author_written_as",
    "date",
    "url",
    "body",
]

# The articles generator of each build in progress, by output path.
_generators: dict[str, object] = {}


# -- signals ------------------------------------------------------------------------


def remember_articles(generator) -> None:
    _generators[str(generator.output_path)] = generator


def write_export(pelican) -> None:
    generator = _generators.pop(str(pelican.output_path), None)
    folder = pelican.settings.get("OPEN_DATA_PATH", DEFAULT_PATH)
    if generator is None or not folder:
        return
    siteurl = pelican.settings.get("SITEURL", "") or ""
    posts, reactions = records(generator.articles, siteurl)
    write_files(Path(pelican.output_path) / folder, posts, reactions, pelican.settings)


def register():
    signals.article_generator_finalized.connect(remember_articles)
    signals.finalized.connect(write_export)


# -- records ------------------------------------------------------------------------


def records(articles, siteurl: str = "") -> tuple[list[dict], list[dict]]:
    """The post and reaction records of `articles`, each list in its export order."""
    posts, reactions = [], []
    for article in sorted(articles, key=lambda a: (_timestamp(a.date), a.slug)):
        url = _url(article.url, siteurl)
        posts.append(_post(article, url))
        for reaction in getattr(article, "reactions", None) or []:
            reactions.append(_reaction(reaction, article.slug, url))
    reactions.sort(key=_reaction_order)
    return posts, reactions


def _post(article, url: str) -> dict:
    known = getattr(article, "date_known", True)
    source = getattr(article, "source", None) or {}
    author = getattr(article, "author", None)
    summary = article.metadata.get("summary")
    return {
        "slug": article.slug,
        "title": " ".join(str(article.title).split()),
        "date": _iso(article.date) if known else None,
        "date_not_after": _iso(getattr(article, "date_not_after", None)),
        "author": _name(author),
        "author_written_as": _name(getattr(author, "written_as", None)),
        "category": _name(getattr(article, "category", None)),
        "tags": [str(tag) for tag in getattr(article, "tags", None) or []],
        "summary": plain_text(summary) if summary else None,
        "views": getattr(article, "views", None),
        "reaction_count": len(getattr(article, "reactions", None) or []),
        "url": url,
        "source_platform": source.get("platform"),
        "source_url": source.get("url"),
        "source_captured": _iso(source.get("captured")),
        "source_file": source.get("file"),
        "body": plain_text(article.content),
    }


def _reaction(reaction, slug: str, post_url: str) -> dict:
    return {
        "post": slug,
        "id": reaction.id,
        "parent": reaction.parent,
        "author": _name(reaction.author),
        "author_written_as": _name(getattr(reaction, "written_as", None)),
        "date": _iso(reaction.date),
        "url": f"{post_url}#{ANCHOR_PREFIX}{reaction.id}",
        "body": plain_text(reaction.content),
    }


def _reaction_order(record: dict):
    date = record["date"]
    moment = _timestamp(datetime.fromisoformat(date)) if date else 0
    return (date is None, moment, record["post"], record["id"])


def _url(path: str, siteurl: str) -> str:
    return f"{siteurl.rstrip('/')}/{path}" if siteurl else path


def _timestamp(moment: datetime) -> float:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).isoformat()


def _name(value) -> str | None:
    return (str(value) or None) if value is not None else None


# -- plain text ---------------------------------------------------------------------

_BLOCKS = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol",
    "p", "pre", "section", "table", "tr", "ul",
}  # fmt: skip
_SKIPPED = {"script", "style", "template"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.preformatted = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
            return
        if tag == "pre":
            self.preformatted += 1
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if tag == "pre":
            self.preformatted = max(0, self.preformatted - 1)
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self.skipping:
            return
        # In HTML a line end is a space; only <br>, blocks and <pre> break lines.
        self.parts.append(data if self.preformatted else re.sub(r"\s+", " ", data))


# Markup that is nothing but paragraphs of text (most reactions): its text is read
# without the parser, with the same result (tests/test_open_data.py checks it).
_PLAIN_PARAGRAPHS = re.compile(r"(?:<p>[^<>&]*</p>\n?)*")
_PARAGRAPH = re.compile(r"<p>([^<>&]*)</p>")


def plain_text(markup) -> str:
    """HTML as plain text: paragraphs apart by one blank line, other white space single."""
    if not markup:
        return ""
    if _PLAIN_PARAGRAPHS.fullmatch(str(markup)):
        paragraphs = (" ".join(text.split()) for text in _PARAGRAPH.findall(str(markup)))
        return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
    return parsed_text(markup)


def parsed_text(markup) -> str:
    """plain_text, always through the parser."""
    parser = _TextParser()
    parser.feed(str(markup))
    parser.close()
    text = "".join(parser.parts).replace("\u00a0", " ")
    paragraphs = []
    for block in re.split(r"\n[ \t\r\f\v]*\n\s*", text):
        lines = (" ".join(line.split()) for line in block.split("\n"))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


# -- files --------------------------------------------------------------------------


def write_files(folder: Path, posts: list[dict], reactions: list[dict], settings) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / "posts.json", to_json(posts))
    _write(folder / "posts.csv", to_csv(posts, FIELDS_POSTS))
    _write(folder / "reactions.json", to_json(reactions))
    _write(folder / "reactions.csv", to_csv(reactions, FIELDS_REACTIONS))
    _write(folder / README_NAME, readme(posts, reactions, settings))


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as file:
        file.write(text)


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: list[dict], fields: list[str]) -> str:
    """CSV (RFC 4180 quoting, `\\n` line ends): null is empty, a list is `;`-joined."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([csv_value(row[field]) for field in fields])
    return buffer.getvalue()


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value)


def content_date(posts: list[dict], reactions: list[dict]) -> str | None:
    """The newest date in the content: of a post, a post's bound, or a reaction."""
    dates = [
        datetime.fromisoformat(value)
        for record in [*posts, *reactions]
        for value in (record["date"], record.get("date_not_after"))
        if value
    ]
    return max(dates, key=_timestamp).isoformat() if dates else None


def readme(posts: list[dict], reactions: list[dict], settings) -> str:
    site = settings.get("SITENAME", "")
    siteurl = settings.get("SITEURL", "") or ""
    newest = content_date(posts, reactions)
    return README.format(
        site=site,
        posts=len(posts),
        reactions=len(reactions),
        newest=newest or "onbekend",
        newest_en=newest or "unknown",
        where=f"het volledige adres, onder {siteurl}"
        if siteurl
        else "een pad vanaf de hoofdmap van het archief (de map boven deze)",
        where_en=f"the full address, under {siteurl}"
        if siteurl
        else "a path from the archive's root folder (the one above this)",
        post_fields=_field_list(FIELDS_POSTS),
        reaction_fields=_field_list(FIELDS_REACTIONS),
    )


def _field_list(fields: list[str]) -> str:
    return textwrap.fill(", ".join(fields), width=78, initial_indent="  ", subsequent_indent="  ")


README = """\
{site}: open data / open data
==============================================================================

NEDERLANDS (English below)

Deze map bevat het hele archief als data, voor onderzoek en hergebruik.

  posts.json, posts.csv          alle berichten: {posts}
  reactions.json, reactions.csv  alle reacties: {reactions}

De inhoud loopt tot en met {newest}: de nieuwste datum in het archief,
niet het moment waarop deze bestanden zijn gemaakt.

Beide formaten bevatten hetzelfde. JSON: een lijst van objecten, onbekende
waarden zijn null. CSV: een kopregel met de veldnamen, onbekende waarden zijn
leeg, onderwerpen (tags) staan achter elkaar met ";" ertussen. Alle bestanden
zijn UTF-8 (zonder BOM) met regeleinden "\\n"; open de CSV in een rekenblad als
UTF-8. Teksten (body) zijn platte tekst: de opmaak is eruit gehaald, alinea's
staan gescheiden door een lege regel.

Velden van een bericht:
{post_fields}
  - date: ISO 8601 met tijdzone, of leeg als de bron het niet zegt;
    date_not_after: dan het laatste moment waarop het bericht geschreven kan
    zijn (bijvoorbeeld de eerste reactie);
  - author: de naam zoals het archief die toont; author_written_as: de naam
    zoals hij in de bron staat, als die anders geschreven is;
  - url: de pagina in het archief:
    {where};
  - source_*: waar het bericht vandaan komt: platform, het oude adres, wanneer
    de kopie gemaakt is, en het bestand in de repository van het archief;
  - views: het aantal keer bekeken volgens de oude site.
Velden van een reactie:
{reaction_fields}
  - post: de slug van het bericht; parent: de id van de reactie waarop deze
    antwoordt (leeg: een reactie op het bericht zelf);
  - url: de reactie op de pagina van het bericht (#reactie-<id>).

Berichten staan op datum en dan slug, reacties op datum (onbekend achteraan),
dan bericht en id.

De teksten zijn geschreven door de leden van de oorspronkelijke site, niet door
dit archief. Dit archief geeft er geen licentie op. Wilt u ze hergebruiken:
kijk naar de voorwaarden van de oorspronkelijke site, citeer met mate en noem
de schrijver en het archief als bron (met de url van het bericht). Namen en
reacties die op verzoek zijn verwijderd, ontbreken ook hier; verspreid geen
oudere kopie ervan.


ENGLISH

This folder holds the whole archive as data, for research and reuse.

  posts.json, posts.csv          every post: {posts}
  reactions.json, reactions.csv  every reaction: {reactions}

The content runs until {newest_en}: the newest date in the archive,
not when these files were made.

Both formats hold the same. JSON: a list of objects, unknown values are null.
CSV: a header row with the field names, unknown values are empty, tags are
joined with ";". Every file is UTF-8 (no BOM) with "\\n" line endings; open the
CSV in a spreadsheet as UTF-8. Texts (body) are plain text: the formatting is
stripped, paragraphs are separated by a blank line.

Fields of a post:
{post_fields}
  - date: ISO 8601 with its offset, or empty when the source does not say;
    date_not_after: then the latest moment the post can have been written
    (its first reaction, for example);
  - author: the name as the archive shows it; author_written_as: the name as
    the source writes it, when it is written differently;
  - url: the post's page in the archive:
    {where_en};
  - source_*: where the post came from: platform, its old address, when the
    capture was made, and the capture's file in the archive's repository;
  - views: the view count the old site showed.
Fields of a reaction:
{reaction_fields}
  - post: the post's slug; parent: the id of the reaction this one answers
    (empty: a reaction to the post itself);
  - url: the reaction on its post's page (#reactie-<id>).

Posts are sorted by date then slug, reactions by date (unknown last), then
post and id.

The texts were written by the members of the original site, not by this
archive. This archive asserts no licence on them. To reuse them: check the
terms of the original site, quote in moderation, and cite the author and the
archive (with the post's url). Names and reactions removed on request are
absent here too; do not spread an older copy of them.
"""
