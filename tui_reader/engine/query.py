"""What the article list shows (a view), turned into SQL conditions by one function."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

_WORD = re.compile(r"\w+", re.UNICODE)

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
    tag: str | None = None  # the articles with this tag, their own or their feed's
    sort: str = "newest"
    """One of SORTS; a search is ranked by relevance whatever it says."""

    @property
    def is_all(self) -> bool:
        """All or Unread: the views that leave out feeds hidden from All. A search looks
        everywhere (the hidden feed's articles are found), as does Starred."""
        whole = self.feed_id is None and not self.folder and self.tag is None
        return whole and not self.starred and not self.search

    def with_unread(self) -> ArticleQuery:
        return replace(self, unread=True)

    def label(self, feed_title: str | None = None) -> str:
        parts = []
        if self.feed_id is not None:
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


def view_filter(q: ArticleQuery, hidden: Sequence[int] = ()) -> tuple[str, list[object]]:
    """SQL over `articles a` for the view (search is joined in by the caller); `hidden`:
    the feeds hidden from All (articles.hidden_feeds), left out of All and Unread."""
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


def fts_query(text: str) -> str:
    """A user's words as a safe FTS5 expression: every word must match; the last one also
    as a prefix (search as you type) once it has three letters.

    Quoting each word keeps FTS5 syntax (AND, NEAR, column:, *, quotes) in user input inert.
    """
    words = _WORD.findall(text.lower())[:32]
    if not words:
        return '""'
    terms = [f'"{w}"' for w in words]
    if len(words[-1]) >= 3:
        terms[-1] += "*"
    return " ".join(terms)


def fts_any(terms: list[str]) -> str:
    """Any of the given index terms (for related articles)."""
    return " OR ".join(f'"{t}"' for t in terms if t) or '""'
