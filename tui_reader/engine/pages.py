"""Article pages: fetch -> extract (in worker processes) -> store, politely and bounded.

After a refresh stores a feed's entries, the pages of those that are due (upsert.pages_due)
come here; `fetch-text` and the app's key send articles here directly (`fetch_pages`).
- only http(s) links, and file:// links of a feed that is itself a local file (tests);
- the feed's caps on time and redirects, and at most MAX_PAGE_BYTES of body;
- at most 2 requests at once per host; a 429 (or any Retry-After) stops that host for the
  rest of the run: its pages are skipped with the reason kept, to be fetched another time;
- no cookies (nothing is remembered from one page to the next), no scripts, no
  subresources: only the page itself is fetched, and a meta refresh is not followed;
- each page is stored in its own transaction through the writer thread, so a cancel
  leaves every article whole: with its new text, or as it was.
A failure of any kind keeps the feed's text (and any earlier full text) and stores a
one-line reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.engine.errors import StoreError
from tui_reader.engine.fulltext import reserved_link
from tui_reader.engine.local import BUNDLED, is_local, scheme
from tui_reader.engine.models import PageJob, PageUpdate
from tui_reader.engine.runs import Writer, cancelled, until_cancelled

if TYPE_CHECKING:
    import httpx

    from tui_reader.engine.extract_pool import ExtractPool
    from tui_reader.engine.fetch import FetchLimits
    from tui_reader.engine.images import ImageFetcher
    from tui_reader.engine.runs import RefreshOptions

__all__ = ["PER_HOST", "PageFetcher", "fetch_pages", "fetch_pages_sync", "page_limits"]

PER_HOST = 2  # requests at once to one site: a refresh of 50 new posts must not hammer it
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
RATE_LIMIT_WAIT = 300  # a 429 without Retry-After: leave the site alone this many seconds


def page_limits(options: RefreshOptions) -> FetchLimits:
    """The feed's caps, with a body cap no bigger than what extraction accepts."""
    from tui_reader.engine.extract import MAX_PAGE_BYTES
    from tui_reader.engine.fetch import FetchLimits

    return FetchLimits(
        timeout=options.timeout,
        max_bytes=min(options.max_bytes, MAX_PAGE_BYTES),
        max_redirects=options.max_redirects,
    )


def make_page_client(limits: FetchLimits, max_connections: int) -> httpx.AsyncClient:
    """A client for pages: asks for HTML, and keeps no cookie from any response."""
    from tui_reader.engine.fetch import make_cookieless_client

    return make_cookieless_client(limits, max_connections, HTML_ACCEPT)


