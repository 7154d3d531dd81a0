"""The SQLite cache: feeds, articles and their full-text index. No SQL lives anywhere else.

One Store is one connection; a thread that needs the cache opens its own Store (WAL lets
readers and one writer work at once; a busy writer is waited for, not failed on).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from tui_reader.engine import schema, upsert
from tui_reader.engine.errors import StoreError
from tui_reader.engine.models import (
    Article,
    ArticleRow,
    Enclosure,
    Feed,
    FeedUpdate,
    ParsedFeed,
)
from tui_reader.engine.query import UNFILTERED, ArticleQuery, fts_query, view_filter

_FEED_COLUMNS = (
    "id, url, title, site_url, folder, etag, last_modified, last_fetch, last_error, failures, "
    "gone, retry_after"
)
_ROW_COLUMNS = "a.id, a.feed_id, f.title, f.url, a.title, a.sort_time, a.read, a.starred"
_ARTICLE_COLUMNS = (
    "a.id, a.feed_id, f.title, f.url, a.key, a.link, a.title, a.authors, a.published, a.updated, "
    "a.summary, a.content, a.content_type, a.categories, a.enclosures, a.read, a.starred, "
    "a.first_seen"
)


class Store:
    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        # A cache we may not write (a read-only file or folder) is still worth reading.
        readonly = readonly or (path.exists() and not os.access(path, os.W_OK))
        self.readonly = readonly
        self._conn = schema.connect(path, readonly=readonly)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction; any SQLite failure becomes a StoreError and nothing is half-done."""
        if self.readonly:
            raise StoreError(f"the cache {self.path} is read-only; changes cannot be saved")
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(schema.describe_error(exc, self.path)) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise StoreError(schema.describe_error(exc, self.path)) from None
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(schema.describe_error(exc, self.path)) from None

    def get_meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def integrity_ok(self) -> bool:
        return self._read("PRAGMA integrity_check")[0][0] == "ok"

    # -- feeds ------------------------------------------------------------------------------

    def add_feed(
        self, url: str, title: str = "", folder: str | None = None, *, site_url: str | None = None
    ) -> tuple[Feed, bool]:
        """Subscribe; returns the feed and whether it was new. A non-empty `title` is the
        user's and outlives the feed's own; a removed feed's URL revives it."""
        with self._write() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO feeds (url, title, title_set, folder, site_url, added) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (url, title, int(bool(title)), folder, site_url, int(time.time())),
            )
            created = cur.rowcount == 1
            if not created:
                # Its unstarred articles are gone: forget the validators so the next fetch
                # gets the whole feed again instead of a 304.
                revived = conn.execute(
                    "UPDATE feeds SET removed = 0, etag = NULL, last_modified = NULL, "
                    "last_error = NULL, failures = 0, gone = 0, retry_after = NULL, "
                    "folder = ?, site_url = coalesce(?, site_url), added = ? "
                    "WHERE url = ? AND removed = 1",
                    (folder, site_url, int(time.time()), url),
                )
                created = revived.rowcount == 1
            if created and title:
                conn.execute(
                    "UPDATE feeds SET title = ?, title_set = 1 WHERE url = ?", (title, url)
                )
            elif folder:
                conn.execute(
                    "UPDATE feeds SET folder = ? WHERE url = ? AND folder IS NULL", (folder, url)
                )
        feed = self.find_feed(url)
        assert feed is not None
        return feed, created

    def remove_feed(self, feed_id: int, *, purge: bool = False) -> int:
        """Unsubscribe and drop the feed's articles, except its starred ones unless `purge`.

        Returns how many starred articles were kept (or, with `purge`, deleted). A feed that
        keeps some stays as a hidden row, so they still show its title under Starred.
        """
        keep = "" if purge else " AND starred = 0"
        with self._write() as conn:
            (starred,) = conn.execute(
                "SELECT count(*) FROM articles WHERE feed_id = ? AND starred = 1", (feed_id,)
            ).fetchone()
            for row in conn.execute(
                "SELECT id, title, authors, summary, content, content_type FROM articles "
                f"WHERE feed_id = ?{keep}",
                (feed_id,),
            ).fetchall():
                upsert.unindex(conn, row)
            conn.execute(f"DELETE FROM articles WHERE feed_id = ?{keep}", (feed_id,))
            if purge or not starred:
                conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
            else:
                # Read, so the kept articles count in no unread badge or unread view.
                conn.execute("UPDATE articles SET read = 1 WHERE feed_id = ?", (feed_id,))
                conn.execute("UPDATE feeds SET removed = 1 WHERE id = ?", (feed_id,))
        return starred

    def find_feed(self, url: str) -> Feed | None:
        rows = self._read(
            f"SELECT {_FEED_COLUMNS} FROM feeds WHERE url = ? AND removed = 0", (url,)
        )
        return _feed(rows[0]) if rows else None

    def get_feed(self, feed_id: int) -> Feed | None:
        rows = self._read(
            f"SELECT {_FEED_COLUMNS} FROM feeds WHERE id = ? AND removed = 0", (feed_id,)
        )
        return _feed(rows[0]) if rows else None

    def feeds(self, *, with_counts: bool = True) -> list[Feed]:
        """All subscribed feeds, by folder then title; with unread/total counts when asked."""
        result = [
            _feed(r) for r in self._read(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE removed = 0")
        ]
        if with_counts and result:
            counts = {
                fid: (total, unread)
                for fid, total, unread in self._read(
                    "SELECT feed_id, count(*), count(*) - sum(read) FROM articles GROUP BY feed_id"
                )
            }
            for feed in result:
                feed.total, feed.unread = counts.get(feed.id, (0, 0))
        result.sort(key=lambda f: ((f.folder or "").lower(), f.display_title.lower(), f.id))
        return result

    def folders(self) -> list[str]:
        rows = self._read(
            "SELECT DISTINCT folder FROM feeds WHERE folder IS NOT NULL AND removed = 0"
        )
        return sorted((r[0] for r in rows), key=str.lower)

    def record_not_modified(
        self, feed_id: int, etag: str | None, last_modified: str | None
    ) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE feeds SET last_fetch = ?, last_error = NULL, failures = 0, "
                "retry_after = NULL, etag = coalesce(?, etag), "
                "last_modified = coalesce(?, last_modified) WHERE id = ?",
                (int(time.time()), etag, last_modified, feed_id),
            )

    def record_error(
        self, feed_id: int, message: str, *, gone: bool = False, retry_after: int | None = None
    ) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE feeds SET last_fetch = ?, last_error = ?, failures = failures + 1, "
                "gone = max(gone, ?), retry_after = ? WHERE id = ?",
                (int(time.time()), message, int(gone), retry_after, feed_id),
            )

    def move_feed(self, feed_id: int, new_url: str) -> bool:
        """A permanent redirect: store the new URL unless another feed already has it."""
        with self._write() as conn:
            taken = conn.execute("SELECT 1 FROM feeds WHERE url = ?", (new_url,)).fetchone()
            if taken:
                return False
            conn.execute("UPDATE feeds SET url = ? WHERE id = ?", (new_url, feed_id))
            return True

    # -- storing parsed feeds ---------------------------------------------------------------

    def apply_parsed(
        self,
        feed_id: int,
        parsed: ParsedFeed,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FeedUpdate:
        """Store one feed's articles in one transaction: new ones inserted, changed ones
        updated (keeping read/starred), unchanged ones not touched."""
        with self._write() as conn:
            return upsert.apply_parsed(conn, feed_id, parsed, etag, last_modified)

    # -- reading articles -------------------------------------------------------------------

    def get_article(self, article_id: int) -> Article | None:
        rows = self._read(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            "WHERE a.id = ?",
            (article_id,),
        )
        return _article(rows[0]) if rows else None

    def count(self, query: ArticleQuery) -> int:
        where, params = view_filter(query)
        if query.search and where == UNFILTERED:
            return self._read(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                (fts_query(query.search),),
            )[0][0]
        if query.search:
            return self._read(
                f"SELECT count(*) FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                f"WHERE articles_fts MATCH ? AND {where}",
                (fts_query(query.search), *params),
            )[0][0]
        return self._read(f"SELECT count(*) FROM articles a WHERE {where}", params)[0][0]

    def unread_count(self, query: ArticleQuery) -> int:
        return self.count(query.with_unread())

    def rows(
        self, query: ArticleQuery, offset: int, limit: int, *, total: int | None = None
    ) -> list[ArticleRow]:
        """One page of the list, newest first (best match first when searching).

        Given the view's `total`, a page in the older half is read from the other end of the
        index: OFFSET walks every row it skips, so the last page of 100,000 would otherwise
        cost 100,000 steps.
        """
        where, params = view_filter(query)
        if query.search and where == UNFILTERED:
            # Rank inside the index, then join only the page: joining every match before
            # sorting cost 8x more for a word in 6,000 of 100,000 articles.
            sql = (
                f"SELECT {_ROW_COLUMNS} FROM (SELECT rowid, bm25(articles_fts, 8.0, 3.0, 1.0) "
                "AS score FROM articles_fts WHERE articles_fts MATCH ? "
                "ORDER BY score, rowid DESC LIMIT ? OFFSET ?) m "
                "JOIN articles a ON a.id = m.rowid JOIN feeds f ON f.id = a.feed_id "
                "ORDER BY m.score, a.id DESC"
            )
            return [_row(r) for r in self._read(sql, (fts_query(query.search), limit, offset))]
        if query.search:
            sql = (
                f"SELECT {_ROW_COLUMNS} FROM articles_fts JOIN articles a "
                f"ON a.id = articles_fts.rowid JOIN feeds f ON f.id = a.feed_id "
                f"WHERE articles_fts MATCH ? AND {where} "
                f"ORDER BY bm25(articles_fts, 8.0, 3.0, 1.0), a.id DESC LIMIT ? OFFSET ?"
            )
            return [
                _row(r) for r in self._read(sql, (fts_query(query.search), *params, limit, offset))
            ]
        order = "DESC"
        if total is not None and offset > total // 2:
            limit = max(0, min(limit, total - offset))
            offset, order = total - offset - limit, "ASC"
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            f"WHERE {where} ORDER BY a.sort_time {order}, a.id {order} LIMIT ? OFFSET ?"
        )
        rows = [_row(r) for r in self._read(sql, (*params, limit, offset))]
        return rows if order == "DESC" else rows[::-1]

    def iter_rows(self, query: ArticleQuery, limit: int = -1) -> Iterator[ArticleRow]:
        """Every row of a (non-search) view, newest first, streamed: one scan, where pages
        by OFFSET would walk the skipped rows again for each page."""
        where, params = view_filter(query)
        try:
            cursor = self._conn.execute(
                f"SELECT {_ROW_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
                f"WHERE {where} ORDER BY a.sort_time DESC, a.id DESC LIMIT ?",
                (*params, limit),
            )
            while batch := cursor.fetchmany(1000):
                yield from (_row(r) for r in batch)
        except sqlite3.Error as exc:
            raise StoreError(schema.describe_error(exc, self.path)) from None

    def position(self, query: ArticleQuery, article_id: int) -> int | None:
        """Where an article stands in a (non-search) view, or None if it is not in it."""
        found = self._read("SELECT sort_time FROM articles WHERE id = ?", (article_id,))
        if not found:
            return None
        where, params = view_filter(query)
        inside = self._read(
            f"SELECT 1 FROM articles a WHERE a.id = ? AND {where}", (article_id, *params)
        )
        if not inside:
            return None
        (sort_time,) = found[0]
        return self._read(
            f"SELECT count(*) FROM articles a WHERE {where} AND "
            "(a.sort_time > ? OR (a.sort_time = ? AND a.id > ?))",
            (*params, sort_time, sort_time, article_id),
        )[0][0]

    def next_unread(
        self, query: ArticleQuery, after_id: int | None, *, forward: bool = True
    ) -> int | None:
        """The next (older) or previous (newer) unread article in the view's order."""
        where, params = view_filter(query.with_unread())
        order = "DESC" if forward else "ASC"
        cond = ""
        if after_id is not None:
            found = self._read("SELECT sort_time FROM articles WHERE id = ?", (after_id,))
            if found:
                op = "<" if forward else ">"
                cond = f" AND (a.sort_time, a.id) {op} (?, ?)"
                params = [*params, found[0][0], after_id]
        rows = self._read(
            f"SELECT a.id FROM articles a WHERE {where}{cond} "
            f"ORDER BY a.sort_time {order}, a.id {order} LIMIT 1",
            params,
        )
        return rows[0][0] if rows else None

    # -- state changes ----------------------------------------------------------------------

    def set_read(self, article_ids: Iterable[int], read: bool = True) -> None:
        ids = list(article_ids)
        with self._write() as conn:
            conn.executemany(
                "UPDATE articles SET read = ? WHERE id = ?", [(int(read), i) for i in ids]
            )

    def known_articles(self, article_ids: Sequence[int]) -> set[int]:
        """Which of these ids are articles in the cache."""
        found: set[int] = set()
        ids = list(article_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0] for r in self._read(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
            )
        return found

    def set_starred(self, article_id: int, starred: bool) -> None:
        with self._write() as conn:
            conn.execute("UPDATE articles SET starred = ? WHERE id = ?", (int(starred), article_id))

    def mark_view_read(self, query: ArticleQuery) -> int:
        where, params = view_filter(query)
        with self._write() as conn:
            if query.search:
                cur = conn.execute(
                    f"UPDATE articles SET read = 1 WHERE read = 0 AND id IN (SELECT a.id FROM "
                    f"articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                    f"WHERE articles_fts MATCH ? AND {where})",
                    (fts_query(query.search), *params),
                )
            else:
                cur = conn.execute(
                    f"UPDATE articles SET read = 1 WHERE id IN "
                    f"(SELECT a.id FROM articles a WHERE a.read = 0 AND {where})",
                    params,
                )
            return cur.rowcount

    # -- full-text statistics for related articles -------------------------------------------

    def article_total(self) -> int:
        return self._read("SELECT max(id) FROM articles")[0][0] or 0

    def doc_frequency(self, term: str) -> int:
        """How many articles hold an index term: one walk of its posting list (a count over
        MATCH is several times faster than fts5vocab's per-term lookup)."""
        return self._read(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (f'"{term}"',)
        )[0][0]

    def match_ranked(
        self, fts: str, exclude_id: int, limit: int, *, id_range: tuple[int, int] | None = None
    ) -> list[tuple[ArticleRow, float]]:
        """Articles matching a raw FTS5 expression, best bm25 first, optionally only ids in
        `id_range` (FTS5 skips the rest of each posting list, which bounds the cost)."""
        low, high = id_range or (0, 1 << 62)
        rows = self._read(
            f"SELECT {_ROW_COLUMNS}, m.score FROM (SELECT rowid, "
            "bm25(articles_fts, 4.0, 1.0, 1.0) AS score FROM articles_fts "
            "WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ? AND rowid != ? "
            "ORDER BY score LIMIT ?) m JOIN articles a ON a.id = m.rowid "
            "JOIN feeds f ON f.id = a.feed_id ORDER BY m.score, a.id",
            (fts, low, high, exclude_id, limit),
        )
        return [(_row(r[:8]), r[8]) for r in rows]

    def ids_with_term(self, term: str, id_range: tuple[int, int]) -> set[int]:
        """Ids in `id_range` (inclusive) of the articles that hold an index term."""
        rows = self._read(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ?",
            (f'"{term}"', *id_range),
        )
        return {r[0] for r in rows}

    def links_of(self, ids: Sequence[int]) -> dict[int, str | None]:
        marks = ",".join("?" * len(ids))
        return dict(self._read(f"SELECT id, link FROM articles WHERE id IN ({marks})", ids))


