"""Reading and checking content files: the rules of docs/content-format.md.

Used by the build (the reader and the reactions plugin) and by `make check`, so an
editor gets the same message from both: `file:line: message`.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import fastjsonschema
import yaml

from .markup_check import image_problems, stripped_markup

if TYPE_CHECKING:
    import jsonschema

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
REACTIONS_SUFFIX = ".reactions.yml"
ALIASES_FILE = "aliases.yml"
REMOVALS_FILE = "removals.yml"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*\n(?P<body>.*)\Z", re.DOTALL)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """Content that cannot be built; its message lists every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@cache
def schema(name: str) -> jsonschema.protocols.Validator:
    """The validator that says precisely what is wrong.

    Imported on first use: the import takes a tenth of a second, and a build of valid
    content never needs it (see fast_schema).
    """
    import jsonschema

    return jsonschema.Draft202012Validator(_schema_document(name))


def _schema_document(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))


# The keywords whose meaning is the same in draft 2020-12 (what schemas/ declare) and
# in fastjsonschema, which implements draft 7's keywords for a 2020-12 schema. `format`
# is only an annotation in both (jsonschema checks none by default, fastjsonschema none
# with use_formats=False). A `$ref` may have annotations only beside it: draft 7 ignores
# its siblings. `enum` and `const` may hold text only: fastjsonschema takes 1 for true.
_FAST_KEYWORDS = {
    "$schema", "$id", "$ref", "$defs", "title", "description", "examples", "$comment",
    "format", "type", "enum", "const", "properties", "additionalProperties",
    "propertyNames", "required", "items", "uniqueItems", "minItems", "maxItems",
    "pattern", "minLength", "maxLength", "minimum", "maximum", "oneOf", "anyOf", "allOf",
    "not",
}  # fmt: skip
_ANNOTATIONS = {"title", "description", "examples", "$comment"}


@cache
def fast_schema(name: str):
    """The schema compiled by fastjsonschema, or None if it may disagree with jsonschema.

    Only a quick yes or no: it never accepts what jsonschema rejects, but may reject
    what jsonschema accepts (its `$` in a pattern does not match before a final
    newline, 1.0 is no integer), so a rejection is looked at again by `schema()`.
    """
    document = _schema_document(name)
    if not _fast_keywords_only(document):
        return None
    try:
        return fastjsonschema.compile(
            document, use_default=False, use_formats=False, detailed_exceptions=False
        )
    except (fastjsonschema.JsonSchemaDefinitionException, re.error):
        return None


def _fast_keywords_only(subschema) -> bool:
    if isinstance(subschema, bool):
        return True
    if not isinstance(subschema, dict) or not set(subschema) <= _FAST_KEYWORDS:
        return False
    if "$ref" in subschema and not set(subschema) - {"$ref"} <= _ANNOTATIONS:
        return False
    values = [*subschema.get("enum", []), *([subschema["const"]] if "const" in subschema else [])]
    if not all(isinstance(value, str) for value in values):
        return False
    return all(_fast_keywords_only(child) for child in _subschemas(subschema))


def _subschemas(subschema: dict) -> list:
    children = [*subschema.get("properties", {}).values(), *subschema.get("$defs", {}).values()]
    for keyword in ("additionalProperties", "propertyNames", "items", "not"):
        if keyword in subschema:
            children.append(subschema[keyword])
    for keyword in ("oneOf", "anyOf", "allOf"):
        children += subschema.get(keyword, [])
    return children


