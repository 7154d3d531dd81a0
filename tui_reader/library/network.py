"""The door, what goes over the network: refresh and its schedule, full text, images,
and the sync service."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tui_reader.engine.models import (
    Feed,
    FeedUpdate,
    PageUpdate,
    RefreshSummary,
)
from tui_reader.engine.store import Store
from tui_reader.library.keeping import KeepingDoor

if TYPE_CHECKING:
    from tui_reader.engine.refresh import RefreshOptions
    from tui_reader.engine.sync.run import SyncReport, SyncStatus


class NetworkDoor(KeepingDoor):
    """Refresh and its schedule, full text, images, and the sync service."""

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
            rules=tuple(config.rules),
            images=config.images != "off",
        )

    def due_feeds(
        self, feeds: Sequence[Feed], *, force: bool = False, scheduled: bool = False
    ) -> list[Feed]:
        """The feeds a refresh fetches now: not gone, not asked to wait (Retry-After,
        max-age, Expires, <ttl>, <skipHours>), their own interval passed; all if `force`.
        `scheduled` (the app's timer): their own interval, else the config's
        refresh_interval, has passed; a feed with neither waits for R."""
        from tui_reader.engine.refresh import due

        default = self.config.refresh_interval * 60 or None
        now = time.time()
        if not scheduled:
            return [f for f in feeds if due(f, now, force)]
        return [f for f in feeds if (f.refresh_interval or default) and due(f, now, force, default)]

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
        summary = refresh_sync(
            self.path, todo, options, on_update=on_update, cancel=cancel, on_page=on_page
        )
        if not (cancel is not None and cancel.is_set()):
            summary.cleaned = self.auto_cleanup()
        return summary

    def auto_cleanup(self) -> int:
        """After a refresh, only when [retention] sets a limit: remove the read articles
        past it, on a connection of its own (the UI's stays free). No VACUUM: the freed
        pages take the next refresh's articles, so the file stops growing; `cleanup`
        gives the space back to the disk."""
        from tui_reader.engine.retention import plan, remove

        limits = self.retention()
        if not limits.any or self.readonly:
            return 0
        with Store(self.path) as store:
            return remove(store, plan(store, limits).ids)

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

    # -- sync --------------------------------------------------------------------------------

    def sync(self, on_step: Callable[[str], None] | None = None) -> SyncReport:
        """Push queued changes to the service and pull its feeds, items and state, on a
        connection of its own (the app keeps reading meanwhile). Blocking: call it from a
        worker. SyncError (one line) when it cannot; queued changes stay queued."""
        from tui_reader.engine.sync.client import GReaderClient, SyncError
        from tui_reader.engine.sync.run import read_password, record_failure, sync

        settings = self.config.sync
        if settings is None:
            raise SyncError("no sync service: add a [sync] section to config.toml")
        if self.offline:
            raise SyncError("offline: not syncing")
        with Store(self.path) as store:
            try:
                password = read_password(settings.password_cmd)
                with GReaderClient(
                    settings.url, settings.user, password, timeout=self.config.timeout
                ) as client:
                    return sync(store, client, on_step=on_step)
            except SyncError as exc:
                record_failure(store, str(exc))
                raise

    def sync_status(self) -> SyncStatus:
        """When the last sync worked, how many changes wait, why the last one failed."""
        from tui_reader.engine.sync.run import status

        with self._lock:
            return status(self._store)

    # -- images (engine/images.py) -------------------------------------------------------------

    def fetch_images(self, article_ids: Sequence[int]) -> int:
        """Fetch these articles' images now (blocking); how many were stored. Nothing when
        offline or `images = "off"`."""
        if self.offline or self.config.images == "off" or not article_ids:
            return 0
        from tui_reader.engine.images import fetch_images_sync

        return fetch_images_sync(self.path, list(article_ids), self.refresh_options())