def _feed(r: tuple) -> Feed:
    return Feed(
        id=r[0],
        url=r[1],
        title=r[2],
        site_url=r[3],
        folder=r[4],
        etag=r[5],
        last_modified=r[6],
        last_fetch=r[7],
        last_error=r[8],
        failures=r[9],
        gone=bool(r[10]),
        retry_after=r[11],
    )


def _row(r: tuple) -> ArticleRow:
    return ArticleRow(
        id=r[0],
        feed_id=r[1],
        feed_title=r[2] or r[3],
        title=r[4],
        date=r[5],
        read=bool(r[6]),
        starred=bool(r[7]),
    )


def _article(r: tuple) -> Article:
    summary, content = upsert.unpack(r[10]), upsert.unpack(r[11])
    return Article(
        id=r[0],
        feed_id=r[1],
        feed_title=r[2] or r[3],
        key=r[4],
        link=r[5],
        title=r[6],
        authors=json.loads(r[7]),
        published=r[8],
        updated=r[9],
        summary=summary or content,
        content=content,
        content_type=r[12],
        categories=json.loads(r[13]),
        enclosures=[Enclosure(u, t, n) for u, t, n in json.loads(r[14])],
        read=bool(r[15]),
        starred=bool(r[16]),
        first_seen=r[17],
    )
