"""The list's sort orders as SQL, and where an article stands in one (query.SORTS).

Each order is a tuple of (SQL over `articles a JOIN feeds f`, direction) keys ending with
the id, so every order is total and a position in it is well defined.
"""

from __future__ import annotations

from tui_reader.engine.db import Db

FEED_NAME = "coalesce(nullif(f.title, ''), f.url)"
_FROM = "FROM articles a JOIN feeds f ON f.id = a.feed_id"

ORDERS: dict[str, tuple[tuple[str, str], ...]] = {
    "newest": (("a.sort_time", "DESC"), ("a.id", "DESC")),
    "oldest": (("a.sort_time", "ASC"), ("a.id", "ASC")),
    "title": (("a.title COLLATE NOCASE", "ASC"), ("a.id", "ASC")),
    "feed": (
        (f"{FEED_NAME} COLLATE NOCASE", "ASC"),
        ("f.id", "ASC"),
        ("a.sort_time", "DESC"),
        ("a.id", "DESC"),
    ),
    "unread": (("a.read", "ASC"), ("a.sort_time", "DESC"), ("a.id", "DESC")),
}
_FLIP = {"ASC": "DESC", "DESC": "ASC"}


def order_by(sort: str, *, reverse: bool = False, skip: int = 0) -> str:
    """The ORDER BY list of a sort (newest when unknown), or its exact reverse; without
    the first `skip` keys (a condition holds them equal: SQLite sorts again otherwise)."""
    keys = ORDERS.get(sort, ORDERS["newest"])[skip:]
    return ", ".join(f"{expr} {_FLIP[way] if reverse else way}" for expr, way in keys)


def beside(
    db: Db, sort: str, article_id: int, *, before: bool
) -> list[tuple[str, list[object], int]]:
    """The rows before (or after) `article_id` in the sort's order, as (SQL condition,
    parameters, how many leading keys it holds equal), nearest first: the rows equal to it
    on every key but the last, then on all but the last two, and so on. Each one is a
    range of one index (an OR of them made SQLite walk half of 100,000 rows for the next
    unread one); [] when the article is gone."""
    keys = ORDERS.get(sort, ORDERS["newest"])
    exprs = ", ".join(expr for expr, _ in keys)
    found = db.select(f"SELECT {exprs} {_FROM} WHERE a.id = ?", (article_id,))
    if not found:
        return []
    values = list(found[0])
    terms: list[tuple[str, list[object], int]] = []
    for i, (expr, way) in enumerate(keys):
        conds: list[str] = []
        params: list[object] = []
        for key, value in zip((k for k, _ in keys[:i]), values, strict=False):
            cond, more = _term(key, "=", value)
            conds.append(cond)
            params += more
        cond, more = _term(expr, "<" if (way == "ASC") == before else ">", values[i])
        terms.append((" AND ".join([*conds, cond]), params + more, i))
    return terms[::-1]


def _term(expr: str, op: str, value: object) -> tuple[str, list[object]]:
    # `read` is written as a literal (an int from the row): `a.read = 0` lets SQLite count
    # over the unread index, where `a.read = ?` scanned (108 ms -> 5 ms at 100,000).
    if expr == "a.read":
        return f"a.read {op} {int(bool(value))}", []
    return f"{expr} {op} ?", [value]
