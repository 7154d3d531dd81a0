"""One connection to the cache, and the two ways through it: reads and one-transaction writes.

The SQL lives beside what it is about (feeds.py, articles.py, related.py); they all go through
a Db, so every SQLite failure becomes a one-line StoreError the same way. Rows come back as
`sqlite3.Row` and are mapped to the dataclasses by column name, never by position.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from tui_reader.engine import schema
from tui_reader.engine.errors import StoreError

Params = Sequence[object]


def select_list(columns: dict[str, str]) -> str:
    """`{"name": "sql expression"}` as a select list whose columns carry those names."""
    return ", ".join(
        expr if expr.rpartition(".")[2] == name else f"{expr} AS {name}"
        for name, expr in columns.items()
    )


class Db:
    """The cache at `path` over one connection; one thread uses it at a time."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        # A cache we may not write (a read-only file or folder) is still worth reading.
        readonly = readonly or (path.exists() and not os.access(path, os.W_OK))
        self.readonly = readonly
        self._conn = schema.connect(path, readonly=readonly)

    def close(self) -> None:
        self._conn.close()

    def _failed(self, exc: sqlite3.Error) -> StoreError:
        return StoreError(schema.describe_error(exc, self.path))

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction; any SQLite failure becomes a StoreError and nothing is half-done."""
        if self.readonly:
            raise StoreError(f"the cache {self.path} is read-only; changes cannot be saved")
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._failed(exc) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise self._failed(exc) from None
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    def select(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Every row of a query, each readable by column name."""
        try:
            cursor = self._conn.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()
        except sqlite3.Error as exc:
            raise self._failed(exc) from None

    def stream(self, sql: str, params: Params = (), batch: int = 1000) -> Iterator[sqlite3.Row]:
        """The rows of a query one batch at a time (one scan however many there are)."""
        try:
            cursor = self._conn.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            while chunk := cursor.fetchmany(batch):
                yield from chunk
        except sqlite3.Error as exc:
            raise self._failed(exc) from None

    def value(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None when there is no row."""
        try:
            row = self._conn.execute(sql, params).fetchone()
        except sqlite3.Error as exc:
            raise self._failed(exc) from None
        return None if row is None else row[0]

    def number(self, sql: str, params: Params = ()) -> int:
        """A count or an id: the first column of the first row as an int (0 for none)."""
        return int(self.value(sql, params) or 0)

    def column(self, sql: str, params: Params = ()) -> list[Any]:
        """The first column of every row."""
        try:
            return [r[0] for r in self._conn.execute(sql, params).fetchall()]
        except sqlite3.Error as exc:
            raise self._failed(exc) from None

    def execute_outside(self, sql: str) -> None:
        """One statement that cannot run inside a transaction (VACUUM, a checkpoint)."""
        if self.readonly:
            raise StoreError(f"the cache {self.path} is read-only; changes cannot be saved")
        try:
            self._conn.execute(sql).fetchall()
        except sqlite3.Error as exc:
            raise self._failed(exc) from None