def _valid(kind: str, instance) -> bool:
    """True only when the fast check accepts the instance (see fast_schema)."""
    check = fast_schema(kind)
    if check is None:
        return False
    try:
        check(instance)
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def read_front_matter(path: Path, kind: str = "post") -> tuple[dict, str]:
    """A post's (or page's) front matter and Markdown body; ContentError if invalid."""
    text = _read(path)
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ContentError([Problem(str(path), 1, "no YAML front matter between '---' lines")])
    yaml_text = match.group("yaml") or ""
    data, node = _load(yaml_text, str(path), first_line=2)
    if not isinstance(data, dict):
        raise ContentError([Problem(str(path), 2, "the front matter is not a mapping of fields")])
    problems = _schema_problems(kind, data, node, str(path), first_line=2)
    if kind == "post" and not problems:
        problems += _post_rules(data, node, path)
    if problems:
        raise ContentError(problems)
    return data, match.group("body")


def read_reactions(path: Path) -> dict:
    """A reactions file, checked on its own: schema, unique ids, existing parents."""
    data, node = _load(_read(path), str(path))
    problems = _schema_problems("reactions", data, node, str(path))
    if not problems:
        problems = _reaction_rules(data, node, str(path))
    if problems:
        raise ContentError(problems)
    return data


def alias_key(name) -> str:
    """How a name is matched against the aliases: case and extra spaces do not count."""
    return " ".join(str(name).split()).casefold()


def read_aliases(path: Path) -> dict[str, str]:
    """The aliases file (alias: name to show), checked: names, schema, no chains, no circles."""
    data, node = _load(_read(path), str(path))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ContentError(
            [Problem(str(path), _line(node, []), "not a mapping of 'alias: name to show' lines")]
        )
    problems = _alias_rules(node, str(path))
    if not problems:
        problems = _schema_problems("aliases", data, node, str(path))
    if problems:
        raise ContentError(problems)
    return data


def _alias_rules(node, path: str) -> list[Problem]:
    """Each line maps a name to a name; a name to show is no alias; no circles."""
    problems: list[Problem] = []
    entries: dict[str, tuple[str, str, int]] = {}
    for key, value in node.value:
        line = key.start_mark.line + 1
        if not _is_text(key):
            problems.append(Problem(path, line, "an alias must be a name (put it in quotes)"))
            continue
        if not _is_text(value):
            empty = isinstance(value, yaml.ScalarNode) and (
                value.tag == "tag:yaml.org,2002:null" or not value.value.strip()
            )
            what = "no name" if empty else "something that is not a name (put it in quotes)"
            problems.append(Problem(path, line, f"alias {key.value!r} maps to {what}"))
            continue
        if alias_key(key.value) in entries:
            first = entries[alias_key(key.value)][2]
            problems.append(
                Problem(path, line, f"alias {key.value!r} is given twice (line {first})")
            )
            continue
        if key.value == value.value:
            problems.append(Problem(path, line, f"alias {key.value!r} maps to itself"))
            continue
        entries[alias_key(key.value)] = (key.value, value.value, line)
    # An alias that differs from its name only in case fixes the spelling: no edge.
    edges = {k: alias_key(target) for k, (_, target, _) in entries.items()}
    edges = {k: target for k, target in edges.items() if target != k}
    circles: set[frozenset] = set()
    for k, target in edges.items():
        if target not in entries:
            continue
        alias, name, line = entries[k]
        walk = [k]
        while walk[-1] in edges and edges[walk[-1]] not in walk:
            walk.append(edges[walk[-1]])
        if walk[-1] in edges and edges[walk[-1]] == k:
            if frozenset(walk) not in circles:
                circles.add(frozenset(walk))
                names = " -> ".join(repr(entries[step][0]) for step in [*walk, k])
                problems.append(Problem(path, line, f"aliases go round in a circle: {names}"))
            continue
        problems.append(
            Problem(
                path,
                line,
                f"alias {alias!r} maps to {name!r}, which is itself an alias "
                f"(line {entries[target][2]}): map {alias!r} straight to the name to show",
            )
        )
    return sorted(problems, key=lambda problem: problem.line)


def _is_text(node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:str"
        and bool(node.value.strip())
    )


def reactions_path(post_path: Path) -> Path:
    return post_path.with_name(post_path.name.removesuffix(".md") + REACTIONS_SUFFIX)