class PageFetcher:
    """Fetches, extracts and stores article pages for one run (a refresh, a fetch-text)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        pool: ExtractPool,
        write: Writer,
        options: RefreshOptions,
        on_page: Callable[[PageUpdate], None] | None,
    ) -> None:
        self.client, self.pool, self.write = client, pool, write
        self.limits = page_limits(options)
        self.extract_timeout = options.parse_timeout
        self.on_page = on_page
        self.done: list[PageUpdate] = []
        self._gate = asyncio.Semaphore(max(1, options.jobs))
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._wait_until: dict[str, int] = {}  # host -> epoch seconds (429, Retry-After)
        self.images: ImageFetcher | None = None  # a full text's images are fetched with it

    async def fetch_all(self, jobs: list[PageJob]) -> None:
        await asyncio.gather(*(self.fetch(job) for job in jobs))

    async def fetch(self, job: PageJob) -> PageUpdate:
        """One article's page, stored; the outcome is also reported to `on_page`."""
        try:
            error = await self._fetch(job)
        except StoreError as exc:
            error = str(exc)
        except Exception as exc:  # a bug must cost one page, not the run
            error = f"unexpected error: {type(exc).__name__}"
            with contextlib.suppress(StoreError):
                await self.write(self.write.store.apply_page, job.article_id, None, error)
        update = PageUpdate(job.article_id, job.title, error is None, error)
        self.done.append(update)
        if self.on_page is not None:
            self.on_page(update)
        return update

    async def _fetch(self, job: PageJob) -> str | None:
        """Fetch, extract and store; returns the error stored, or None when it worked."""
        from tui_reader.engine.extract_pool import PageRequest
        from tui_reader.engine.fetch import fetch_feed

        url = job.link or ""
        error = _refused(url, job.feed_url)
        if error is None:
            host = _host(url)
            # The host's slot first, then a run-wide one: a page waiting for its busy site
            # must not hold a slot that another site's page could use.
            async with self._hosts.setdefault(host, asyncio.Semaphore(PER_HOST)), self._gate:
                if self._wait_until.get(host, 0) > time.time():  # looked at once our turn came
                    error = "the site asked us to wait (rate limited); not fetched this time"
                else:
                    result = await fetch_feed(self.client, url, limits=self.limits)
                    if result.status == 429 or result.retry_after:
                        wait = result.retry_after or int(time.time()) + RATE_LIMIT_WAIT
                        self._wait_until[host] = wait
                    error = result.error or (None if result.body else "the page is empty")
        if error is not None:
            await self.write(self.write.store.apply_page, job.article_id, None, error)
            return error
        assert result.body is not None
        request = PageRequest(
            result.body,
            result.new_url or url,
            result.content_type,
            job.title,
            job.summary,
            job.author,
        )
        extraction = await self.pool.extract(request, self.extract_timeout)
        store = self.write.store
        await self.write(
            store.apply_page, job.article_id, extraction.html, extraction.reason, extraction.lang
        )
        if self.images is not None and extraction.html:
            from tui_reader.engine.image_store import ImageJob

            base = result.new_url or url
            await self.images.fetch_article(ImageJob(job.article_id, base, extraction.html))
        return extraction.reason


def _refused(url: str, feed_url: str) -> str | None:
    """Why a page link is not fetched at all, or None."""
    if not url:
        return "the article has no link"
    if is_local(url):
        if scheme(url) == "file" and (feed_url.startswith(BUNDLED) or is_local(feed_url)):
            return None
        return "the link is a local file; only a local feed's pages are read from files"
    if scheme(url) not in ("http", "https"):
        return "the link is not an http(s) URL; not fetched"
    if reserved_link(url):
        return "the link is on a name reserved for examples; there is no page to fetch"
    return None


def _host(url: str) -> str:
    import httpx

    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, ValueError):
        return url
    return f"{parsed.scheme}://{parsed.host}:{parsed.port or ''}"


async def fetch_pages(
    db_path: Path,
    article_ids: list[int],
    options: RefreshOptions,
    on_page: Callable[[PageUpdate], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[PageUpdate]:
    """Fetch these articles' pages now (`fetch-text`, the app's key); an unknown id is a
    failed update. A cancel stops what is in flight; stored pages stay."""
    from tui_reader.engine.extract_pool import ExtractPool

    ids = list(dict.fromkeys(article_ids))
    write = Writer(asyncio.get_running_loop())
    try:
        store = await write.open(db_path)
        jobs = await write(store.page_jobs, ids)
        from tui_reader.engine.images import ImageFetcher, make_image_client

        limits = page_limits(options)
        client = make_page_client(limits, max(1, options.jobs))
        image_client = make_image_client(limits, max(1, options.jobs))
        async with client, image_client, ExtractPool() as pool:
            pages = PageFetcher(client, pool, write, options, on_page)
            if options.images:
                pages.images = ImageFetcher(image_client, write, limits)
            await until_cancelled([pages.fetch_all(jobs)], cancel, pool.close)
    finally:
        await write.close()
    known = {job.article_id for job in jobs}
    by_id = {u.article_id: u for u in pages.done}
    return [
        by_id[i] if i in known else PageUpdate(i, "", False, "no such article")
        for i in ids
        if i in by_id or i not in known
    ]


def fetch_pages_sync(
    db_path: Path,
    article_ids: list[int],
    options: RefreshOptions,
    on_page: Callable[[PageUpdate], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[PageUpdate]:
    if cancelled(cancel):
        return []
    return asyncio.run(fetch_pages(db_path, article_ids, options, on_page, cancel))
