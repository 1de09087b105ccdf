"""Reactions files read, checked and rendered into plain rows, many at once in workers.

The work for one file does not depend on any other, so a large site loads them in a
pool of forked processes, which inherit the loaded settings, Markdown and removals.
A row is plain data, `(id, author, date, parent, html, removed)`, cheap to send back
from a worker and to keep in the cache (cache.py); the plugin makes the Reactions.
"""

from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

from content_format.removals import Removals
from content_format.rendering import Renderer, renderer_for
from content_format.validation import ContentError, Problem, parse_datetime, read_reactions

Row = tuple[str, str | None, datetime | None, str | None, str, bool]
Loaded = tuple[list[Row], list[Problem]]

# Fewer files to load than this are loaded in this process: starting workers costs more.
POOL_MINIMUM = 50
# Tasks per worker: enough for the workers to finish together, few enough to cost little.
CHUNKS_PER_JOB = 8


def load_rows(path: Path, slug: str, render: Renderer, removals: Removals) -> list[Row]:
    """A reactions file's rows, oldest first; ContentError if the file is not valid."""
    data = read_reactions(path)
    if data["post"] != slug:
        raise ContentError(
            [Problem(str(path), 1, f"post is {data['post']!r}, but the post beside it is {slug!r}")]
        )
    rows = sorted((_row(item, render, removals) for item in data["reactions"]), key=_order)
    unreached = {row[0] for row in rows} - _reachable(rows)
    if unreached:
        raise ContentError(
            [Problem(str(path), 1, f"reactions answer each other in a circle: {sorted(unreached)}")]
        )
    return rows


def load_many(
    files: list[tuple[Path, str]], markdown: dict, removals: Removals, jobs: int
) -> list[Loaded]:
    """Each (reactions file, post slug)'s rows or problems, in order.

    In `jobs` forked workers when there are enough files and the platform can fork;
    in this process otherwise.
    """
    context = _fork_context()
    if jobs <= 1 or len(files) < max(POOL_MINIMUM, 1) or context is None:
        render = renderer_for(markdown)
        return [_load(path, slug, render, removals) for path, slug in files]
    return _in_workers(files, markdown, removals, jobs, context)


def _in_workers(files, markdown: dict, removals: Removals, jobs: int, context) -> list[Loaded]:
    """Loaded in forked workers, this process's objects kept out of garbage collection.

    The workers share this process's memory until they write to it; a collection in a
    worker would touch every object it inherited, and so copy them all.
    """
    jobs = min(jobs, len(files))
    chunksize = max(1, len(files) // (jobs * CHUNKS_PER_JOB))
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_start_worker, initargs=(markdown, removals)
        ) as pool:
            return list(pool.map(_work, files, chunksize=chunksize))
    finally:
        gc.unfreeze()


def _load(path: Path, slug: str, render: Renderer, removals: Removals) -> Loaded:
    """Problems come back as data: a ContentError does not survive pickling whole."""
    try:
        return load_rows(path, slug, render, removals), []
    except ContentError as error:
        return [], error.problems


def _fork_context():
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


_worker: tuple[Renderer, Removals] | None = None


def _start_worker(markdown: dict, removals: Removals) -> None:
    global _worker
    _worker = (renderer_for(markdown), removals)


def _work(file: tuple[Path, str]) -> Loaded:
    return _load(*file, *_worker)


def _row(item: dict, render: Renderer, removals: Removals) -> Row:
    """A reaction as shown; one by a person removed on request shows only a notice."""
    removed = removals.removes(item["author"])
    body = removals.reaction_notice if removed else removals.scrub(item["body"])
    author = None if removed else item["author"]
    return (item["id"], author, parse_datetime(item["date"]), item["parent"], render(body), removed)


def _order(row: Row):
    identifier, date = row[0], row[2]
    return (date is None, date.timestamp() if date else 0, identifier)


def _reachable(rows: list[Row]) -> set[str]:
    children: dict[str | None, list[str]] = {}
    for row in rows:
        children.setdefault(row[3], []).append(row[0])
    reached, waiting = set(), list(children.get(None, []))
    while waiting:
        identifier = waiting.pop()
        reached.add(identifier)
        waiting.extend(children.get(identifier, []))
    return reached
