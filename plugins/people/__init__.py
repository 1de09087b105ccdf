"""Pelican plugin: a page for every person in the archive, and two indexes of them.

A person is everyone who wrote a post or a reaction: post authors and reaction
authors alike (a reaction author is no Pelican author). This plugin

- applies `content/aliases.yml` (alias: name to show; see docs/content-format.md)
  to post authors before Pelican collects its authors, and to reaction authors;
- gathers every person's posts and reactions across the archive;
- writes `personen/<slug>.html` per person (template `author.html`), the index
  by activity `personen/index.html` (`authors.html`) and the index by name
  `personen/op-naam.html` (`authors_by_name.html`). Pelican's own author pages are
  switched off in pelicanconf.py (`AUTHOR_SAVE_AS = ""`); a person's slug and URL
  are Pelican's author slug and `AUTHOR_URL`, so `article.author.url` lands on the
  person's page.

It gives the templates, before any page is written:

- `people`: every person, most active first (posts + reactions; ties by name);
- `people_by_name`: the same, by surname (see naming.py);
- `people_by_letter`: `people_by_name` in groups with `.letter`, `.anchor`, `.people`;
- a person (`Person`): `.name`, `.slug`, `.url`, `.sort_name` ("Berlo, Davied van"),
  `.posts` (articles, newest first), `.reactions` (`PersonReaction`s with
  `.article`, `.reaction`, `.date`, `.url` (the reaction's anchor on its post) and
  `.excerpt` (plain text), newest first), `.post_count`, `.reaction_count`,
  `.written_as` (the other spellings of the name found in the content);
- on every reaction: `reaction.author` (the name to show), `reaction.written_as`
  (the name as written, when that differs; else None) and `reaction.person` (the
  Person, or None for a reaction without an author);
- on every post with an author: `article.author` and `article.authors` carry the
  name to show, and `article.author.written_as` the name as written (or None).

Names that give the same slug ("Davied van Berlo", "Davied Van Berlo") are one
person, shown with the spelling used most often. A name whose slug is empty (no
letter or digit in it) gets no page.

Settings (defaults in DEFAULTS): PERSON_SAVE_AS (default: AUTHOR_URL),
PEOPLE_INDEX_SAVE_AS, PEOPLE_BY_NAME_SAVE_AS (empty: not written),
PEOPLE_EXCERPT_LENGTH (characters of plain text per reaction on a person page).
"""

from __future__ import annotations

import logging
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Author
from pelican.generators import Generator

# The content format's rules are shared with content_format, a sibling plugin. Pelican
# makes a plugin importable only once it is loaded; let this one work without it too
# (with Pelican's own Markdown reader, as in tests/test_interface.py).
if str(Path(__file__).resolve().parents[1]) not in sys.path:
    sys.path.append(str(Path(__file__).resolve().parents[1]))

from content_format import report
from content_format.validation import ALIASES_FILE, ContentError, alias_key, read_aliases

from .naming import excerpt, initial, sort_key, sort_name

logger = logging.getLogger(__name__)

DEFAULTS = {
    "PERSON_SAVE_AS": None,  # None: AUTHOR_URL, so that author links land here
    "PEOPLE_INDEX_SAVE_AS": "personen/index.html",
    "PEOPLE_BY_NAME_SAVE_AS": "personen/op-naam.html",
    "PEOPLE_EXCERPT_LENGTH": 160,
}
# Key in Pelican's context (one dict per build, shared by every generator).
ALIASES_KEY = "_people_aliases"


def setting(settings, name: str):
    value = settings.get(name, DEFAULTS[name])
    if name == "PERSON_SAVE_AS" and value is None:
        return settings["AUTHOR_URL"]
    return value


class Aliases:
    """Alias -> name to show; names match ignoring case and extra spaces."""

    def __init__(self, mapping: dict[str, str] | None = None):
        self._targets = {alias_key(alias): name for alias, name in (mapping or {}).items()}

    def __bool__(self) -> bool:
        return bool(self._targets)

    def canonical(self, name: str) -> str:
        return self._targets.get(alias_key(name), name)


def load_aliases(settings) -> Aliases:
    """The content's aliases file; an absent file is no aliases, a bad one a problem."""
    path = Path(settings["PATH"]) / ALIASES_FILE
    if not path.is_file():
        return Aliases()
    try:
        return Aliases(read_aliases(path))
    except ContentError as error:
        for problem in error.problems:
            logger.error("%s", problem)
        report(error.problems)
        return Aliases()


