"""The undo journal: each change to the cache, as what it takes to put it back.

A change records its own inverse while it is made, inside the same transaction: the exact
previous value of every row it touched (`ColumnChange`). Undoing restores those values,
so marking a view read and undoing it leaves the articles that were already read, read.

Anything with a `what` and an `undo(conn)` is an `Undoable` and can go in the journal, so
a change that is not one column of some rows (a tag added to articles, say) writes its
own small class; `ColumnChange` covers read, starred and hidden, `TagChange` the tags
put on or taken off articles (tags.change_article_tags returns one).

The journal lives as long as the Library that keeps it (the app's session): undo goes
back to the moment the app started, never into an earlier run.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

MAX_CHANGES = 500  # changes kept; the oldest go first (a session rarely makes this many)

# What a ColumnChange may name: the identifiers are built into SQL, so only these.
_COLUMNS = {("articles", "read"), ("articles", "starred"), ("articles", "hidden")}


class Undoable(Protocol):
    @property
    def what(self) -> str:
        """What the change did, for "undid: …" ("marked 1,204 read in All")."""
        ...

    def undo(self, conn: sqlite3.Connection) -> None:
        """Put the rows back, inside the caller's transaction."""
        ...


@dataclass(slots=True)
class ColumnChange:
    """`column` of some rows of `table` changed; `previous` maps each earlier value to the
    ids of the rows that held it."""

    what: str
    table: str
    column: str
    previous: dict[object, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if (self.table, self.column) not in _COLUMNS:
            raise ValueError(f"the journal cannot record {self.table}.{self.column}")

    @property
    def rows(self) -> int:
        return sum(len(ids) for ids in self.previous.values())

    def undo(self, conn: sqlite3.Connection) -> None:
        # One statement per earlier value, the ids passed as one JSON array: 100,000 ids
        # cost one UPDATE, not 100,000.
        for value, ids in self.previous.items():
            conn.execute(
                f"UPDATE {self.table} SET {self.column} = ? "
                "WHERE id IN (SELECT value FROM json_each(?))",
                (value, json.dumps(ids)),
            )


@dataclass(slots=True)
class TagChange:
    """Tags put on (`added`) and taken off (`removed`) articles: the (article, tag) rows
    of article_tags that really changed, so undo takes off or puts back exactly those."""

    what: str
    added: list[tuple[int, str]] = field(default_factory=list)
    removed: list[tuple[int, str]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.added) + len(self.removed)

    def undo(self, conn: sqlite3.Connection) -> None:
        conn.executemany("DELETE FROM article_tags WHERE article_id = ? AND tag = ?", self.added)
        conn.executemany(  # an article removed meanwhile stays removed
            "INSERT OR IGNORE INTO article_tags (article_id, tag) "
            "SELECT id, ? FROM articles WHERE id = ?",
            [(tag, article_id) for article_id, tag in self.removed],
        )


def change_column(
    conn: sqlite3.Connection,
    what: str,
    table: str,
    column: str,
    ids: Iterable[int],
    value: object,
) -> ColumnChange:
    """Inside the caller's transaction: set `column` to `value` on the rows `ids`, and
    return the change, holding the rows that really changed and what they held."""
    change = ColumnChange(what, table, column)
    id_list = json.dumps(list(ids))
    found = conn.execute(
        f"SELECT id, {column} FROM {table} WHERE id IN (SELECT value FROM json_each(?)) "
        f"AND {column} IS NOT ?",
        (id_list, value),
    )
    for row_id, old in found:
        change.previous.setdefault(old, []).append(row_id)
    for ids_with_old in change.previous.values():
        conn.execute(
            f"UPDATE {table} SET {column} = ? WHERE id IN (SELECT value FROM json_each(?))",
            (value, json.dumps(ids_with_old)),
        )
    return change


class Journal:
    """The session's changes, newest last."""

    def __init__(self, limit: int = MAX_CHANGES) -> None:
        self._changes: list[Undoable] = []
        self._limit = limit

    def __len__(self) -> int:
        return len(self._changes)

    def record(self, change: Undoable) -> None:
        """Keep `change` for undo; a change that changed no row is not kept."""
        if isinstance(change, ColumnChange | TagChange) and not change.rows:
            return
        self._changes.append(change)
        del self._changes[: -self._limit]

    def last(self) -> Undoable | None:
        return self._changes[-1] if self._changes else None

    def drop_last(self) -> None:
        """The last change was undone (its transaction committed)."""
        self._changes.pop()
