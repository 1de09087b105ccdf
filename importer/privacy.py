"""Private data that must never be written: e-mail and IP addresses.

Every text the writer writes passes through `scrub`, whatever reader produced it,
so no source format can leak an address into content/ or the site.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"(?:mailto:)?[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_OCTET = r"(?:25[0-5]|2[0-4]\d|1?\d?\d)"
IPV4 = re.compile(rf"(?<![\d.])(?:{_OCTET}\.){{3}}{_OCTET}(?![\d.])")
_HEX = r"[0-9a-fA-F]{1,4}"
IPV6 = re.compile(
    rf"(?<![\w:])(?:(?:{_HEX}:){{7}}{_HEX}|(?:{_HEX}:){{1,7}}:(?:{_HEX}(?::{_HEX}){{0,6}})?)(?![\w:])"
)
EMAIL_REPLACEMENT = "[e-mailadres verwijderd]"
IP_REPLACEMENT = "[IP-adres verwijderd]"


def scrub(text: str | None) -> str | None:
    """The text with e-mail and IP addresses replaced by a notice."""
    if not text:
        return text
    text = EMAIL.sub(EMAIL_REPLACEMENT, text)
    text = IPV6.sub(IP_REPLACEMENT, text)
    return IPV4.sub(IP_REPLACEMENT, text)


def scrub_author(name: str | None) -> str | None:
    """An author 'name' that is an address is no name at all."""
    if name and (EMAIL.fullmatch(name.strip()) or IPV4.fullmatch(name.strip())):
        return None
    return scrub(name)
