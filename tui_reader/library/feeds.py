"""The door, feeds: subscriptions, their settings, storing what `add` fetched."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui_reader.engine.models import (
    Feed,
    FeedUpdate,
)
from tui_reader.library.base import Door

if TYPE_CHECKING:
    from tui_reader.engine.discover import Checked
    from tui_reader.engine.models import ParsedFeed


class FeedsDoor(Door):
    """Subscriptions and their settings, and storing a feed `add` fetched."""

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
        if self.syncing:  # the service owns the list: subscribe there first
            self._on_service(lambda client: client.subscribe(url, folder, title))
        with self._lock:
            return self._store.add_feed(url, title, folder, site_url=site_url)

    def remove_feed(self, feed_id: int, *, purge: bool = False) -> int:
        """Unsubscribe; starred articles are kept (unless `purge`). Returns how many starred
        articles were kept (or, with `purge`, deleted)."""
        if self.syncing:
            from tui_reader.engine.sync.reconcile import feed_remote_id

            with self._lock:
                stream = feed_remote_id(self._store, feed_id)
            if stream is not None:
                self._on_service(lambda client: client.unsubscribe(stream))
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
        """Store a feed already fetched and parsed (as `add` does after checking it).
        With a sync service, nothing: its copy, with the service's ids, comes at the next
        sync (storing ours too would show each article twice)."""
        if self.syncing:
            return FeedUpdate(feed_id=feed_id, url="", title=parsed.title)
        with self._lock:
            return self._store.apply_parsed(
                feed_id,
                parsed,
                etag=etag,
                last_modified=last_modified,
                rules=self.config.rules,
            )

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
