"""The SQLite cache: feeds, articles and their full-text index, behind one object.

One Store is one connection; a thread that needs the cache opens its own Store (WAL lets
readers and one writer work at once; a busy writer is waited for, not failed on).

The SQL lives in the engine beside what it is about: feeds.py (subscriptions and what a
fetch records), articles.py (views, state changes), upsert.py (storing a parsed feed),
related.py (ranking). Store is their one door, so a caller holds one object, not four.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from tui_reader.engine import articles, feeds, tags, upsert
from tui_reader.engine.db import Db
from tui_reader.engine.feed_settings import FeedChanges
from tui_reader.engine.journal import ColumnChange, TagChange, Undoable
from tui_reader.engine.models import (
    Article,
    ArticleRow,
    Feed,
    FeedUpdate,
    PageJob,
    ParsedFeed,
)
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.rules import Rule, apply_rules, rule_effects

if TYPE_CHECKING:
    from tui_reader.engine.image_store import ImageInfo


class Store(Db):
    sync_outbox = False
    """A sync service is configured: read/starred changes are queued for it (sync/outbox.py)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_meta(self, key: str) -> str | None:
        value = self.value("SELECT value FROM meta WHERE key = ?", (key,))
        return None if value is None else str(value)

    def set_meta(self, key: str, value: str) -> None:
        with self.write() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def integrity_ok(self) -> bool:
        return bool(self.value("PRAGMA integrity_check") == "ok")

    # -- feeds ------------------------------------------------------------------------------

    def add_feed(
        self, url: str, title: str = "", folder: str | None = None, *, site_url: str | None = None
    ) -> tuple[Feed, bool]:
        """Subscribe; returns the feed and whether it was new (see feeds.add_feed)."""
        return feeds.add_feed(self, url, title, folder, site_url=site_url)

    def remove_feed(self, feed_id: int, *, purge: bool = False) -> int:
        """Unsubscribe; returns how many starred articles were kept (or purged)."""
        return feeds.remove_feed(self, feed_id, purge=purge)

    def find_feed(self, url: str) -> Feed | None:
        return feeds.find_feed(self, url)

    def get_feed(self, feed_id: int) -> Feed | None:
        return feeds.get_feed(self, feed_id)

    def feeds(self, *, with_counts: bool = True) -> list[Feed]:
        return feeds.list_feeds(self, with_counts=with_counts)

    def folders(self) -> list[str]:
        return feeds.folders(self)

    def record_not_modified(
        self,
        feed_id: int,
        etag: str | None,
        last_modified: str | None,
        next_due: int | None = None,
    ) -> None:
        feeds.record_not_modified(self, feed_id, etag, last_modified, next_due)

    def record_error(
        self, feed_id: int, message: str, *, gone: bool = False, retry_after: int | None = None
    ) -> None:
        feeds.record_error(self, feed_id, message, gone=gone, retry_after=retry_after)

    def move_feed(self, feed_id: int, new_url: str) -> bool:
        return feeds.move_feed(self, feed_id, new_url)

    def set_full_text(self, feed_id: int, mode: str) -> None:
        feeds.set_full_text(self, feed_id, mode)

    def apply_parsed(
        self,
        feed_id: int,
        parsed: ParsedFeed,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        next_due: int | None = None,
        rules: Sequence[Rule] = (),
    ) -> FeedUpdate:
        """Store one feed's articles in one transaction: new ones inserted (with `rules`
        applied to them), changed ones updated (keeping read/starred), unchanged ones not
        touched."""
        with self.write() as conn:
            return upsert.apply_parsed(conn, feed_id, parsed, etag, last_modified, next_due, rules)

    def known_digests(self, feed_id: int) -> dict[str, str]:
        """key -> digest of the feed's cached articles (what the parse worker may skip)."""
        try:
            return upsert.known_digests(self._conn, feed_id)
        except sqlite3.Error as exc:
            raise self._failed(exc) from None

    def apply_page(
        self, article_id: int, html: str | None, error: str | None, lang: str | None = None
    ) -> bool:
        """Store one article page's extracted text and language (or why it failed) in one
        transaction; returns whether the stored text changed (see upsert.apply_page)."""
        with self.write() as conn:
            return upsert.apply_page(conn, article_id, html, error, lang)

    # -- articles ---------------------------------------------------------------------------

    def get_article(self, article_id: int) -> Article | None:
        return articles.get_article(self, article_id)

    def count(self, query: ArticleQuery) -> int:
        return articles.count(self, query)

    def unread_count(self, query: ArticleQuery) -> int:
        return articles.count(self, query.with_unread())

    def rows(
        self, query: ArticleQuery, offset: int, limit: int, *, total: int | None = None
    ) -> list[ArticleRow]:
        """One page of the list, newest first (best match first when searching)."""
        return articles.rows(self, query, offset, limit, total=total)

    def iter_rows(self, query: ArticleQuery, limit: int = -1) -> Iterator[ArticleRow]:
        return articles.iter_rows(self, query, limit)

    def position(self, query: ArticleQuery, article_id: int) -> int | None:
        return articles.position(self, query, article_id)

    def next_unread(
        self, query: ArticleQuery, after_id: int | None, *, forward: bool = True
    ) -> int | None:
        return articles.next_unread(self, query, after_id, forward=forward)

    def known_articles(self, article_ids: Sequence[int]) -> set[int]:
        return articles.known_articles(self, article_ids)

    def links_of(self, ids: Sequence[int]) -> dict[int, str | None]:
        return articles.links_of(self, ids)

    def page_jobs(self, ids: Sequence[int]) -> list[PageJob]:
        return articles.page_jobs(self, ids)

    def set_read(self, article_ids: Iterable[int], read: bool = True) -> None:
        articles.set_read(self, article_ids, read, queue=self.sync_outbox)

    def set_starred(self, article_id: int, starred: bool) -> None:
        articles.set_starred(self, article_id, starred, queue=self.sync_outbox)

    def mark_view_read(self, query: ArticleQuery) -> int:
        return articles.mark_view_read(self, query, queue=self.sync_outbox).rows

    # -- tags and per-feed settings -----------------------------------------------------------

    def change_article_tags(
        self, article_ids: Sequence[int], add: Sequence[str], remove: Sequence[str]
    ) -> TagChange:
        return tags.change_article_tags(self, article_ids, add, remove)

    def change_feed_tags(self, feed_id: int, add: Sequence[str], remove: Sequence[str]) -> None:
        tags.change_feed_tags(self, feed_id, add, remove)

    def tag_counts(self) -> list[tags.TagCount]:
        return tags.tag_counts(self)

    def update_feed(self, feed_id: int, changes: FeedChanges) -> None:
        feeds.update_feed(self, feed_id, changes)

    # -- changes the undo journal records (see journal.py) -----------------------------------

    def mark_view_read_change(self, query: ArticleQuery, what: str) -> ColumnChange:
        return articles.mark_view_read(self, query, what, queue=self.sync_outbox)

    def change_articles(
        self, article_ids: Iterable[int], column: str, value: object, what: str
    ) -> ColumnChange:
        return articles.change_articles(
            self, article_ids, column, value, what, queue=self.sync_outbox
        )

    def undo(self, change: Undoable) -> None:
        articles.undo(self, change, queue=self.sync_outbox)

    # -- rules ------------------------------------------------------------------------------

    def apply_rules(self, rules: Sequence[Rule]) -> list[int]:
        """Every rule applied to the whole cache, in one transaction; the changes per rule."""
        with self.write() as conn:
            return apply_rules(conn, rules)

    def rule_effects(self, rules: Sequence[Rule]) -> list[tuple[int, int]]:
        """(matched, would change) per rule, over the whole cache; nothing is written."""
        return rule_effects(self, rules)

    def image_infos(self, article_id: int) -> dict[str, ImageInfo]:
        """The article's stored images by URL (sizes and errors, not their bytes)."""
        from tui_reader.engine import image_store as images

        return images.image_infos(self, article_id)

    def image_data(self, article_id: int, url: str) -> bytes | None:
        from tui_reader.engine import image_store as images

        return images.image_data(self, article_id, url)
