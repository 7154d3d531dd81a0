"""Full text in the app: `x` fetches the open article's page now, `X` shows its full text or
the feed's own, `F` chooses when a feed's pages are fetched.

A helper of the main screen, like Reading and Refresher. The page is fetched by the library
in a worker thread (extraction runs in its worker processes); quitting cancels it, as it
cancels a refresh.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text

from tui_reader.engine.models import PageUpdate
from tui_reader.ui.notices import Failed, ask
from tui_reader.ui.screens.full_text_picker import MODE_HELP, FullTextPicker

if TYPE_CHECKING:
    from tui_reader.ui.screens.main import MainScreen


class FullText:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.fetching: int | None = None
        """The article whose page is being fetched (one at a time), or None."""
        self._cancel: threading.Event | None = None  # the running fetch's; set on quit

    def cancel(self) -> None:
        """Stop the page fetch where it is; a page already being stored is stored whole."""
        if self._cancel is not None:
            self._cancel.set()

    # -- x: fetch the page now ------------------------------------------------------------------

    def fetch(self) -> None:
        screen = self.screen
        article = screen.reader.article
        if article is None:
            screen.notify("No article open: open one to fetch its page")
            return
        if screen.library.offline:
            screen.notify("Offline: not fetching the page (started with --offline)")
            return
        if self.fetching is not None:
            screen.notify("A page is being fetched already; wait for it")
            return
        self.fetching = article.id
        screen.status.show(Text("fetching the page: ").append(article.title))
        self._cancel = cancel = threading.Event()
        work = partial(self._fetch, article.id, cancel)
        screen.run_worker(work, thread=True, group="full-text", exit_on_error=False)

    def _fetch(self, article_id: int, cancel: threading.Event) -> None:
        """On a worker thread; back to the UI with call_later (a message: never waits)."""
        screen = self.screen
        try:
            updates = screen.library.fetch_text([article_id], cancel=cancel)
        except Exception as exc:  # a failing fetch costs this page, not the app
            updates = [PageUpdate(article_id, "", False, f"{type(exc).__name__}: {exc}")]
        if cancel.is_set():  # the app is going: nobody to tell
            return
        update = updates[0] if updates else PageUpdate(article_id, "", False, "not fetched")
        screen.call_later(self._fetched, update)

    def _fetched(self, update: PageUpdate) -> None:
        screen = self.screen
        self.fetching = None
        if update.ok:
            screen.status.show("full text stored")
        else:
            reason = update.error or "no reason given"
            screen.status.show(Text("no full text: " + reason))
            screen.notify(
                f"No full text: {reason}; the feed's text stays", severity="warning", markup=False
            )
        self._reshow(update.article_id, full=update.ok)

    def pages_stored(self, updates: Iterable[PageUpdate]) -> None:
        """A refresh stored pages: the open article shows its new full text (or error)."""
        article = self.screen.reader.article
        for update in updates:
            if article is not None and update.article_id == article.id:
                self._reshow(article.id, full=update.ok)

    def _reshow(self, article_id: int, *, full: bool) -> None:
        screen = self.screen
        shown = screen.reader.article
        if shown is None or shown.id != article_id:
            return  # the reader moved on; the text is there when the article is opened
        article = ask(screen, screen.library.article, article_id)
        if article is None or isinstance(article, Failed):
            return
        if full:
            screen.reader.feed_text.discard(article_id)
        screen.reader.article = article

    # -- X: full text or the feed's -------------------------------------------------------------

    def toggle(self) -> None:
        """Between the page's full text and the feed's own; remembered for the session."""
        screen = self.screen
        reader = screen.reader
        article = reader.article
        if article is None:
            screen.notify("No article open")
            return
        if reader.readable is None or not reader.readable.has_full_text:
            why = f" (last fetch: {article.full_error})" if article.full_error else ""
            hint = "" if screen.library.offline else "; x fetches the page"
            screen.notify(f"No full text stored for this article{why}{hint}", markup=False)
            return
        if article.id in reader.feed_text:
            reader.feed_text.discard(article.id)
            shown = "the full text from the page"
        else:
            reader.feed_text.add(article.id)
            shown = "the feed's own text"
        reader.article = article  # rendered again, with the other text
        screen.notify(f"Showing {shown}", timeout=3)

    # -- F: a feed's mode -----------------------------------------------------------------------

    def choose_mode(self, feed_id: int) -> None:
        screen = self.screen
        feed = ask(screen, screen.library.feed, feed_id)
        if feed is None or isinstance(feed, Failed):
            return

        def chosen(mode: str | None) -> None:
            if mode is None or mode == feed.full_text:
                return
            if isinstance(ask(screen, screen.library.set_full_text, feed.id, mode), Failed):
                return
            screen.reload_feeds()
            note = MODE_HELP.get(mode, "")
            screen.notify(f"{feed.display_title}: full text {mode} ({note})", markup=False)

        screen.app.push_screen(FullTextPicker(feed.display_title, feed.full_text), chosen)
