"""The articles table read by view (query.py says which rows a view holds), and its state
changes: read, starred. Storing a parsed feed is upsert.py's."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from tui_reader.engine import upsert
from tui_reader.engine.db import Db, select_list
from tui_reader.engine.journal import ColumnChange, Undoable, change_column
from tui_reader.engine.models import Article, ArticleRow, Enclosure, PageJob
from tui_reader.engine.query import UNFILTERED, ArticleQuery, fts_query, view_filter

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
# Each sort (query.SORTS) as (SQL over `articles a JOIN feeds f`, direction) keys; the last
# key is the id, so every order is total and a position in it is well defined.
ORDERS: dict[str, tuple[tuple[str, str], ...]] = {
    "newest": (("a.sort_time", "DESC"), ("a.id", "DESC")),
    "oldest": (("a.sort_time", "ASC"), ("a.id", "ASC")),
    "title": (("a.title COLLATE NOCASE", "ASC"), ("a.id", "ASC")),
    "feed": (
        (f"{ROW_COLUMNS['feed_title']} COLLATE NOCASE", "ASC"),
        ("f.id", "ASC"),
        ("a.sort_time", "DESC"),
        ("a.id", "DESC"),
    ),
    "unread": (("a.read", "ASC"), ("a.sort_time", "DESC"), ("a.id", "DESC")),
}
_BM25 = "bm25(articles_fts, 8.0, 3.0, 1.0)"  # title, authors, body


def row_of(r: sqlite3.Row) -> ArticleRow:
    return ArticleRow(
        id=r["id"],
        feed_id=r["feed_id"],
        feed_title=r["feed_title"],
        title=r["title"],
        date=r["date"],
        read=bool(r["read"]),
        starred=bool(r["starred"]),
    )


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
    return _article(rows[0]) if rows else None


def count(db: Db, query: ArticleQuery) -> int:
    where, params = view_filter(query)
    if query.search and where == UNFILTERED:
        return db.number(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
            (fts_query(query.search),),
        )
    if query.search:
        return db.number(
            "SELECT count(*) FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? AND {where}",
            (fts_query(query.search), *params),
        )
    return db.number(f"SELECT count(*) FROM articles a WHERE {where}", params)


def order_by(sort: str, *, reverse: bool = False, skip: int = 0) -> str:
    """The ORDER BY list of a sort (newest when unknown), or its exact reverse; without
    the first `skip` keys (a condition holds them equal: SQLite sorts again otherwise)."""
    flip = {"ASC": "DESC", "DESC": "ASC"}
    keys = ORDERS.get(sort, ORDERS["newest"])[skip:]
    return ", ".join(f"{expr} {flip[way] if reverse else way}" for expr, way in keys)


def _beside(
    db: Db, sort: str, article_id: int, *, before: bool
) -> list[tuple[str, list[object], int]]:
    """The rows before (or after) `article_id` in the sort's order, as SQL conditions with
    their parameters, nearest first: the rows equal to it on every key but the last, then
    on all but the last two, and so on. Each one is a range of one index (an OR of them
    made SQLite walk half of 100,000 rows for the next unread one); [] when it is gone."""
    keys = ORDERS.get(sort, ORDERS["newest"])
    exprs = ", ".join(expr for expr, _ in keys)
    found = db.select(f"SELECT {exprs} {_FROM} WHERE a.id = ?", (article_id,))
    if not found:
        return []
    values = list(found[0])

    def term(expr: str, op: str, value: object) -> tuple[str, list[object]]:
        # `read` is written as a literal (an int from the row): `a.read = 0` lets SQLite
        # count over the unread index, where `a.read = ?` scanned (108 ms -> ms at 100k).
        if expr == "a.read":
            return f"a.read {op} {int(bool(value))}", []
        return f"{expr} {op} ?", [value]

    terms: list[tuple[str, list[object], int]] = []
    for i, (expr, way) in enumerate(keys):
        conds: list[str] = []
        params: list[object] = []
        for (key, _), value in zip(keys[:i], values, strict=False):
            cond, more = term(key, "=", value)
            conds.append(cond)
            params += more
        cond, more = term(expr, "<" if (way == "ASC") == before else ">", values[i])
        terms.append((" AND ".join([*conds, cond]), params + more, i))
    return terms[::-1]


def rows(
    db: Db, query: ArticleQuery, offset: int, limit: int, *, total: int | None = None
) -> list[ArticleRow]:
    """One page of the list in the query's sort (best match first when searching)."""
    if query.search:
        return _search_rows(db, query, offset, limit)
    where, params = view_filter(query)
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