def parse_datetime(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def check_content(content: Path, post_dirs=("posts",), page_dirs=("pages",)) -> list[Problem]:
    """Every problem in a content folder, each file checked and then the whole."""
    problems: list[Problem] = []
    slugs: dict[str, Path] = {}
    posts: set[Path] = set()
    for kind, folders in (("post", post_dirs), ("page", page_dirs)):
        for folder in folders:
            for path in sorted((content / folder).rglob("*.md")):
                if any(part.startswith(".") for part in path.relative_to(content).parts):
                    continue
                if kind == "post":
                    posts.add(reactions_path(path))
                try:
                    data, body = read_front_matter(path, kind)
                except ContentError as error:
                    problems += error.problems
                    continue
                problems += _body_problems(body, content, path, _body_first_line(path, body))
                if kind != "post":
                    continue
                slug = data["slug"]
                if slug in slugs:
                    problems.append(
                        Problem(str(path), 1, f"slug {slug!r} is also used by {slugs[slug]}")
                    )
                slugs.setdefault(slug, path)
    for folder in post_dirs:
        for path in sorted((content / folder).rglob(f"*{REACTIONS_SUFFIX}")):
            if path not in posts:
                problems.append(
                    Problem(
                        str(path),
                        1,
                        "no post beside this reactions file: "
                        f"expected {path.name.removesuffix(REACTIONS_SUFFIX)}.md",
                    )
                )
                continue
            try:
                data = read_reactions(path)
            except ContentError as error:
                problems += error.problems
                continue
            node = _compose(path) if data["reactions"] else None
            for index, reaction in enumerate(data["reactions"]):
                line = _line(node, ["reactions", index, "body"])
                problems += _body_problems(reaction["body"], content, path, line)
            expected = path.name.removesuffix(REACTIONS_SUFFIX)
            if data["post"] != expected:
                problems.append(
                    Problem(
                        str(path),
                        _line(_compose(path), ["post"]),
                        f"post is {data['post']!r}, but the post beside it is {expected!r}",
                    )
                )
    if (content / ALIASES_FILE).is_file():
        try:
            read_aliases(content / ALIASES_FILE)
        except ContentError as error:
            problems += error.problems
    if (content / REMOVALS_FILE).is_file():
        problems += _removals_problems(content / REMOVALS_FILE, slugs)
    return problems


def _body_problems(text: str, content: Path, path: Path, first_line: int) -> list[Problem]:
    found = image_problems(text, content, path, first_line) + stripped_markup(text, first_line)
    return [Problem(str(path), line, message) for line, message in found]


def _body_first_line(path: Path, body: str) -> int:
    text = _read(path)
    return text[: len(text) - len(body)].count("\n") + 1


def _removals_problems(path: Path, slugs: dict[str, Path]) -> list[Problem]:
    """removals.yml: its schema, and every withdrawn slug is a post of the archive."""
    try:
        data, node = _load(_read(path), str(path))
    except ContentError as error:
        return error.problems
    problems = _schema_problems("removals", data, node, str(path))
    if problems or not data:
        return problems
    for index, item in enumerate(data.get("posts") or []):
        if item["slug"] not in slugs:
            line = _line(node, ["posts", index, "slug"])
            problems.append(Problem(str(path), line, f"no post has the slug {item['slug']!r}"))
    return problems


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        raise ContentError([Problem(str(path), 1, f"not UTF-8 text ({error.reason})")]) from None


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str, path: str, first_line: int = 1):
    """The YAML's data and its node tree (for line numbers), from one parse.

    libyaml's loader when PyYAML has it: the pure-Python one is ten times slower on
    large reactions files.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        raise ContentError([_yaml_problem(error, path, first_line)]) from None
    finally:
        loader.dispose()
    if node is not None:
        node.first_line = first_line
    return data, node


def _yaml_problem(error: yaml.YAMLError, path: str, first_line: int) -> Problem:
    """The line where the broken construct starts, and what the parser expected."""
    start = getattr(error, "context_mark", None)
    found = getattr(error, "problem_mark", None)
    mark = start or found
    line = first_line + mark.line if mark else first_line
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    text = f"invalid YAML: {context}: {problem}" if context else f"invalid YAML: {problem}"
    if start and found and found.line != start.line:
        text += f" (line {first_line + found.line})"
    return Problem(path, line, text)


def _compose(path: Path):
    return yaml.compose(_read(path), Loader=_Loader)


def _schema_problems(kind: str, data, node, path: str, first_line: int = 1) -> list[Problem]:
    """What jsonschema finds wrong, each at its line; the fast check first, as most is valid."""
    instance = _as_json(data)
    if _valid(kind, instance):
        return []
    problems = []
    for error in sorted(schema(kind).iter_errors(instance), key=lambda e: list(e.path)):
        where = list(error.absolute_path)
        if error.validator == "additionalProperties":
            problems += _unknown_fields(error, where, node, path, first_line)
            continue
        message = error.message
        if error.validator == "oneOf" and where and where[-1] in _DATE_FIELDS:
            message = f"{error.instance!r} is not an ISO 8601 date and time with offset, nor null"
        field = ".".join(str(part) for part in where)
        text = f"{field}: {message}" if field else message
        problems.append(Problem(path, _line(node, where, first_line), text))
    return problems


_DATE_FIELDS = ("date", "captured", "date_not_after")


def _unknown_fields(error, where, node, path, first_line) -> list[Problem]:
    known = list(error.schema.get("properties", {}))
    problems = []
    for key in error.instance:
        if key in known:
            continue
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        field = ".".join(str(part) for part in [*where, key])
        problems.append(
            Problem(path, _line(node, [*where, key], first_line), f"unknown field {field!r}{hint}")
        )
    return problems


def _post_rules(data: dict, node, path: Path) -> list[Problem]:
    problems = []
    if data["slug"] != path.name.removesuffix(".md"):
        problems.append(
            Problem(
                str(path),
                _line(node, ["slug"], 2),
                f"slug {data['slug']!r} differs from the file name {path.name!r}",
            )
        )
    moment = data.get("date") or data.get("date_not_after")
    folder = path.parent.name
    if moment is not None and folder.isdigit() and str(parse_datetime(moment).year) != folder:
        problems.append(
            Problem(
                str(path),
                _line(node, ["date"], 2),
                f"the post is dated {parse_datetime(moment).year} but is in folder {folder}",
            )
        )
    return problems


def _reaction_rules(data: dict, node, path: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, reaction in enumerate(data["reactions"]):
        if reaction["id"] in seen:
            problems.append(
                Problem(
                    path,
                    _line(node, ["reactions", index, "id"]),
                    f"duplicate reaction id {reaction['id']!r}",
                )
            )
        seen.add(reaction["id"])
    for index, reaction in enumerate(data["reactions"]):
        parent = reaction["parent"]
        if parent is not None and (parent not in seen or parent == reaction["id"]):
            problems.append(
                Problem(
                    path,
                    _line(node, ["reactions", index, "parent"]),
                    f"reaction {reaction['id']!r} answers {parent!r}, "
                    "which is not a reaction to this post",
                )
            )
    return problems


def _as_json(value):
    """YAML values as JSON would hold them: timestamps become ISO strings."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    return value


def _line(node, where: list, first_line: int | None = None) -> int:
    """The line of the YAML node at path `where` (the deepest one that exists)."""
    if node is None:
        return first_line or 1
    offset = first_line if first_line is not None else getattr(node, "first_line", 1)
    line = node.start_mark.line
    for part in where:
        if isinstance(node, yaml.MappingNode):
            match = next((pair for pair in node.value if pair[0].value == part), None)
            if match is None:
                break
            line = match[0].start_mark.line
            node = match[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line
        else:
            break
    return offset + line
