"""Interface text and date formatting for the archive theme.

Every word the theme shows lives in ``<THEME>/strings/<ARCHIVE_LANGUAGE>.yml``.
On ``generator_init`` this plugin loads that file (once per build, shared by all
generators) and gives the templates:

* the global ``t``: the strings, read as ``{{ t.reacties }}`` or
  ``{{ t.platforms.get(name, name) }}``; asking for a string the file lacks is an
  error that names the file and the key, never a silently empty text;
* the filters ``datum`` ("12 augustus 2013"), ``datumtijd`` ("12 augustus 2013,
  09:28"), ``isodatum`` (ISO 8601 for ``<time datetime>``), ``maand`` ("juli
  2013") and ``aantal`` (``5|aantal("reacties_aantal")`` gives "5 reacties");
* the test ``undated``: a post with no date and no latest possible date either
  (``dates|reject("undated")``).

Dates are shown in their own UTC offset, with the month names of the strings
file: the system locale plays no part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from pelican import signals

# Key in Pelican's context, which is one dict per build shared by every generator.
CONTEXT_KEY = "_interface_strings"

MONTHS_KEY = "maanden"
# Strings this module itself needs, besides whatever the templates ask for.
REQUIRED_TEXT_KEYS = ("datum_formaat", "datumtijd_formaat", "maand_formaat")
PLURAL_FORMS = ("nul", "een", "meer")
# Names a template reaches as methods of ``t``, so they cannot be string keys.
RESERVED_KEYS = frozenset({"get", "items", "keys", "values", "path"})


class StringsError(Exception):
    """The interface strings file is missing, malformed or lacks a key."""


class Strings(Mapping):
    """Read-only view of (part of) a strings file that names the file on errors."""

    def __init__(self, data: Mapping[str, Any], path: Path, prefix: str = "") -> None:
        self._data = data
        self._path = path
        self._prefix = prefix

    @property
    def path(self) -> Path:
        return self._path

    def __getitem__(self, key: str) -> Any:
        try:
            value = self._data[key]
        except KeyError:
            raise StringsError(
                f"interface strings file {self._path} has no key '{self._prefix}{key}'"
            ) from None
        if isinstance(value, Mapping):
            return Strings(value, self._path, f"{self._prefix}{key}.")
        return value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._data else default

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"<Strings {self._prefix or ''}from {self._path}>"


def strings_path(theme: str | Path, language: str) -> Path:
    return Path(theme) / "strings" / f"{language}.yml"


def _flat_keys(data: Mapping[str, Any], prefix: str = "") -> set[str]:
    keys = set()
    for key, value in data.items():
        keys.add(f"{prefix}{key}")
        if isinstance(value, Mapping):
            keys |= _flat_keys(value, f"{prefix}{key}.")
    return keys


def _read_yaml(path: Path) -> Mapping[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StringsError(
            f"interface strings file not found: {path} "
            "(it is <THEME>/strings/<ARCHIVE_LANGUAGE>.yml)"
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise StringsError(f"interface strings file {path} is not valid YAML: {error}") from error
    if not isinstance(data, Mapping):
        raise StringsError(f"interface strings file {path} must be a YAML mapping")
    return data


def load_strings(path: str | Path) -> Strings:
    """Load and check a strings file; every problem raises StringsError."""
    path = Path(path)
    data = _read_yaml(path)

    months = data.get(MONTHS_KEY)
    if not (
        isinstance(months, list) and len(months) == 12 and all(isinstance(m, str) for m in months)
    ):
        raise StringsError(
            f"interface strings file {path}: '{MONTHS_KEY}' must list the 12 "
            "month names, January first"
        )
    for key in REQUIRED_TEXT_KEYS:
        if not isinstance(data.get(key), str):
            raise StringsError(f"interface strings file {path} has no key '{key}'")

    own_keys = _flat_keys(data)
    reserved = sorted(k for k in own_keys if k.rsplit(".", 1)[-1] in RESERVED_KEYS)
    if reserved:
        raise StringsError(
            f"interface strings file {path}: these keys are reserved names: {', '.join(reserved)}"
        )
    # A translation must have every key its sibling files have.
    for sibling in sorted(path.parent.glob("*.yml")):
        if sibling.resolve() == path.resolve():
            continue
        missing = _flat_keys(_read_yaml(sibling)) - own_keys
        if missing:
            raise StringsError(
                f"interface strings file {path} lacks keys that {sibling.name} "
                f"has: {', '.join(sorted(missing))}"
            )
    return Strings(data, path)


def _as_date(value: Any) -> dt.date | None:
    """Accept a date, a datetime or an ISO 8601 string; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"not a date: {value!r}")


def make_filters(strings: Strings) -> dict[str, Any]:
    """Jinja filters bound to one strings file."""
    months = strings[MONTHS_KEY]

    def datum(value: Any) -> str:
        """Date as "12 augustus 2013", in the value's own UTC offset."""
        date = _as_date(value)
        if date is None:
            return ""
        return strings["datum_formaat"].format(
            dag=date.day, maand=months[date.month - 1], jaar=date.year
        )

    def datumtijd(value: Any) -> str:
        """Date and time as "12 augustus 2013, 09:28"; a bare date as datum."""
        date = _as_date(value)
        if date is None:
            return ""
        if not isinstance(date, dt.datetime):
            return datum(date)
        return strings["datumtijd_formaat"].format(
            datum=datum(date), uur=f"{date.hour:02d}", minuut=f"{date.minute:02d}"
        )

    def isodatum(value: Any) -> str:
        """ISO 8601, with the UTC offset when known: for <time datetime>."""
        date = _as_date(value)
        if date is None:
            return ""
        if isinstance(date, dt.datetime):
            return date.isoformat(timespec="seconds")
        return date.isoformat()

    def maand(value: Any) -> str:
        """Month and year as "juli 2013", from a date or a (year, month) pair."""
        if isinstance(value, (tuple, list)):
            year, month = value[0], value[1]
        else:
            date = _as_date(value)
            if date is None:
                return ""
            year, month = date.year, date.month
        return strings["maand_formaat"].format(maand=months[month - 1], jaar=year)

    def aantal(number: Any, key: str) -> str:
        """A count in words: 0, 1 and more use the forms nul, een and meer."""
        number = int(number or 0)
        forms = strings[key]
        form = forms[PLURAL_FORMS[min(number, 2)]]
        return form.format(n=number)

    return {
        "datum": datum,
        "datumtijd": datumtijd,
        "isodatum": isodatum,
        "maand": maand,
        "aantal": aantal,
    }


def is_undated(article: Any) -> bool:
    """True for a post whose date is unknown and not even bounded from above."""
    return getattr(article, "date_known", True) is False and not getattr(
        article, "date_not_after", None
    )


def settings_strings_path(settings: Mapping[str, Any]) -> Path:
    """The strings file that THEME and ARCHIVE_LANGUAGE select."""
    language = settings.get("ARCHIVE_LANGUAGE") or settings.get("DEFAULT_LANG")
    return strings_path(settings["THEME"], language)


def add_interface(generator: Any) -> None:
    """generator_init receiver: add ``t`` and the date filters to the Jinja env."""
    path = settings_strings_path(generator.settings)
    cached = generator.context.get(CONTEXT_KEY)
    if cached is None or cached[0] != path:
        strings = load_strings(path)
        cached = (path, strings, make_filters(strings))
        generator.context[CONTEXT_KEY] = cached
    _, strings, filters = cached
    generator.env.globals["t"] = strings
    generator.env.filters.update(filters)
    generator.env.tests["undated"] = is_undated


def register() -> None:
    signals.generator_init.connect(add_interface)
