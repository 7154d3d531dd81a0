"""The articles table read by view (query.py says which rows a view holds), and its state
changes: read, starred. Storing a parsed feed is upsert.py's."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from tui_reader.engine import tags, upsert
from tui_reader.engine.db import Db, select_list
from tui_reader.engine.models import Article, ArticleRow, Enclosure, PageJob
from tui_reader.engine.query import UNFILTERED, VISIBLE, ArticleQuery, Plan, plan, view_filter
from tui_reader.engine.sync import outbox

# ArticleRow field -> SQL over `articles a JOIN feeds f`; the one list the SELECTs and the
# mapping follow. A feed without a title is shown by its URL.
ROW_COLUMNS = {
    "id": "a.id",
    "feed_id": "a.feed_id",
    "feed_title": "coalesce(nullif(f.title, ''), f.url)",
    "title": "a.title",
    "date": "a.sort_time",
    "read": "a.read",
    "starred": "a.starred",
    # Its own tags and its feed's, one spelling each (tags.py keeps one per tag).
    "tags": "(SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM article_tags "
    "WHERE article_id = a.id UNION SELECT tag FROM feed_tags WHERE feed_id = a.feed_id))",
}
ROW_SELECT = select_list(ROW_COLUMNS)
_ARTICLE_COLUMNS = {
    "id": "a.id",
    "feed_id": "a.feed_id",
    "feed_title": "coalesce(nullif(f.title, ''), f.url)",
    **{
        name: f"a.{name}"
        for name in (
            "key",
            "link",
            "title",
            "authors",
            "published",
            "updated",
            "summary",
            "content",
            "content_type",
            "categories",
            "enclosures",
            "read",
            "starred",
            "first_seen",
            "full_error",
            "full_fetched",
        )
    },
    "full_content": "a.full_content",
}
_FROM = "FROM articles a JOIN feeds f ON f.id = a.feed_id"
_BM25 = "bm25(articles_fts, 8.0, 3.0, 1.0)"  # title, authors, body
# The few hidden articles, left out inside the index (schema 5 indexes them).
_HIDDEN = "articles_hidden WHERE hidden = 1"
_NOT_HIDDEN = f"rowid NOT IN (SELECT id FROM articles INDEXED BY {_HIDDEN})"
# A search inside a view: the index's matches first, each checked against the view in the
# covering index of article state by id (CROSS JOIN keeps that order). Left to itself
# SQLite walked a feed's rows and ran the MATCH for each (55 ms for a word in one feed at
# 100,000 articles); reading each match's row for its state cost 22 ms in the unread view,
# the index 9 ms. Conditions name only columns of that index (see querylang.py).
_MATCHED = (
    "FROM articles_fts CROSS JOIN articles a INDEXED BY articles_state_by_id "
    "ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?"
)


def row_of(r: sqlite3.Row) -> ArticleRow:
    return ArticleRow(
        id=r["id"],
        feed_id=r["feed_id"],
        feed_title=r["feed_title"],
        title=r["title"],
        date=r["date"],
        read=bool(r["read"]),
        starred=bool(r["starred"]),
        tags=tags.split(r["tags"]),
    )


def _filter(db: Db, query: ArticleQuery) -> tuple[str, list[object]]:
    """The view's SQL, leaving out the feeds hidden from All when it is All or Unread."""
    hidden = hidden_feeds(db) if query.is_all else []
    return view_filter(query, hidden)


def _plan(db: Db, query: ArticleQuery) -> Plan:
    """The view with its search as SQL (query.plan), leaving out the feeds hidden from All
    when it is All or Unread."""
    return plan(query, hidden_feeds(db) if query.is_all else [])


def hidden_feeds(db: Db) -> list[int]:
    """The feeds hidden from All (few: read per query, so a change shows at once)."""
    return [int(i) for i in db.column("SELECT id FROM feeds WHERE hide_from_all = 1")]


def _article(r: sqlite3.Row) -> Article:
    summary, content = upsert.unpack(r["summary"]), upsert.unpack(r["content"])
    return Article(
        id=r["id"],
        feed_id=r["feed_id"],
        feed_title=r["feed_title"],
        key=r["key"],
        link=r["link"],
        title=r["title"],
        authors=json.loads(r["authors"]),
        published=r["published"],
        updated=r["updated"],
        summary=summary or content,
        content=content,
        content_type=r["content_type"],
        categories=json.loads(r["categories"]),
        enclosures=[Enclosure(u, t, n) for u, t, n in json.loads(r["enclosures"])],
        read=bool(r["read"]),
        starred=bool(r["starred"]),
        first_seen=r["first_seen"],
        full_html=upsert.unpack(r["full_content"]) or None,
        full_error=r["full_error"],
        full_fetched=r["full_fetched"],
    )


