"""r / R: refresh feeds in a thread worker; the UI keeps working and hears progress."""

from __future__ import annotations

import threading
from typing import Any

from rich.text import Text
from textual import work

from tui_reader.engine.errors import StoreError
from tui_reader.engine.models import Feed, FeedUpdate, RefreshSummary
from tui_reader.engine.sanitize import clean_line
from tui_reader.ui.base import AppCore

MAX_FAILED_LISTED = 5


class RefreshActions(AppCore):
    refreshing = False
    _refresh_cancel: threading.Event | None = None  # the running refresh's; set on quit

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Quit without waiting for the network: a running refresh stops where it is (its
        thread would otherwise hold the process up to the request timeout, 14 s measured)."""
        self.cancel_refresh()
        super().exit(*args, **kwargs)

    def on_unmount(self) -> None:
        self.cancel_refresh()

    def cancel_refresh(self) -> None:
        if self._refresh_cancel is not None:
            self._refresh_cancel.set()

    def action_refresh_feed(self) -> None:
        feed_id = self.view.feed_id
        if feed_id is None and (row := self.articles.current) is not None:
            feed_id = row.feed_id
        if feed_id is None:
            self.notify("No feed to refresh here; R refreshes all")
            return
        try:
            feed = self.store.get_feed(feed_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if feed is not None:
            # Asked for by name, so fetch it even if it said "gone" or "wait".
            self.start_refresh([feed], force=True)

    def action_refresh_all(self) -> None:
        try:
            feeds = self.store.feeds(with_counts=False)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.start_refresh(feeds, force=False)

    def refresh_on_timer(self) -> None:
        """The refresh_interval timer: quietly skipped while a refresh is running."""
        if not self.refreshing:
            self.action_refresh_all()

    def start_refresh(self, feeds: list[Feed], *, force: bool) -> None:
        if self.offline:
            self.notify("Offline: not refreshing (started with --offline)", severity="warning")
            return
        if self.refreshing:
            self.notify("A refresh is already running")
            return
        if not feeds:
            self.notify("No feeds to refresh")
            return
        self.refreshing = True
        self.status.progress(0, len(feeds), "")
        self._refresh_cancel = threading.Event()
        self._refresh_worker(feeds, force, self._refresh_cancel)

    @work(thread=True, group="refresh")
    def _refresh_worker(self, feeds: list[Feed], force: bool, cancel: threading.Event) -> None:
        from tui_reader.engine.refresh import RefreshOptions, refresh_sync

        config = self.config
        options = RefreshOptions(
            jobs=config.jobs,
            timeout=config.timeout,
            max_bytes=config.max_bytes,
            max_redirects=config.max_redirects,
            force=force,
        )
        done = 0

        def on_update(update: FeedUpdate) -> None:
            nonlocal done
            done += 1
            if cancel.is_set():
                return  # the app is closing: call_from_thread would wait for it forever
            self.call_from_thread(
                self.status.progress, done, len(feeds), update.title or update.url
            )

        try:
            summary = refresh_sync(self.store.path, feeds, options, on_update, cancel)
        except Exception as exc:  # the refresh failing must not take the reader with it
            if not cancel.is_set():
                self.call_from_thread(self._refresh_failed, f"{type(exc).__name__}: {exc}")
            return
        if not cancel.is_set():  # cancelled: the app is going; nobody to tell
            self.call_from_thread(self._refresh_done, summary)

    def _refresh_failed(self, message: str) -> None:
        self.refreshing = False
        self.status.show(Text("refresh failed: " + message))
        self.notify("Refresh failed: " + message, severity="error", markup=False)

    def _refresh_done(self, summary: RefreshSummary) -> None:
        self.refreshing = False
        failed = summary.failed
        count = len(summary.updates)
        short = f"refreshed {count} feed{'' if count == 1 else 's'}: {summary.new} new"
        self.status.show(short + (f", {len(failed)} failed" if failed else ""))
        message = summary.line()
        for update in failed[:MAX_FAILED_LISTED]:
            message += "\n" + clean_line(f"{update.title or update.url}: {update.error}")
        if len(failed) > MAX_FAILED_LISTED:
            message += f"\n… and {len(failed) - MAX_FAILED_LISTED} more (see the feeds pane)"
        self.notify(
            message, title="Refresh", severity="warning" if failed else "information", markup=False
        )
        self.reload_feeds()
        self.articles.reload(self.current_article_id())
        self.update_header()
