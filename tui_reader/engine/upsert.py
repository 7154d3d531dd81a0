"""Writing a parsed feed into the cache: insert new articles, update changed ones, index both.

The full-text index is contentless, so deleting an article's old entries needs the exact
values that were indexed: `index_text` re-derives them and must stay deterministic.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import zlib
from collections.abc import Sequence
from typing import Any

from tui_reader.engine.models import Enclosure, FeedUpdate, ParsedArticle, ParsedFeed
from tui_reader.engine.sanitize import html_to_plain

_EXISTING = (
    "SELECT key, id, digest, title, authors, summary, content, content_type "
    "FROM articles WHERE feed_id = ? AND key IN ({marks})"
)
_INSERT = (
    "INSERT INTO articles (link, title, authors, published, updated, sort_time, summary, "
    "content, content_type, categories, enclosures, digest, feed_id, key, first_seen) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPDATE = (
    "UPDATE articles SET link = ?, title = ?, authors = ?, published = ?, updated = ?, "
    "sort_time = ?, summary = ?, content = ?, content_type = ?, categories = ?, "
    "enclosures = ?, digest = ? WHERE id = ?"
)


def pack(text: str) -> bytes | None:
    return zlib.compress(text.encode("utf-8"), 1) if text else None


def unpack(blob: bytes | None) -> str:
    return zlib.decompress(blob).decode("utf-8") if blob else ""


def index_text(
    title: str, authors: str, summary: str, content: str, ctype: str
) -> tuple[str, str, str]:
    """The exact values indexed for an article; must stay deterministic (see schema)."""
    body = content or summary
    return (title, authors, html_to_plain(body) if ctype != "text" else body)


def apply_parsed(
    conn: sqlite3.Connection,
    feed_id: int,
    parsed: ParsedFeed,
    etag: str | None,
    last_modified: str | None,
) -> FeedUpdate:
    """Inside the caller's transaction: new articles inserted, changed ones updated in place
    (so read/starred stay), unchanged ones not touched."""
    now = int(time.time())
    update = FeedUpdate(feed_id=feed_id, url="", title=parsed.title)
    unique: dict[str, ParsedArticle] = {}
    for art in parsed.articles:
        unique.setdefault(art.key, art)
    existing: dict[str, tuple[Any, ...]] = {}
    keys = list(unique)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        sql = _EXISTING.format(marks=",".join("?" * len(chunk)))
        for row in conn.execute(sql, (feed_id, *chunk)):
            existing[row[0]] = row[1:]
    for key, art in unique.items():
        old = existing.get(key)
        digest = _digest(art)
        if old is None:
            cur = conn.execute(_INSERT, (*_columns(art, digest, now), feed_id, key, now))
            _index(conn, cur.lastrowid, art)
            update.new += 1
        elif old[1] != digest:
            unindex(conn, (old[0], *old[2:]))
            conn.execute(_UPDATE, (*_columns(art, digest, now), old[0]))
            _index(conn, old[0], art)
            update.updated += 1
    conn.execute(
        # A title the user gave (title_set) wins over the feed's own.
        "UPDATE feeds SET title = CASE WHEN ? != '' AND title_set = 0 THEN ? ELSE title END, "
        "site_url = coalesce(?, site_url), etag = ?, last_modified = ?, last_fetch = ?, "
        "last_error = NULL, failures = 0, retry_after = NULL WHERE id = ?",
        (parsed.title, parsed.title, parsed.site_url, etag, last_modified, now, feed_id),
    )
    return update


def unindex(conn: sqlite3.Connection, row: Sequence[Any]) -> None:
    """Remove an article's index entries; `row` is (id, title, authors, summary, content,
    content_type) as stored."""
    article_id, title, authors_json, summary, content, ctype = row
    authors = " ".join(json.loads(authors_json))
    values = index_text(title, authors, unpack(summary), unpack(content), ctype)
    conn.execute(
        "INSERT INTO articles_fts (articles_fts, rowid, title, authors, body) "
        "VALUES ('delete', ?, ?, ?, ?)",
        (article_id, *values),
    )


def _index(conn: sqlite3.Connection, article_id: int | None, art: ParsedArticle) -> None:
    values = index_text(
        art.title, " ".join(art.authors), art.summary, art.content, art.content_type
    )
    conn.execute(
        "INSERT INTO articles_fts (rowid, title, authors, body) VALUES (?, ?, ?, ?)",
        (article_id, *values),
    )


def _columns(art: ParsedArticle, digest: str, now: int) -> tuple[object, ...]:
    """The article's own columns, in the order _INSERT and _UPDATE share."""
    # A summary equal to the content is stored once.
    summary = "" if art.summary == art.content else art.summary
    return (
        art.link,
        art.title,
        json.dumps(art.authors, ensure_ascii=False),
        art.published,
        art.updated,
        # A date in the future would pin an article to the top for ever.
        min(art.published or art.updated or now, now),
        pack(summary),
        pack(art.content),
        art.content_type,
        json.dumps(art.categories, ensure_ascii=False),
        _enclosures_json(art.enclosures),
        digest,
    )


def _digest(a: ParsedArticle) -> str:
    h = hashlib.blake2b(digest_size=10)
    for part in (
        a.link or "",
        a.title,
        "\n".join(a.authors),
        str(a.published),
        str(a.updated),
        a.summary,
        a.content,
        a.content_type,
        "\n".join(a.categories),
        repr([(e.url, e.type, e.length) for e in a.enclosures]),
    ):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _enclosures_json(enclosures: list[Enclosure]) -> str:
    return json.dumps([[e.url, e.type, e.length] for e in enclosures], ensure_ascii=False)
