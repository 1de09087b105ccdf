"""Inputs: turn the paths given on the command line into documents for the readers.

A path is a capture file, a folder of them (a wget or HTTrack mirror, Wayback
downloads), or a WARC/ARC web archive. Whatever it is, `documents()` yields one
`Document` per page or image found, or a `Skipped` that says why something is not one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from importer.readers.base import Document


@dataclass(frozen=True)
class Skipped:
    """A path or archive record that gives no document, and why.

    `error` is True for what went wrong (a missing file, a truncated archive) and
    False for what is left out on purpose (a request record, an HTTP 404, a redirect).
    """

    path: str
    reason: str
    error: bool


def display_path(path: Path | str) -> str:
    """The path as the content records it: relative to the working folder if inside it."""
    path = Path(path)
    relative = os.path.relpath(path.resolve(), Path.cwd())
    return Path(relative).as_posix() if not relative.startswith("..") else path.name


# The modules below use Skipped and display_path, so they are imported after them.
from importer.inputs import files, warc  # noqa: E402


def documents(
    paths: list[str], redirects: dict[str, str] | None = None
) -> Iterator[Document | Skipped]:
    """Documents from files, folders and web archives, in a stable order.

    Folders are read recursively in name order, leaving out hidden files, READMEs and
    the mirroring tools' own files. Web archives are recognised by their content (or
    their extension) wherever they are. Redirects found in web archives are added to
    `redirects`, when given, as {from_url: to_url}.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in files.folder_files(path):
                yield from _read(file, path, redirects)
        elif path.is_file():
            yield from _read(path, None, redirects)
        else:
            yield Skipped(display_path(path), "no such file or folder", error=True)


def _read(
    path: Path, root: Path | None, redirects: dict[str, str] | None
) -> Iterator[Document | Skipped]:
    if root is not None and not path.resolve().is_relative_to(root.resolve()):
        # A symbolic link in a mirror must not make the import read /etc/passwd.
        yield Skipped(display_path(path), "a link to a file outside the folder: not read", False)
        return
    if warc.is_archive(path):
        yield from map(_with_valid_url, warc.records(path, redirects))
    else:
        yield _with_valid_url(files.file_document(path, root))


def _with_valid_url(item: Document | Skipped) -> Document | Skipped:
    """A document whose address is no URL ("http://[x", from a hostile capture) has none."""
    if isinstance(item, Document) and item.url:
        try:
            urlsplit(item.url)
        except ValueError:
            return replace(item, url=None)
    return item
