"""The articles table read by view (query.py says which rows a view holds), and its state
changes: read, starred. Storing a parsed feed is upsert.py's."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from tui_reader.engine import enclosures, tags, upsert
from tui_reader.engine.db import Db, in_chunks, select_list
from tui_reader.engine.journal import ColumnChange, Undoable, change_column
from tui_reader.engine.models import Article, ArticleRow, Enclosure, PageJob
from tui_reader.engine.order import beside, order_by
from tui_reader.engine.query import UNFILTERED, VISIBLE, ArticleQuery, Plan, plan
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
            "lang",
            "page_lang",
        )
    },
    "full_content": "a.full_content",
    "feed_lang": "f.lang",
    "feed_full_text": "f.full_text",
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
    """The view's SQL without its search (see _plan)."""
    found = _plan(db, replace(query, search=None))
    return found.where, found.params


def _plan(db: Db, query: ArticleQuery) -> Plan:
    """The view with its search as SQL (query.plan), leaving out the feeds hidden from All
    when it is All or Unread. While no article is hidden, no view pays for leaving hidden
    ones out: `hidden` is stored after the bodies, and reading it per row cost a page
    sorted by feed 34 ms instead of 0.1 (bench/organise.py)."""
    found = plan(query, hidden_feeds(db) if query.is_all else [])
    if found.visible and not db.value(f"SELECT 1 FROM articles INDEXED BY {_HIDDEN} LIMIT 1"):
        return replace(found, visible=False)
    return found


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
        enclosures=[Enclosure(*e) for e in json.loads(r["enclosures"])],  # 3 or 4 fields
        read=bool(r["read"]),
        starred=bool(r["starred"]),
        first_seen=r["first_seen"],
        full_html=upsert.unpack(r["full_content"]) or None,
        full_error=r["full_error"],
        full_fetched=r["full_fetched"],
        lang=r["lang"],
        feed_lang=r["feed_lang"],
        feed_full_text=r["feed_full_text"],
        page_lang=r["page_lang"],
    )


def get_article(db: Db, article_id: int) -> Article | None:
    rows = db.select(
        f"SELECT {select_list(_ARTICLE_COLUMNS)} {_FROM} WHERE a.id = ?", (article_id,)
    )
    if not rows:
        return None
    article = _article(rows[0])
    article.tags, article.feed_tags = tags.article_tags(db, article_id)
    article.enclosure_state = enclosures.states(db, article_id)
    return article


