"""Pelican plugin: pages rendered on every core, and only the pages that changed.

Pelican's writer renders each page the moment a generator asks for it, one after
another on one core, and on every build renders every page again. This writer
(given to Pelican through the ``get_writer`` signal) takes the same calls and does in
this process all that Pelican's writer decides: pagination, relative URLs, the file
each page goes to, what may overwrite what, the ``content_written`` signal. Only
rendering the templates is put off: when every generator is done, and before any
``finalized`` receiver reads the output (search, sitemap, checksums), the pages are
rendered by worker processes forked with the whole build in memory
(``fingerprints.py`` says what a page depends on).

With Pelican's content cache on (``CACHE_CONTENT`` and ``LOAD_CONTENT_CACHE``), a
page whose inputs are the same as at the last build into the same output folder,
and whose file is still the one written then, is not rendered again. So an editor's
change to one post renders that post's page (and the pages of the people in it),
not the whole archive. Any change to the settings, the theme, the plugins, the
files beside the content (aliases, removals) or to what is listed about any post
(title, date, author, tags, reactions' authors and dates, ...) renders everything.

Pages are written through a temporary file and renamed, so a build that is stopped
never leaves half a page behind.

Settings: ``WRITER_JOBS`` (worker processes; default one per core, 1 renders in this
process). Differences from Pelican's writer: ``content_written`` is sent when a page
is queued, before its file exists (its receivers here only collect names), and pages
are written when the generators are done rather than while they run.
"""

from __future__ import annotations

import gc
import inspect
import logging
import multiprocessing
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from content_format.build_support import worker_count, write_whole

from . import content_cache
from .fingerprints import Fingerprints
from .state import State, set_aside

logger = logging.getLogger(__name__)

# Below this many pages to render, forking workers costs more than it saves.
FORK_AFTER = 150
# Pages a worker renders at a time.
CHUNK = 32
_WRAPPED = "_page_writer_flushes_first"


@dataclass
class _Job:
    path: str
    template: object
    localcontext: dict
    context: dict
    kwargs: dict
    fingerprint: str | None = None


class PageWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._jobs: dict[str, _Job] = {}
        _current["writer"] = self

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        """Pelican's write_file, with the rendering put off until `flush`."""
        if not name:
            return
        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            self._queue(template, context, name, kwargs, relative_urls, override_output)
            return
        per_page = (
            self.settings["PAGINATED_TEMPLATES"][template_name]
            or self.settings["DEFAULT_PAGINATION"]
        )
        paginators = {
            key: Paginator(name, url, val, self.settings, per_page)
            for key, val in paginated.items()
        }
        for number in range(next(iter(paginators.values())).num_pages):
            page_kwargs = kwargs.copy()
            for key, paginator in paginators.items():
                page = paginator.page(number + 1)
                page_kwargs.update(
                    {
                        f"{key}_paginator": paginator,
                        f"{key}_page": page,
                        f"{key}_previous_page": paginator.page(number) if number > 0 else None,
                        f"{key}_next_page": paginator.page(number + 2)
                        if number + 1 < paginator.num_pages
                        else None,
                    }
                )
            self._queue(
                template, context, page.save_as, page_kwargs, relative_urls, override_output
            )

    def _queue(self, template, context, name, kwargs, relative_urls, override) -> None:
        localcontext = context.copy()
        localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
        if relative_urls:
            relative_url = path_to_url(get_relative_path(name))
            localcontext["SITEURL"] = relative_url
            localcontext["localsiteurl"] = relative_url
        localcontext["output_file"] = name
        localcontext.update(kwargs)
        path = sanitised_join(self.output_path, name)
        if not self._claim(path, override):
            return
        self._jobs[path] = _Job(path, template, localcontext, context, kwargs)
        signals.content_written.send(path, context=localcontext)

    def _claim(self, path: str, override: bool) -> bool:
        """Pelican's rules: a page is written once, unless one write overrides the rest."""
        if path in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', path)
            return False
        if path in self._written_files:
            if not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" as Pelican has already '
                    "written to it previously (set `override=True` if intended)"
                )
            logger.info('Overwriting "%s"', path)
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return True

    def flush(self) -> None:
        """Render and write every queued page that changed."""
        jobs = list(self._jobs.values())
        self._jobs = {}
        if not jobs:
            return
        state = State.for_build(self.settings, self.output_path)
        if state.enabled:
            fingerprints = Fingerprints(jobs[0].context, self.settings)
            for job in jobs:
                job.fingerprint = fingerprints.of_page(job.path, job.template, job.kwargs)
        todo = [job for job in jobs if not state.kept(job.path, job.fingerprint)]
        _render_all(todo, worker_count(self.settings, "WRITER_JOBS"))
        for job in todo:
            state.written(job.path, job.fingerprint)
        state.save({job.path for job in jobs})
        logger.info(
            "page_writer: %d pages rendered, %d unchanged", len(todo), len(jobs) - len(todo)
        )


