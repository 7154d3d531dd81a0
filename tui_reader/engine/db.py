"""One connection to the cache, and the two ways through it: reads and one-transaction writes.

The SQL lives beside what it is about (feeds.py, articles.py, related.py); they all go through
a Db, so every SQLite failure becomes a one-line StoreError the same way. Rows come back as
`sqlite3.Row` and are mapped to the dataclasses by column name, never by position.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from tui_reader.engine import schema
from tui_reader.engine.errors import StoreError

Params = Sequence[object]
T = TypeVar("T")


def select_list(columns: dict[str, str]) -> str:
    """`{"name": "sql expression"}` as a select list whose columns carry those names."""
    return ", ".join(
        expr if expr.rpartition(".")[2] == name else f"{expr} AS {name}"
        for name, expr in columns.items()
    )


IN_CHUNK = 500  # values bound in one IN (...): far below SQLite's limit on parameters


def in_chunks(values: Sequence[T]) -> Iterator[tuple[Sequence[T], str]]:
    """`values` in slices small enough to bind in one `IN (...)`, each with its "?,?,…"."""
    for start in range(0, len(values), IN_CHUNK):
        chunk = values[start : start + IN_CHUNK]
        yield chunk, ",".join("?" * len(chunk))


_OUTER = ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
_NESTED = ("SAVEPOINT nested", "RELEASE nested", "ROLLBACK TO nested; RELEASE nested")


def _undo(conn: sqlite3.Connection, undo: str) -> None:
    for statement in undo.split("; "):
        with contextlib.suppress(sqlite3.Error):
            conn.execute(statement)


class Db:
    """The cache at `path` over one connection; one thread uses it at a time."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        # A cache we may not write (a read-only file or folder) is still worth reading.
        readonly = readonly or (path.exists() and not os.access(path, os.W_OK))
        self.readonly = readonly
        self._conn = schema.connect(path, readonly=readonly)
        self._depth = 0  # writes open on this connection; past the first, savepoints

    def close(self) -> None:
        self._conn.close()

    def _failed(self, exc: sqlite3.Error) -> StoreError:
        return StoreError(schema.describe_error(exc, self.path))

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction; any SQLite failure becomes a StoreError and nothing is half-done.

        Inside another write (see `batch`) it is a savepoint: its failure undoes only itself.
        """
        if self.readonly:
            raise StoreError(f"the cache {self.path} is read-only; changes cannot be saved")
        conn = self._conn
        nested = self._depth > 0
        begin, commit, undo = _NESTED if nested else _OUTER
        try:
            conn.execute(begin)
        except sqlite3.Error as exc:
            raise self._failed(exc) from None
        self._depth += 1
        try:
            yield conn
            conn.execute(commit)
        except sqlite3.Error as exc:
            _undo(conn, undo)
            raise self._failed(exc) from None
        except BaseException:
            _undo(conn, undo)
            raise
        finally:
            self._depth -= 1

    def batch(self, calls: Sequence[Callable[[], object]]) -> list[object | BaseException]:
        """Run several writes in one transaction, each in its own savepoint; each call's
        result or exception, in order. One commit (and one full-text index flush) for many
        writes instead of one each: the refresh's writer sends whatever queued meanwhile."""
        results: list[object | BaseException] = []
        try:
            with self.write():
                for call in calls:
                    try:
                        results.append(call())
                    except Exception as exc:  # one feed's failure is that feed's
                        results.append(exc)
                        if not self._conn.in_transaction:  # SQLite undid all (disk full)
                            raise self._failed(sqlite3.OperationalError(str(exc))) from None
        except StoreError as exc:  # the commit itself failed: nothing was stored
            return [exc] * len(calls)
        return results

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