def count(db: Db, query: ArticleQuery) -> int:
    found = _plan(db, query)
    cond, params = found.cond, found.params
    if found.match is not None:
        if cond == UNFILTERED:
            not_hidden = f" AND {_NOT_HIDDEN}" if found.visible else ""
            return db.number(
                f"SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?{not_hidden}",
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
    """One page of the list in the query's sort (best match first when searching)."""
    found = _plan(db, query)
    where, params = found.where, found.params
    if found.match is not None:
        return _search_rows(db, found.match, where, params, offset, limit)
    if query.sort != "unread" or query.unread:
        return _page(db, where, params, query.sort, offset, limit, total)
    # Unread first: the unread rows newest first, then the read ones. Read as two ranges
    # of the by-date indexes: an index led by `read` made marking 100,000 read 3x slower
    # (1.2 s -> 3.5 s, bench/organise.py), as each row moved inside it.
    unread = count(db, query.with_unread())
    page = []
    if offset < unread:
        size = min(limit, unread - offset)
        page = _page(db, f"{where} AND a.read = 0", params, "newest", offset, size, unread)
    if len(page) < limit:
        later = None if total is None else total - unread
        start, size = max(0, offset - unread), limit - len(page)
        page += _page(db, f"{where} AND a.read = 1", params, "newest", start, size, later)
    return page


def _page(
    db: Db,
    where: str,
    params: Sequence[object],
    sort: str,
    offset: int,
    limit: int,
    total: int | None,
) -> list[ArticleRow]:
    """Rows `offset`.. of those `where` holds, in `sort`'s order.

    Given their `total`, a page in the later half is read from the other end of the
    index: OFFSET walks every row it skips, so the last page of 100,000 would otherwise
    cost 100,000 steps.
    """
    reverse = False
    if total is not None and offset > total // 2:
        limit = max(0, min(limit, total - offset))
        offset, reverse = total - offset - limit, True
    sql = (
        f"SELECT {ROW_SELECT} {_FROM} WHERE {where} "
        f"ORDER BY {order_by(sort, reverse=reverse)} LIMIT ? OFFSET ?"
    )
    page = [row_of(r) for r in db.select(sql, (*params, limit, offset))]
    return page[::-1] if reverse else page


def _search_rows(
    db: Db, match: str, where: str, params: list[object], offset: int, limit: int
) -> list[ArticleRow]:
    """Best match first: FTS5's bm25 over title, authors and body."""
    if where in (VISIBLE, UNFILTERED):  # the search alone
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
    """Every row of a (non-search) view in its sort, streamed: one scan, where pages by
    OFFSET would walk the skipped rows again for each page."""
    where, params = _filter(db, query)
    sql = f"SELECT {ROW_SELECT} {_FROM} WHERE {where} ORDER BY {order_by(query.sort)} LIMIT ?"
    return (row_of(r) for r in db.stream(sql, (*params, limit)))


def position(db: Db, query: ArticleQuery, article_id: int) -> int | None:
    """Where an article stands in a (non-search) view, or None if it is not in it."""
    where, params = _filter(db, query)
    if not db.value(f"SELECT 1 FROM articles a WHERE a.id = ? AND {where}", (article_id, *params)):
        return None
    source = _FROM if query.sort == "feed" else "FROM articles a"  # no join it does not need
    return sum(
        db.number(f"SELECT count(*) {source} WHERE {where} AND {cond}", (*params, *values))
        for cond, values, _ in beside(db, query.sort, article_id, before=True)
    )


def next_unread(
    db: Db, query: ArticleQuery, after_id: int | None, *, forward: bool = True
) -> int | None:
    """The next (further down the list) or previous unread article in the view's order."""
    where, params = _filter(db, query.with_unread())
    terms = beside(db, query.sort, after_id, before=not forward) if after_id else []
    for cond, values, equal in terms or [("1", [], 0)]:
        order = order_by(query.sort, reverse=not forward, skip=equal)
        found = db.value(
            f"SELECT a.id {_FROM} WHERE {where} AND {cond} ORDER BY {order} LIMIT 1",
            (*params, *values),
        )
        if found is not None:
            return int(found)
    return None


def known_articles(db: Db, article_ids: Sequence[int]) -> set[int]:
    """Which of these ids are articles in the cache."""
    found: set[int] = set()
    for chunk, marks in in_chunks(list(article_ids)):
        found.update(db.column(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
    return found


def links_of(db: Db, ids: Sequence[int]) -> dict[int, str | None]:
    """Each article's link (None when it has none)."""
    found: dict[int, str | None] = {}
    for chunk, marks in in_chunks(list(ids)):
        for r in db.select(f"SELECT id, link FROM articles WHERE id IN ({marks})", chunk):
            found[r["id"]] = r["link"]
    return found


def page_jobs(db: Db, ids: Sequence[int]) -> list[PageJob]:
    """What fetching each article's page needs, for those of `ids` that exist."""
    jobs: dict[int, PageJob] = {}
    ids = list(ids)
    for chunk, marks in in_chunks(ids):
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


def mark_view_read(
    db: Db, query: ArticleQuery, what: str = "", *, queue: bool = False
) -> ColumnChange:
    """Mark every unread article of the view read, in one transaction; the change holds
    their ids, so undoing it makes exactly those unread again. `queue`: see set_read."""
    found = _plan(db, query)
    params = found.params
    if found.match is not None:
        select = f"SELECT a.id {_MATCHED} AND a.read = 0 AND {found.where}"
        params = [found.match, *params]
    else:
        select = f"SELECT a.id FROM articles a WHERE a.read = 0 AND {found.where}"
    with db.write() as conn:
        # The write lock is held from here on, so the UPDATE meets the same rows.
        ids = [row[0] for row in conn.execute(select, params)]
        if queue:
            outbox.queue_select(conn, outbox.READ, True, select, params)
        conn.execute(f"UPDATE articles SET read = 1 WHERE id IN ({select})", params)
    return ColumnChange(what, "articles", "read", {0: ids} if ids else {})


_SYNCED = {"read": outbox.READ, "starred": outbox.STARRED}  # columns a sync service keeps


def change_articles(
    db: Db, article_ids: Iterable[int], column: str, value: object, what: str, *, queue: bool
) -> ColumnChange:
    """Set read, starred or hidden on some articles in one transaction; the change holds
    what each row held before (rows already at `value` are left out). `queue`: read and
    starred changes go to the sync outbox in the same transaction."""
    with db.write() as conn:
        change = change_column(conn, what, "articles", column, article_ids, value)
        if queue and column in _SYNCED:
            changed = [i for ids in change.previous.values() for i in ids]
            outbox.queue_changes(conn, _SYNCED[column], bool(value), changed)
    return change


def undo(db: Db, change: Undoable, *, queue: bool) -> None:
    """Put back what a recorded change changed, in one transaction (read and starred
    going back are queued for a sync service, as any change is)."""
    with db.write() as conn:
        change.undo(conn)
        if queue and isinstance(change, ColumnChange) and change.column in _SYNCED:
            for value, ids in change.previous.items():
                outbox.queue_changes(conn, _SYNCED[change.column], bool(value), ids)
