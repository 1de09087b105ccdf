"""Documents through their readers, on every core, in the order they came.

Reading is most of an import's time (parsing HTML, converting it to Markdown), and
each document is read on its own, so the documents go to a pool of worker processes.
What comes back is in input order whatever the workers' speed, so an import gives
the same files and the same report with one job or many.

A small import never starts the pool: the first documents are read in this process,
and the pool starts only when there are more.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from importer.hygiene import tidy_post
from importer.readers import Document, ReaderError, Reading, reader_for

# Documents read in this process before the pool starts: below this, starting
# worker processes costs more than it saves.
POOL_AFTER = 24
# Documents in flight per job: enough to keep every worker busy, few enough that a
# large WARC is never held in memory at once.
WINDOW_PER_JOB = 8


@dataclass
class Outcome:
    """What became of one document: its reader's name and reading, or why not.

    `error` is a message for the report; `not_a_post` marks a page of the reader's
    site that holds no post (a list page, a profile), which is skipped, not an error.
    """

    reader: str | None = None
    reading: Reading | None = None
    error: str | None = None
    not_a_post: bool = False
    repairs: list[tuple[list[str], int]] = field(default_factory=list)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def read_document(document: Document) -> Outcome:
    """One document through the first reader that takes it; a reader's bug is reported."""
    reader = reader_for(document)
    if reader is None:
        return Outcome()
    try:
        reading = reader.read(document)
    except ReaderError as error:
        message = f"line {error.line}: {error}" if error.line else str(error)
        return Outcome(reader.name, error=message, not_a_post=str(error).startswith("not a post"))
    except Exception as error:  # a reader's bug must not stop the whole import
        message = f"cannot be read: {type(error).__name__}: {error} (a bug in the reader)"
        return Outcome(reader.name, error=message)
    repairs = [tidy_post(post) for post in reading.posts]
    return Outcome(reader.name, reading, repairs=repairs)


def read_all(
    items: Iterable, wanted, jobs: int | None = None
) -> Iterator[tuple[object, Outcome | None]]:
    """Each item with its outcome (None for an item `wanted` says is not for a reader)."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    pending: deque[tuple[object, Future | Outcome | None]] = deque()
    pool: ProcessPoolExecutor | None = None
    read_here = 0
    try:
        for item in items:
            if not wanted(item):
                pending.append((item, None))
            elif pool is None and (jobs == 1 or read_here < POOL_AFTER):
                read_here += 1
                pending.append((item, read_document(item)))
            else:
                pool = pool or _pool(jobs)
                pending.append((item, _submit(pool, item)))
            while pending and (len(pending) > jobs * WINDOW_PER_JOB or _ready(pending[0][1])):
                yield _resolved(*pending.popleft())
        while pending:
            yield _resolved(*pending.popleft())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _pool(jobs: int) -> ProcessPoolExecutor:
    """Workers forked where the platform can (they start at once, with the readers
    loaded); elsewhere the platform's default start method."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)


def _submit(pool: ProcessPoolExecutor, item) -> Future | Outcome:
    try:
        return pool.submit(read_document, item)
    except BrokenProcessPool:  # a worker died (out of memory, a crash in C code)
        return read_document(item)


def _ready(outcome) -> bool:
    return not isinstance(outcome, Future) or outcome.done()


def _resolved(item, outcome) -> tuple[object, Outcome | None]:
    if isinstance(outcome, Future):
        try:
            outcome = outcome.result()
        except BrokenProcessPool:
            outcome = read_document(item)
    return item, outcome
