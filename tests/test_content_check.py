"""`make check`: every rule of the content format gives its own clear message."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from content_format.validation import check_content
from tests.conftest import ROOT

POST = """---
title: Een bericht
date: 2014-03-03T10:00:00+01:00
author: Jan
category: Blog
tags: [open data]
slug: een-bericht
source:
  platform: editor
  file: null
---

Tekst.
"""
REACTIONS = """post: een-bericht
reactions:
- id: a1
  author: Piet
  date: 2014-03-04T10:00:00+01:00
  parent: null
  body: Eerste.
- id: a2
  author: Jan
  date: 2014-03-04T11:00:00+01:00
  parent: a1
  body: Antwoord.
"""


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content" / "posts" / "2014"
    folder.mkdir(parents=True)
    (folder / "een-bericht.md").write_text(POST)
    (folder / "een-bericht.reactions.yml").write_text(REACTIONS)
    return tmp_path / "content"


def messages(content: Path) -> list[str]:
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in check_content(content)]


def edit(content: Path, name: str, old: str, new: str) -> None:
    path = content / "posts" / "2014" / name
    path.write_text(path.read_text().replace(old, new))


def test_valid_content_has_no_problems(content):
    assert messages(content) == []


def test_the_committed_content_is_valid():
    assert check_content(ROOT / "content") == []


def test_invalid_yaml(content):
    edit(content, "een-bericht.md", "tags: [open data]", "tags: [open data")
    [message] = messages(content)
    assert message.startswith("een-bericht.md:6: invalid YAML: while parsing a flow sequence: ")
    assert "expected ',' or ']'" in message and message.endswith("(line 7)")


def test_unknown_field(content):
    edit(content, "een-bericht.md", "category: Blog", "categroy: Blog")
    assert messages(content) == [
        "een-bericht.md:5: unknown field 'categroy' (did you mean 'category'?)"
    ]


def test_date_without_offset(content):
    edit(content, "een-bericht.md", "T10:00:00+01:00", " 10:00")
    [message] = messages(content)
    assert message.startswith("een-bericht.md:3: date: ")
    assert "not an ISO 8601 date and time with offset" in message


def test_missing_title(content):
    edit(content, "een-bericht.md", "title: Een bericht\n", "")
    assert messages(content) == ["een-bericht.md:2: 'title' is a required property"]


def test_slug_must_match_the_file_name(content):
    edit(content, "een-bericht.md", "slug: een-bericht", "slug: iets-anders")
    assert "slug 'iets-anders' differs from the file name 'een-bericht.md'" in messages(content)[0]


def test_year_folder_must_match_the_date(content):
    edit(content, "een-bericht.md", "date: 2014", "date: 2015")
    assert messages(content) == ["een-bericht.md:3: the post is dated 2015 but is in folder 2014"]


def test_duplicate_slug(content):
    other = content / "posts" / "2015"
    other.mkdir()
    (other / "een-bericht.md").write_text(POST.replace("2014-03-03", "2015-03-03"))
    [message] = messages(content)
    assert "slug 'een-bericht' is also used by" in message


def test_reactions_file_without_post(content):
    (content / "posts" / "2014" / "een-bericht.md").unlink()
    assert messages(content) == [
        "een-bericht.reactions.yml:1: no post beside this reactions file: expected een-bericht.md"
    ]


def test_duplicate_reaction_id(content):
    edit(content, "een-bericht.reactions.yml", "id: a2", "id: a1")
    assert "een-bericht.reactions.yml:8: duplicate reaction id 'a1'" in messages(content)


def test_parent_that_does_not_exist(content):
    edit(content, "een-bericht.reactions.yml", "parent: a1", "parent: zz")
    assert messages(content) == [
        "een-bericht.reactions.yml:11: reaction 'a2' answers 'zz', which is not a reaction "
        "to this post"
    ]


def test_reactions_of_another_post(content):
    edit(content, "een-bericht.reactions.yml", "post: een-bericht", "post: ander-bericht")
    assert messages(content) == [
        "een-bericht.reactions.yml:1: post is 'ander-bericht', but the post beside it is "
        "'een-bericht'"
    ]


def test_every_problem_is_listed_at_once(content):
    edit(content, "een-bericht.md", "category: Blog", "categroy: Blog")
    edit(content, "een-bericht.reactions.yml", "parent: a1", "parent: zz")
    assert len(messages(content)) == 2


def test_make_check_command_exit_status(content, tmp_path):
    command = [sys.executable, "-m", "plugins.content_format.check", str(content)]
    ok = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    edit(content, "een-bericht.reactions.yml", "parent: a1", "parent: zz")
    failed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert failed.returncode == 1
    assert f"{content}/posts/2014/een-bericht.reactions.yml:11: reaction 'a2'" in failed.stdout
    shutil.rmtree(content)


def test_removals_file(content):
    (content / "removals.yml").write_text(
        "people:\n  - name: Piet\n    note: verzoek\nposts:\n  - slug: bestaat-niet\n  - titel: x\n"
    )
    assert sorted(messages(content)) == [
        "removals.yml:6: posts.1: 'slug' is a required property",
        "removals.yml:6: unknown field 'posts.1.titel'",
    ]
    (content / "removals.yml").write_text("posts:\n  - slug: bestaat-niet\n")
    assert messages(content) == ["removals.yml:2: no post has the slug 'bestaat-niet'"]
    (content / "removals.yml").write_text("posts:\n  - slug: een-bericht\n")
    assert messages(content) == []


def test_images_must_exist_in_the_content_folder(content):
    edit(
        content,
        "een-bericht.md",
        "Tekst.",
        "Tekst.\n\n![kaart]({static}/images/een-bericht/kaart.png)",
    )
    assert messages(content) == [
        "een-bericht.md:15: image '{static}/images/een-bericht/kaart.png' does not exist "
        "in the content folder"
    ]
    image = content / "images" / "een-bericht" / "kaart.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\x89PNG")
    assert messages(content) == []


def test_raw_html_that_the_site_would_strip(content):
    edit(
        content,
        "een-bericht.md",
        "Tekst.",
        'Tekst.\n\n<iframe src="https://x.example/"></iframe>\n\n'
        '[klik](javascript:alert(1)) en <em onclick="x()">nadruk</em> en <em>mag</em>',
    )
    edit(content, "een-bericht.reactions.yml", "body: Eerste.", "body: <script>alert(1)</script>")
    assert messages(content) == [
        "een-bericht.md:15: raw HTML <iframe> is removed from the page",
        "een-bericht.md:17: href with javascript: on <a> is removed "
        "(allowed: http:, https:, mailto:)",
        "een-bericht.md:17: attribute 'onclick' on <em> is removed from the page",
        "een-bericht.reactions.yml:7: raw HTML <script> is removed from the page",
    ]
