"""Plain text is rendered without Python-Markdown, and exactly as Python-Markdown would."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown import Markdown
from pelican.settings import read_settings

from content_format.rendering import Renderer, markdown_settings, plain_paragraphs
from tests.conftest import ROOT

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))["MARKDOWN"]
MARKDOWN = Markdown(**markdown_settings(SETTINGS))
# Letters and the punctuation of ordinary text, white space of every kind, and the
# characters that make Markdown (so that the check of what is plain is tried too).
ALPHABET = (
    "abcXYZéëçß 0123456789.,;:?!'\"()/-%@$€\n\n\n  \t\u00a0\u2003\u2028\u3000\r*_[]<>&#|~`{}=+\\"
)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.sampled_from(ALPHABET), max_size=60))
@example("Goed punt, Herko.\n\nDank je: ik kom ook.")
@example("1986. Een jaar")
@example("term\n: uitleg")
@example("Kop\n---")
@example("a\u00a0\n\n\u2003b")
def test_plain_text_renders_as_python_markdown_renders_it(text):
    fast = plain_paragraphs(text)
    if fast is not None:
        assert fast == MARKDOWN.reset().convert(text)


@pytest.mark.parametrize(
    "text",
    [
        "Goed punt, Herko. Ik ben het met je eens.",
        "Eens!\n\nMaar wie betaalt dat (en wanneer)? 50% van de gemeenten: 'geen idee'.",
        "Regel een\nregel twee",
    ],
)
def test_ordinary_reactions_are_plain_text(text):
    assert plain_paragraphs(text) is not None


@pytest.mark.parametrize(
    "text", ["*nadruk*", "- lijst", "1. lijst", "> citaat", "    code", "regel  \nbreuk", "a & b"]
)
def test_markdown_is_left_to_python_markdown(text):
    assert plain_paragraphs(text) is None


def test_an_extension_that_changes_plain_text_turns_the_shortcut_off():
    smarty = Renderer({**SETTINGS, "extensions": ["markdown.extensions.smarty"]})
    assert smarty('Hij zei "ja" -- toen.') != Renderer(SETTINGS)('Hij zei "ja" -- toen.')
