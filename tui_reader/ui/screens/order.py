"""S (the list's order) and N / P (the next or previous feed with unread articles): a
helper of the main screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.engine.query import SORTS, ArticleQuery
from tui_reader.ui.widgets.sidebar import view_choices

if TYPE_CHECKING:
    from tui_reader.ui.screens.main import MainScreen

SORT_LABELS = {
    "newest": "newest first",
    "oldest": "oldest first",
    "feed": "by feed",
    "title": "by title",
    "unread": "unread first",
}


class Order:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def cycle_sort(self) -> None:
        """The next order of the list; the open article stays under the cursor."""
        screen = self.screen
        screen.sort = SORTS[(SORTS.index(screen.sort) + 1) % len(SORTS)]
        if not screen.search_text:
            query = screen.list_query
            screen.articles.set_query(query, screen.current_article_id(), announce=False)
        screen.update_header()
        note = " (search results stay ranked by relevance)" if screen.search_text else ""
        screen.status.show(f"sort: {SORT_LABELS[screen.sort]}{note}")

    def unread_feed(self, *, forward: bool) -> None:
        """The list shows the next (previous) feed in sidebar order that has unread
        articles, after the view's feed; from a view of many feeds, the first (last)."""
        screen = self.screen
        feeds = screen.load_feeds()
        if feeds is None:
            return
        order = [c.query.feed_id for c in view_choices(feeds) if c.query.feed_id is not None]
        unread = {feed.id for feed in feeds if feed.unread}
        here = screen.view.feed_id
        at = order.index(here) if here in order else (-1 if forward else len(order))
        step = 1 if forward else -1
        found = next(
            (
                order[i]
                for i in range(at + step, len(order) if forward else -1, step)
                if order[i] in unread
            ),
            None,
        )
        if found is None:
            screen.notify("No more feeds with unread articles" + ("" if forward else " above"))
            return
        screen.choose(ArticleQuery(feed_id=found))
