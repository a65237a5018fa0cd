"""Extraction on several cores of one machine, streamed and in order.

    from communique.parallel import process_parallel
    for item in process_parallel(read_paths(paths), workers=2):
        ...   # Documents and Skipped, in exactly the order the reader gave them

Each worker process builds its own :class:`~communique.pipeline.Pipeline` once
(the spaCy model and the actor table are loaded once per process, never pickled)
and then annotates chunks of consecutive articles. Chunks are submitted through
a bounded window, so the input is read lazily and memory stays flat however long
the stream is: at most ``workers * window`` chunks are in flight at any time.

Failure is contained at three levels:

* an article whose extraction raises becomes a ``Skipped`` (as in
  ``Pipeline.process_many``);
* a chunk that fails as a whole (its result cannot be pickled, say) is retried
  article by article;
* a worker that dies outright (killed, segfault, out of memory) breaks the pool:
  the pool is rebuilt, the unfinished chunks are retried one article at a time,
  and an article that kills a worker again becomes a ``Skipped``.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Optional

from .model import Article, Document, Skipped

Item = Article | Skipped
Result = Document | Skipped

DEFAULT_CHUNK = 8          # articles per task: large enough to amortise pickling, small enough to balance
DEFAULT_WINDOW = 4         # chunks in flight per worker


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:   # not on Linux
        return max(1, os.cpu_count() or 1)


def _default_start_method() -> Optional[str]:
    """Fork on Linux (workers then share the loaded model: less memory, instant start); elsewhere
    the platform's default. Chosen explicitly, since a spawned process or Python 3.14 defaults otherwise."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return None


# --- inside a worker process -------------------------------------------------------------

_PIPELINE: Any = None


def _make_pipeline(use_ner: bool = True):
    """The default pipeline, its statistical model loaded now rather than at the first NER call."""
    from .pipeline import Pipeline, _nlp
    pipeline = Pipeline(use_ner=use_ner)
    if use_ner:
        _nlp()
    return pipeline


def _warm_up(use_ner: bool = True):
    """The default pipeline, with everything it loads lazily loaded now: one bundled synthetic
    article goes through it. Done in the parent before forking, so the workers share all of it."""
    pipeline = _make_pipeline(use_ner)
    try:
        from importlib.resources import files
        from .read import read_file
        sample = next(p for p in sorted((files("communique") / "data" / "sample_corpus").iterdir(),
                                        key=lambda p: p.name) if p.name.endswith(".txt"))
        for _ in pipeline.process_many(read_file(str(sample))):
            pass
    except (OSError, StopIteration):   # no sample corpus: loading what the constructor loads will do
        pass
    return pipeline


def _init_worker(factory: Callable[[], Any]) -> None:
    """Build this worker's pipeline once; every chunk it gets reuses it."""
    global _PIPELINE
    _PIPELINE = factory()


def _run_chunk(chunk: list[Item]) -> list[Result]:
    try:
        return list(_PIPELINE.process_many(chunk))
    except Exception as err:   # process_many contains per-article failures; this is a last resort
        return [_skip(item, f"extraction failed: {type(err).__name__}: {err}") for item in chunk]


def _succeeded(future: Optional[Future]) -> bool:
    """Finished with a result before the pool broke: no need to run it again."""
    return future is not None and future.done() and not future.cancelled() and future.exception() is None


def _skip(item: Any, reason: str) -> Skipped:
    if isinstance(item, Skipped):
        return item
    return Skipped(str(getattr(item, "source", None) or getattr(item, "name", None) or "?"), reason)


# --- in the calling process --------------------------------------------------------------

