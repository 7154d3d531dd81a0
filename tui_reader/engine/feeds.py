"""The feeds table: subscribing, unsubscribing, listing, and what a fetch records."""

from __future__ import annotations

import sqlite3
import time

from tui_reader.engine import tags, upsert
from tui_reader.engine.db import Db, select_list
from tui_reader.engine.feed_settings import FeedChanges
from tui_reader.engine.fulltext import check_mode
from tui_reader.engine.models import Feed

# Feed field -> column; the one list both the SELECT and the mapping follow.
_FEED = {
    name: name
    for name in (
        "id",
        "url",
        "title",
        "site_url",
        "folder",
        "etag",
        "last_modified",
        "last_fetch",
        "last_error",
        "failures",
        "gone",
        "retry_after",
        "full_text",
        "hide_from_all",
        "refresh_interval",
        "next_due",
    )
}
_SELECT = f"SELECT {select_list(_FEED)} FROM feeds"


def _feed(row: sqlite3.Row) -> Feed:
    fields = {name: row[name] for name in _FEED}
    fields["gone"] = bool(fields["gone"])
    fields["hide_from_all"] = bool(fields["hide_from_all"])
    return Feed(**fields)


def add_feed(
    db: Db, url: str, title: str = "", folder: str | None = None, *, site_url: str | None = None
) -> tuple[Feed, bool]:
    """Subscribe; returns the feed and whether it was new. A non-empty `title` is the
    user's and outlives the feed's own; a removed feed's URL revives it."""
    now = int(time.time())
    with db.write() as conn:
        cur = conn.execute(
            "INSERT OR IGNORE INTO feeds (url, title, title_set, folder, site_url, added) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (url, title, int(bool(title)), folder, site_url, now),
        )
        created = cur.rowcount == 1
        if not created:
            # Its unstarred articles are gone: forget the validators so the next fetch
            # gets the whole feed again instead of a 304.
            revived = conn.execute(
                "UPDATE feeds SET removed = 0, etag = NULL, last_modified = NULL, "
                "last_error = NULL, failures = 0, gone = 0, retry_after = NULL, "
                "folder = ?, site_url = coalesce(?, site_url), added = ? "
                "WHERE url = ? AND removed = 1",
                (folder, site_url, now, url),
            )
            created = revived.rowcount == 1
        if created and title:
            conn.execute("UPDATE feeds SET title = ?, title_set = 1 WHERE url = ?", (title, url))
        elif folder:
            conn.execute(
                "UPDATE feeds SET folder = ? WHERE url = ? AND folder IS NULL", (folder, url)
            )
    feed = find_feed(db, url)
    assert feed is not None
    return feed, created


def remove_feed(db: Db, feed_id: int, *, purge: bool = False) -> int:
    """Unsubscribe and drop the feed's articles, except its starred ones unless `purge`.

    Returns how many starred articles were kept (or, with `purge`, deleted). A feed that
    keeps some stays as a hidden row, so they still show its title under Starred.
    """
    keep = "" if purge else " AND starred = 0"
    with db.write() as conn:
        (starred,) = conn.execute(
            "SELECT count(*) FROM articles WHERE feed_id = ? AND starred = 1", (feed_id,)
        ).fetchone()
        for row in conn.execute(
            f"SELECT {upsert.INDEXED} FROM articles WHERE feed_id = ?{keep}",
            (feed_id,),
        ).fetchall():
            upsert.unindex(conn, row)
        conn.execute(f"DELETE FROM articles WHERE feed_id = ?{keep}", (feed_id,))
        if purge or not starred:
            conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        else:
            # Read, so the kept articles count in no unread badge or unread view.
            conn.execute("UPDATE articles SET read = 1 WHERE feed_id = ?", (feed_id,))
            conn.execute("UPDATE feeds SET removed = 1 WHERE id = ?", (feed_id,))
    return int(starred)


def set_full_text(db: Db, feed_id: int, mode: str) -> None:
    """When to fetch the feed's article pages (see fulltext.py); ValueError on a bad mode."""
    check_mode(mode)
    with db.write() as conn:
        conn.execute("UPDATE feeds SET full_text = ? WHERE id = ?", (mode, feed_id))


