"""Pages rendered on several cores, and a rebuild that renders only what changed.

Whatever the rebuild skipped, its output must be byte for byte the output of a clean
build of the same content: that is what each test checks after its change.
"""

from __future__ import annotations

import filecmp
import logging
import re
import shutil
from pathlib import Path

import page_writer
import pytest
from pelican import Pelican
from pelican.settings import read_settings

from bench import generate
from tests.conftest import ROOT

POSTS = 24


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("network")
    generate.generate(folder, posts=POSTS, what=("content",))
    shutil.copy(ROOT / "content" / "aliases.yml", folder / "content" / "aliases.yml")
    return folder / "content"


@pytest.fixture
def site(tmp_path, network) -> dict[str, Path]:
    shutil.copytree(network, tmp_path / "content")
    return {"content": tmp_path / "content", "output": tmp_path / "output", "root": tmp_path}


def settings_for(content: Path, output: Path, cache: Path | None = None, **extra) -> dict:
    override = {"PATH": str(content), "OUTPUT_PATH": str(output), **extra}
    if cache is not None:
        override |= {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache)}
    return read_settings(str(ROOT / "pelicanconf.py"), override=override)


def run(pelican: Pelican) -> int:
    """Run a build; the number of pages the writer rendered."""
    rendered = []
    original = page_writer._render_all

    def counting(jobs, workers):
        rendered.extend(job.path for job in jobs)
        original(jobs, workers)

    page_writer._render_all = counting
    try:
        pelican.run()
    finally:
        page_writer._render_all = original
    return len(rendered)


def build(content: Path, output: Path, cache: Path | None = None, **extra) -> int:
    return run(Pelican(settings_for(content, output, cache, **extra)))


def same_as_clean_build(site: dict[str, Path]) -> None:
    clean = site["root"] / "clean"
    build(site["content"], clean)
    differences = _differences(filecmp.dircmp(site["output"], clean))
    assert differences == []


def _differences(comparison: filecmp.dircmp) -> list[str]:
    found = comparison.left_only + comparison.right_only + comparison.diff_files
    found += [name for name in comparison.common_files if name in comparison.funny_files]
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found


def a_post(content: Path, number: int = 5) -> Path:
    return sorted((content / "posts").rglob("*.md"))[number]


def test_a_clean_build_renders_every_page_and_an_unchanged_rebuild_none(site):
    cache = site["root"] / "cache"
    first = build(site["content"], site["output"], cache)
    assert first > POSTS
    assert build(site["content"], site["output"], cache) == 0
    same_as_clean_build(site)


def test_pelican_r_rebuilds_only_what_changed_run_after_run(site):
    """`make devserver` runs one Pelican again and again."""
    pelican = Pelican(settings_for(site["content"], site["output"], site["root"] / "cache"))
    assert run(pelican) > POSTS
    assert run(pelican) == 0
    post = a_post(site["content"])
    post.write_text(post.read_text("utf-8") + "\nNog een zin.\n", "utf-8")
    assert run(pelican) == 1
    same_as_clean_build(site)


def test_a_changed_post_body_renders_only_that_post(site):
    cache = site["root"] / "cache"
    build(site["content"], site["output"], cache)
    post = a_post(site["content"])
    post.write_text(post.read_text("utf-8") + "\nEen zin die een redacteur toevoegde.\n", "utf-8")
    assert build(site["content"], site["output"], cache) == 1
    html = next(site["output"].rglob(f"{post.stem}.html")).read_text("utf-8")
    assert "Een zin die een redacteur toevoegde." in html
    same_as_clean_build(site)


def test_a_changed_reaction_renders_its_post_and_its_author(site):
    cache = site["root"] / "cache"
    build(site["content"], site["output"], cache)
    reactions = next(
        path
        for path in sorted((site["content"] / "posts").rglob("*.reactions.yml"))
        if "\n- id: " in path.read_text("utf-8")
    )
    text = reactions.read_text("utf-8")
    body = re.search(r"\n  body: (\|-?\n    )?", text)
    changed = text[: body.end()] + "Aangepast door de redactie. " + text[body.end() :]
    reactions.write_text(changed, "utf-8")
    rendered = build(site["content"], site["output"], cache)
    assert 2 <= rendered <= 3  # the post, the reaction's author (and the post's, if another)
    same_as_clean_build(site)


def test_a_changed_title_renders_everything(site):
    cache = site["root"] / "cache"
    everything = build(site["content"], site["output"], cache)
    post = a_post(site["content"])
    text = post.read_text("utf-8")
    post.write_text(re.sub(r"^title: .*$", "title: Een nieuwe titel", text, count=1, flags=re.M))
    assert build(site["content"], site["output"], cache) == everything
    same_as_clean_build(site)


def test_a_name_removed_on_request_is_gone_from_every_page(site):
    cache = site["root"] / "cache"
    build(site["content"], site["output"], cache)
    post = a_post(site["content"], 3)
    author = re.search(r"^author: (.*)$", post.read_text("utf-8"), re.M).group(1).strip("'\"")
    (site["content"] / "removals.yml").write_text(f"people:\n- name: {author}\n", "utf-8")
    build(site["content"], site["output"], cache)
    same_as_clean_build(site)
    pages = [path.read_text("utf-8") for path in site["output"].rglob("*.html")]
    assert not any(f">{author}<" in page for page in pages)


def test_a_page_changed_in_the_output_is_written_again(site):
    cache = site["root"] / "cache"
    build(site["content"], site["output"], cache)
    page = next((site["output"] / "posts").rglob("*.html"))
    page.write_text("gewijzigd", "utf-8")
    assert build(site["content"], site["output"], cache) == 1
    same_as_clean_build(site)


def test_a_broken_cache_file_means_a_full_render(site):
    cache = site["root"] / "cache"
    everything = build(site["content"], site["output"], cache)
    for state in cache.glob("page_writer-*.json"):
        state.write_text("{niet af", "utf-8")
    assert build(site["content"], site["output"], cache) == everything
    same_as_clean_build(site)


def test_workers_write_the_same_pages_as_one_process(site, monkeypatch):
    monkeypatch.setattr(page_writer, "FORK_AFTER", 0)
    build(site["content"], site["output"], WRITER_JOBS=2)
    one = site["root"] / "one"
    build(site["content"], one, WRITER_JOBS=1)
    assert _differences(filecmp.dircmp(site["output"], one)) == []


def test_a_template_error_in_a_worker_fails_the_build_naming_the_page(site, monkeypatch):
    monkeypatch.setattr(page_writer, "FORK_AFTER", 0)
    theme = site["root"] / "theme"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    article.write_text(
        article.read_text("utf-8").replace("{{ article.content }}", "{{ article.content.nee() }}")
    )
    with pytest.raises(RuntimeError, match=r"rendering .*posts/.*\.html failed"):
        build(site["content"], site["output"], THEME=str(theme), WRITER_JOBS=2)


def test_no_temporary_file_is_left_in_the_output(site, caplog):
    caplog.set_level(logging.INFO)
    build(site["content"], site["output"])
    assert not [path for path in site["output"].rglob("*.tmp")]
