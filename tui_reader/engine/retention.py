"""Retention: which cached articles may go, and taking them out of the file for good.

What may go: read articles older than a cut-off (`keep_days`, `--older-than`), and read
articles beyond the newest `max_per_feed` of their feed. Never a starred article, never
one with a tag of its own (a feed's tags protect nothing: they are the feed's), never an
unread one unless asked (`include_unread`).

A removed article leaves its (feed, key) in `cleaned`, so the next refresh does not take
it for a new one while the feed still lists it (a quiet blog's ten items can span years):
without that, cleaning up would bring old articles back as unread.

The full-text index is contentless: each article's entries are deleted with the exact
values that were indexed (upsert.unindex re-derives them), in the same transaction.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from tui_reader.engine import upsert
from tui_reader.engine.db import Db

DAY = 86_400
BATCH = 2000  # articles deleted per statement batch (each needs its text to unindex)


@dataclass(frozen=True, slots=True)
class Limits:
    keep_days: int | None = None
    """Read articles older than this many days go (None: no age limit)."""
    max_per_feed: int | None = None
    """Read articles beyond the newest N of their feed go (None: no count limit)."""
    include_unread: bool = False
    """Unread articles past the limits go too."""

    @property
    def any(self) -> bool:
        return self.keep_days is not None or self.max_per_feed is not None


@dataclass(slots=True)
class Plan:
    """What a cleanup removes: the ids, and how many per feed title."""

    ids: list[int] = field(default_factory=list)
    unread: int = 0
    by_feed: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)


def plan(db: Db, limits: Limits, now: float | None = None) -> Plan:
    """The articles `limits` would remove, oldest first; nothing is changed."""
    result = Plan()
    if not limits.any:
        return result
    past: list[str] = []
    params: list[object] = []
    if limits.keep_days is not None:
        past.append("a.sort_time < ?")
        params.append(int((now or time.time()) - limits.keep_days * DAY))
    if limits.max_per_feed is not None:
        past.append("a.rank > ?")
        params.append(limits.max_per_feed)
    state = "" if limits.include_unread else " AND a.read = 1"
    rows = db.select(
        # rank counts every article of the feed, kept ones too: "the newest N" is by date.
        "SELECT a.id, a.read, coalesce(nullif(f.title, ''), f.url) AS feed FROM "
        "(SELECT id, feed_id, read, starred, sort_time, row_number() OVER "
        "(PARTITION BY feed_id ORDER BY sort_time DESC, id DESC) AS rank FROM articles) a "
        "JOIN feeds f ON f.id = a.feed_id "
        f"WHERE a.starred = 0{state} AND ({' OR '.join(past)}) "
        "AND NOT EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id) "
        "ORDER BY a.sort_time, a.id",
        params,
    )
    for row in rows:
        result.ids.append(row["id"])
        result.unread += not row["read"]
        result.by_feed[row["feed"]] = result.by_feed.get(row["feed"], 0) + 1
    return result


def remove(db: Db, ids: list[int]) -> int:
    """Delete these articles and their index entries, remembering their keys (see above),
    in one transaction; a starred or tagged one meanwhile is kept. Returns how many went."""
    removed = 0
    with db.write() as conn:
        for start in range(0, len(ids), BATCH):
            chunk = json.dumps(ids[start : start + BATCH])
            mine = (
                "id IN (SELECT value FROM json_each(?)) AND starred = 0 AND NOT EXISTS "
                "(SELECT 1 FROM article_tags t WHERE t.article_id = articles.id)"
            )
            for row in conn.execute(
                f"SELECT {upsert.INDEXED} FROM articles WHERE {mine}", (chunk,)
            ):
                upsert.unindex(conn, row)
            conn.execute(
                "INSERT OR IGNORE INTO cleaned (feed_id, key) "
                f"SELECT feed_id, key FROM articles WHERE {mine}",
                (chunk,),
            )
            removed += conn.execute(f"DELETE FROM articles WHERE {mine}", (chunk,)).rowcount
    return removed


def reclaim(db: Db) -> None:
    """Give the freed pages back to the file system: merge the index's segments (deleted
    entries are only tombstones until then), VACUUM (the cache has no auto_vacuum, so the
    file never shrinks by itself), and empty the write-ahead log."""
    with db.write() as conn:
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
    db.execute_outside("VACUUM")
    db.execute_outside("PRAGMA wal_checkpoint(TRUNCATE)")
