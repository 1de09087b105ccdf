"""Inputs: turn the paths given on the command line into documents for the readers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from importer.readers.base import Document

SKIPPED_NAMES = {"README.md", "README.txt", "README"}


def documents(paths: list[str]) -> Iterator[Document | tuple[str, str]]:
    """Documents from files and folders, in a stable order.

    Yields (path, message) instead of a document for a path that cannot be read.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.is_file() and not _hidden(file, path) and file.name not in SKIPPED_NAMES:
                    yield _document(file)
        elif path.is_file():
            yield _document(path)
        else:
            yield (display_path(path), "no such file or folder")


def display_path(path: Path) -> str:
    """The path as the content records it: relative to the working folder if inside it."""
    relative = os.path.relpath(path.resolve(), Path.cwd())
    return Path(relative).as_posix() if not relative.startswith("..") else path.name


def _document(path: Path) -> Document | tuple[str, str]:
    try:
        return Document(path=display_path(path), content=path.read_bytes())
    except OSError as error:
        return (display_path(path), f"cannot be read: {error.strerror}")


def _hidden(file: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in file.relative_to(root).parts)
