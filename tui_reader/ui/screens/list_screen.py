"""The main screen's lists: its panes, what the article list shows (a view, a search, an
order) and the counts and feeds around it. `MainScreen` (main.py) builds on this with the
wiring between the panes and what the keys do; the split keeps each file to one concern.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widget import Widget

from tui_reader.engine.models import Article, Feed
from tui_reader.engine.query import ArticleQuery
from tui_reader.ui.notices import Failed, ask, show_error
from tui_reader.ui.screens.order import SORT_LABELS
from tui_reader.ui.widgets.article_list import ArticleList
from tui_reader.ui.widgets.reader import Reader
from tui_reader.ui.widgets.related import RelatedList
from tui_reader.ui.widgets.search_bar import SearchBar, SearchProblem
from tui_reader.ui.widgets.sidebar import SavedView, Sidebar
from tui_reader.ui.widgets.status import FeedNotice, StatusLine, ViewBar

if TYPE_CHECKING:
    from tui_reader.config import Config
    from tui_reader.engine.tags import TagCount
    from tui_reader.library import Library
    from tui_reader.ui.screens.reading import Reading
    from tui_reader.ui.screens.refresh import Refresher
    from tui_reader.ui.screens.saved_views import SavedViews


class ListScreen(Screen[None]):
    """The panes and the list's state; MainScreen sets these up in its __init__."""

    library: Library
    config: Config
    view: ArticleQuery  # what the list shows when not searching
    sort: str  # the list's order (S)
    search_text: str
    reading: Reading
    refresher: Refresher
    saved_views: SavedViews

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

    def focus_now(self, widget: Widget) -> None:
        """Move focus before the next key is handled. Widget.focus() waits for the message
        queue, so `h` `j` typed in one burst sent the `j` to the pane being left."""
        self.set_focus(widget)

    # -- what the list shows -------------------------------------------------------------------

    @property
    def list_query(self) -> ArticleQuery:
        """The view plus the search, if one is active."""
        view = replace(self.view, sort=self.sort)  # the view itself stays unsorted: it is a key
        return replace(view, search=self.search_text) if self.search_text else view

    def show_view(self, view: ArticleQuery, *, announce: bool = True) -> None:
        """Point the list at a view (leaving any search) and keep the open article if it is
        in the new view. An empty reader (the first start) previews the cursor's row."""
        self.view = view
        self.search_text = ""
        self.articles.empty_text = "No articles in this view."
        current = self.reader.article.id if self.reader.article else None
        # The open article stays open when the new view holds it; else the reader follows
        # the cursor to the view's first row.
        self.articles.set_query(self.list_query, select_id=current, announce=False)
        row = self.articles.current
        if row is not None and (current is None or (announce and row.id != current)):
            self.preview_article(row.id)
        self.update_header()

    def show_search(self, text: str) -> None:
        """Results in the list, best match first; the reader previews the top one. A query
        that cannot be run says why under the bar, and the list keeps what it showed."""
        problem = self.library.query_problem(text) if text else None
        self.query_one(SearchProblem).show(problem)
        if problem:
            return
        self.search_text = text
        self.articles.empty_text = "Nothing in the cache matches."
        self.articles.set_query(self.list_query)
        self.update_header()

    def choose(self, query: ArticleQuery) -> None:
        if self.search_bar.display:
            self.search_bar.value = ""
            self.search_bar.display = False
            self.query_one(SearchProblem).show(None)
        self.show_view(query)
        self.sidebar.show(self.sidebar.feeds, query)
        self.focus_now(self.articles)

    def leave_search(self) -> None:
        self.search_bar.value = ""
        self.search_bar.display = False
        self.query_one(SearchProblem).show(None)
        self.show_view(self.view, announce=False)  # the open article stays under the cursor
        self.focus_now(self.articles)

    def preview_article(self, article_id: int) -> Article | None:
        """The reader follows the list cursor: the article is shown, never marked read."""
        return self.reading.show(article_id, from_list=True, opened=False)

    def open_article(self, article_id: int) -> Article | None:
        """Read an article: reader, list cursor, related pane, and the mark-read timer."""
        return self.reading.show(article_id, from_list=False, opened=True)

    def set_read(self, article_id: int, read: bool) -> bool:
        return self.reading.set_read(article_id, read)

    def catch_up(self) -> None:
        """Before a key acts on "the article": while the list has the focus, show the
        cursor row's article now. The reader follows the cursor through a queued preview,
        so a key typed in the same burst as a move (`j s`, `j o`) would otherwise act on
        the article shown a moment before, not the row the user sees highlighted."""
        row, shown = self.articles.current, self.reader.article
        behind = row is not None and (shown is None or shown.id != row.id)
        if behind and row is not None and self.focused is self.articles:
            self.reading.show(row.id, from_list=True, opened=False)

    def current_article_id(self) -> int | None:
        self.catch_up()
        if self.reader.article is not None:
            return self.reader.article.id
        row = self.articles.current
        return row.id if row is not None else None

    # -- counts and feeds ----------------------------------------------------------------------

    def view_feed(self) -> Feed | None:
        """The view's feed, as last loaded with its counts and errors (the sidebar's)."""
        if self.view.feed_id is None:
            return None
        return next((f for f in self.sidebar.feeds if f.id == self.view.feed_id), None)

    def feed_id_here(self) -> int | None:
        """The view's feed, else the feed of the list's cursor row."""
        if self.view.feed_id is None and (row := self.articles.current) is not None:
            return row.feed_id
        return self.view.feed_id

    def feed_title(self) -> str | None:
        feed = self.view_feed()
        return feed.display_title if feed else None

    def unread(self, query: ArticleQuery) -> int:
        count = ask(self, self.library.unread_count, query)
        return 0 if isinstance(count, Failed) else count

    def update_header(self) -> None:
        label = self.list_query.label(self.feed_title())
        if self.sort != "newest" and not self.search_text:
            label += " · " + SORT_LABELS[self.sort]
        bar = self.query_one("#view-bar", ViewBar)
        bar.show(label, self.unread(self.list_query), self.articles.count, self.library.offline)
        self.query_one("#feed-notice", FeedNotice).show(self.view_feed())

    def load_feeds(self) -> list[Feed] | None:
        """Feeds with their counts, or None (and a notice) if the cache fails."""
        feeds = ask(self, self.library.feeds)
        return None if isinstance(feeds, Failed) else feeds

    def reload_feeds(self) -> None:
        """Re-read feeds and counts into the sidebar, on a worker: the counts walk every
        article (184 ms at 1,000,000), which neither the first screen nor `m` waits for. The
        first time, the feeds are shown at once without counts (a millisecond)."""
        if not self.sidebar.feeds:
            feeds = ask(self, self.library.feeds, with_counts=False)
            if isinstance(feeds, Failed):
                return
            self.sidebar.show(feeds, self.view)

        def read() -> None:
            try:
                feeds, starred = self.library.page_feeds()
                tags = self.library.tag_counts()
                saved = self.saved_views.counted()
            except Exception as exc:  # a failed count costs the counts, not the app
                self.call_later(show_error, self, f"Could not count articles: {exc}")
                return
            self.call_later(self._show_feeds, feeds, starred, tags, saved)

        self.run_worker(read, thread=True, exclusive=True, group="feeds", exit_on_error=False)

    def _show_feeds(
        self, feeds: list[Feed], starred: int, tags: list[TagCount], saved: list[SavedView]
    ) -> None:
        self.sidebar.show(feeds, self.view, starred_unread=starred, tags=tags, saved=saved)
        self.query_one("#feed-notice", FeedNotice).show(self.view_feed())

    def counts_changed(self) -> None:
        self.update_header()
        self.refresher.show_sync_status()  # one more change waiting for the service
        if self.sidebar.display:
            self.reload_feeds()

    def refreshed(self) -> None:
        """A refresh finished: new articles, new counts, new errors."""
        self.reload_feeds()
        self.articles.reload(self.current_article_id())
        self.update_header()

    def refresh_on_timer(self) -> None:
        """The interval timer: quietly skipped while a refresh is running."""
        self.refresher.start_all(scheduled=True)
