"""What the article list shows (a view), turned into SQL conditions by one function."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from tui_reader.engine.querylang import compile_query

SORTS = ("newest", "oldest", "feed", "title", "unread")
"""The list's orders (articles.ORDERS says each one's SQL); `sort` in config.toml."""


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    """A view of the cache: all, unread, starred, one feed, one folder, and/or a search."""

    feed_id: int | None = None
    folder: str | None = None
    unread: bool = False
    starred: bool = False
    search: str | None = None
    """What `/` typed: a query in the language of querylang.py, ranked when it has words."""
    filter: str | None = None
    """A saved view's query (querylang), under its `name`; a search narrows it further."""
    name: str | None = None
    tag: str | None = None  # the articles with this tag, their own or their feed's
    sort: str = "newest"
    """One of SORTS; a search is ranked by relevance whatever it says."""

    @property
    def is_all(self) -> bool:
        """All or Unread: the views that leave out feeds hidden from All. A search looks
        everywhere (the hidden feed's articles are found), as does Starred."""
        whole = self.feed_id is None and not self.folder and self.tag is None
        whole = whole and self.filter is None  # a saved view looks everywhere, as a search
        return whole and not self.starred and not self.search

    def with_unread(self) -> ArticleQuery:
        return replace(self, unread=True)

    def label(self, feed_title: str | None = None) -> str:
        parts = []
        if self.name:
            parts.append(self.name)
        elif self.feed_id is not None:
            parts.append(feed_title or f"feed {self.feed_id}")
        elif self.folder:
            parts.append(f"folder {self.folder}")
        elif self.tag is not None:
            parts.append(f"tag {self.tag}")
        else:
            parts.append("All")
        if self.unread:
            parts.append("unread")
        if self.starred:
            parts.append("starred")
        if self.search:
            parts.append(f"search “{self.search}”")
        return " · ".join(parts)


def folder_paths(folder: str) -> list[str]:
    """The folder views a feed in `folder` belongs to: "Tech/Sub" is in "Tech" and in
    "Tech/Sub". The one rule for nesting; view_filter's SQL says the same."""
    parts = folder.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


UNFILTERED = "1"  # what view_filter gives for a view that holds every article
# Every view leaves hidden articles out, unless it asks for them. The unary + keeps SQLite
# from choosing an index for this term: with it, a page sorted by feed scanned all 100,000
# rows (34 ms) instead of walking feeds_by_name and articles_by_feed (0.1 ms).
VISIBLE = "+a.hidden = 0"


@dataclass(frozen=True, slots=True)
class Plan:
    """A view with its search as SQL: `match`, an FTS MATCH string to rank by (None: newest
    first); `cond` and `params`, the condition over `articles a` for the rest, hidden
    articles aside; `visible`, whether hidden articles are left out (they are unless the
    query says is:hidden)."""

    match: str | None
    cond: str
    params: list[object]
    visible: bool

    @property
    def where(self) -> str:
        """The whole condition, the hidden articles' included."""
        if not self.visible:
            return self.cond
        return VISIBLE if self.cond == UNFILTERED else f"{VISIBLE} AND {self.cond}"


def plan(q: ArticleQuery, hidden: Sequence[int] = ()) -> Plan:
    """The view, its saved query and its search as SQL; QueryError on a bad query.
    `hidden`: as for view_filter."""
    where, params = _view_conds(q, hidden)
    conds = [where] if where != UNFILTERED else []
    match: str | None = None
    shows_hidden = False
    for text, ranked in ((q.filter, False), (q.search, True)):
        if not text:
            continue
        compiled = compile_query(text)
        shows_hidden |= compiled.shows_hidden
        if ranked and compiled.match is not None:
            match, cond, more = compiled.match, compiled.where, compiled.params
        else:
            cond, more = compiled.condition()
        if cond != UNFILTERED:
            conds.append(f"({cond})")
            params += more
    return Plan(match, " AND ".join(conds) or UNFILTERED, params, not shows_hidden)


def view_filter(q: ArticleQuery, hidden: Sequence[int] = ()) -> tuple[str, list[object]]:
    """SQL over `articles a` for the view, its saved query included, without its search;
    `hidden`: the feeds hidden from All (articles.hidden_feeds), left out of All and Unread."""
    found = plan(replace(q, search=None), hidden)
    return found.where, found.params


def _view_conds(q: ArticleQuery, hidden: Sequence[int]) -> tuple[str, list[object]]:
    """The view's own choices (feed, folder, tag, unread, starred) as SQL over `articles a`."""
    conds = [UNFILTERED]
    params: list[object] = []
    if hidden and q.is_all:
        conds.append(f"a.feed_id NOT IN ({','.join('?' * len(hidden))})")
        params += list(hidden)
    if q.tag is not None:
        # A tag's own articles and its feeds' (feed tags are never copied onto articles).
        conds.append(
            "(a.id IN (SELECT article_id FROM article_tags WHERE tag = ? COLLATE NOCASE) "
            "OR a.feed_id IN (SELECT feed_id FROM feed_tags WHERE tag = ? COLLATE NOCASE))"
        )
        params += [q.tag, q.tag]
    if q.feed_id is not None:
        conds.append("a.feed_id = ?")
        params.append(q.feed_id)
    elif q.folder:
        # The folder and the folders below it, compared exactly: LIKE would ignore case
        # ("tech/x" inside "Tech") and read "_" and "%" in a name as wildcards.
        prefix = q.folder + "/"
        conds.append(
            "a.feed_id IN (SELECT id FROM feeds WHERE removed = 0 "
            "AND (folder = ? OR substr(folder, 1, ?) = ?))"
        )
        params += [q.folder, len(prefix), prefix]
    if q.unread:
        conds.append("a.read = 0")
    if q.starred:
        conds.append("a.starred = 1")
    return " AND ".join(conds[1:]) or UNFILTERED, params


def fts_any(terms: list[str]) -> str:
    """Any of the given index terms (for related articles)."""
    return " OR ".join(f'"{t}"' for t in terms if t) or '""'
