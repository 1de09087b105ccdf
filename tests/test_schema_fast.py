"""The fast schema check (fastjsonschema) never accepts what jsonschema rejects.

Validation takes the fast check's yes and asks jsonschema only on a no, for its
precise messages; so a yes from the fast check where jsonschema finds a problem
would let invalid content through.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content_format.validation import (
    SCHEMA_DIR,
    _fast_keywords_only,
    _schema_document,
    _valid,
    fast_schema,
    schema,
)

DATE = "2013-08-12T09:28:00+02:00"
VALID = {
    "post": {
        "title": "Een bericht",
        "date": DATE,
        "author": "Jan",
        "slug": "een-bericht",
        "category": "Blog",
        "tags": ["a", "b"],
        "views": 3,
        "summary": "Kort",
        "source": {"platform": "ning", "url": "https://x.nl/a", "captured": None, "file": "f"},
    },
    "page": {"title": "Over", "slug": "over", "summary": "Kort"},
    "reactions": {
        "post": "een-bericht",
        "reactions": [
            {"id": "r1", "author": "Jan", "date": DATE, "parent": None, "body": "Ja"},
            {"id": "r2", "author": None, "date": None, "parent": "r1", "body": "Nee"},
        ],
    },
    "aliases": {"Jan J.": "Jan Jansen"},
    "removals": {"people": [{"name": "Jan", "note": "n"}], "posts": [{"slug": "een-bericht"}]},
}
# Values near the edges of the schemas: a final newline, case, empty, 1.0, true for 1.
EDGES = [
    None, True, False, 0, 1, 1.0, -1, 2.5, "", " ", "\n", "x", "X", "a-b", "a--b", "-a",
    "een-bericht\n", "een-bericht", DATE, DATE + "\n", "2013-08-12T09:28+02:00",
    "2013-08-12 09:28:00+02:00", "2013-08-12T09:28:00Z", "2013-08-12", "٢٠١٣-08-12T09:28Z",
    "ning", "Ning", "javascript:alert(1)", "https://x.nl", "a" * 41, "a" * 91, [], {},
    ["a", "a"], ["a", 1], [True, 1], [1, 1.0], {"x": 1},
]  # fmt: skip

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
values = st.one_of(st.sampled_from(EDGES).map(copy.deepcopy), json_values)


def _paths(value, prefix=()):
    """Every place in a value: keys of mappings and indexes of lists."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


@st.composite
def variants(draw, kind: str):
    """A valid instance with a few places replaced, removed or added to."""
    instance = copy.deepcopy(VALID[kind])
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_paths(instance))))
        if not path:
            instance = draw(values)
            continue
        parent = instance
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "remove" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "Title", "note", "id"]))] = draw(values)
        else:
            parent[path[-1]] = draw(values)
    return instance


def jsonschema_accepts(kind: str, instance) -> bool:
    return not list(schema(kind).iter_errors(instance))


@pytest.mark.parametrize("kind", sorted(VALID))
def test_every_schema_has_the_fast_check(kind):
    assert {path.name for path in SCHEMA_DIR.glob("*.schema.json")} == {
        f"{name}.schema.json" for name in VALID
    }
    assert fast_schema(kind) is not None
    assert _valid(kind, VALID[kind])


@pytest.mark.parametrize("kind", sorted(VALID))
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_fast_check_accepts_only_what_jsonschema_accepts(kind, data):
    instance = data.draw(variants(kind))
    if _valid(kind, instance):
        assert jsonschema_accepts(kind, instance), instance


def test_the_fast_check_is_stricter_where_that_is_safe():
    slug_with_newline = {**VALID["page"], "slug": "over\n"}
    assert jsonschema_accepts("page", slug_with_newline)
    assert not _valid("page", slug_with_newline)


@pytest.mark.parametrize(
    "unsupported",
    [
        {"unevaluatedProperties": False},
        {"prefixItems": [{"type": "string"}]},
        {"dependentRequired": {"a": ["b"]}},
        {"properties": {"a": {"$ref": "#/$defs/x", "type": "string"}}},
        {"enum": ["a", True]},
        {"const": 1},
        {"items": [{"type": "string"}]},
        {"oneOf": [{"type": "string"}, {"$dynamicRef": "#x"}]},
    ],
)
def test_a_schema_with_keywords_the_fast_check_may_read_otherwise_keeps_jsonschema(unsupported):
    assert not _fast_keywords_only(unsupported)


def test_the_schemas_use_only_keywords_the_fast_check_reads_alike():
    for kind in VALID:
        assert _fast_keywords_only(_schema_document(kind)), kind