def get_article(db: Db, article_id: int) -> Article | None:
    rows = db.select(
        f"SELECT {select_list(_ARTICLE_COLUMNS)} {_FROM} WHERE a.id = ?", (article_id,)
    )
    if not rows:
        return None
    article = _article(rows[0])
    article.tags, article.feed_tags = tags.article_tags(db, article_id)
    return article


def count(db: Db, query: ArticleQuery) -> int:
    found = _plan(db, query)
    cond, params = found.cond, found.params
    if found.match is not None:
        if cond == UNFILTERED and found.visible:
            return db.number(
                f"SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ? AND {_NOT_HIDDEN}",
                (found.match,),
            )
        return db.number(f"SELECT count(*) {_MATCHED} AND {found.where}", (found.match, *params))
    if not found.visible:
        return db.number(f"SELECT count(*) FROM articles a WHERE {cond}", params)
    # The view's count less its few hidden articles: both counts keep an index to
    # themselves, where `hidden = 0` read every row (260 ms for All at 100,000, now 1 ms).
    return db.number(
        f"SELECT (SELECT count(*) FROM articles a WHERE {cond}) - (SELECT count(*) "
        f"FROM articles a INDEXED BY articles_hidden WHERE a.hidden = 1 AND {cond})",
        (*params, *params),
    )


def rows(
    db: Db, query: ArticleQuery, offset: int, limit: int, *, total: int | None = None
) -> list[ArticleRow]:
    """One page of the list, newest first (best match first when searching).

    Given the view's `total`, a page in the older half is read from the other end of the
    index: OFFSET walks every row it skips, so the last page of 100,000 would otherwise
    cost 100,000 steps.
    """
    found = _plan(db, query)
    where, params = found.where, found.params
    if found.match is not None:
        return _search_rows(db, found.match, where, params, offset, limit)
    order = "DESC"
    if total is not None and offset > total // 2:
        limit = max(0, min(limit, total - offset))
        offset, order = total - offset - limit, "ASC"
    sql = (
        f"SELECT {ROW_SELECT} {_FROM} WHERE {where} "
        f"ORDER BY a.sort_time {order}, a.id {order} LIMIT ? OFFSET ?"
    )
    page = [row_of(r) for r in db.select(sql, (*params, limit, offset))]
    return page if order == "DESC" else page[::-1]


def _search_rows(
    db: Db, match: str, where: str, params: list[object], offset: int, limit: int
) -> list[ArticleRow]:
    """Best match first: FTS5's bm25 over title, authors and body."""
    if where == VISIBLE:  # the search alone
        # Rank inside the index, then join only the page: joining every match before
        # sorting cost 8x more for a word in 6,000 of 100,000 articles. The ranking takes
        # as many more as there are hidden articles, which are dropped after it: checked
        # inside it, every match paid for the check (28 vs 21 ms).
        hidden = db.number(f"SELECT count(*) FROM articles INDEXED BY {_HIDDEN}")
        sql = (
            f"SELECT {ROW_SELECT} FROM (SELECT rowid, score FROM (SELECT rowid, {_BM25} AS "
            "score FROM articles_fts WHERE articles_fts MATCH ? ORDER BY score, rowid DESC "
            f"LIMIT ?) WHERE {_NOT_HIDDEN} ORDER BY score, rowid DESC LIMIT ? OFFSET ?) m "
            "JOIN articles a ON a.id = m.rowid JOIN feeds f ON f.id = a.feed_id "
            "ORDER BY m.score, a.id DESC"
        )
        page = (match, offset + limit + hidden, limit, offset)
        return [row_of(r) for r in db.select(sql, page)]
    sql = (
        f"SELECT {ROW_SELECT} FROM (SELECT a.id, {_BM25} AS score {_MATCHED} AND {where} "
        "ORDER BY score, a.id DESC LIMIT ? OFFSET ?) m JOIN articles a ON a.id = m.id "
        "JOIN feeds f ON f.id = a.feed_id ORDER BY m.score, a.id DESC"
    )
    return [row_of(r) for r in db.select(sql, (match, *params, limit, offset))]


