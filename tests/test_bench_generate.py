"""The benchmark's synthetic network (bench/generate.py) is what the importer reads.

A tiny network is generated and imported: the mirror gives exactly the files the
generator's direct writer makes from its model (so every reaction, with its author,
date, body and thread parent, comes out as generated), the WARC gives the same
reactions, and the same seed gives the same bytes.
"""

from __future__ import annotations

import os
import random
import statistics
from pathlib import Path

import pytest
import yaml

from bench import generate
from importer.pipeline import import_sources

POSTS = 20


def files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    manifest = generate.generate(folder, posts=POSTS)
    return folder, manifest


@pytest.fixture(scope="module")
def imported(tiny):
    folder, _ = tiny
    previous = Path.cwd()
    try:
        # From the folder that holds mirror/, as the benchmark runs it.
        os.chdir(folder)
        mirror = import_sources(["mirror"], folder / "from-mirror")
        warc = import_sources(["network.warc.gz"], folder / "from-warc")
    finally:
        os.chdir(previous)
    return mirror, warc


def test_the_network_has_posts_reactions_threads_and_comment_pages(tiny):
    folder, manifest = tiny
    assert manifest["posts"] == POSTS
    assert manifest["blog_posts"] and manifest["forum_discussions"]
    assert manifest["reactions"] == sum(manifest["reactions_by_post"].values())
    assert manifest["reactions_per_post"]["max"] > generate.PER_PAGE
    assert manifest["post_pages"] > POSTS
    mirror = folder / "mirror" / generate.HOST
    assert list(mirror.glob("profiles/blogs/*?page=2"))
    assert (folder / "network.warc.gz").read_bytes()[:2] == b"\x1f\x8b"
    plain = (folder / "plain" / "content" / "posts").rglob("*.md")
    assert len(list(plain)) == POSTS


def test_importing_the_mirror_gives_the_content_the_generator_writes(tiny, imported):
    folder, manifest = tiny
    mirror_report, _ = imported
    assert not mirror_report.failed
    totals = mirror_report.totals()
    assert (totals["posts_written"], totals["reactions_written"]) == (
        POSTS,
        manifest["reactions"],
    )
    direct, from_mirror = files(folder / "content"), files(folder / "from-mirror")
    assert sorted(from_mirror) == sorted(direct)
    different = [name for name in direct if direct[name] != from_mirror[name]]
    assert different == []


def test_every_reaction_comes_out_right(tiny):
    folder, manifest = tiny
    net = generate.network(POSTS)
    threaded = 0
    for item in net.items:
        path = folder / "from-mirror" / "posts" / str(item.date.year)
        data = yaml.safe_load((path / f"{item.slug}.reactions.yml").read_text("utf-8"))
        reactions = data["reactions"]
        assert len(reactions) == len(item.replies) == manifest["reactions_by_post"][item.slug]
        by_id = {reaction["id"]: reaction for reaction in reactions}
        # Written oldest first; the model's replies are in date order too.
        assert [r["author"] for r in reactions] == [r.author.name for r in item.replies]
        assert [r["body"] for r in reactions] == [
            generate.reply_markdown(reply) for reply in item.replies
        ]
        assert [r["date"].isoformat() for r in reactions] == [
            reply.date.isoformat() for reply in item.replies
        ]
        for reaction, reply in zip(reactions, item.replies, strict=True):
            if reply.parent is None:
                assert reaction["parent"] is None
            else:
                parent = by_id[reaction["parent"]]
                assert parent["author"] == item.replies[reply.parent].author.name
                assert parent["body"] == generate.reply_markdown(item.replies[reply.parent])
                threaded += 1
    assert threaded > 0


def test_the_warc_gives_the_same_posts_and_reactions(tiny, imported):
    folder, manifest = tiny
    _, warc_report = imported
    assert not warc_report.failed
    totals = warc_report.totals()
    assert (totals["posts_written"], totals["reactions_written"]) == (
        POSTS,
        manifest["reactions"],
    )
    direct, from_warc = files(folder / "content"), files(folder / "from-warc")
    reactions = [name for name in direct if name.endswith(".reactions.yml")]
    assert len(reactions) == POSTS
    assert all(from_warc[name] == direct[name] for name in reactions)
    images = [name for name in direct if name.startswith("images/")]
    assert images and all(from_warc[name] == direct[name] for name in images)


def test_the_same_seed_gives_the_same_bytes(tiny, tmp_path):
    folder, _ = tiny
    generate.generate(tmp_path, posts=POSTS)
    for part in ("mirror", "content", "plain"):
        assert files(tmp_path / part) == files(folder / part), part
    assert (tmp_path / "network.warc.gz").read_bytes() == (folder / "network.warc.gz").read_bytes()
    assert (tmp_path / "manifest.json").read_bytes() == (folder / "manifest.json").read_bytes()


def test_reactions_are_about_ten_a_post_and_spread_unevenly():
    counts = generate.reaction_counts(random.Random(generate.DEFAULT_SEED), 10_000)
    assert 8 <= statistics.mean(counts) <= 12
    assert statistics.median(counts) <= 5
    assert sum(count >= 100 for count in counts) >= 20
    assert max(counts) >= 900
    assert generate.default_people(10_000) == 3_000
    assert generate.default_people(500) == 150
