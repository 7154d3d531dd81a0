"""fetch -> parse -> store for many feeds at once; one bad feed never stops the others."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tui_reader.engine.errors import ParseError, StoreError
from tui_reader.engine.models import Feed, FeedUpdate, FetchResult, RefreshSummary
from tui_reader.engine.store import Store
from tui_reader.paths import bundled_feeds_dir

if TYPE_CHECKING:
    import httpx

    from tui_reader.engine.fetch import FetchLimits
    from tui_reader.engine.parse_pool import ParsePool

_T = TypeVar("_T")

BUNDLED = "bundled:"
CANCEL_POLL = 0.05  # seconds between looks at the cancel event: a quit waits at most this


@dataclass(frozen=True, slots=True)
class RefreshOptions:
    jobs: int = 8
    timeout: float = 30.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    parse_timeout: float = 20.0
    force: bool = False  # also fetch feeds that are gone or asked us to wait


def fetch_url(url: str) -> str:
    """The URL the fetcher reads: bundled demo feeds live wherever the package is installed."""
    if url.startswith(BUNDLED):
        return str(bundled_feeds_dir() / url[len(BUNDLED) :])
    return url


def due(feed: Feed, now: float, force: bool = False) -> bool:
    if force:
        return True
    if feed.gone:
        return False
    return not (feed.retry_after and feed.retry_after > now)


class _Writer:
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


@dataclass
class _Run:
    """What every feed of one refresh shares."""

    options: RefreshOptions
    limits: FetchLimits
    gate: asyncio.Semaphore
    write: _Writer
    store: Store
    client: httpx.AsyncClient
    pool: ParsePool
    summary: RefreshSummary
    on_update: Callable[[FeedUpdate], None] | None
    cancel: threading.Event | None


async def refresh(
    db_path: Path,
    feeds: list[Feed],
    options: RefreshOptions = RefreshOptions(),
    on_update: Callable[[FeedUpdate], None] | None = None,
    cancel: threading.Event | None = None,
) -> RefreshSummary:
    """Refresh `feeds` into the cache at `db_path`; `on_update` hears each feed as it ends.

    Once `cancel` is set, no fetch starts, fetches and parses in flight are dropped (busy
    parse workers killed), a feed's write already started completes, and the summary holds
    the feeds that ended before: the app sets it on quit, which must not wait for a network.
    """
    from tui_reader.engine import fetch  # lazy: httpx is slow to import
    from tui_reader.engine.parse_pool import ParsePool

    limits = fetch.FetchLimits(
        timeout=options.timeout,
        max_bytes=options.max_bytes,
        max_redirects=options.max_redirects,
    )
    summary = RefreshSummary()
    now = time.time()
    todo = [f for f in feeds if due(f, now, options.force)]
    write = _Writer(asyncio.get_running_loop())
    try:
        store = await write.open(db_path)
        client = fetch.make_client(limits, max_connections=max(1, options.jobs))
        async with client, ParsePool() as pool:
            gate = asyncio.Semaphore(max(1, options.jobs))
            run = _Run(
                options, limits, gate, write, store, client, pool, summary, on_update, cancel
            )
            await _until_cancelled([_one(feed, run) for feed in todo], cancel, pool)
    finally:
        await write.close()
    return summary


async def _one(feed: Feed, run: _Run) -> None:
    """Fetch, parse and store one feed; whatever goes wrong is its update's error."""
    from tui_reader.engine.fetch import fetch_feed

    update = FeedUpdate(feed_id=feed.id, url=feed.url, title=feed.display_title)
    try:
        async with run.gate:
            if run.cancel is not None and run.cancel.is_set():
                return
            result = await fetch_feed(
                run.client,
                fetch_url(feed.url),
                etag=feed.etag,
                last_modified=feed.last_modified,
                limits=run.limits,
            )
        await _store_result(feed, result, update, run)
    except StoreError as exc:
        update.error = str(exc)
    except Exception as exc:  # a bug must cost one feed, not the refresh
        update.error = f"unexpected error: {type(exc).__name__}: {exc}"[:300]
        # Stored too, so `feeds` and the app still show it after the toast is gone.
        with contextlib.suppress(StoreError):
            await run.write(run.store.record_error, feed.id, update.error)
    run.summary.updates.append(update)
    if run.on_update is not None:
        run.on_update(update)


async def _until_cancelled(
    jobs: list[Awaitable[None]], cancel: threading.Event | None, pool: ParsePool
) -> None:
    """Run `jobs`; if `cancel` is set first, cancel them, then kill the pool's workers."""
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
        # Cancelled parses leave their workers running: kill them rather than wait.
        await asyncio.to_thread(pool.close, kill=True)


async def _store_result(feed: Feed, result: FetchResult, update: FeedUpdate, run: _Run) -> None:
    write, store = run.write, run.store
    if result.new_url and not feed.url.startswith(BUNDLED):
        await write(store.move_feed, feed.id, result.new_url)
    if result.error or result.gone:
        update.error = result.error or "server said 410 Gone; it will not be fetched again"
        await write(
            store.record_error,
            feed.id,
            update.error,
            gone=result.gone,
            retry_after=result.retry_after,
        )
        return
    if result.not_modified or result.body is None:
        update.not_modified = True
        await write(store.record_not_modified, feed.id, result.etag, result.last_modified)
        return
    try:
        parsed = await run.pool.parse(
            result.body, feed.url, result.content_type, timeout=run.options.parse_timeout
        )
    except ParseError as exc:
        update.error = str(exc)
        await write(store.record_error, feed.id, update.error)
        return
    stored = await write(
        store.apply_parsed, feed.id, parsed, etag=result.etag, last_modified=result.last_modified
    )
    update.new, update.updated = stored.new, stored.updated
    if parsed.title:
        update.title = parsed.title


def refresh_sync(
    db_path: Path,
    feeds: list[Feed],
    options: RefreshOptions = RefreshOptions(),
    on_update: Callable[[FeedUpdate], None] | None = None,
    cancel: threading.Event | None = None,
) -> RefreshSummary:
    return asyncio.run(refresh(db_path, feeds, options, on_update, cancel))
