"""What a run of many network jobs against the cache shares (a refresh, a `fetch-text`):
its options, the cache's one writer thread, and stopping everything at once on cancel."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tui_reader.engine.rules import Rule
from tui_reader.engine.store import Store

_T = TypeVar("_T")

CANCEL_POLL = 0.05  # seconds between looks at the cancel event: a quit waits at most this


@dataclass(frozen=True, slots=True)
class RefreshOptions:
    """How a run fetches: feeds at once, the caps per request, deadlines."""

    jobs: int = 8
    timeout: float = 30.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    parse_timeout: float = 20.0
    force: bool = False  # also fetch feeds that are gone or asked us to wait
    default_interval: int | None = None  # seconds; the app's timer: skip feeds fetched since
    rules: tuple[Rule, ...] = ()  # applied to new articles as they are stored
    images: bool = True  # fetch articles' images for offline reading (engine/images.py)


class Writer:
    """The cache's one writer: a thread that owns the Store's connection, so SQLite work
    never blocks the event loop, which keeps fetching meanwhile.

    `batched` writes that queue up while the thread is busy go in together, in one
    transaction (`Db.batch`): a cold refresh of 200 feeds commits a few dozen times instead
    of 200, and flushes the full-text index as often (measured: bench/everyday.py).
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tui-reader-store")
        self._queue: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []
        self._timer: asyncio.TimerHandle | None = None

    async def open(self, db_path: Path) -> Store:
        self.store = await self._loop.run_in_executor(self._thread, Store, db_path)
        return self.store

    async def __call__(self, fn: Callable[..., _T], *args: Any, **kw: Any) -> _T:
        return await self._loop.run_in_executor(self._thread, lambda: fn(*args, **kw))

    async def batched(self, fn: Callable[..., _T], *args: Any, last: bool = False, **kw: Any) -> _T:
        """Like calling, but it shares a transaction with the batched writes that come within
        GATHER seconds (each in its own savepoint: one feed's failure is still its own).
        `last`: no more are coming soon (the run's fetches are all done), write now."""
        future: asyncio.Future[_T] = self._loop.create_future()
        self._queue.append((lambda: fn(*args, **kw), future))
        if last or len(self._queue) >= BATCH:
            self._flush()
        elif self._timer is None:
            self._timer = self._loop.call_later(GATHER, self._flush)
        return await future

    def _flush(self) -> None:
        """In the loop: hand what is queued to the thread as one batch."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        jobs, self._queue = self._queue, []
        if jobs:
            self._thread.submit(self._drain, jobs)

    def _drain(self, jobs: list[tuple[Callable[[], Any], asyncio.Future[Any]]]) -> None:
        """In the thread: one batch, one transaction."""
        try:
            results = self.store.batch([call for call, _ in jobs])
        except Exception as exc:  # never leave a waiting feed hanging
            results = [exc] * len(jobs)
        for (_, future), result in zip(jobs, results, strict=True):
            self._loop.call_soon_threadsafe(_settle, future, result)

    async def close(self) -> None:
        self._flush()  # writes still gathering go first (a cancelled run's too)
        if hasattr(self, "store"):
            await self._loop.run_in_executor(self._thread, self.store.close)
        self._thread.shutdown(wait=True)


BATCH = 50  # writes per transaction at most: a reader or the app's own write waits at most one
# Seconds a batched write waits for others. A cold refresh of 200 feeds stores one every
# 20-30 ms: ~10 share a commit (the FTS index is flushed and merged per commit, so fewer,
# larger ones cost less CPU; measured in the README's refresh section).
GATHER = 0.25


def _settle(future: asyncio.Future[Any], result: object) -> None:
    if future.done():  # its task was cancelled meanwhile
        return
    if isinstance(result, BaseException):
        future.set_exception(result)
    else:
        future.set_result(result)


def cancelled(cancel: threading.Event | None) -> bool:
    return cancel is not None and cancel.is_set()


async def until_cancelled(
    jobs: list[Awaitable[None]], cancel: threading.Event | None, kill: Callable[[], None]
) -> None:
    """Run `jobs`; if `cancel` is set first, cancel them, then `kill` (in a thread) the
    worker processes that cancelled parses and extractions leave running."""
    tasks = [asyncio.ensure_future(job) for job in jobs]
    if not tasks:
        return
    if cancel is None:
        await asyncio.gather(*tasks)
        return
    pending = set(tasks)
    while pending and not cancel.is_set():
        _, pending = await asyncio.wait(pending, timeout=CANCEL_POLL)
    for task in pending:
        task.cancel()  # a write already in the store's thread still runs to its commit
    await asyncio.gather(*tasks, return_exceptions=True)
    if pending:
        await asyncio.to_thread(kill)
