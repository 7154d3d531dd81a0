"""The one door to the cache, for the CLI and the app alike.

A Library opens the cache (loading the demo feeds into a cache nobody has subscribed
anything to, when asked), and answers everything the CLI and the UI want of it: feeds,
pages of a view, articles, read/star changes, related articles and refreshes. Nothing above
this module imports `engine.store` or `engine.refresh`.

Threads: each use has its own connection and lock, so a worker never waits behind another
kind of work, and a connection is never used by two threads at once:
- the main connection: the CLI, and the UI thread's reads and writes;
- the page connection (read-only): the article list's worker reads pages with it;
- the ranking connection (read-only): related articles, with their document-count cache.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from tui_reader.config import Config
from tui_reader.engine.models import (
    Article,
    ArticleRow,
    Feed,
    FeedUpdate,
    PageUpdate,
    RefreshSummary,
)
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.related import DocCounts, related_articles
from tui_reader.engine.store import Store
from tui_reader.paths import Paths

if TYPE_CHECKING:
    from pathlib import Path

    from tui_reader.engine.discover import Checked
    from tui_reader.engine.models import ParsedFeed
    from tui_reader.engine.refresh import RefreshOptions

__all__ = ["Library"]


class Library:
    """The cache at `paths`, read and written the way `config` says."""

    def __init__(self, paths: Paths, config: Config, store: Store, *, offline: bool = False):
        self.paths = paths
        self.config = config
        self.offline = offline
        self._store = store
        self._lock = threading.RLock()
        self._pages: Store | None = None
        self._pages_lock = threading.Lock()
        self._ranking: Store | None = None
        self._ranking_lock = threading.Lock()
        self._doc_counts = DocCounts()  # belongs to the ranking connection's cache

    @classmethod
    def open(
        cls, paths: Paths, config: Config | None = None, *, offline: bool = False, demo: bool = True
    ) -> Library:
        """Open (creating) the cache; with `demo`, an empty cache gets the demo feeds once."""
        from tui_reader.engine.bootstrap import ensure_demo_feeds

        paths.ensure()
        store = Store(paths.db_path)
        try:
            if demo:
                ensure_demo_feeds(store)
        except BaseException:
            store.close()
            raise
        return cls(paths, config or Config(), store, offline=offline)

    def close(self) -> None:
        for lock, name in (
            (self._pages_lock, "_pages"),
            (self._ranking_lock, "_ranking"),
            (self._lock, "_store"),
        ):
            with lock:
                store = getattr(self, name)
                if store is not None:
                    store.close()
                    setattr(self, name, None)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.paths.db_path

    @property
    def readonly(self) -> bool:
        return self._store.readonly

    # -- feeds -------------------------------------------------------------------------------

    def feeds(self, *, with_counts: bool = True) -> list[Feed]:
        with self._lock:
            return self._store.feeds(with_counts=with_counts)

    def feed(self, feed_id: int) -> Feed | None:
        with self._lock:
            return self._store.get_feed(feed_id)

    def find_feed(self, url: str) -> Feed | None:
        with self._lock:
            return self._store.find_feed(url)

    def add_feed(
        self, url: str, title: str = "", folder: str | None = None, *, site_url: str | None = None
    ) -> tuple[Feed, bool]:
        """Subscribe (or revive a removed subscription); returns the feed and whether it is
        new. A non-empty `title` is the user's and outlives the feed's own."""
        with self._lock:
            return self._store.add_feed(url, title, folder, site_url=site_url)

    def remove_feed(self, feed_id: int, *, purge: bool = False) -> int:
        """Unsubscribe; starred articles are kept (unless `purge`). Returns how many starred
        articles were kept (or, with `purge`, deleted)."""
        with self._lock:
            return self._store.remove_feed(feed_id, purge=purge)

    def set_full_text(self, feed_id: int, mode: str) -> None:
        """When to fetch the feed's article pages: "auto" (when its bodies look truncated),
        "always" or "never". ValueError on any other mode."""
        with self._lock:
            self._store.set_full_text(feed_id, mode)

    def known_articles(self, article_ids: Sequence[int]) -> set[int]:
        with self._lock:
            return self._store.known_articles(article_ids)

    def store_parsed(
        self,
        feed_id: int,
        parsed: ParsedFeed,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FeedUpdate:
        """Store a feed already fetched and parsed (as `add` does after checking it)."""
        with self._lock:
            return self._store.apply_parsed(feed_id, parsed, etag=etag, last_modified=last_modified)

    def check_feeds(self, urls: Sequence[str]) -> list[Checked]:
        """Fetch each URL with the config's limits: is it a feed, or a page that offers one?
        Nothing is stored."""
        from tui_reader.engine.discover import check_feeds
        from tui_reader.engine.fetch import FetchLimits

        config = self.config
        limits = FetchLimits(
            timeout=config.timeout, max_bytes=config.max_bytes, max_redirects=config.max_redirects
        )
        return check_feeds(list(urls), limits, jobs=config.jobs)

    def local_problem(self, url: str) -> str | None:
        """Why the feed at `url` cannot be read if it is a local file (missing, a folder, a
        pipe or device, which would hang every later refresh), else None. Opens nothing."""
        from tui_reader.engine.local import is_local, local_problem
        from tui_reader.engine.refresh import fetch_url

        path = fetch_url(url)
        return local_problem(path) if is_local(path) else None

    def skip_demo_feeds(self) -> None:
        """The user subscribed to something: this cache never gets the demo feeds."""
        from tui_reader.engine.bootstrap import skip_demo_feeds

        with self._lock:
            skip_demo_feeds(self._store)

    # -- reading -----------------------------------------------------------------------------

    def article(self, article_id: int) -> Article | None:
        with self._lock:
            return self._store.get_article(article_id)

    def count(self, query: ArticleQuery) -> int:
        with self._lock:
            return self._store.count(query)

    def unread_count(self, query: ArticleQuery) -> int:
        with self._lock:
            return self._store.unread_count(query)

    def rows(
        self, query: ArticleQuery, offset: int, limit: int, *, total: int | None = None
    ) -> list[ArticleRow]:
        with self._lock:
            return self._store.rows(query, offset, limit, total=total)

    def iter_rows(self, query: ArticleQuery, limit: int = -1) -> Iterator[ArticleRow]:
        """Every row of a view, streamed (the CLI's `unread`); holds the main connection."""
        with self._lock:
            yield from self._store.iter_rows(query, limit)

    def page(
        self, query: ArticleQuery, offset: int, limit: int, *, total: int | None = None
    ) -> list[ArticleRow]:
        """`rows`, on the page connection: for the article list's worker thread."""
        with self._pages_lock:
            if self._pages is None:
                self._pages = Store(self.path, readonly=True)
            return self._pages.rows(query, offset, limit, total=total)

    def page_count(self, query: ArticleQuery) -> int:
        """`count`, on the page connection (for the list's worker thread)."""
        with self._pages_lock:
            if self._pages is None:
                self._pages = Store(self.path, readonly=True)
            return self._pages.count(query)

    def page_feeds(self) -> tuple[list[Feed], int]:
        """`feeds` with their counts and the unread starred count, on the page connection:
        for a worker thread (the counts walk every article: 184 ms at 1,000,000)."""
        with self._pages_lock:
            if self._pages is None:
                self._pages = Store(self.path, readonly=True)
            starred = self._pages.unread_count(ArticleQuery(starred=True))
            return self._pages.feeds(with_counts=True), starred

    def links_of(self, article_ids: Sequence[int]) -> dict[int, str | None]:
        """Each article's link (None when it has none)."""
        with self._lock:
            return self._store.links_of(article_ids)

    def position(self, query: ArticleQuery, article_id: int) -> int | None:
        with self._lock:
            return self._store.position(query, article_id)

    def next_unread(
        self, query: ArticleQuery, after_id: int | None, *, forward: bool = True
    ) -> int | None:
        with self._lock:
            return self._store.next_unread(query, after_id, forward=forward)

    # -- changes -----------------------------------------------------------------------------

    def set_read(self, article_ids: Iterable[int], read: bool = True) -> None:
        with self._lock:
            self._store.set_read(article_ids, read)

    def set_starred(self, article_id: int, starred: bool) -> None:
        with self._lock:
            self._store.set_starred(article_id, starred)

    def mark_view_read(self, query: ArticleQuery) -> int:
        with self._lock:
            return self._store.mark_view_read(query)

    # -- related articles --------------------------------------------------------------------

    def related(self, article: Article, limit: int = 10) -> list[ArticleRow]:
        """Cached articles closest to `article`; on its own connection (call from a worker),
        whose page cache and document counts stay warm from one article to the next."""
        with self._ranking_lock:
            if self._ranking is None:
                self._ranking = Store(self.path, readonly=True)
                self._doc_counts = DocCounts()
            return related_articles(self._ranking, article, limit, self._doc_counts)

    # -- refresh -----------------------------------------------------------------------------

    def refresh_options(self, *, force: bool = False, jobs: int | None = None) -> RefreshOptions:
        """The refresh settings of the config, built in one place for the CLI and the app."""
        from tui_reader.engine.refresh import RefreshOptions

        config = self.config
        return RefreshOptions(
            jobs=jobs or config.jobs,
            timeout=config.timeout,
            max_bytes=config.max_bytes,
            max_redirects=config.max_redirects,
            force=force,
        )

    def refresh(
        self,
        feeds: Sequence[Feed] | None = None,
        *,
        force: bool = False,
        jobs: int | None = None,
        on_update: Callable[[FeedUpdate], None] | None = None,
        cancel: threading.Event | None = None,
        on_page: Callable[[PageUpdate], None] | None = None,
    ) -> RefreshSummary:
        """Fetch `feeds` (all when None) into the cache, then the article pages due (see
        `fetch_text`); blocking, so call it from a worker in the app. Each feed and each
        page is one transaction: a cancel leaves each whole or untouched."""
        from tui_reader.engine.refresh import refresh_sync

        todo = list(feeds) if feeds is not None else self.feeds(with_counts=False)
        options = self.refresh_options(force=force, jobs=jobs)
        return refresh_sync(
            self.path, todo, options, on_update=on_update, cancel=cancel, on_page=on_page
        )

    def fetch_text(
        self,
        article_ids: Sequence[int],
        *,
        on_page: Callable[[PageUpdate], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> list[PageUpdate]:
        """Fetch these articles' pages now and store their full text (or why not); one
        update per article, in order. Blocking: call it from a worker in the app."""
        ids = list(dict.fromkeys(article_ids))
        if self.offline:
            return [PageUpdate(i, "", False, "offline: not fetched") for i in ids]
        from tui_reader.engine.pages import fetch_pages_sync

        return fetch_pages_sync(self.path, ids, self.refresh_options(), on_page, cancel)
