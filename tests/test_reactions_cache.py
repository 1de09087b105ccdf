"""Loading content fast: the reactions cache for rebuilds, workers, one shared renderer.

None may change the site: a rebuild from the cache and a build with workers give
the same files as a plain build, and the same problems for a broken file.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

import content_format.build_support as build_support
import content_format.rendering as rendering
import reactions.loading as loading
from content_format.removals import load as removals_of
from reactions.cache import CACHE_FILE
from tests.conftest import ROOT

NING = "ben-je-er-als-ambtenaar-voor-de-politiek-of-voor-de-samenleving"
NING_REACTIONS = f"{NING}.reactions.yml"
NING_PAGE = Path("posts/2013") / f"{NING}.html"
OTHER_REACTIONS = "die-nieuwe-ambtenaar-komt-er.reactions.yml"
EVERY_FILE = sorted([NING_REACTIONS, OTHER_REACTIONS])


def settings_for(root: Path, output: str, cache: bool, **extra) -> dict:
    override = {
        "PATH": str(root / "content"),
        "OUTPUT_PATH": str(root / output),
        "CACHE_CONTENT": cache,
        "LOAD_CONTENT_CACHE": cache,
        "CACHE_PATH": str(root / "cache"),
        **extra,
    }
    return read_settings(str(ROOT / "pelicanconf.py"), override=override)


def build(root: Path, output: str = "output", cache: bool = True, **extra) -> Path:
    Pelican(settings_for(root, output, cache, **extra)).run()
    return root / output


def files_of(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def root(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the reactions files read, in the order they are read."""
    names: list[str] = []
    read = loading.read_reactions

    def counting(path):
        names.append(Path(path).name)
        return read(path)

    monkeypatch.setattr(loading, "read_reactions", counting)
    return names


def reactions_file(root: Path, name: str) -> Path:
    return next((root / "content").rglob(name))


def test_a_rebuild_reads_only_the_changed_reactions_file(root, reads):
    build(root)
    assert sorted(reads) == EVERY_FILE
    assert (root / "cache" / CACHE_FILE).is_file()
    assert not list((root / "cache").glob(f".{CACHE_FILE}*"))
    reads.clear()
    path = reactions_file(root, NING_REACTIONS)
    path.write_text(path.read_text("utf-8").replace("Mooi om te zien hoe", "Prachtig hoe"))
    output = build(root)
    assert reads == [NING_REACTIONS]
    page = (output / NING_PAGE).read_text("utf-8")
    assert "Prachtig hoe" in page and "Mooi om te zien hoe" not in page


def test_a_rebuild_from_the_cache_gives_the_same_site(root, reads):
    plain = files_of(build(root, "plain", cache=False))
    build(root)
    reads.clear()
    assert files_of(build(root)) == plain
    assert reads == []


def test_a_change_to_the_removals_loads_every_file_again(root, reads):
    build(root)
    reads.clear()
    (root / "content" / "removals.yml").write_text("people:\n  - name: Wim Markwat\n")
    output = build(root)
    assert sorted(reads) == EVERY_FILE
    page = (output / NING_PAGE).read_text("utf-8")
    assert "Wim Markwat" not in page and "Deze reactie is op verzoek verwijderd." in page


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "a_list", "old_version"])
def test_a_damaged_cache_is_rebuilt(root, reads, damage):
    plain = files_of(build(root, "plain", cache=False))
    build(root)
    cache = root / "cache" / CACHE_FILE
    good = cache.read_bytes()
    damaged = {
        "garbage": b"not a pickle at all",
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "a_list": pickle.dumps([1]),
        "old_version": pickle.dumps({"version": -1, "entries": {}}),
    }[damage]
    cache.write_bytes(damaged)
    reads.clear()
    assert files_of(build(root)) == plain
    assert sorted(reads) == EVERY_FILE
    reads.clear()
    build(root)
    assert reads == []


def test_without_the_content_cache_nothing_is_kept_or_read(root, reads):
    build(root, cache=False)
    build(root, cache=False)
    assert sorted(reads) == sorted(EVERY_FILE * 2)
    assert not (root / "cache" / CACHE_FILE).exists()


def test_a_cache_that_is_not_loaded_is_not_read_but_written(root, reads):
    build(root)
    reads.clear()
    build(root, LOAD_CONTENT_CACHE=False)
    assert sorted(reads) == EVERY_FILE
    reads.clear()
    build(root)
    assert reads == []


def test_workers_give_the_same_site(root, monkeypatch):
    plain = files_of(build(root, "plain", cache=False))
    pools = []

    class CountingPool(loading.ProcessPoolExecutor):
        def __init__(self, *arguments, **options):
            pools.append(options)
            super().__init__(*arguments, **options)

    monkeypatch.setattr(loading, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(loading, "POOL_MINIMUM", 0)
    assert files_of(build(root, "pooled", cache=False, REACTIONS_JOBS=2)) == plain
    assert len(pools) == 1


def test_workers_report_the_same_problems(root, monkeypatch):
    path = reactions_file(root, NING_REACTIONS)
    text = path.read_text("utf-8")
    path.write_text(text.replace("parent: null", "parent: nobody", 1))
    other = reactions_file(root, OTHER_REACTIONS)
    other.write_text(other.read_text("utf-8").replace("post: ", "post: x", 1))
    settings = settings_for(root, "output", cache=False)
    files = [(path, NING), (other, "die-nieuwe-ambtenaar-komt-er")] * 3
    markdown, removals = settings["MARKDOWN"], removals_of(settings)
    here = loading.load_many(files, markdown, removals, jobs=1)
    monkeypatch.setattr(loading, "POOL_MINIMUM", 0)
    pooled = loading.load_many(files, markdown, removals, jobs=2)
    assert pooled == here
    messages = [str(problem) for _, problems in here for problem in problems]
    assert any("which is not a reaction to this post" in message for message in messages)
    assert any("but the post beside it is" in message for message in messages)


def test_the_number_of_jobs(monkeypatch):
    assert build_support.worker_count({"REACTIONS_JOBS": 3}, "REACTIONS_JOBS") == 3
    assert build_support.worker_count({"REACTIONS_JOBS": 0}, "REACTIONS_JOBS") >= 1
    monkeypatch.setattr(build_support.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3, 4})
    assert build_support.worker_count({}, "REACTIONS_JOBS") == 5


def test_one_renderer_for_every_post_and_reaction(root, monkeypatch):
    built = []

    class CountingRenderer(rendering.Renderer):
        def __init__(self, markdown):
            built.append(markdown)
            super().__init__(markdown)

    monkeypatch.setattr(rendering, "Renderer", CountingRenderer)
    monkeypatch.setattr(rendering, "_renderers", {})
    build(root, cache=False)
    assert len(built) == 1


def test_a_shared_renderer_renders_as_a_new_one():
    markdown = read_settings(str(ROOT / "pelicanconf.py"))["MARKDOWN"]
    texts = [
        "Een HTML tekst[^1].\n\n*[HTML]: Hyper Text Markup\n\n[^1]: Een voetnoot.\n\n"
        "[ref]: https://example.org",
        "Weer HTML, een [link][ref] en een voetnoot[^1].\n\n[^1]: Een tweede.",
        'Term\n: Uitleg\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div markdown="1">*x*</div>',
    ]
    shared = rendering.renderer_for(markdown)
    for text in texts + texts[::-1]:
        assert shared(text) == rendering.Renderer(markdown)(text)
