"""`make new TITLE="..."`: a new editor's post (importer/new_post.py)."""

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from content_format.validation import check_content
from importer.new_post import NewPostError, new_post
from tests.conftest import ROOT

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SUMMER = datetime(2024, 7, 1, 14, 23, 45, 123, tzinfo=AMSTERDAM)

EXPECTED = """---
title: 'Open data: wat mag er?'
date: 2024-07-01T14:23:00+02:00
author: Jan de Vries
category: Blog
tags: []
slug: open-data-wat-mag-er
source:
  platform: editor
  url: null
  captured: null
  file: null
---
"""


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


def test_a_new_post_and_its_empty_reactions_file(content):
    paths = new_post(content, "Open data: wat mag er?", "Jan de Vries", None, now=SUMMER)
    post = content / "posts" / "2024" / "open-data-wat-mag-er.md"
    reactions = content / "posts" / "2024" / "open-data-wat-mag-er.reactions.yml"
    assert paths == [post, reactions]
    assert post.read_text("utf-8") == EXPECTED
    assert reactions.read_text("utf-8") == "post: open-data-wat-mag-er\nreactions: []\n"


def test_the_new_post_passes_the_content_check(content):
    new_post(content, "Open data: wat mag er?", "Jan de Vries", "Artikel", now=SUMMER)
    new_post(content, "Zonder auteur", None, None, now=SUMMER)
    assert check_content(content) == []


def test_the_date_is_local_time_in_amsterdam_with_its_offset(tmp_path):
    winter = datetime(2024, 1, 15, 23, 30, 59, tzinfo=UTC)  # already 16 January there
    [post, _] = new_post(tmp_path, "Winter", now=winter)
    assert post == tmp_path / "posts" / "2024" / "winter.md"
    text = post.read_text("utf-8")
    assert "\ndate: 2024-01-16T00:30:00+01:00\n" in text
    new_year = datetime(2024, 12, 31, 23, 30, tzinfo=UTC)
    [post, _] = new_post(tmp_path, "Oud en nieuw", now=new_year)
    assert post.parent.name == "2025"


def test_no_author_is_null_and_the_category_defaults_to_blog(tmp_path):
    [post, _] = new_post(tmp_path, "  Een   titel ", "  ", "", now=SUMMER)
    text = post.read_text("utf-8")
    assert "\ntitle: Een titel\n" in text
    assert "\nauthor: null\n" in text
    assert "\ncategory: Blog\n" in text


def test_an_existing_slug_anywhere_in_the_posts_is_refused(content):
    before = sorted(content.rglob("*"))
    title = "Die nieuwe ambtenaar kómt er!"  # the slug of the 2016 article
    with pytest.raises(NewPostError, match=r"die-nieuwe-ambtenaar-komt-er.*already exists"):
        new_post(content, title, now=SUMMER)
    assert sorted(content.rglob("*")) == before


def test_a_missing_title_is_refused(tmp_path):
    for title in (None, "", "   "):
        with pytest.raises(NewPostError, match="needs a title"):
            new_post(tmp_path, title, now=SUMMER)
    with pytest.raises(NewPostError, match="no letters or digits"):
        new_post(tmp_path, "?!", now=SUMMER)
    assert not (tmp_path / "posts").exists()


def run_cli(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "importer.new_post", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_command_prints_the_paths_and_fails_clearly(content):
    done = run_cli("--content", str(content), "--title", "Via de opdrachtregel")
    assert done.returncode == 0, done.stderr
    year = str(datetime.now(AMSTERDAM).year)
    folder = content / "posts" / year
    assert done.stdout.splitlines() == [
        str(folder / "via-de-opdrachtregel.md"),
        str(folder / "via-de-opdrachtregel.reactions.yml"),
    ]
    again = run_cli("--content", str(content), "--title", "Via de opdrachtregel")
    assert again.returncode == 1
    assert "already exists" in again.stderr
    missing = run_cli("--content", str(content))
    assert missing.returncode == 1
    assert 'make new TITLE="' in missing.stderr


def test_make_new_keeps_quotes_apostrophes_and_dollars(tmp_path):
    content = tmp_path / "content"
    command = ["make", "-s", "-C", str(ROOT), "-o", "venv", "new", f"INPUTDIR={content}"]
    title = """Wat kost $HOME "echt"?"""
    environment = {key: value for key, value in os.environ.items() if key != "MAKEFLAGS"}
    done = subprocess.run(
        [*command, f"TITLE={title}", "AUTHOR=Jan D'Hondt", "CATEGORY=Artikel"],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    [post, reactions] = [Path(line) for line in done.stdout.splitlines()]
    text = post.read_text("utf-8")
    assert 'title: Wat kost $HOME "echt"?\n' in text
    assert "author: Jan D'Hondt\n" in text
    assert "category: Artikel\n" in text
    assert reactions.read_text("utf-8") == "post: wat-kost-home-echt\nreactions: []\n"
    assert check_content(content) == []
    refused = subprocess.run(
        [*command, f"TITLE={title}"], capture_output=True, text=True, check=False, env=environment
    )
    assert refused.returncode != 0
    assert "already exists" in refused.stderr
    untitled = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    assert untitled.returncode != 0
    assert "needs a title" in untitled.stderr
