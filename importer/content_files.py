"""The content format on disk: a post's Markdown file with YAML front matter and its
reactions file. docs/content-format.md describes it; schemas/ holds its JSON Schemas.

Output is deterministic: the same model gives the same bytes.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime
from pathlib import Path

import yaml

FIELD_ORDER = [
    "title",
    "date",
    "date_not_after",
    "author",
    "category",
    "tags",
    "slug",
    "summary",
    "views",
    "source",
]
REACTION_ORDER = ["id", "author", "date", "parent", "body"]
SOURCE_ORDER = ["platform", "url", "captured", "file"]
_FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?\n)?---\n(?P<body>.*)\Z", re.DOTALL)


class ContentFormatError(ValueError):
    """A content file that cannot be read; the message names the file and line."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_datetime(dumper: yaml.SafeDumper, value: datetime):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(datetime, _represent_datetime)

if yaml.__with_libyaml__:

    class _LibyamlDumper(yaml.CSafeDumper):
        pass

    _LibyamlDumper.add_representer(str, _represent_str)
    _LibyamlDumper.add_representer(datetime, _represent_datetime)
else:
    _LibyamlDumper = None

# Characters libyaml writes otherwise than PyYAML's own emitter: it escapes those
# outside the Basic Multilingual Plane (emoji), odd line breaks and control characters.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]")


def dump_yaml(data) -> str:
    """The YAML of `data`, byte for byte what PyYAML's Python emitter writes.

    libyaml's emitter writes the same ten times faster (most of an import's writing),
    except for unusual characters and for a "..." it adds after a last block that
    keeps its trailing blank lines; those documents go to the Python emitter.
    tests/test_content_files.py checks the two agree.
    """
    if _LibyamlDumper is not None and not any(_UNUSUAL.search(text) for text in _texts(data)):
        text = yaml.dump(data, Dumper=_LibyamlDumper, **_DUMP_OPTIONS)
        if not text.endswith("\n...\n"):
            return text
    return python_dump_yaml(data)


def python_dump_yaml(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, **_DUMP_OPTIONS)


_DUMP_OPTIONS = {"allow_unicode": True, "sort_keys": False, "width": 10**6}


def _texts(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(key)
            yield from _texts(value)
    elif isinstance(data, list):
        for item in data:
            yield from _texts(item)


def render_post(front_matter: dict, body: str) -> str:
    body = body.strip("\n")
    return (
        f"---\n{dump_yaml(front_matter)}---\n\n{body}\n"
        if body
        else f"---\n{dump_yaml(front_matter)}---\n"
    )


def render_reactions(slug: str, reactions: list[dict]) -> str:
    return dump_yaml({"post": slug, "reactions": reactions})


def parse_post(text: str, path: str) -> tuple[dict, str]:
    """Front matter and Markdown body of a post file."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ContentFormatError(f"{path}:1: no YAML front matter between '---' lines")
    front_matter = load_yaml(match.group("yaml") or "", path, first_line=2)
    if not isinstance(front_matter, dict):
        raise ContentFormatError(f"{path}:2: the front matter is not a mapping of fields")
    return front_matter, match.group("body").strip("\n") + "\n"


def load_yaml(text: str, path: str, first_line: int = 1):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        problem = getattr(error, "problem", None) or str(error)
        raise ContentFormatError(f"{path}:{line}: invalid YAML: {problem}") from None


def ordered(mapping: dict, order: list[str]) -> dict:
    """The mapping with known keys first in `order`, other keys after, as they came."""
    known = {key: mapping[key] for key in order if key in mapping}
    return known | {key: value for key, value in mapping.items() if key not in known}


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def atomic_write(path: Path, text: str) -> bool:
    """Write `text` to `path` through a temporary file; False if it was already so."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` in one step: a killed process leaves the old file or
    the new one, never half of one. The file gets the usual permissions (mkstemp's
    are owner-only, which a web server serving a copied image could not read)."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
