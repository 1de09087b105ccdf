"""An import killed at any moment leaves content/ valid, and running it again completes it.

The writer writes every file under a temporary name (`.NAME.xxxxxxxx.tmp`) and renames
it when whole, a post before its reactions file (a post without one has no reactions,
which is valid; a reactions file without its post is not) and both before the
import's record in `.imported/`. A killed import may leave temporary files: the
build ignores them (IGNORE_FILES in pelicanconf.py) and the next import removes
them. A post written before the kill but not yet recorded is recognised by its
source on the next run, so it is completed, not imported a second time under
another slug.

The tests kill a real `python -m importer import` process with SIGKILL once a given
number of posts is on disk.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from pelican import Pelican
from pelican.settings import read_settings

from content_format.validation import check_content, read_front_matter, read_reactions
from importer.__main__ import main
from importer.content_files import parse_post
from tests.conftest import ROOT

PAGES = 300
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni"]


def capture(number: int) -> str:
    """A Ning page saved as text: a post with a few reactions."""
    day, month = number % 28 + 1, MONTHS[number % 6]
    reactions = "".join(
        f"Reactie van Lid {number % 7 + reply} op {day} {month} 2013 op 1{reply}.0{reply}\n"
        f"Reactie {reply} op bericht {number}, met <script>alert({reply})</script>.\n\n"
        for reply in range(number % 4)
    )
    return (
        "Ambtenaar 2.0\n\nsamen werken aan overheid 2.0\n\n"
        f"Bericht nummer {number}: over samenwerken\n\n"
        f"Geplaatst door Auteur {number % 17} op {day} {month} 2013 op 9.{number % 60:02d}\n\n"
        + f"Alinea {number}. Ambtenaren werken samen over de grenzen van hun organisatie.\n\n"
        * 3
        + f"Weergaven: {number}\n\nOpmerking\n\n"
        "Je moet lid zijn van Ambtenaar 2.0 om reacties te kunnen toevoegen!\n\n" + reactions
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A folder with `pages/` (the captures) and `clean/` (an import never interrupted)."""
    root = tmp_path_factory.mktemp("crash")
    pages = root / "pages"
    pages.mkdir()
    for number in range(PAGES):
        (pages / f"{number:03d}.txt").write_text(capture(number), "utf-8")
    assert run_import(root, root / "clean") == 0
    return root


def start_import(root: Path, content: Path) -> subprocess.Popen:
    """The command line in a process of its own, to be killed."""
    return subprocess.Popen(
        [sys.executable, "-m", "importer", "import", "pages", "--content", str(content)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run_import(root: Path, content: Path) -> int:
    """The command line run to its end, here (it starts faster than a new process)."""
    working_folder = Path.cwd()
    os.chdir(root)
    try:
        return main(["import", "pages", "--content", str(content), "--no-progress"])
    finally:
        os.chdir(working_folder)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def posts_on_disk(content: Path) -> int:
    return len(list((content / "posts").glob("*/*.md"))) if (content / "posts").is_dir() else 0


def kill_when(content: Path, process: subprocess.Popen, posts: int) -> None:
    """SIGKILL the import once `posts` posts are written (or when it ends by itself)."""
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if posts_on_disk(content) >= posts:
            break
        time.sleep(0.002)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()


def assert_valid(content: Path) -> None:
    """Every file whole and valid, as the build and `make check` read them."""
    assert check_content(content) == []
    for path in (content / "posts").rglob("*.md"):
        parse_post(path.read_text("utf-8"), str(path))
        read_front_matter(path)
    for path in (content / "posts").rglob("*.reactions.yml"):
        assert path.with_name(path.name.replace(".reactions.yml", ".md")).exists(), path
        read_reactions(path)
    for path in (content / ".imported").glob("*.json"):
        yaml.safe_load(path.read_text("utf-8"))  # JSON is YAML: whole, or this fails


@pytest.mark.parametrize("posts", [1, 60, 200])
def test_a_killed_import_leaves_valid_content_and_a_rerun_completes_it(workspace, posts):
    content = workspace / f"killed-at-{posts}"
    kill_when(content, start_import(workspace, content), posts)
    if content.exists():
        assert_valid(content)
    assert run_import(workspace, content) == 0
    assert tree(content) == tree(workspace / "clean")
    assert not list(content.rglob("*.tmp"))


def test_temporary_files_of_a_killed_import_are_ignored_then_removed(workspace, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(workspace / "clean", content)
    post = sorted((content / "posts" / "2013").glob("*.md"))[0]
    images = content / "images" / post.stem
    images.mkdir(parents=True)
    (images / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    left = [
        post.with_name(f".{post.name}.k3j_x9a1.tmp"),
        post.with_name(f".{post.stem}.reactions.yml.0a1b2c3d.tmp"),
        content / ".imported" / f".{post.stem}.json.zz_zz_zz.tmp",
        images / ".photo.png.abcdefgh.tmp",
    ]
    for path in left:
        path.write_bytes(b"---\ntitle: half a fi")
    keep = post.with_name("notes.tmp")  # not an importer's temporary file: left alone
    keep.write_text("mine")

    # Neither `make check` nor the build reads them (the build of this post alone).
    assert check_content(content) == []
    site = tmp_path / "site"
    (site / "posts" / "2013").mkdir(parents=True)
    for path in post.parent.glob(f"*{post.stem}.*"):
        shutil.copy(path, site / "posts" / "2013" / path.name)
    shutil.copytree(images.parent, site / "images")
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(site), "OUTPUT_PATH": str(tmp_path / "output")},
    )
    Pelican(settings).run()
    assert not [path for path in (tmp_path / "output").rglob("*") if path.name.endswith(".tmp")]
    assert (tmp_path / "output" / "images" / post.stem / "photo.png").exists()
    assert (tmp_path / "output" / "posts" / "2013" / f"{post.stem}.html").exists()

    # The next import removes them, and only them.
    assert run_import(workspace, content) == 0
    assert not [path for path in left if path.exists()]
    assert keep.read_text() == "mine"
