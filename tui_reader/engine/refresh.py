"""fetch -> parse -> store for many feeds at once; one bad feed never stops the others."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.engine.errors import ParseError, StoreError
from tui_reader.engine.local import BUNDLED
from tui_reader.engine.models import Feed, FeedUpdate, FetchResult, PageUpdate, RefreshSummary
from tui_reader.engine.runs import RefreshOptions as RefreshOptions
from tui_reader.engine.runs import Writer, cancelled, until_cancelled
from tui_reader.engine.schedule import interval_due, next_due, waiting
from tui_reader.engine.store import Store
from tui_reader.paths import bundled_feeds_dir

DEFAULTS = RefreshOptions()  # frozen, so one shared default is safe

if TYPE_CHECKING:
    import httpx

    from tui_reader.engine.fetch import FetchLimits
    from tui_reader.engine.images import ImageFetcher
    from tui_reader.engine.pages import PageFetcher
    from tui_reader.engine.parse_pool import ParsePool


def fetch_url(url: str) -> str:
    """The URL the fetcher reads: bundled demo feeds live wherever the package is installed."""
    if url.startswith(BUNDLED):
        return str(bundled_feeds_dir() / url[len(BUNDLED) :])
    return url


def due(feed: Feed, now: float, force: bool = False, default_interval: int | None = None) -> bool:
    """Fetch it now? Not when it is gone, asked us to wait (Retry-After, max-age, Expires,
    <ttl>, <skipHours>: schedule.py), or its own interval has not passed; unless forced."""
    if force:
        return True
    if feed.gone:
        return False
    return not waiting(feed, now) and interval_due(feed, now, default_interval)


@dataclass
class _Run:
    """What every feed of one refresh shares."""

    options: RefreshOptions
    limits: FetchLimits
    gate: asyncio.Semaphore
    write: Writer
    store: Store
    client: httpx.AsyncClient
    pool: ParsePool
    pages: PageFetcher
    images: ImageFetcher | None
    summary: RefreshSummary
    on_update: Callable[[FeedUpdate], None] | None
    cancel: threading.Event | None
    fetching: int = 0  # feeds whose fetch has not ended: at 0, batched writes go at once


async def refresh(
    db_path: Path,
    feeds: list[Feed],
    options: RefreshOptions = DEFAULTS,
    on_update: Callable[[FeedUpdate], None] | None = None,
    cancel: threading.Event | None = None,
    on_page: Callable[[PageUpdate], None] | None = None,
) -> RefreshSummary:
    """Refresh `feeds` into the cache at `db_path`; `on_update` hears each feed as it ends,
    then `on_page` each of its article pages due (pages.py) as it is stored.

    Once `cancel` is set, no fetch starts, fetches, parses and extractions in flight are
    dropped (busy workers killed), a write already started completes, and the summary holds
    what ended before: the app sets it on quit, which must not wait for a network.
    """
    from tui_reader.engine import fetch  # lazy: httpx is slow to import
    from tui_reader.engine.extract_pool import ExtractPool
    from tui_reader.engine.images import ImageFetcher, make_image_client
    from tui_reader.engine.pages import PageFetcher, make_page_client, page_limits
    from tui_reader.engine.parse_pool import ParsePool

    limits = fetch.FetchLimits(
        timeout=options.timeout,
        max_bytes=options.max_bytes,
        max_redirects=options.max_redirects,
    )
    summary = RefreshSummary()
    now = time.time()
    todo = [f for f in feeds if due(f, now, options.force, options.default_interval)]
    summary.skipped = len(feeds) - len(todo)
    write = Writer(asyncio.get_running_loop())
    try:
        store = await write.open(db_path)
        client = fetch.make_client(limits, max_connections=max(1, options.jobs))
        page_client = make_page_client(page_limits(options), max(1, options.jobs))
        # The extraction workers start only if a page comes (ExtractPool is lazy).
        image_client = make_image_client(page_limits(options), max(1, options.jobs))
        async with (
            client,
            page_client,
            image_client,
            ParsePool() as pool,
            ExtractPool() as extractor,
        ):
            pages = PageFetcher(page_client, extractor, write, options, on_page)
            images = ImageFetcher(image_client, write, limits) if options.images else None
            pages.images = images
            gate = asyncio.Semaphore(max(1, options.jobs))
            run = _Run(
                options,
                limits,
                gate,
                write,
                store,
                client,
                pool,
                pages,
                images,
                summary,
                on_update,
                cancel,
                len(todo),
            )

            def kill() -> None:  # cancelled parses and extractions leave workers running
                pool.close(kill=True)
                extractor.close()

            await until_cancelled([_one(feed, run) for feed in todo], cancel, kill)
            summary.pages = pages.done
    finally:
        await write.close()
    return summary


async def _one(feed: Feed, run: _Run) -> None:
    """Fetch, parse and store one feed; whatever goes wrong is its update's error."""
    from tui_reader.engine.fetch import fetch_feed

    update = FeedUpdate(feed_id=feed.id, url=feed.url, title=feed.display_title)
    try:
        async with run.gate:
            if cancelled(run.cancel):
                return
            try:
                result = await fetch_feed(
                    run.client,
                    fetch_url(feed.url),
                    etag=feed.etag,
                    last_modified=feed.last_modified,
                    limits=run.limits,
                )
            finally:
                run.fetching -= 1
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
    if update.page_ids and not cancelled(run.cancel):
        with contextlib.suppress(StoreError):  # the feed is stored; its pages wait for later
            jobs = await run.write(run.store.page_jobs, update.page_ids)
            await run.pages.fetch_all(jobs)
    images = [] if feed.url.startswith(BUNDLED) else update.image_ids  # demo: offline
    if run.images is not None and images and not cancelled(run.cancel):
        with contextlib.suppress(StoreError):  # the articles are stored; images are extra
            await run.images.fetch_ids(images)


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
        due_at = next_due(time.time(), result.fresh_until)
        await write.batched(
            store.record_not_modified,
            feed.id,
            result.etag,
            result.last_modified,
            due_at,
            last=run.fetching == 0,
        )
        return
    # A feed fetched before has articles the worker need not prepare again (with_forms).
    known = await write(store.known_digests, feed.id) if feed.last_fetch else None
    try:
        parsed = await run.pool.parse(
            result.body,
            feed.url,
            result.content_type,
            timeout=run.options.parse_timeout,
            known=known,
        )
    except ParseError as exc:
        update.error = str(exc)
        await write(store.record_error, feed.id, update.error)
        return
    due_at = next_due(time.time(), result.fresh_until, parsed.ttl, parsed.skip_hours)
    stored = await write.batched(
        store.apply_parsed,
        feed.id,
        parsed,
        etag=result.etag,
        last_modified=result.last_modified,
        next_due=due_at,
        last=run.fetching == 0,
        rules=run.options.rules,
    )
    update.new, update.updated, update.page_ids = stored.new, stored.updated, stored.page_ids
    update.image_ids = stored.image_ids
    if parsed.title:
        update.title = parsed.title


def refresh_sync(
    db_path: Path,
    feeds: list[Feed],
    options: RefreshOptions = DEFAULTS,
    on_update: Callable[[FeedUpdate], None] | None = None,
    cancel: threading.Event | None = None,
    on_page: Callable[[PageUpdate], None] | None = None,
) -> RefreshSummary:
    return asyncio.run(refresh(db_path, feeds, options, on_update, cancel, on_page))
