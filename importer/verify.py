"""Check a mirror of the archive against its SHA256SUMS: python -m importer verify DIR.

Every build writes ``SHA256SUMS`` into the site (``plugins/publishing``), in the
format of ``sha256sum``: ``<64 hex digits>  <path>`` per line, the path relative to
the site's folder. A mirror is trustworthy when it holds exactly those files with
exactly those bytes. ``verify`` reports, one line each:

- ``missing: PATH``: listed, but not in the mirror;
- ``changed: PATH``: in the mirror with other bytes than listed;
- ``extra: PATH``: in the mirror, but not listed;

then a summary line. The exit status is 0 only when nothing is missing, changed or
extra; 1 when something is; 2 when the mirror cannot be checked: no SHA256SUMS, or
a line of it that is not a checksum line (the error names the file and the line).

The site build writes the list; this module only reads it (the importer and the
site build share the file format, not code).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TextIO

SUMS_NAME = "SHA256SUMS"
CHUNK = 1 << 20
# sha256sum's text (two spaces) and binary (" *") forms; a leading backslash marks
# an escaped file name.
LINE = re.compile(r"(?P<escaped>\\?)(?P<digest>[0-9a-fA-F]{64}) [ *](?P<path>.+)")
UNESCAPES = {"\\\\": "\\", "\\n": "\n", "\\r": "\r"}


class ChecksumsError(Exception):
    """SHA256SUMS is missing, unreadable or malformed; the message says where."""


@dataclass
class Result:
    listed: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.changed or self.extra)

    def lines(self) -> list[str]:
        return (
            [f"missing: {path}" for path in self.missing]
            + [f"changed: {path}" for path in self.changed]
            + [f"extra: {path}" for path in self.extra]
        )


def _unescape(name: str, where: str) -> str:
    """Undo sha256sum's escapes (a line that starts with a backslash)."""
    parts = re.split(r"(\\.?)", name)
    for index in range(1, len(parts), 2):
        if parts[index] not in UNESCAPES:
            raise ChecksumsError(f"{where}: a bad escape {parts[index]!r} in the file name")
        parts[index] = UNESCAPES[parts[index]]
    return "".join(parts)


def read_sums(path: Path) -> dict[str, str]:
    """SHA256SUMS as {relative path: lower-case hex digest}; ChecksumsError if bad."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ChecksumsError(
            f"{path}: not found (a mirror lists its files and their checksums in {SUMS_NAME})"
        ) from None
    except OSError as error:
        raise ChecksumsError(f"{path}: cannot be read: {error.strerror}") from None
    sums: dict[str, str] = {}
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    if not lines:
        raise ChecksumsError(f"{path}: empty, it lists no file")
    for number, raw in enumerate(lines, start=1):
        where = f"{path}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ChecksumsError(f"{where}: not UTF-8 text") from None
        match = LINE.fullmatch(line)
        if match is None:
            raise ChecksumsError(
                f"{where}: not a checksum line (expected '<64 hex digits>  <path>'): {line!r}"
            )
        name = match["path"]
        if match["escaped"]:
            name = _unescape(name, where)
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or name != relative.as_posix():
            raise ChecksumsError(
                f"{where}: {name!r} is not a plain path inside the mirror "
                "(absolute, with '..', or not normalised)"
            )
        if name == SUMS_NAME:
            raise ChecksumsError(f"{where}: {SUMS_NAME} cannot list itself")
        if name in sums:
            raise ChecksumsError(f"{where}: {name!r} is listed twice")
        sums[name] = match["digest"].lower()
    return sums


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def mirror_files(folder: Path) -> set[str]:
    found = set()
    for directory, _subdirectories, files in os.walk(folder):
        relative = Path(directory).relative_to(folder)
        for name in files:
            found.add((relative / name).as_posix())
    found.discard(SUMS_NAME)
    return found


def check_mirror(folder: str | Path) -> Result:
    """Compare ``folder`` with ``folder/SHA256SUMS``; ChecksumsError if it cannot."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ChecksumsError(f"{folder}: not a folder")
    sums = read_sums(folder / SUMS_NAME)
    present = mirror_files(folder)
    result = Result(listed=len(sums))
    for name in sorted(sums):
        if name not in present:
            result.missing.append(name)
        elif file_digest(folder / name) != sums[name]:
            result.changed.append(name)
    result.extra = sorted(present - sums.keys())
    return result


def verify(folder: str | Path, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """The ``verify`` command: report, then 0 (unaltered), 1 (altered) or 2 (cannot)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        result = check_mirror(folder)
    except ChecksumsError as error:
        print(f"error: {error}", file=err)
        return 2
    for line in result.lines():
        print(line, file=out)
    if result.ok:
        print(f"{folder}: complete and unaltered ({result.listed} files)", file=out)
        return 0
    print(
        f"{folder}: {result.listed} files listed: {len(result.missing)} missing, "
        f"{len(result.changed)} changed, {len(result.extra)} extra",
        file=out,
    )
    return 1