_current: dict[str, PageWriter | None] = {"writer": None}
_todo: list[_Job] = []


def _render_all(jobs: list[_Job], workers: int) -> None:
    """Render the pages, on `workers` processes for many; written here, in order.

    The workers only render: the files are created in the order of the pages, as
    Pelican's writer creates them, because the order a folder lists its files in can
    follow it, and Pagefind's index follows that order.
    """
    if workers == 1 or len(jobs) < FORK_AFTER or "fork" not in _start_methods():
        for job in jobs:
            _write(job, _render(job))
        return
    _todo[:] = jobs
    gc.freeze()  # a collection in a worker would touch, so copy, every inherited object
    try:
        context = multiprocessing.get_context("fork")
        chunks = [
            range(start, min(start + CHUNK, len(jobs))) for start in range(0, len(jobs), CHUNK)
        ]
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for chunk, (failure, pages) in zip(
                chunks, pool.map(_render_chunk, chunks), strict=True
            ):
                if failure:
                    raise RuntimeError(failure)
                for index, output in zip(chunk, pages, strict=True):
                    _write(jobs[index], output)
    finally:
        gc.unfreeze()
        _todo.clear()


def _start_methods() -> list[str]:
    return multiprocessing.get_all_start_methods()


def _render_chunk(indexes: range) -> tuple[str | None, list[str]]:
    """In a worker: the queued pages at `indexes` rendered, or why one failed."""
    pages = []
    for index in indexes:
        job = _todo[index]
        try:
            pages.append(_render(job))
        except Exception:
            return f"rendering {job.path} failed:\n{traceback.format_exc()}", []
    return None, pages


def _render(job: _Job) -> str:
    if job.localcontext["localsiteurl"]:
        job.context["localsiteurl"] = job.localcontext["localsiteurl"]
    return job.template.render(job.localcontext)


def _write(job: _Job, output: str) -> None:
    write_whole(Path(job.path), output.encode("utf-8"))
    logger.info('Writing "%s"', job.path)


def get_writer(pelican):
    return PageWriter


def flush_first() -> None:
    """Make ``flush`` run before every receiver of ``finalized`` (once per process)."""
    signal = signals.finalized
    marked = inspect.unwrap(signal.send, stop=lambda f: getattr(f, _WRAPPED, False))
    if getattr(marked, _WRAPPED, False):
        return
    send = signal.send

    def flush_then_send(*args, **kwargs):
        writer = _current["writer"]
        _current["writer"] = None
        if writer is not None:
            writer.flush()
        return send(*args, **kwargs)

    setattr(flush_then_send, _WRAPPED, True)
    flush_then_send.__wrapped__ = send
    signal.send = flush_then_send


def start_build(pelican) -> None:
    """get_generators receiver, so once per build, also with ``pelican -r``: the
    content cache checked and the last output set aside before anything is read."""
    content_cache.check(pelican)
    set_aside(pelican)


def register():
    signals.get_generators.connect(start_build)
    signals.get_writer.connect(get_writer)
    flush_first()
