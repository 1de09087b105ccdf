"""Hostile and broken input made harmless before anything is written.

Repairs that hold whatever reader ran (docs/fuzzing.md says how they are tested):

- **Mojibake.** A page that was UTF-8, read once as Windows-1252 and saved again as
  UTF-8, shows "ambtenarenÃ«" for "ambtenarenë" and "â€™" for "’". `fix_mojibake`
  repairs such a run only when it is clearly double-encoded UTF-8: the characters
  are the Windows-1252 (or Latin-1) spelling of one valid UTF-8 sequence *and* the
  character it stands for is one that Dutch, English or German text uses (accented
  Latin letters, typographic punctuation, the euro sign, emoji). "groß“", "São" or a
  lone "Ã" stay as they are. The pipeline applies it to every text of every post and
  reaction (`tidy_post`) and says in the report how many it repaired.
- **Characters that content files cannot carry.** `clean_text` removes the control
  characters that YAML cannot hold as text and XML 1.0 (the site's feeds) forbids:
  C0 controls other than tab and newline, DEL, the C1 controls (U+0080-U+009F),
  U+FFFE and U+FFFF, and a byte order mark inside the text; a carriage return
  becomes a newline, and a lone surrogate (JSON's "\\ud800", a file name that is not
  UTF-8) the replacement character U+FFFD. The writer applies it to every text it
  writes, so that any text reads back from the content files as it was written.
- **Dates out of range.** A date before 2 January 1970 or after 2099 is no date of a
  web post: year 1, the Unix epoch and 9999 are placeholders of databases and
  exports, the calendar's edges overflow when moved between time zones, and before
  1940 Amsterdam's offset had seconds (+00:19:32), which the content format cannot
  write. `tidy_post` leaves such a date empty, with a warning, as readers do with a
  date that is not one; an editor can fill it in.
- **SVG with scripts.** Served from the archive, an SVG image is a document of the
  site's own origin: `active_svg` finds the ones that could run a script, and the
  pipeline does not copy them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from importer.model import Post

EARLIEST = datetime(1970, 1, 2, tzinfo=UTC)
LATEST = datetime(2099, 12, 31, tzinfo=UTC)

# Characters no content file carries: see the module's docstring.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")

# The characters that stand for the bytes 0x80-0xBF (UTF-8 continuation bytes) when
# UTF-8 is read as Windows-1252, and for 0xC2-0xF4 (lead bytes).
_BYTE_OF = {}
for _byte in range(0x80, 0x100):
    try:
        _BYTE_OF[bytes([_byte]).decode("cp1252")] = _byte
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: Latin-1 spells them
        _BYTE_OF[chr(_byte)] = _byte
_CONTINUATION = "".join(re.escape(c) for c, b in _BYTE_OF.items() if 0x80 <= b <= 0xBF)
_LEAD2 = "".join(re.escape(c) for c, b in _BYTE_OF.items() if 0xC2 <= b <= 0xDF)
_LEAD3 = "".join(re.escape(c) for c, b in _BYTE_OF.items() if 0xE0 <= b <= 0xEF)
_LEAD4 = "".join(re.escape(c) for c, b in _BYTE_OF.items() if 0xF0 <= b <= 0xF4)
_MOJIBAKE = re.compile(
    f"[{_LEAD4}][{_CONTINUATION}]{{3}}|[{_LEAD3}][{_CONTINUATION}]{{2}}|[{_LEAD2}][{_CONTINUATION}]"
)


def _plausible(character: str) -> bool:
    """A character that Dutch, English or German text on the web uses."""
    code = ord(character)
    return (
        0xA0 <= code <= 0x24F  # Latin-1 letters and signs, Latin Extended-A and -B
        or 0x2010 <= code <= 0x2044  # dashes, quotes, ellipsis, bullets, per mille
        or code in (0x20AC, 0x2122, 0x2212)  # euro, trade mark, minus
        or 0x1F300 <= code <= 0x1FAFF  # emoji
        or 0x2600 <= code <= 0x27BF  # symbols and dingbats
    )


def fix_mojibake(text: str) -> tuple[str, int]:
    """The text with clearly double-encoded UTF-8 repaired, and how many repairs."""
    if not text or not _MOJIBAKE.search(text):
        return text, 0
    count = 0

    def repair(match: re.Match) -> str:
        nonlocal count
        try:
            decoded = bytes(_BYTE_OF[c] for c in match.group(0)).decode("utf-8")
        except UnicodeDecodeError:
            return match.group(0)
        if not _plausible(decoded):
            return match.group(0)
        count += 1
        return decoded

    return _MOJIBAKE.sub(repair, text), count


def clean_text(text: str | None) -> str | None:
    """The text without the characters content files cannot carry (None stays None)."""
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("\ufffd", _UNSAFE.sub("", text))


_ACTIVE_SVG = re.compile(
    rb"<\s*(?:script|foreignObject|iframe|embed|object|handler|!ENTITY)\b"
    rb"|\son[a-z]+\s*=|(?:javascript|vbscript|data)\s*:|<\s*(?:set|animate)\b[^>]*\bhref",
    re.IGNORECASE,
)


def active_svg(content: bytes, media_type: str | None) -> bool:
    """True for an SVG image that could run a script when opened on its own.

    Served from the archive, an SVG file is a document of the site's own origin:
    its scripts would run with the archive's rights. Such an image is not copied;
    the post keeps its original address (shown as a link).
    """
    is_svg = (media_type or "").split(";")[0].strip().lower() == "image/svg+xml"
    return is_svg and _ACTIVE_SVG.search(content) is not None


def in_range(moment: datetime | None) -> bool:
    if moment is None:
        return True
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return EARLIEST <= moment <= LATEST


def tidy_post(post: Post) -> tuple[list[str], int]:
    """Repair mojibake in a post and its reactions and empty impossible dates.

    Returns the warnings (dates left empty) and the number of mojibake repairs.
    """
    warnings: list[str] = []
    repaired = 0

    def fixed(text: str | None) -> str | None:
        nonlocal repaired
        if not text:
            return text
        text, count = fix_mojibake(text)
        repaired += count
        return text

    post.title = fixed(post.title)
    post.body = fixed(post.body)
    post.author = fixed(post.author)
    post.summary = fixed(post.summary)
    post.category = fixed(post.category)
    post.tags = [fixed(tag) for tag in post.tags]
    if not in_range(post.date):
        warnings.append(f"{post.title!r}: date {post.date.isoformat()} out of range; left empty")
        post.date = None
    if not in_range(post.source.captured):
        warnings.append(f"capture time {post.source.captured.isoformat()} out of range; left empty")
        post.source.captured = None
    for reaction in post.reactions:
        reaction.author = fixed(reaction.author)
        reaction.body = fixed(reaction.body)
        if not in_range(reaction.date):
            warnings.append(
                f"{post.title!r}: the reaction by {reaction.author or 'an unknown author'} "
                f"is dated {reaction.date.isoformat()}, out of range; date left empty"
            )
            reaction.date = None
    return warnings, repaired