@dataclass(eq=False)
class PersonReaction:
    """`post_url` is the article's URL, worked out once (Pelican formats it on each use)."""

    article: Any
    reaction: Any
    excerpt: str
    post_url: str

    @property
    def date(self) -> datetime | None:
        return self.reaction.date

    @property
    def url(self) -> str:
        return f"{self.post_url}#{self.reaction.anchor}"


@dataclass(eq=False)
class Person:
    name: str
    slug: str
    url: str
    save_as: str
    posts: list = field(default_factory=list)
    reactions: list[PersonReaction] = field(default_factory=list)
    written_as: list[str] = field(default_factory=list)

    @property
    def post_count(self) -> int:
        return len(self.posts)

    @property
    def reaction_count(self) -> int:
        return len(self.reactions)

    @property
    def activity(self) -> int:
        return self.post_count + self.reaction_count

    @property
    def sort_name(self) -> str:
        return sort_name(self.name)

    @property
    def sort_key(self) -> tuple:
        return sort_key(self.name)

    def __str__(self) -> str:
        return self.name


@dataclass
class LetterGroup:
    letter: str
    people: list[Person]

    @property
    def anchor(self) -> str:
        return "letter-" + ("overig" if self.letter == "#" else self.letter.lower())


# --- Signal receivers ---------------------------------------------------------------


def apply_aliases_to_authors(generator) -> None:
    """article_generator_pretaxonomy: post authors become the names to show."""
    aliases = load_aliases(generator.settings)
    generator.context[ALIASES_KEY] = aliases
    for article in _all_articles(generator):
        authors = getattr(article, "authors", None)
        if not authors:
            continue
        shown: list[Author] = []
        for author in authors:
            name = aliases.canonical(author.name)
            if name != author.name:
                written = author.name
                author = Author(name, generator.settings)
                author.written_as = written
            if author not in shown:
                shown.append(author)
        _set_authors(article, shown)


def get_generators(pelican):
    return PeopleGenerator


def register():
    signals.article_generator_pretaxonomy.connect(apply_aliases_to_authors)
    signals.get_generators.connect(get_generators)


# --- The generator ------------------------------------------------------------------