def iter_rows(db: Db, query: ArticleQuery, limit: int = -1) -> Iterator[ArticleRow]:
    """Every row of a (non-search) view, newest first, streamed: one scan, where pages
    by OFFSET would walk the skipped rows again for each page."""
    where, params = _filter(db, query)
    sql = f"SELECT {ROW_SELECT} {_FROM} WHERE {where} ORDER BY a.sort_time DESC, a.id DESC LIMIT ?"
    return (row_of(r) for r in db.stream(sql, (*params, limit)))


def position(db: Db, query: ArticleQuery, article_id: int) -> int | None:
    """Where an article stands in a (non-search) view, or None if it is not in it."""
    sort_time = db.value("SELECT sort_time FROM articles WHERE id = ?", (article_id,))
    if sort_time is None:
        return None
    where, params = _filter(db, query)
    if db.value(f"SELECT 1 FROM articles a WHERE a.id = ? AND {where}", (article_id, *params)):
        return db.number(
            f"SELECT count(*) FROM articles a WHERE {where} AND "
            "(a.sort_time > ? OR (a.sort_time = ? AND a.id > ?))",
            (*params, sort_time, sort_time, article_id),
        )
    return None


def next_unread(
    db: Db, query: ArticleQuery, after_id: int | None, *, forward: bool = True
) -> int | None:
    """The next (older) or previous (newer) unread article in the view's order."""
    where, params = _filter(db, query.with_unread())
    order = "DESC" if forward else "ASC"
    cond = ""
    if after_id is not None:
        sort_time = db.value("SELECT sort_time FROM articles WHERE id = ?", (after_id,))
        if sort_time is not None:
            op = "<" if forward else ">"
            cond = f" AND (a.sort_time, a.id) {op} (?, ?)"
            params = [*params, sort_time, after_id]
    found = db.value(
        f"SELECT a.id FROM articles a WHERE {where}{cond} "
        f"ORDER BY a.sort_time {order}, a.id {order} LIMIT 1",
        params,
    )
    return None if found is None else int(found)


def known_articles(db: Db, article_ids: Sequence[int]) -> set[int]:
    """Which of these ids are articles in the cache."""
    found: set[int] = set()
    ids = list(article_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(db.column(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
    return found


def links_of(db: Db, ids: Sequence[int]) -> dict[int, str | None]:
    """Each article's link (None when it has none), for up to 500 ids at a time."""
    found: dict[int, str | None] = {}
    ids = list(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in db.select(f"SELECT id, link FROM articles WHERE id IN ({marks})", chunk):
            found[r["id"]] = r["link"]
    return found


def page_jobs(db: Db, ids: Sequence[int]) -> list[PageJob]:
    """What fetching each article's page needs, for those of `ids` that exist."""
    jobs: dict[int, PageJob] = {}
    ids = list(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in db.select(
            "SELECT a.id, a.title, a.link, a.authors, a.summary, a.content, f.url "
            f"{_FROM} WHERE a.id IN ({marks})",
            chunk,
        ):
            authors = json.loads(r["authors"])
            body = upsert.unpack(r["content"]) or upsert.unpack(r["summary"])
            jobs[r["id"]] = PageJob(
                r["id"], r["title"], r["link"], r["url"], body, authors[0] if authors else ""
            )
    return [jobs[i] for i in ids if i in jobs]


def set_read(db: Db, article_ids: Iterable[int], read: bool = True, *, queue: bool = False) -> None:
    """`queue`: a sync service is configured; the change goes to its outbox in the same
    transaction."""
    ids = list(article_ids)
    with db.write() as conn:
        if queue:
            outbox.queue_changes(conn, outbox.READ, read, ids)
        conn.executemany("UPDATE articles SET read = ? WHERE id = ?", [(int(read), i) for i in ids])


def set_starred(db: Db, article_id: int, starred: bool, *, queue: bool = False) -> None:
    with db.write() as conn:
        if queue:
            outbox.queue_changes(conn, outbox.STARRED, starred, [article_id])
        conn.execute("UPDATE articles SET starred = ? WHERE id = ?", (int(starred), article_id))


def mark_view_read(db: Db, query: ArticleQuery, *, queue: bool = False) -> int:
    found = _plan(db, query)
    params = found.params
    if found.match is not None:
        select = f"SELECT a.id {_MATCHED} AND a.read = 0 AND {found.where}"
        params = [found.match, *params]
    else:
        select = f"SELECT a.id FROM articles a WHERE a.read = 0 AND {found.where}"
    with db.write() as conn:
        if queue:
            outbox.queue_select(conn, outbox.READ, True, select, params)
        cur = conn.execute(f"UPDATE articles SET read = 1 WHERE id IN ({select})", params)
        return cur.rowcount
