"""Dates as old sites wrote them, in Dutch, English and German.

Every date is read as local time in Europe/Amsterdam (unless told otherwise) and
returned timezone-aware, so that it is written as ISO 8601 with its offset.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

MONTHS = {
    # Dutch
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "augustus": 8, "september": 9, "oktober": 10, "november": 11,
    "december": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "dezember": 12,
    # Abbreviations shared by the three languages
    "jan": 1, "feb": 2, "febr": 2, "mrt": 3, "mar": 3, "mär": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10,
    "nov": 11, "dec": 12, "dez": 12, "mai": 5,
}  # fmt: skip

_MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
_DAY = r"(?P<day>\d{1,2})\.?"
_YEAR = r"(?P<year>\d{4})"
_TIME = (
    r"(?:\s*,?\s*(?:om|op|at|um|-)?\s*"
    r"(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*uhr)?)?"
)
_PATTERNS = [
    # 12 Augustus 2013 op 9.28 / 16 juni 2016, 17:05 / 3. März 2014 um 14:05
    re.compile(rf"\b{_DAY}\s+{_MONTH}\s+{_YEAR}{_TIME}", re.IGNORECASE),
    # August 12, 2013 at 9:28am / February 11 2009 at 10:27pm
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}{_TIME}", re.IGNORECASE),
    # 2013-07-02 08:59 / 2013-07-02T08:59:00
    re.compile(
        r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
        r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2}))?"
    ),
]

_RELATIVE = re.compile(
    r"\b(?P<count>\d+|een|één|an?|one)\s+"
    r"(?P<unit>seconds?|seconden?|minutes?|minuten?|minuut|hours?|uur|uren|"
    r"days?|dagen|dag|weeks?|weken|week)\s+(?:ago|geleden)\b",
    re.IGNORECASE,
)
_UNITS = {
    "sec": timedelta(seconds=1),
    "min": timedelta(minutes=1),
    "hou": timedelta(hours=1),
    "uur": timedelta(hours=1),
    "ure": timedelta(hours=1),
    "day": timedelta(days=1),
    "dag": timedelta(days=1),
    "wee": timedelta(weeks=1),
    "wek": timedelta(weeks=1),
}


class DateError(ValueError):
    """A text that looks like a date but is not a valid one."""


def find_datetime(text: str, tz: ZoneInfo = AMSTERDAM) -> datetime | None:
    """The first absolute date (with its time, if given) in `text`, or None."""
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            month = _month_number(match.group("month"))
            if month is None:
                continue
            return _build(match, month, tz)
    return None


def find_relative(text: str, now: datetime) -> datetime | None:
    """Resolve "3 uur geleden" or "17 hours ago" against the capture moment `now`."""
    match = _RELATIVE.search(text)
    if not match:
        return None
    count = match.group("count").lower()
    number = int(count) if count.isdigit() else 1
    unit = _UNITS[match.group("unit").lower()[:3]]
    return (now - number * unit).replace(second=0, microsecond=0)


def has_relative(text: str) -> bool:
    return _RELATIVE.search(text) is not None


def _month_number(name: str) -> int | None:
    if name.isdigit():
        return int(name)
    return MONTHS.get(name.lower().rstrip("."))


def _build(match: re.Match, month: int, tz: ZoneInfo) -> datetime:
    hour = int(match.group("hour") or 0)
    minute = int(match.group("minute") or 0)
    ampm = (match.groupdict().get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        return datetime(
            int(match.group("year")), month, int(match.group("day")), hour, minute, tzinfo=tz
        )
    except ValueError as error:
        raise DateError(f"not a valid date: {match.group(0)!r} ({error})") from None


def isoformat(moment: datetime | None) -> str | None:
    """ISO 8601 with the offset, to the second: 2013-08-12T09:28:00+02:00."""
    if moment is None:
        return None
    return moment.isoformat(timespec="seconds")


def resolve(text: str, captured: datetime | None) -> tuple[datetime | None, str | None]:
    """The date in `text`, a relative one resolved against `captured`.

    Returns the date and, when there is none, why (for the reader's warning). An
    impossible date raises DateError: readers decide whether that is an error.
    """
    if has_relative(text):
        if captured is None:
            return None, f"relative time {text!r} and no capture time; date left empty"
        return find_relative(text, captured), None
    moment = find_datetime(text)
    return moment, None if moment else f"no date in {text[:60]!r}; date left empty"
