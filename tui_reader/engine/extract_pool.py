"""Extract article pages in worker processes, each within a deadline and a memory cap.

lxml is C, but readability's scoring is Python and a hostile page (tag soup, a regex that
backtracks on an attribute) can hold a worker for seconds; a thread could not be stopped.
So, like feed parsing (parse_pool.py, whose process machinery this reuses), pages go to
worker processes, and one that takes too long is killed with its pool, which starts again.
Every outcome is an `Extraction`: a slow, crashed or out-of-memory page is one article's
failure with a one-line reason, never an exception for the caller.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from types import TracebackType

from tui_reader.engine.extract import MAX_PAGE_BYTES, Extraction, failed, too_large
from tui_reader.engine.parse_pool import MEMORY_LIMIT, _kill, _new_executor, _sigint_blocked

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


class ExtractPool:
    """`async with ExtractPool() as pool: result = await pool.extract(PageRequest(...))`.

    At most `max_workers` pages are handed over at a time, so a page's deadline starts when
    a worker takes it. A page over MAX_PAGE_BYTES is refused here, before it is copied.
    """

    def __init__(self, max_workers: int = 2, memory_limit: int | None = MEMORY_LIMIT) -> None:
        self.max_workers = max_workers
        self.memory_limit = memory_limit
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._generation = 0  # bumped on every restart: tells our kill from a real crash
        self._slots: asyncio.Semaphore | None = None
        self._slots_loop: asyncio.AbstractEventLoop | None = None

    async def extract(self, request: PageRequest, timeout: float = 20.0) -> Extraction:
        """Extract in a worker; a failure of any kind is an Extraction with a reason."""
        if len(request.page) > MAX_PAGE_BYTES:
            return too_large()
        loop = asyncio.get_running_loop()
        if self._slots is None or self._slots_loop is not loop:  # a semaphore is per loop
            self._slots, self._slots_loop = asyncio.Semaphore(self.max_workers), loop
        async with self._slots:
            for _attempt in range(2):  # once more if another page's deadline killed ours
                executor, generation = self._current()
                try:
                    future = self._submit(executor, request)
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
            return self._submit(executor, request).result(timeout)
        except FutureTimeout:
            self._restart(generation)
            return failed(too_slow(timeout))
        except BrokenProcessPool:
            self._restart(generation)
            return failed(CRASHED)

    def close(self) -> None:
        """Stop the workers; any still busy are killed (nothing they do outlives the pool)."""
        with self._lock:
            executor, self._executor = self._executor, None
            self._generation += 1
        if executor is not None:
            _kill(executor)
            executor.shutdown(wait=True, cancel_futures=True)

    async def __aenter__(self) -> ExtractPool:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self.close)

    def __enter__(self) -> ExtractPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _current(self) -> tuple[ProcessPoolExecutor, int]:
        with self._lock:
            if self._executor is None:
                self._executor = _new_executor(self.max_workers, self.memory_limit)
            return self._executor, self._generation

    @staticmethod
    def _submit(executor: ProcessPoolExecutor, request: PageRequest) -> Future[Extraction]:
        try:
            with _sigint_blocked():  # submit starts the workers: Ctrl+C is the app's
                return executor.submit(_extract_in_worker, request)
        except RuntimeError as exc:  # shut down by a restart from another thread meanwhile
            raise BrokenProcessPool(str(exc)) from None

    def _restart(self, generation: int) -> None:
        """Kill the workers of `generation` (once, however many callers ask)."""
        with self._lock:
            if generation != self._generation or self._executor is None:
                return
            executor, self._executor = self._executor, None
            self._generation += 1
        _kill(executor)
        executor.shutdown(wait=False, cancel_futures=True)


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
