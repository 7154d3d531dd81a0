"""What a sync writes into the cache: the service's subscriptions, its new items, and its
read/starred state, each in one transaction.

The rule: the service's state wins, unless the item has a local change still in the
outbox (it is newer than what the service knows, and goes out at the next sync).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from tui_reader.engine import feeds, upsert
from tui_reader.engine.db import Db
from tui_reader.engine.models import ParsedFeed
from tui_reader.engine.sync.client import Subscription
from tui_reader.engine.sync.items import RemoteItem

_OUTBOX = "SELECT item FROM sync_outbox"


@dataclass(slots=True)
class FeedChanges:
    added: int = 0
    removed: int = 0


def apply_subscriptions(db: Db, subs: list[Subscription]) -> FeedChanges:
    """Make the cache's synced feeds the service's list: new ones added (or a local feed
    of the same URL adopted), titles and folders taken from the service, feeds gone from
    it removed (their starred articles kept, as `remove` does). Feeds never synced are
    left alone."""
    changes = FeedChanges()
    wanted = {s.stream_id for s in subs}
    now = int(time.time())
    with db.write() as conn:
        for sub in subs:
            folder = sub.folders[0] if sub.folders else None
            row = conn.execute(
                "SELECT id FROM feeds WHERE remote_id = ? OR (remote_id IS NULL AND url = ?) "
                "ORDER BY remote_id IS NULL LIMIT 1",
                (sub.stream_id, sub.url),
            ).fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO feeds (url, title, folder, site_url, added, remote_id) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (sub.url, sub.title, folder, sub.site_url, now, sub.stream_id),
                )
                changes.added += 1
                continue
            revived = conn.execute(
                "UPDATE feeds SET removed = 0 WHERE id = ? AND removed = 1", (row[0],)
            ).rowcount
            changes.added += revived
            conn.execute(
                "UPDATE feeds SET url = ?, title = ?, folder = ?, "
                "site_url = coalesce(?, site_url), remote_id = ? WHERE id = ?",
                (sub.url, sub.title, folder, sub.site_url, sub.stream_id, row[0]),
            )
    gone = [
        r["id"]
        for r in db.select(
            "SELECT id, remote_id FROM feeds WHERE remote_id IS NOT NULL AND removed = 0"
        )
        if r["remote_id"] not in wanted
    ]
    for feed_id in gone:
        feeds.remove_feed(db, feed_id)
        changes.removed += 1
    return changes


def feed_ids(db: Db) -> dict[str, int]:
    """Stream id -> local feed id, for the synced feeds."""
    return {
        r["remote_id"]: r["id"]
        for r in db.select("SELECT id, remote_id FROM feeds WHERE remote_id IS NOT NULL")
    }


def feed_remote_id(db: Db, feed_id: int) -> str | None:
    """The feed's stream id on the service, or None when it never came from there."""
    value = db.value("SELECT remote_id FROM feeds WHERE id = ?", (feed_id,))
    return None if value is None else str(value)


def known_items(db: Db) -> set[int]:
    return set(db.column("SELECT remote_id FROM articles WHERE remote_id IS NOT NULL"))


def store_items(db: Db, items: Iterable[RemoteItem], by_stream: dict[str, int]) -> int:
    """Store new items (sanitised by items.py) through upsert, like a fetched feed's
    entries, with their service id and state; one transaction. Returns how many were
    stored; items of a feed we do not have are skipped."""
    groups: dict[int, list[RemoteItem]] = defaultdict(list)
    for it in items:
        feed_id = by_stream.get(it.stream_id)
        if feed_id is not None:
            groups[feed_id].append(it)
    stored = 0
    with db.write() as conn:
        queued = {r[0] for r in conn.execute(_OUTBOX)}
        for feed_id, group in groups.items():
            parsed = ParsedFeed(articles=[it.article for it in group])
            upsert.apply_parsed(conn, feed_id, parsed, None, None)
            for it in group:
                state = (
                    "" if it.item in queued else ", read = ?, starred = ?"
                )  # a queued local change is newer than this state
                args = () if it.item in queued else (int(it.read), int(it.starred))
                conn.execute(
                    f"UPDATE articles SET remote_id = ?{state} WHERE feed_id = ? AND key = ?",
                    (it.item, *args, feed_id, it.article.key),
                )
            stored += len(group)
    return stored


def apply_state(db: Db, unread: set[int], starred: set[int]) -> int:
    """The service's unread and starred sets onto every synced article, except those with
    a change still queued; one transaction. Returns how many articles changed."""
    with db.write() as conn:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS sync_unread (item INTEGER PRIMARY KEY)")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS sync_starred (item INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM sync_unread")
        conn.execute("DELETE FROM sync_starred")
        conn.executemany("INSERT INTO sync_unread VALUES (?)", [(i,) for i in unread])
        conn.executemany("INSERT INTO sync_starred VALUES (?)", [(i,) for i in starred])
        changed = 0
        for column, table, when_in in (("read", "sync_unread", 0), ("starred", "sync_starred", 1)):
            value = (
                f"CASE WHEN remote_id IN (SELECT item FROM {table}) "
                f"THEN {when_in} ELSE {1 - when_in} END"
            )
            changed += conn.execute(
                f"UPDATE articles SET {column} = {value} WHERE remote_id IS NOT NULL "
                f"AND {column} != {value} AND remote_id NOT IN ({_OUTBOX})"
            ).rowcount
        conn.execute("DELETE FROM sync_unread")
        conn.execute("DELETE FROM sync_starred")
    return changed
