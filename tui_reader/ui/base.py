"""The app's state and the few operations every action builds on (open, show a view, write).

Split from app.py so the App class itself stays a declarative list of bindings and panes.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from textual import work
from textual.app import App
from textual.timer import Timer

from tui_reader.config import Config
from tui_reader.engine.errors import StoreError
from tui_reader.engine.models import Article, ArticleRow, Feed
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.ui.widgets.article_list import ArticleList
from tui_reader.ui.widgets.reader import Reader
from tui_reader.ui.widgets.related import RelatedList
from tui_reader.ui.widgets.search_bar import SearchBar
from tui_reader.ui.widgets.sidebar import Sidebar
from tui_reader.ui.widgets.status import FeedNotice, StatusLine, ViewBar

RELATED_DELAY = 0.12  # seconds the cursor must rest on an article before ranking related ones


class AppCore(App[int]):
    """State: the UI thread's Store, the config, the view; panes are looked up by id."""

    def __init__(self, store: Store, config: Config, *, offline: bool = False) -> None:
        super().__init__()
        self.store = store
        self.config = config
        self.offline = offline
        self.view = ArticleQuery()  # what the list shows when not searching
        self.search_text = ""
        self._read_timer: Timer | None = None
        self._related_timer: Timer | None = None
        self._related_store: Store | None = None
        self._related_lock = threading.Lock()

    def close_stores(self) -> None:
        """Close the connections the app opened itself (the caller owns `store`)."""
        with self._related_lock:
            if self._related_store is not None:
                self._related_store.close()
                self._related_store = None

    # -- panes -------------------------------------------------------------------------------

    @property
    def articles(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def reader(self) -> Reader:
        return self.query_one("#reader", Reader)

    @property
    def related(self) -> RelatedList:
        return self.query_one("#related", RelatedList)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one("#sidebar", Sidebar)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one("#search", SearchBar)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    @property
    def list_query(self) -> ArticleQuery:
        """The view plus the search, if one is active."""
        return replace(self.view, search=self.search_text) if self.search_text else self.view

    # -- showing -----------------------------------------------------------------------------

    def show_view(self, view: ArticleQuery, *, announce: bool = True) -> None:
        """Point the list at a view (leaving any search) and keep the open article if it is
        in the new view. An empty reader (the first start) previews the cursor's row."""
        self.view = view
        self.search_text = ""
        self.articles.empty_text = "No articles in this view."
        current = self.reader.article.id if self.reader.article else None
        # The open article stays open when the new view holds it; else the reader follows
        # the cursor to the view's first row.
        self.articles.set_query(view, select_id=current, announce=False)
        row = self.articles.current
        if row is not None and (current is None or (announce and row.id != current)):
            self.preview_article(row.id)
        self.update_header()

    def show_search(self, text: str) -> None:
        """Results in the list, best match first; the reader previews the top one."""
        self.search_text = text
        self.articles.empty_text = "Nothing in the cache matches."
        self.articles.set_query(self.list_query)
        self.update_header()

    def preview_article(self, article_id: int) -> Article | None:
        """The reader follows the list cursor: the article is shown, never marked read.

        Skimming headlines with j/k, a search's top hit while typing, the first row of a new
        view: none of these is reading, however long the cursor rests there."""
        return self._show_article(article_id, from_list=True, opened=False)

    def open_article(self, article_id: int, *, from_list: bool = False) -> Article | None:
        """Read an article (Enter, n/p, the related pane, next/previous article): reader,
        list cursor, related pane, and the timer that marks it read after mark_read_delay."""
        return self._show_article(article_id, from_list=from_list, opened=True)

    def _show_article(self, article_id: int, *, from_list: bool, opened: bool) -> Article | None:
        article = self.reader.article
        if article is None or article.id != article_id:
            try:
                article = self.store.get_article(article_id)
            except StoreError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return None
            if article is None:
                return None
            self._stop_read_timer()  # whatever was open is left: skimmed is not read
            self.reader.show(article)
            self._rank_related_later(article)
        if not from_list:
            self.articles.select_id(article_id)
        if opened:
            self._start_read_timer(article)
        return article

    def _rank_related_later(self, article: Article) -> None:
        self.related.show(None, [])
        # Holding j opens an article per key; rank related ones only where the cursor rests,
        # so the list never waits behind a ranking nobody will see.
        if self._related_timer is not None:
            self._related_timer.stop()
        self._related_timer = self.set_timer(RELATED_DELAY, lambda: self._load_related(article))

    def current_article_id(self) -> int | None:
        if self.reader.article is not None:
            return self.reader.article.id
        row = self.articles.current
        return row.id if row is not None else None

    def view_feed(self) -> Feed | None:
        """The view's feed, as last loaded with its counts and errors (the sidebar's)."""
        if self.view.feed_id is None:
            return None
        return next((f for f in self.sidebar.feeds if f.id == self.view.feed_id), None)

    def feed_title(self) -> str | None:
        """The title of the view's feed, for labels."""
        feed = self.view_feed()
        return feed.display_title if feed else None

    def update_header(self) -> None:
        try:
            unread = self.store.unread_count(self.list_query)
        except StoreError:
            unread = 0
        bar = self.query_one("#view-bar", ViewBar)
        label = self.list_query.label(self.feed_title())
        bar.show(label, unread, self.articles.count, self.offline)
        self.query_one("#feed-notice", FeedNotice).show(self.view_feed())

    def load_feeds(self) -> list[Feed] | None:
        """Feeds with their counts, or None (and a notification) if the cache fails."""
        try:
            return self.store.feeds()
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None

    def reload_feeds(self) -> None:
        """Re-read feeds and counts into the sidebar (cheap enough to do after each change)."""
        feeds = self.load_feeds()
        if feeds is not None:
            self.sidebar.show(feeds, self.view, starred_unread=self.starred_unread())

    def starred_unread(self) -> int:
        """The Starred view's unread count (the feeds' counts cannot give it)."""
        try:
            return self.store.unread_count(ArticleQuery(starred=True))
        except StoreError:
            return 0

    # -- state changes -----------------------------------------------------------------------

    def _stop_read_timer(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None

    def _start_read_timer(self, article: Article) -> None:
        self._stop_read_timer()
        delay = self.config.mark_read_delay
        if article.read or delay < 0:
            return
        if delay == 0:
            self.set_read(article.id, True)
            return
        # Leaving the article before the timer fires stops it: skimmed is not read.
        self._read_timer = self.set_timer(delay, lambda: self._read_timer_fired(article.id))

    def _read_timer_fired(self, article_id: int) -> None:
        self._read_timer = None
        if self.reader.article is not None and self.reader.article.id == article_id:
            self.set_read(article_id, True)

    def set_read(self, article_id: int, read: bool) -> bool:
        try:
            self.store.set_read([article_id], read)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return False
        if self.reader.article is not None and self.reader.article.id == article_id:
            self.reader.article.read = read
            if not read:
                self._stop_read_timer()
        self.articles.update_row(article_id, read=read)
        self._counts_changed()
        return True

    def set_starred(self, article_id: int, starred: bool) -> bool:
        try:
            self.store.set_starred(article_id, starred)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return False
        if self.reader.article is not None and self.reader.article.id == article_id:
            self.reader.article.starred = starred
        self.articles.update_row(article_id, starred=starred)
        self._counts_changed()  # the Starred view's count
        return True

    def _counts_changed(self) -> None:
        self.update_header()
        if self.sidebar.display:
            self.reload_feeds()

    # -- related articles ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="related")
    def _load_related(self, article: Article) -> None:
        """Ranking asks the index several questions: off the UI thread, on its own Store."""
        from tui_reader.content.related import related_articles

        try:
            # One connection kept for ranking (its page cache stays warm between articles);
            # the lock keeps an older, still-running worker off it meanwhile.
            with self._related_lock:
                if self._related_store is None:
                    self._related_store = Store(self.store.path, readonly=True)
                rows = related_articles(self._related_store, article)
        except Exception as exc:  # a ranking failure costs the pane, not the app
            self.call_from_thread(self.status.show, f"related articles: {exc}")
            return
        self.call_from_thread(self._show_related, article.id, rows)

    def _show_related(self, article_id: int, rows: list[ArticleRow]) -> None:
        # A slower, older worker must not overwrite the list for the article now open.
        if self.reader.article is not None and self.reader.article.id == article_id:
            self.related.show(article_id, rows)
