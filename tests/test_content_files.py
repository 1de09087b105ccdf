"""The YAML the importer writes is PyYAML's, whichever of its emitters writes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importer.content_files import dump_yaml, python_dump_yaml

# Ordinary text, the characters YAML gives a meaning, the white space of every kind,
# and what libyaml writes otherwise (emoji, odd line breaks, control characters).
PIECES = st.sampled_from(
    [
        *"ab :-#'\"\n\t\r\\|>&*!%@`?,[]{}.0123456789eE+_~^$()<>=;/é ",
        *["\n\n", " \n", "\n ", "\x85", "\u2028", "\U0001f600", "\u200b", "\x7f", "\xa0"],
        *["yes", "no", "null", "~", "true", "0x1", "1e3", ".inf", "2008-01-01", "12:30"],
        *["<<", "---", "...", "- ", "? ", ": "],
    ]
)
TEXT = st.lists(PIECES, max_size=12).map("".join)
DATES = st.sampled_from(
    [
        datetime(2010, 1, 1, 9, 30, tzinfo=timezone(timedelta(hours=1))),
        datetime(2017, 5, 2, tzinfo=UTC),
    ]
)
REACTION = st.fixed_dictionaries(
    {
        "id": TEXT,
        "author": st.none() | TEXT,
        "date": st.none() | DATES,
        "parent": st.none() | TEXT,
        "body": TEXT,
    }
)
DOCUMENT = st.fixed_dictionaries(
    {
        "title": TEXT,
        "date": DATES,
        "tags": st.lists(TEXT, max_size=3),
        "views": st.integers(),
        "source": st.fixed_dictionaries({"url": TEXT, "file": TEXT}),
        "reactions": st.lists(REACTION, max_size=3),
    }
)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_libyaml_writes_what_the_python_emitter_writes(document):
    assert dump_yaml(document) == python_dump_yaml(document)


def test_a_last_block_that_keeps_its_blank_lines_is_written_as_pyyaml_writes_it():
    document = {"post": "x", "reactions": [{"id": "a", "body": "regel\n\n"}]}
    assert dump_yaml(document) == python_dump_yaml(document)
