"""The outbox: local read/starred changes waiting for the sync service.

A change and its outbox row are written in one transaction (articles.py calls `queue_*`
inside its own), so a crash leaves both or neither: nothing the user did is ever lost. Only
articles that came from the service (`remote_id` set) get a row, and only while a service
is configured (the Store's `sync_outbox`). Rows leave the outbox only once the service has
answered OK for them (`take` then `done`); a change made meanwhile gets a newer row and
stays queued.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field

from tui_reader.engine.db import Db, in_chunks

READ, STARRED = "read", "starred"

_QUEUE_ONE = (
    "INSERT INTO sync_outbox (item, field, value, queued) "
    "SELECT remote_id, ?, ?, ? FROM articles WHERE id = ? AND remote_id IS NOT NULL"
)


def queue_changes(
    conn: sqlite3.Connection, field_name: str, value: bool, article_ids: list[int]
) -> None:
    """Inside the caller's transaction: one row per article that the service knows."""
    now = int(time.time())
    conn.executemany(_QUEUE_ONE, [(field_name, int(value), now, i) for i in article_ids])


def queue_select(
    conn: sqlite3.Connection,
    field_name: str,
    value: bool,
    select: str,
    params: list[object] | tuple[object, ...],
) -> None:
    """Inside the caller's transaction: a row for each article id that `select` (a SELECT
    of article ids) yields and the service knows; run before the change itself."""
    conn.execute(
        "INSERT INTO sync_outbox (item, field, value, queued) "
        f"SELECT remote_id, ?, ?, ? FROM articles WHERE id IN ({select}) "
        "AND remote_id IS NOT NULL",
        (field_name, int(value), int(time.time()), *params),
    )


@dataclass(slots=True)
class Pending:
    """What the outbox holds, reduced to the latest change per item and field."""

    last_row: int = 0  # rows up to this id are covered by the sets below
    read: list[int] = field(default_factory=list)
    unread: list[int] = field(default_factory=list)
    star: list[int] = field(default_factory=list)
    unstar: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.read) + len(self.unread) + len(self.star) + len(self.unstar)


def take(db: Db) -> Pending:
    """The queued changes, the latest per item and field (read then unread sends unread)."""
    pending = Pending()
    latest: dict[tuple[int, str], int] = {}
    for row in db.stream("SELECT id, item, field, value FROM sync_outbox ORDER BY id"):
        latest[(row["item"], row["field"])] = row["value"]
        pending.last_row = row["id"]
    for (item, name), value in latest.items():
        if name == READ:
            (pending.read if value else pending.unread).append(item)
        else:
            (pending.star if value else pending.unstar).append(item)
    return pending


def done(db: Db, items: list[int], field_name: str, last_row: int) -> None:
    """The service has these changes: drop their rows (not newer ones made meanwhile)."""
    with db.write() as conn:
        for chunk, marks in in_chunks(items):
            conn.execute(
                f"DELETE FROM sync_outbox WHERE field = ? AND id <= ? AND item IN ({marks})",
                (field_name, last_row, *chunk),
            )


def waiting(db: Db) -> int:
    """How many items have changes waiting for the service."""
    return db.number("SELECT count(DISTINCT item) FROM sync_outbox")


def queued_items(conn: sqlite3.Connection) -> set[int]:
    """Items with a change still queued: the service's state does not overwrite them."""
    return {r[0] for r in conn.execute("SELECT DISTINCT item FROM sync_outbox")}