class PeopleGenerator(Generator):
    """Gathers the people after the articles are read; writes their pages."""

    def generate_context(self) -> None:
        aliases = self.context.get(ALIASES_KEY) or Aliases()
        published = list(self.context.get("articles", []))
        others = [
            item
            for item in chain(
                self.context.get("drafts", []), self.context.get("hidden_articles", [])
            )
            if item not in published
        ]
        everything = published + others
        everything += [t for a in everything for t in getattr(a, "translations", [])]
        for article in everything:
            for reaction in getattr(article, "reactions", None) or []:
                _alias_reaction(reaction, aliases)
        people = self._gather(published)
        self._show_names(everything, people)
        self.people = sorted(people.values(), key=lambda p: (-p.activity, p.sort_key))
        by_name = sorted(people.values(), key=lambda p: p.sort_key)
        letters: dict[str, LetterGroup] = {}
        for person in by_name:
            letter = initial(person.name)
            letters.setdefault(letter, LetterGroup(letter, [])).people.append(person)
        self.context.update(
            people=self.people,
            people_by_name=by_name,
            people_by_letter=list(letters.values()),
            PEOPLE_INDEX_SAVE_AS=setting(self.settings, "PEOPLE_INDEX_SAVE_AS"),
            PEOPLE_BY_NAME_SAVE_AS=setting(self.settings, "PEOPLE_BY_NAME_SAVE_AS"),
        )

    def generate_output(self, writer) -> None:
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        indexes = {
            setting(self.settings, "PEOPLE_INDEX_SAVE_AS"): "authors",
            setting(self.settings, "PEOPLE_BY_NAME_SAVE_AS"): "authors_by_name",
        }
        template = self.get_template("author")
        for person in self.people:
            if person.save_as in indexes:
                logger.warning(
                    "person %r gets no page: %s is an index of people", person.name, person.save_as
                )
                continue
            write(
                person.save_as,
                template,
                self.context,
                person=person,
                template_name="author",
                page_name=os.path.splitext(person.save_as)[0],
            )
        for save_as, name in indexes.items():
            if save_as:
                write(
                    save_as,
                    self.get_template(name),
                    self.context,
                    template_name=name,
                    page_name=os.path.splitext(save_as)[0],
                )

    def _gather(self, articles) -> dict[str, Person]:
        """Every person with posts or reactions in `articles`, by slug."""
        people: dict[str, Person] = {}
        self._spellings: dict[str, Counter] = {}
        self._written: dict[str, set[str]] = {}
        self._slugs: dict[str, str] = {}
        length = setting(self.settings, "PEOPLE_EXCERPT_LENGTH")
        for article in articles:
            for author in getattr(article, "authors", None) or []:
                written = getattr(author, "written_as", None) or author.name
                self._person(people, author.name, written).posts.append(article)
        for article in articles:
            url = article.url
            for reaction in getattr(article, "reactions", None) or []:
                if reaction.author:
                    text = excerpt(reaction.content, length)
                    item = PersonReaction(article, reaction, text, url)
                    written = reaction.written_as or reaction.author
                    self._person(people, reaction.author, written).reactions.append(item)
        people = {slug: person for slug, person in people.items() if slug}
        for person in people.values():
            person.posts.sort(key=lambda a: (a.date.timestamp(), a.url), reverse=True)
            person.reactions.sort(key=_newest_first, reverse=True)
        return people

    def _person(self, people: dict[str, Person], name: str, written: str) -> Person:
        """The person of a name to show, found or added; `written` as the content has it."""
        slug = self._slug(name)
        if slug not in people:
            save_as = setting(self.settings, "PERSON_SAVE_AS").format(slug=slug, name=name)
            url = Author(name, self.settings).url
            people[slug] = Person(name=name, slug=slug, url=url, save_as=save_as)
            self._spellings[slug] = Counter()
            self._written[slug] = set()
        self._spellings[slug][name] += 1
        self._written[slug].add(written)
        return people[slug]

    def _show_names(self, articles, people: dict[str, Person]) -> None:
        """One name per person, the spelling used most (first seen on a tie), everywhere."""
        for slug, person in people.items():
            spellings = self._spellings[slug]
            person.name = spellings.most_common(1)[0][0]
            # Other spellings, one per form that differs in more than case and spaces.
            forms = {alias_key(person.name): person.name}
            for name in sorted(self._written[slug] | set(spellings), key=sort_key):
                forms.setdefault(alias_key(name), name)
            person.written_as = [name for name in forms.values() if name != person.name]
        for article in articles:
            for author in getattr(article, "authors", None) or []:
                author.written_as = getattr(author, "written_as", None)
                person = people.get(author.slug)
                if person and author.name != person.name:
                    # Renamed in place: Pelican's own list of authors holds these too.
                    author.written_as = author.written_as or author.name
                    author.name = person.name
            for reaction in getattr(article, "reactions", None) or []:
                person = people.get(self._slug(reaction.author)) if reaction.author else None
                reaction.person = person
                if person and reaction.author != person.name:
                    reaction.written_as = reaction.written_as or reaction.author
                    reaction.author = person.name

    def _slug(self, name: str) -> str:
        if name not in self._slugs:
            self._slugs[name] = Author(name, self.settings).slug
        return self._slugs[name]


# --- Helpers ------------------------------------------------------------------------


def _all_articles(generator):
    return chain(
        generator.articles,
        generator.translations,
        generator.drafts,
        generator.drafts_translations,
        generator.hidden_articles,
        generator.hidden_translations,
    )


def _set_authors(article, authors: list[Author]) -> None:
    article.authors = authors
    article.author = authors[0]
    if "author" in article.metadata:
        article.metadata["author"] = authors[0]
    if "authors" in article.metadata:
        article.metadata["authors"] = authors


def _alias_reaction(reaction, aliases: Aliases) -> None:
    written = getattr(reaction, "written_as", None) or reaction.author
    reaction.written_as = None
    reaction.person = None
    if written:
        reaction.author = aliases.canonical(written)
        if reaction.author != written:
            reaction.written_as = written


def _newest_first(item: PersonReaction):
    date = item.date
    return (date is not None, date.timestamp() if date else 0, item.post_url, item.reaction.id)
