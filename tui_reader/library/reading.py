"""The door, reading: views and pages, articles, read/star/hide changes and their undo,
related articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from tui_reader.engine.journal import ColumnChange, Undoable
from tui_reader.engine.models import (
    Article,
    ArticleRow,
    Feed,
)
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.related import DocCounts, related_articles
from tui_reader.engine.store import Store
from tui_reader.library.feeds import FeedsDoor

if TYPE_CHECKING:
    pass


class ReadingDoor(FeedsDoor):
    """Views, pages and articles; read, star and hide, and undo; related articles."""

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
            return self._pages_store().rows(query, offset, limit, total=total)

    def page_count(self, query: ArticleQuery) -> int:
        """`count`, on the page connection (for the list's worker thread)."""
        with self._pages_lock:
            return self._pages_store().count(query)

    def page_feeds(self) -> tuple[list[Feed], int]:
        """`feeds` with their counts and the unread starred count, on the page connection:
        for a worker thread (the counts walk every article: 184 ms at 1,000,000)."""
        with self._pages_lock:
            pages = self._pages_store()
            starred = pages.unread_count(ArticleQuery(starred=True))
            return pages.feeds(with_counts=True), starred

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
            change = self._store.change_articles(article_ids, "read", int(read), "")
            self._record(change, "marked", "read" if read else "unread")

    def set_starred(self, article_id: int, starred: bool) -> None:
        with self._lock:
            change = self._store.change_articles([article_id], "starred", int(starred), "")
            self._record(change, "starred" if starred else "unstarred")

    def set_hidden(self, article_ids: Iterable[int], hidden: bool = True) -> None:
        """Hide articles by hand (or show them again); undoable like read and star."""
        with self._lock:
            change = self._store.change_articles(article_ids, "hidden", int(hidden), "")
            self._record(change, "hid" if hidden else "unhid")

    def mark_view_read(self, query: ArticleQuery) -> int:
        """Mark the view's unread articles read (one transaction; one undo)."""
        with self._lock:
            feed = self._store.get_feed(query.feed_id) if query.feed_id is not None else None
            where = query.label(feed.display_title if feed else None)
            change = self._store.mark_view_read_change(query, "")
            change.what = f"marked {change.rows:,} read in {where}"
            self._journal.record(change)
            return change.rows

    # -- undo --------------------------------------------------------------------------------

    def record(self, change: Undoable) -> None:
        """Keep a change made elsewhere (tags, say) for `undo`: anything with a `what` and
        an `undo(conn)` that restores its rows inside a transaction (see journal.py)."""
        with self._lock:
            self._journal.record(change)

    def undo(self) -> str | None:
        """Undo the session's last change (in one transaction); what was undone, or None
        when there is nothing left to undo. A failure keeps the change for another try."""
        with self._lock:
            change = self._journal.last()
            if change is None:
                return None
            self._store.undo(change)
            self._journal.drop_last()
            return change.what

    def _record(self, change: ColumnChange, verb: str, state: str = "") -> None:
        """Name the change ("marked read: Title" for one article, "marked 12 read" for
        more) and keep it for undo."""
        state = f" {state}" if state else ""
        if change.rows == 1:
            (article_id,) = next(iter(change.previous.values()))
            title = self._store.value("SELECT title FROM articles WHERE id = ?", (article_id,))
            change.what = f"{verb}{state}: {title or 'an untitled article'}"
        else:
            change.what = f"{verb} {change.rows:,}{state}"
        self._journal.record(change)

    # -- related articles --------------------------------------------------------------------

    def related(self, article: Article, limit: int = 10) -> list[ArticleRow]:
        """Cached articles closest to `article`; on its own connection (call from a worker),
        whose page cache and document counts stay warm from one article to the next."""
        with self._ranking_lock:
            if self._ranking is None:
                self._ranking = Store(self.path, readonly=True)
                self._doc_counts = DocCounts()
            return related_articles(self._ranking, article, limit, self._doc_counts)
