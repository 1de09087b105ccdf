"""Two builds of the same content are byte-identical, search index and checksums included.

Each build is its own `pelican` process, so that everything that could differ
between two machines or two days differs here too: the hash seed (the order of sets
and of dicts built from them), the time zone of the process, where the content
lives and the modification times of its files, and the output folder. Every file of
the two outputs is compared, none left out; so is the tarball of `make publish`.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publishing import archive
from tests.conftest import ROOT

PELICAN = [sys.executable, "-m", "pelican"]
SITEURL = "https://archief.example.org/ambtenaar20"


def pelican_build(
    content: Path, output: Path, conf: str, hash_seed: str, timezone: str, siteurl: str = ""
) -> Path:
    env = {
        **os.environ,
        "PYTHONHASHSEED": hash_seed,
        "TZ": timezone,
        "SITEURL": siteurl,
    }
    result = subprocess.run(
        [*PELICAN, str(content), "-o", str(output), "-s", str(ROOT / conf)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def moved_content(root: Path) -> Path:
    """The real content/ elsewhere, every file and folder dated 3 February 2001."""
    content = root / "elders" / "content"
    shutil.copytree(ROOT / "content", content)
    stamp = 981169506
    for path in [content, *content.rglob("*")]:
        os.utime(path, (stamp, stamp))
    return content


def all_files(folder: Path) -> list[str]:
    return sorted(
        path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()
    )


def differences(first: Path, second: Path) -> list[str]:
    """Every file only in one output, and every file whose bytes differ, with a diff."""
    one, two = all_files(first), all_files(second)
    problems = [f"only in the first build: {p}" for p in sorted(set(one) - set(two))]
    problems += [f"only in the second build: {p}" for p in sorted(set(two) - set(one))]
    for path in sorted(set(one) & set(two)):
        a, b = (first / path).read_bytes(), (second / path).read_bytes()
        if a == b:
            continue
        try:
            diff = difflib.unified_diff(
                a.decode("utf-8").splitlines(),
                b.decode("utf-8").splitlines(),
                "first/" + path,
                "second/" + path,
                n=1,
                lineterm="",
            )
            detail = "\n".join(list(diff)[:30])
        except UnicodeDecodeError:
            at = next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)
            detail = f"  (binary; {len(a)} and {len(b)} bytes, first difference at byte {at})"
        problems.append(f"differs: {path}\n{detail}")
    return problems


@pytest.mark.parametrize(
    ("conf", "siteurl"),
    [("pelicanconf.py", ""), ("publishconf.py", SITEURL)],
    ids=["relative", "published"],
)
def test_two_builds_of_the_real_content_are_byte_identical(tmp_path, conf, siteurl):
    first = pelican_build(ROOT / "content", tmp_path / "een" / "output", conf, "1", "UTC", siteurl)
    second = pelican_build(
        moved_content(tmp_path),
        tmp_path / "twee" / "uitvoer",
        conf,
        "4242",
        "Pacific/Auckland",
        siteurl,
    )
    files = all_files(first)
    # What the comparison covers: the pages, the search index, the checksums.
    assert any(path.startswith("pagefind/") for path in files)
    assert "SHA256SUMS" in files
    if siteurl:
        assert {"sitemap.xml", "robots.txt", "feeds/alles.atom.xml"} <= set(files)
    problems = differences(first, second)
    assert not problems, "\n".join(problems)

    # And the tarballs of the two.
    one = archive.write_tarball(first, tmp_path / "een.tar.gz", "archive", 1700000000)
    two = archive.write_tarball(second, tmp_path / "twee.tar.gz", "archive", 1700000000)
    assert one.read_bytes() == two.read_bytes()
