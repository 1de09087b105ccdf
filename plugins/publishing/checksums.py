"""The checksums of a built site: ``SHA256SUMS`` in the format of ``sha256sum``.

One line per file of the site, ``<64 hex digits>  <path>``, the path relative to the
site's folder with ``/`` between folders, the lines sorted by path (code point
order, which is byte order in UTF-8: ``LC_ALL=C sort``). A path holding a backslash,
a newline or a carriage return is written the way GNU ``sha256sum`` writes it: the
line starts with ``\\`` and those characters are escaped as ``\\\\``, ``\\n`` and
``\\r``. So ``cd output && sha256sum -c SHA256SUMS`` checks a mirror, and so does
``python -m importer verify output``, which also finds files the list lacks.

``SHA256SUMS`` does not list itself; everything else in the folder is listed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

SUMS_NAME = "SHA256SUMS"
CHUNK = 1 << 20


def site_files(folder: str | Path) -> list[str]:
    """Every file under ``folder`` (relative POSIX paths, sorted), but SHA256SUMS."""
    folder = Path(folder)
    found = []
    for directory, subdirectories, files in os.walk(folder):
        subdirectories.sort()
        relative = Path(directory).relative_to(folder)
        for name in files:
            path = (relative / name).as_posix()
            if path != SUMS_NAME:
                found.append(path)
    return sorted(found)


def file_digest(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sums_line(digest: str, path: str) -> str:
    """One line of SHA256SUMS (without its newline), escaped as sha256sum does."""
    if any(character in path for character in "\\\n\r"):
        escaped = path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        return f"\\{digest}  {escaped}"
    return f"{digest}  {path}"


def write_checksums(folder: str | Path) -> tuple[Path, int]:
    """Write ``folder/SHA256SUMS`` for every other file; return its path and the count."""
    folder = Path(folder)
    paths = site_files(folder)
    text = "".join(sums_line(file_digest(folder / path), path) + "\n" for path in paths)
    target = folder / SUMS_NAME
    # Written beside and renamed: a reader never sees half a list.
    partial = folder / f".{SUMS_NAME}.partial"
    partial.write_text(text, encoding="utf-8", newline="\n")
    os.replace(partial, target)
    return target, len(paths)
