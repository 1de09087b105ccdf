"""python -m importer verify DIR: a mirror against its SHA256SUMS."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from importer.__main__ import main
from importer.verify import SUMS_NAME
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The real content, built once (relative, like make html)."""
    root = tmp_path_factory.mktemp("verify")
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(ROOT / "content"), "OUTPUT_PATH": str(root / "output")},
    )
    Pelican(settings).run()
    return root / "output"


@pytest.fixture
def mirror(built, tmp_path):
    """A fresh copy of the built site for each test to damage."""
    copy = tmp_path / "mirror"
    shutil.copytree(built, copy)
    return copy


def verify(folder, capsys) -> tuple[int, list[str], str]:
    status = main(["verify", str(folder)])
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def test_a_built_site_verifies(mirror, capsys):
    status, lines, err = verify(mirror, capsys)
    assert status == 0, lines
    count = len((mirror / SUMS_NAME).read_text("utf-8").splitlines())
    assert lines == [f"{mirror}: complete and unaltered ({count} files)"]
    assert err == ""


def test_a_deleted_file_is_reported_missing(mirror, capsys):
    (mirror / "over.html").unlink()
    status, lines, _ = verify(mirror, capsys)
    assert status == 1
    assert lines[0] == "missing: over.html"
    assert lines[-1].endswith(": 1 missing, 0 changed, 0 extra")
    assert len(lines) == 2


def test_a_changed_byte_is_reported(mirror, capsys):
    page = mirror / "posts" / "2016" / "die-nieuwe-ambtenaar-komt-er.html"
    data = bytearray(page.read_bytes())
    data[100] ^= 0x01
    page.write_bytes(bytes(data))
    status, lines, _ = verify(mirror, capsys)
    assert status == 1
    assert lines == [
        "changed: posts/2016/die-nieuwe-ambtenaar-komt-er.html",
        lines[-1],
    ]
    assert lines[-1].endswith(": 0 missing, 1 changed, 0 extra")


def test_an_added_file_is_reported_extra(mirror, capsys):
    (mirror / "posts" / "2013" / "nieuw.html").write_text("<p>niet van ons</p>")
    status, lines, _ = verify(mirror, capsys)
    assert status == 1
    assert lines[0] == "extra: posts/2013/nieuw.html"
    assert lines[-1].endswith(": 0 missing, 0 changed, 1 extra")


def test_every_problem_at_once_one_line_each(mirror, capsys):
    (mirror / "over.html").unlink()
    (mirror / "index.html").write_bytes((mirror / "index.html").read_bytes() + b" ")
    (mirror / "extra.txt").write_text("x")
    status, lines, _ = verify(mirror, capsys)
    assert status == 1
    assert lines[:3] == ["missing: over.html", "changed: index.html", "extra: extra.txt"]
    assert lines[3].endswith(": 1 missing, 1 changed, 1 extra")


def test_a_missing_sha256sums_is_an_error_naming_it(mirror, capsys):
    (mirror / SUMS_NAME).unlink()
    status, lines, err = verify(mirror, capsys)
    assert status == 2
    assert lines == []
    assert f"{mirror / SUMS_NAME}: not found" in err


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda lines: lines.insert(2, "dit is geen regel"), ":3: not a checksum line"),
        (lambda lines: lines.__setitem__(0, lines[0][:60] + lines[0][64:]), ":1: not a checksum"),
        (lambda lines: lines.__setitem__(1, lines[1].replace("  ", "\t", 1)), ":2: not a checksum"),
        (lambda lines: lines.append(lines[0]), "is listed twice"),
        (lambda lines: lines.append("0" * 64 + "  ../buiten.html"), "not a plain path inside"),
        (lambda lines: lines.append("0" * 64 + "  /etc/passwd"), "not a plain path inside"),
        (lambda lines: lines.append(""), "not a checksum line"),
    ],
)
def test_a_malformed_sha256sums_is_an_error_naming_file_and_line(mirror, capsys, damage, message):
    sums = mirror / SUMS_NAME
    lines = sums.read_text("utf-8").splitlines()
    damage(lines)
    sums.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, err = verify(mirror, capsys)
    assert status == 2
    assert out == []
    assert err.startswith(f"error: {sums}:")
    assert message in err


def test_an_empty_sha256sums_is_an_error(mirror, capsys):
    (mirror / SUMS_NAME).write_text("")
    status, _, err = verify(mirror, capsys)
    assert status == 2
    assert "empty" in err


def test_the_binary_mode_marker_and_upper_case_digits_are_read(mirror, capsys):
    sums = mirror / SUMS_NAME
    lines = sums.read_text("utf-8").splitlines()
    lines = [line[:64].upper() + " *" + line[66:] for line in lines]
    sums.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, _, _ = verify(mirror, capsys)
    assert status == 0


def test_the_command_line(mirror):
    ok = subprocess.run(
        [sys.executable, "-m", "importer", "verify", str(mirror)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (mirror / "index.html").unlink()
    broken = subprocess.run(
        [sys.executable, "-m", "importer", "verify", str(mirror)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert broken.returncode == 1
    assert "missing: index.html" in broken.stdout