def find_feed(db: Db, url: str) -> Feed | None:
    rows = db.select(f"{_SELECT} WHERE url = ? AND removed = 0", (url,))
    return _tagged(db, _feed(rows[0])) if rows else None


def get_feed(db: Db, feed_id: int) -> Feed | None:
    rows = db.select(f"{_SELECT} WHERE id = ? AND removed = 0", (feed_id,))
    return _tagged(db, _feed(rows[0])) if rows else None


def _tagged(db: Db, feed: Feed) -> Feed:
    feed.tags = tags.feed_tags(db, feed.id)
    return feed


def list_feeds(db: Db, *, with_counts: bool = True) -> list[Feed]:
    """All subscribed feeds, by folder then title; with unread/total counts when asked."""
    result = [_feed(r) for r in db.select(f"{_SELECT} WHERE removed = 0")]
    feed_tags = tags.all_feed_tags(db)
    for feed in result:
        feed.tags = feed_tags.get(feed.id, [])
    if with_counts and result:
        counts = {
            r["feed_id"]: (r["total"], r["unread"])
            for r in db.select(
                "SELECT feed_id, count(*) AS total, count(*) - sum(read) AS unread "
                "FROM articles GROUP BY feed_id"
            )
        }
        for feed in result:
            feed.total, feed.unread = counts.get(feed.id, (0, 0))
    result.sort(key=lambda f: ((f.folder or "").lower(), f.display_title.lower(), f.id))
    return result


def folders(db: Db) -> list[str]:
    names = db.column("SELECT DISTINCT folder FROM feeds WHERE folder IS NOT NULL AND removed = 0")
    return sorted(names, key=str.lower)


def record_not_modified(
    db: Db,
    feed_id: int,
    etag: str | None,
    last_modified: str | None,
    next_due: int | None = None,
) -> None:
    with db.write() as conn:
        conn.execute(
            "UPDATE feeds SET last_fetch = ?, last_error = NULL, failures = 0, "
            "retry_after = NULL, next_due = ?, etag = coalesce(?, etag), "
            "last_modified = coalesce(?, last_modified) WHERE id = ?",
            (int(time.time()), next_due, etag, last_modified, feed_id),
        )


def record_error(
    db: Db, feed_id: int, message: str, *, gone: bool = False, retry_after: int | None = None
) -> None:
    with db.write() as conn:
        conn.execute(
            "UPDATE feeds SET last_fetch = ?, last_error = ?, failures = failures + 1, "
            "gone = max(gone, ?), retry_after = ? WHERE id = ?",
            (int(time.time()), message, int(gone), retry_after, feed_id),
        )


def move_feed(db: Db, feed_id: int, new_url: str) -> bool:
    """A permanent redirect: store the new URL unless another feed already has it."""
    with db.write() as conn:
        taken = conn.execute("SELECT 1 FROM feeds WHERE url = ?", (new_url,)).fetchone()
        if taken:
            return False
        conn.execute("UPDATE feeds SET url = ? WHERE id = ?", (new_url, feed_id))
        return True


def update_feed(db: Db, feed_id: int, changes: FeedChanges) -> None:
    """Store a feed's own settings (feed_settings.py checked them), in one transaction."""
    if changes.full_text is not None:
        check_mode(changes.full_text)
    sets: list[str] = []
    params: list[object] = []
    if changes.title is not None:
        # An empty title gives the feed its own back at the next refresh.
        sets += ["title = ?", "title_set = ?"]
        params += [changes.title, int(bool(changes.title))]
    if changes.folder is not None:
        sets.append("folder = ?")
        params.append(changes.folder or None)
    if changes.hide_from_all is not None:
        sets.append("hide_from_all = ?")
        params.append(int(changes.hide_from_all))
    if changes.interval is not None:
        sets.append("refresh_interval = ?")
        params.append(changes.interval or None)
    if changes.full_text is not None:
        sets.append("full_text = ?")
        params.append(changes.full_text)
    new_tags = None if changes.tags is None else tags.canonical(db, changes.tags)
    with db.write() as conn:  # one transaction: all of the settings, or none
        if sets:
            conn.execute(f"UPDATE feeds SET {', '.join(sets)} WHERE id = ?", (*params, feed_id))
        if new_tags is not None:
            tags.replace_feed_tags(conn, feed_id, new_tags)
