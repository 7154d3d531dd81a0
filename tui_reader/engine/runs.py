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


class Writer:
    """The cache's one writer: a thread that owns the Store's connection, so SQLite work
    never blocks the event loop, which keeps fetching meanwhile."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tui-reader-store")

    async def open(self, db_path: Path) -> Store:
        self.store = await self._loop.run_in_executor(self._thread, Store, db_path)
        return self.store

    async def __call__(self, fn: Callable[..., _T], *args: Any, **kw: Any) -> _T:
        return await self._loop.run_in_executor(self._thread, lambda: fn(*args, **kw))

    async def close(self) -> None:
        if hasattr(self, "store"):
            await self._loop.run_in_executor(self._thread, self.store.close)
        self._thread.shutdown(wait=True)


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
