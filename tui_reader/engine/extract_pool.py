"""Extract article pages in worker processes, each within a deadline and a memory cap.

lxml is C, but readability's scoring is Python and a hostile page (tag soup, a regex that
backtracks on an attribute) can hold a worker for seconds; a thread could not be stopped.
So, like feed parsing, pages go to (workers.py has the process machinery both share)
worker processes, and one that takes too long is killed with its pool, which starts again.
Every outcome is an `Extraction`: a slow, crashed or out-of-memory page is one article's
failure with a one-line reason, never an exception for the caller.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from tui_reader.engine.extract import MAX_PAGE_BYTES, Extraction, failed, too_large
from tui_reader.engine.workers import MEMORY_LIMIT, WorkerPool

__all__ = ["CRASHED", "OUT_OF_MEMORY", "ExtractPool", "PageRequest", "too_slow"]

CRASHED = "extraction crashed on this page (out of memory?); skipped"
OUT_OF_MEMORY = "page needs too much memory to extract; skipped"


def too_slow(timeout: float) -> str:
    return f"extraction took too long (over {timeout:g} s); skipped"


@dataclass(frozen=True, slots=True)
class PageRequest:
    """One page to extract and what its feed says about it (see `extract_article`)."""

    page: bytes
    url: str
    content_type: str | None = None
    title: str = ""
    summary: str = ""
    author: str = ""


class ExtractPool(WorkerPool):
    """`async with ExtractPool() as pool: result = await pool.extract(PageRequest(...))`.

    At most `max_workers` pages are handed over at a time, so a page's deadline starts when
    a worker takes it. A page over MAX_PAGE_BYTES is refused here, before it is copied.
    """

    def __init__(self, max_workers: int = 2, memory_limit: int | None = MEMORY_LIMIT) -> None:
        super().__init__(max_workers, memory_limit)

    async def extract(self, request: PageRequest, timeout: float = 20.0) -> Extraction:
        """Extract in a worker; a failure of any kind is an Extraction with a reason."""
        if len(request.page) > MAX_PAGE_BYTES:
            return too_large()
        async with self._slots_here():
            for _attempt in range(2):  # once more if another page's deadline killed ours
                executor, generation = self._current()
                try:
                    future = self._submit(executor, _extract_in_worker, request)
                    return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
                except TimeoutError:
                    self._restart(generation)
                    return failed(too_slow(timeout))
                except BrokenProcessPool:
                    self._restart(generation)
            return failed(CRASHED)

    def extract_sync(self, request: PageRequest, timeout: float = 20.0) -> Extraction:
        """Blocking form of `extract` for callers without an event loop (one at a time)."""
        if len(request.page) > MAX_PAGE_BYTES:
            return too_large()
        executor, generation = self._current()
        try:
            return self._submit(executor, _extract_in_worker, request).result(timeout)
        except FutureTimeout:
            self._restart(generation)
            return failed(too_slow(timeout))
        except BrokenProcessPool:
            self._restart(generation)
            return failed(CRASHED)

    def close(self, *, kill: bool = True) -> None:
        """Stop the workers; any still busy are killed (nothing they do outlives the pool)."""
        super().close(kill=kill)


def _extract_in_worker(request: PageRequest) -> Extraction:
    from tui_reader.engine.extract import extract_article

    try:
        return extract_article(
            request.page,
            request.url,
            content_type=request.content_type,
            title=request.title,
            summary=request.summary,
            author=request.author,
        )
    except MemoryError:
        return failed(OUT_OF_MEMORY)
    except RecursionError:
        return failed("page nested too deeply to extract; skipped")
    except Exception as exc:  # a bug of ours or the library's: one article's failure
        return failed(f"extraction failed ({type(exc).__name__}); skipped")