def process_parallel(
    items: Iterable[Item],
    workers: Optional[int] = None,
    chunk: int = DEFAULT_CHUNK,
    *,
    use_ner: bool = True,
    factory: Optional[Callable[[], Any]] = None,
    window: int = DEFAULT_WINDOW,
    context: Optional[str] = None,
    preload: Optional[bool] = None,
) -> Iterator[Result]:
    """Annotate a stream of articles on ``workers`` processes; yield results in input order.

    ``workers`` None means every core this process may use; 1 (or less) runs in
    this process with no pool at all. ``factory`` is a picklable zero-argument
    callable returning a pipeline (anything with ``process_many``); the default
    builds ``Pipeline(use_ner=use_ner)``. ``context`` is a multiprocessing start
    method ("fork", "spawn", "forkserver"); when None, fork on Linux and the
    platform's default elsewhere.
    ``preload`` (default: when the workers are forked) builds the pipeline once
    in this process before the workers start (the default one also annotates a
    bundled sample article, so that everything loaded lazily is loaded), so
    that the workers inherit model, tables and gazetteers as shared
    copy-on-write pages instead of each loading its own. Each worker still
    builds its own ``Pipeline`` object once. Skipped inputs pass through
    unchanged, in place.
    """
    if chunk < 1:
        raise ValueError("chunk must be at least 1")
    workers = default_workers() if workers is None else workers
    custom = factory is not None
    factory = factory or partial(_make_pipeline, use_ner)
    if workers <= 1:
        yield from factory().process_many(items)
        return
    pool = _Pool(factory, workers, context)
    if preload is None:
        preload = pool.context.get_start_method() == "fork"
    if preload:
        # caches (model, tables, gazetteers) filled here are inherited by the forked workers
        if custom:
            factory()
        else:
            _warm_up(use_ner)
    yield from pool.run(iter(items), chunk, max(1, window) * workers)


class _Pool:
    """A process pool that survives the death of a worker."""

    def __init__(self, factory: Callable[[], Any], workers: int, context: Optional[str]):
        self.factory = factory
        self.workers = workers
        self.context = multiprocessing.get_context(context or _default_start_method())
        self.executor: Optional[ProcessPoolExecutor] = None

    def _executor(self) -> ProcessPoolExecutor:
        if self.executor is None:
            self.executor = ProcessPoolExecutor(self.workers, mp_context=self.context,
                                                initializer=_init_worker, initargs=(self.factory,))
        return self.executor

    def _restart(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = None

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def _submit(self, chunk: list[Item]) -> Optional[Future]:
        try:
            return self._executor().submit(_run_chunk, chunk)
        except BrokenProcessPool:
            return None   # collected (and retried) when its turn comes

    def run(self, items: Iterator[Item], size: int, in_flight: int) -> Iterator[Result]:
        pending: deque[tuple[list[Item], Optional[Future]]] = deque()
        try:
            while True:
                while len(pending) < in_flight:
                    chunk = list(islice(items, size))
                    if not chunk:
                        break
                    pending.append((chunk, self._submit(chunk)))
                if not pending:
                    return
                chunk, future = pending.popleft()
                yield from self._collect(chunk, future, pending)
        finally:
            self.close()

    def _collect(self, chunk: list[Item], future: Optional[Future], pending: deque) -> list[Result]:
        try:
            if future is None:
                raise BrokenProcessPool("the pool was broken when this chunk was submitted")
            return future.result()
        except BrokenProcessPool:
            # A worker died. Rebuild the pool; resubmit what was in flight; find the culprit here.
            self._restart()
            resubmitted = [(c, f if _succeeded(f) else self._submit(c)) for c, f in pending]
            pending.clear()
            pending.extend(resubmitted)
            return self._one_by_one(chunk)
        except Exception:
            # The chunk as a whole failed (e.g. a result that would not pickle): article by article.
            return self._one_by_one(chunk)

    def _one_by_one(self, chunk: list[Item]) -> list[Result]:
        results: list[Result] = []
        for item in chunk:
            if isinstance(item, Skipped):
                results.append(item)
                continue
            future = self._submit([item])
            try:
                if future is None:
                    raise BrokenProcessPool("pool broken")
                results.extend(future.result())
            except BrokenProcessPool:
                self._restart()
                results.append(_skip(item, "extraction failed: the worker process died on this article"))
            except Exception as err:
                results.append(_skip(item, f"extraction failed: {type(err).__name__}: {err}"))
        return results
