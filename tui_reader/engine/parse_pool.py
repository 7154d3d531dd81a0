"""Parse feeds on every core, each within a deadline (the process machinery is workers.py).

feedparser is pure Python: a big or hostile document can hold the GIL for seconds, and a
thread cannot be stopped, so documents are parsed in worker processes.

Small documents go through the pool too: the round trip costs under a millisecond (1.6 ms
vs 0.8 ms in-thread for a 2 KB feed) and leaves the UI process's GIL alone.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from tui_reader.engine.errors import ParseError
from tui_reader.engine.models import ParsedFeed
from tui_reader.engine.parse import parse_feed
from tui_reader.engine.upsert import with_forms
from tui_reader.engine.workers import MEMORY_LIMIT, WorkerPool, start_helpers

__all__ = ["MEMORY_LIMIT", "ParsePool", "parse_with_deadline", "start_helpers"]


class ParsePool(WorkerPool):
    """A process pool for `parse_feed` with a per-document deadline.

    Use `async with ParsePool() as pool: feed = await pool.parse(body, url, ctype)`.
    """

    async def parse(
        self,
        body: bytes,
        url: str,
        content_type: str | None,
        timeout: float = 20.0,
        known: dict[str, str] | None = None,
    ) -> ParsedFeed:
        """Parse in a worker; ParseError if the document is no feed, too slow or fatal.
        `known` (key -> digest, the feed's cached articles) spares work: upsert.with_forms."""
        async with self._slots_here():
            try:
                return await self._run(body, url, content_type, timeout, known)
            except BrokenProcessPool:
                pass  # killed for another document's deadline, or a worker died: once more
            try:
                return await self._run(body, url, content_type, timeout, known)
            except BrokenProcessPool:
                raise ParseError(_CRASHED) from None

    def parse_sync(
        self, body: bytes, url: str, content_type: str | None, timeout: float = 20.0
    ) -> ParsedFeed:
        """Blocking form of `parse` for callers without an event loop (one at a time)."""
        executor, generation = self._current()
        with self._working():
            future = self._submit(executor, _parse_in_worker, body, url, content_type)
            try:
                return future.result(timeout)
            except FutureTimeout:
                self._restart(generation)
                raise ParseError(_too_slow(timeout)) from None
            except BrokenProcessPool:
                self._restart(generation)
                raise ParseError(_CRASHED) from None

    async def _run(
        self,
        body: bytes,
        url: str,
        content_type: str | None,
        timeout: float,
        known: dict[str, str] | None,
    ) -> ParsedFeed:
        executor, generation = self._current()
        with self._working():
            try:
                args = (body, url, content_type, known)
                future = self._submit(executor, _parse_in_worker, *args)
                return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
            except TimeoutError:
                self._restart(generation)
                raise ParseError(_too_slow(timeout)) from None
            except BrokenProcessPool:
                self._restart(generation)
                raise


def parse_with_deadline(
    body: bytes, url: str = "", content_type: str | None = None, timeout: float = 20.0
) -> ParsedFeed:
    """Parse one document in a throw-away worker (costs a process start; for one-offs)."""
    with ParsePool(max_workers=1) as pool:
        return pool.parse_sync(body, url, content_type, timeout)


_CRASHED = "the parser crashed on this document (out of memory?); skipped"


def _too_slow(timeout: float) -> str:
    return f"parse took too long (over {timeout:g} s); skipped"


def _parse_in_worker(
    body: bytes, url: str, content_type: str | None, known: dict[str, str] | None = None
) -> ParsedFeed:
    try:
        # The store's columns are made here too: on every core, not in its one thread.
        return with_forms(parse_feed(body, url, content_type), known)
    except ParseError:
        raise
    except MemoryError:
        raise ParseError("document needs too much memory to parse; skipped") from None
    except RecursionError:
        raise ParseError("document nested too deeply to parse; skipped") from None
    except Exception as exc:  # a bug of ours must not look like a crash of the pool
        raise ParseError(f"not a feed: parser failed ({type(exc).__name__})") from None
