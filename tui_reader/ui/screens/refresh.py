"""r / R: refresh feeds in a worker thread; the UI keeps working and hears progress (the
feeds, then the article pages due for full text)."""

from __future__ import annotations

import threading
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.notifications import SeverityLevel

from tui_reader.engine.models import Feed, FeedUpdate, PageUpdate, RefreshSummary, plural
from tui_reader.ui.notices import Failed, ask

if TYPE_CHECKING:
    from tui_reader.ui.screens.main import MainScreen

MAX_FAILED_LISTED = 5


class Refresher:
    """One refresh at a time for the main screen; quitting cancels it."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.running = False
        self.skipped = 0  # feeds the running refresh left out as not due
        self._cancel: threading.Event | None = None  # the running refresh's; set on quit

    def cancel(self) -> None:
        """Stop where it is: no new fetch; started writes complete (the thread would
        otherwise hold the process up to the request timeout, 14 s measured)."""
        if self._cancel is not None:
            self._cancel.set()

    def start_all(self, *, scheduled: bool = False) -> None:
        """R: every feed that is due (the others asked to wait, or their own interval has
        not passed). `scheduled`: the timer's tick, quiet when nothing is due or running."""
        screen = self.screen
        if scheduled and (self.running or screen.library.offline):
            return
        feeds = ask(screen, screen.library.feeds, with_counts=False)
        if isinstance(feeds, Failed):
            return
        todo = screen.library.due_feeds(feeds, scheduled=scheduled)
        if scheduled and not todo:
            return
        self.skipped = len(feeds) - len(todo)
        if feeds and not todo:
            screen.notify(
                f"No feed is due: {plural(self.skipped, 'feed')} asked to wait or have their "
                "own interval; r on a feed fetches it now"
            )
            return
        self.start(todo, force=False)

    def start(self, feeds: list[Feed], *, force: bool) -> None:
        screen = self.screen
        if screen.library.offline:
            screen.notify("Offline: not refreshing (started with --offline)", severity="warning")
            return
        if self.running:
            screen.notify("A refresh is already running")
            return
        if screen.library.syncing:  # the service fetches the feeds: r and R sync
            self._start_sync()
            return
        if not feeds:
            screen.notify("No feeds to refresh")
            return
        self.running = True
        if force:
            self.skipped = 0
        screen.status.progress(0, len(feeds), "")
        self._cancel = cancel = threading.Event()
        work = partial(self._run, feeds, force, cancel)
        screen.run_worker(work, thread=True, group="refresh", exit_on_error=False)

    def _run(self, feeds: list[Feed], force: bool, cancel: threading.Event) -> None:
        """On a worker thread: the library refreshes; progress goes to the status line."""
        screen = self.screen  # its call_later is a message: it never waits for the UI
        done = pages_done = pages_due = 0  # both callbacks run on the refresh's one thread

        def show(last: str) -> None:
            if not cancel.is_set():  # cancelled: the app is closing
                pages = (pages_done, pages_due) if pages_due else None
                screen.call_later(screen.status.progress, done, len(feeds), last, pages)

        def on_update(update: FeedUpdate) -> None:
            nonlocal done, pages_due
            done += 1
            pages_due += len(update.page_ids)  # its pages are fetched next
            show(update.title or update.url)

        def on_page(update: PageUpdate) -> None:
            nonlocal pages_done
            pages_done += 1
            show(update.title)

        try:
            summary = self.screen.library.refresh(
                feeds, force=force, on_update=on_update, cancel=cancel, on_page=on_page
            )
        except Exception as exc:  # the refresh failing must not take the reader with it
            if not cancel.is_set():
                screen.call_later(self._failed, f"{type(exc).__name__}: {exc}")
            return
        if not cancel.is_set():  # cancelled: the app is going; nobody to tell
            screen.call_later(self._done, summary)

    # -- sync ([sync] configured) -----------------------------------------------------------

    def show_sync_status(self) -> None:
        """The status line's "synced 10:42 · 3 changes waiting" (nothing without [sync])."""
        screen = self.screen
        if screen.library.syncing and not self.running:  # running: its progress shows
            state = ask(screen, screen.library.sync_status)
            if not isinstance(state, Failed):
                screen.status.sync_state(state.last, state.waiting, state.error)

    def _start_sync(self) -> None:
        self.running = True
        self.screen.status.show("syncing…")
        self._cancel = threading.Event()
        self.screen.run_worker(self._sync, thread=True, group="refresh", exit_on_error=False)

    def _sync(self) -> None:
        """On a worker thread: the library syncs on a connection of its own."""
        from tui_reader.engine.sync.errors import SyncError

        screen, cancel = self.screen, self._cancel

        def step(what: str) -> None:
            if cancel is not None and cancel.is_set():  # quitting: stop at this step
                raise SyncError("cancelled")
            screen.call_later(screen.status.show, Text("syncing: " + what))

        try:
            report = screen.library.sync(on_step=step)
        except SyncError as exc:
            message = str(exc)
        except Exception as exc:  # a sync failing must not take the reader with it
            message = f"{type(exc).__name__}: {exc}"
        else:
            message = ""
            screen.call_later(self._synced, f"{plural(report.fetched, 'new item')}")
        if message and (cancel is None or not cancel.is_set()):
            screen.call_later(self._sync_failed, message)

    def _synced(self, summary: str) -> None:
        self.running = False
        self.screen.notify(f"Synced: {summary}", title="Sync", markup=False)
        self.screen.refreshed()
        self.show_sync_status()

    def _sync_failed(self, message: str) -> None:
        self.running = False
        self.screen.notify("Sync failed: " + message, severity="warning", markup=False)
        self.show_sync_status()

    def _failed(self, message: str) -> None:
        self.running = False
        self.screen.status.show(Text("refresh failed: " + message))
        self.screen.notify("Refresh failed: " + message, severity="error", markup=False)

    def _done(self, summary: RefreshSummary) -> None:
        self.running = False
        summary.skipped += self.skipped
        failed = summary.failed
        count = len(summary.updates)
        short = f"refreshed {count} feed{'' if count == 1 else 's'}: {summary.new} new"
        short += f", {len(failed)} failed" if failed else ""
        if summary.pages:
            short += f" · {plural(summary.pages_fetched, 'page')} fetched"
            short += f" ({summary.pages_failed} failed)" if summary.pages_failed else ""
        short += f" · {summary.cleaned} old cleaned up" if summary.cleaned else ""  # [retention]
        self.screen.status.show(short)
        severity: SeverityLevel = "warning" if failed else "information"
        self.screen.notify(_message(summary), title="Refresh", severity=severity, markup=False)
        self.screen.refreshed()
        self.screen.full_text.pages_stored(summary.pages)


def _message(summary: RefreshSummary) -> str:
    """The counts (feeds, new articles, pages fetched and failed), then the first failures:
    feeds by title, pages by article title."""
    lines = [summary.line()]
    failed = summary.failed
    pages = [page for page in summary.pages if not page.ok]
    for update in failed[:MAX_FAILED_LISTED]:
        lines.append(f"{update.title or update.url}: {update.error}")
    if len(failed) > MAX_FAILED_LISTED:
        lines.append(f"… and {len(failed) - MAX_FAILED_LISTED} more (see the feeds pane)")
    room = max(0, MAX_FAILED_LISTED - len(failed))
    for page in pages[:room]:
        lines.append(f"page of {page.title or page.article_id}: {page.error}")
    if pages and len(pages) > room:
        lines.append(f"… and {plural(len(pages) - room, 'page')} without full text")
    return "\n".join(lines)
