"""Names as the people pages sort and show them, and short plain-text excerpts.

The index by name sorts the Dutch way, on the surname, ignoring case, accents and
the prefixes ("tussenvoegsels") that Dutch surnames carry: "Davied van Berlo" is
filed under B as "Berlo, Davied van". The rule is deliberately simple, since a
name on a community site carries no structure:

- the surname starts after the first prefix word ("van", "de", "van der", "ter",
  ...) that is followed by another word: "Dirk-Jan de Bruijn" -> "Bruijn";
- without a prefix it is the last word: "Marie Louise Borsje" -> "Borsje";
- a single word is the whole name: "Davied" -> "Davied".

A nickname of two words ("Webredactie Utrecht") is thus filed under its last word.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Dutch surname prefixes, with the few foreign ones common in the Netherlands.
PREFIXES = frozenset(
    {
        *("van", "von", "de", "der", "den", "des", "du", "het", "'t", "ter", "ten", "te"),
        *("in", "op", "aan", "uit", "bij", "onder", "tot", "la", "le", "d'", "l'", "v.d.", "vd"),
    }
)

# Where the first letter of a sort key is not a letter: one group for all of them.
OTHER_LETTER = "#"


def fold(text: str) -> str:
    """Text for comparing: accents removed, case folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def split_name(name: str) -> tuple[str, str, str]:
    """(given names, prefixes, surname) of a name; see the module's rule."""
    words = name.split()
    for start, word in enumerate(words):
        if fold(word) not in PREFIXES:
            continue
        end = start
        while end < len(words) and fold(words[end]) in PREFIXES:
            end += 1
        if end < len(words):
            return " ".join(words[:start]), " ".join(words[start:end]), " ".join(words[end:])
        break
    if len(words) < 2:
        return "", "", " ".join(words)
    return " ".join(words[:-1]), "", words[-1]


def sort_name(name: str) -> str:
    """The name as an index lists it: "Berlo, Davied van"; a single word as it is."""
    given, prefixes, surname = split_name(name)
    rest = " ".join(part for part in (given, prefixes) if part)
    return f"{surname}, {rest}" if rest else surname


def sort_key(name: str) -> tuple[str, str, str, str]:
    """Surname, then given names, then prefixes, all folded; the name breaks ties."""
    given, prefixes, surname = split_name(name)
    return fold(surname), fold(given), fold(prefixes), name


def initial(name: str) -> str:
    """The letter a name is filed under in the index by name ("B"), or "#"."""
    surname = fold(split_name(name)[2])
    first = surname[:1]
    return first.upper() if first.isalpha() else OTHER_LETTER


# Block-level tags end a word; inline tags (<em>, <a>) do not.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|blockquote|pre|table|thead|tbody|tr|td|th|"
    r"h[1-6]|figure|figcaption)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def plain_text(markup: str) -> str:
    """The text of (sanitized) HTML: tags dropped, entities decoded, spaces collapsed."""
    text = _COMMENT.sub("", str(markup))
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", text))
    return " ".join(html.unescape(text).split())


def excerpt(markup: str, length: int = 160) -> str:
    """At most about `length` characters of plain text, cut at a word, with "…"."""
    text = plain_text(markup)
    if len(text) <= length:
        return text
    cut = text[:length]
    space = cut.rfind(" ")
    if space > length // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