def _search_rows(db: Db, query: ArticleQuery, offset: int, limit: int) -> list[ArticleRow]:
    assert query.search
    where, params = view_filter(query)
    if where == UNFILTERED:
        # Rank inside the index, then join only the page: joining every match before
        # sorting cost 8x more for a word in 6,000 of 100,000 articles.
        sql = (
            f"SELECT {ROW_SELECT} FROM (SELECT rowid, {_BM25} AS score FROM articles_fts "
            "WHERE articles_fts MATCH ? ORDER BY score, rowid DESC LIMIT ? OFFSET ?) m "
            "JOIN articles a ON a.id = m.rowid JOIN feeds f ON f.id = a.feed_id "
            "ORDER BY m.score, a.id DESC"
        )
        return [row_of(r) for r in db.select(sql, (fts_query(query.search), limit, offset))]
    sql = (
        f"SELECT {ROW_SELECT} FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
        f"JOIN feeds f ON f.id = a.feed_id WHERE articles_fts MATCH ? AND {where} "
        f"ORDER BY {_BM25}, a.id DESC LIMIT ? OFFSET ?"
    )
    return [row_of(r) for r in db.select(sql, (fts_query(query.search), *params, limit, offset))]


def iter_rows(db: Db, query: ArticleQuery, limit: int = -1) -> Iterator[ArticleRow]:
    """Every row of a (non-search) view, newest first, streamed: one scan, where pages
    by OFFSET would walk the skipped rows again for each page."""
    where, params = view_filter(query)
    sql = f"SELECT {ROW_SELECT} {_FROM} WHERE {where} ORDER BY a.sort_time DESC, a.id DESC LIMIT ?"
    return (row_of(r) for r in db.stream(sql, (*params, limit)))


def position(db: Db, query: ArticleQuery, article_id: int) -> int | None:
    """Where an article stands in a (non-search) view, or None if it is not in it."""
    where, params = view_filter(query)
    if not db.value(f"SELECT 1 FROM articles a WHERE a.id = ? AND {where}", (article_id, *params)):
        return None
    source = _FROM if query.sort == "feed" else "FROM articles a"  # no join it does not need
    return sum(
        db.number(f"SELECT count(*) {source} WHERE {where} AND {cond}", (*params, *values))
        for cond, values, _ in _beside(db, query.sort, article_id, before=True)
    )


def next_unread(
    db: Db, query: ArticleQuery, after_id: int | None, *, forward: bool = True
) -> int | None:
    """The next (further down the list) or previous unread article in the view's order."""
    where, params = view_filter(query.with_unread())
    terms = _beside(db, query.sort, after_id, before=not forward) if after_id else []
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


def set_read(db: Db, article_ids: Iterable[int], read: bool = True) -> None:
    values = [(int(read), i) for i in article_ids]
    with db.write() as conn:
        conn.executemany("UPDATE articles SET read = ? WHERE id = ?", values)


def set_starred(db: Db, article_id: int, starred: bool) -> None:
    with db.write() as conn:
        conn.execute("UPDATE articles SET starred = ? WHERE id = ?", (int(starred), article_id))


def mark_view_read(db: Db, query: ArticleQuery, what: str = "") -> ColumnChange:
    """Mark every unread article of the view read, in one transaction; the change holds
    their ids, so undoing it makes exactly those unread again."""
    where, params = view_filter(query)
    if query.search:
        ids_sql = (
            "SELECT a.id FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? AND a.read = 0 AND {where}"
        )
        params = [fts_query(query.search), *params]
    else:
        ids_sql = f"SELECT a.id FROM articles a WHERE a.read = 0 AND {where}"
    with db.write() as conn:
        # The write lock is held from the SELECT on, so the UPDATE meets the same rows.
        ids = [row[0] for row in conn.execute(ids_sql, params)]
        conn.execute(f"UPDATE articles SET read = 1 WHERE id IN ({ids_sql})", params)
    return ColumnChange(what, "articles", "read", {0: ids} if ids else {})


def change_articles(
    db: Db, article_ids: Iterable[int], column: str, value: object, what: str
) -> ColumnChange:
    """Set read, starred or hidden on some articles in one transaction; the change holds
    what each row held before (rows already at `value` are left out)."""
    with db.write() as conn:
        return change_column(conn, what, "articles", column, article_ids, value)


def undo(db: Db, change: Undoable) -> None:
    """Put back what a recorded change changed, in one transaction."""
    with db.write() as conn:
        change.undo(conn)
