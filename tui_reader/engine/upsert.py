"""Writing a parsed feed into the cache: insert new articles, update changed ones, index both;
and writing an article page's extracted text (`apply_page`).

The full-text index is contentless, so deleting an article's old entries needs the exact
values that were indexed: `index_text` re-derives them and must stay deterministic. An
article with a page's full text is indexed by that text instead of the feed's.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import zlib
from collections.abc import Sequence
from typing import Any

from tui_reader.engine.db import in_chunks
from tui_reader.engine.fulltext import (
    feed_looks_truncated,
    reserved_link,
    same_text,
    text_digest,
)
from tui_reader.engine.models import (
    Enclosure,
    FeedUpdate,
    ParsedArticle,
    ParsedFeed,
    StoredForm,
)
from tui_reader.engine.rules import Rule, apply_rules
from tui_reader.engine.sanitize import html_to_plain

# What unindex() needs, in its order; the SELECTs that feed it use this list.
INDEXED = "id, title, authors, summary, content, content_type, full_content"
_EXISTING = (
    f"SELECT key, digest, link, {INDEXED} FROM articles WHERE feed_id = ? AND key IN ({{marks}})"
)
_CLEANED = "SELECT key FROM cleaned WHERE feed_id = ? AND key IN ({marks})"
_INSERT = (
    "INSERT INTO articles (link, title, authors, published, updated, sort_time, summary, "
    "content, content_type, categories, enclosures, digest, lang, feed_id, key, first_seen) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPDATE = (
    "UPDATE articles SET link = ?, title = ?, authors = ?, published = ?, updated = ?, "
    "sort_time = ?, summary = ?, content = ?, content_type = ?, categories = ?, "
    "enclosures = ?, digest = ?, lang = ? WHERE id = ?"
)


def pack(text: str) -> bytes | None:
    return zlib.compress(text.encode("utf-8"), 1) if text else None


def unpack(blob: bytes | None) -> str:
    return zlib.decompress(blob).decode("utf-8") if blob else ""


def index_text(
    title: str, authors: str, summary: str, content: str, ctype: str, full: str = ""
) -> tuple[str, str, str]:
    """The exact values indexed for an article; must stay deterministic (see schema).
    `full` is the page's extracted HTML: when there is one, it is the body indexed."""
    if full:
        return (title, authors, html_to_plain(full))
    body = content or summary
    return (title, authors, html_to_plain(body) if ctype != "text" else body)


def apply_parsed(
    conn: sqlite3.Connection,
    feed_id: int,
    parsed: ParsedFeed,
    etag: str | None,
    last_modified: str | None,
    next_due: int | None = None,
    rules: Sequence[Rule] = (),
) -> FeedUpdate:
    """Inside the caller's transaction: new articles inserted, changed ones updated in place
    (so read/starred stay), unchanged ones not touched; `rules` applied to the new ones."""
    now = int(time.time())
    update = FeedUpdate(feed_id=feed_id, url="", title=parsed.title)
    forms = parsed.forms
    if forms is None or len(forms) != len(parsed.articles):
        forms = [stored_form(art) for art in parsed.articles]
    unique: dict[str, tuple[ParsedArticle, StoredForm | str]] = {}
    for art, form in zip(parsed.articles, forms, strict=True):
        unique.setdefault(art.key, (art, form))
    existing: dict[str, tuple[Any, ...]] = {}
    keys = list(unique)
    for chunk, marks in in_chunks(keys):
        for row in conn.execute(_EXISTING.format(marks=marks), (feed_id, *chunk)):
            existing[row[0]] = row[1:]
        for (key,) in conn.execute(_CLEANED.format(marks=marks), (feed_id, *chunk)):
            unique.pop(key, None)  # removed by a cleanup: not new, however often the feed lists it
    pages: list[int] = []  # new entries, and entries whose link changed: their pages are due
    first_new: int | None = None  # ids only grow (AUTOINCREMENT): the new ones are from here
    for key, (art, made) in unique.items():
        old = existing.get(key)
        digest = made if isinstance(made, str) else made.digest
        if old is not None and old[0] == digest:
            continue  # unchanged: not touched
        # Known unchanged when parsed, but not now (another writer came between): made here.
        form = stored_form(art) if isinstance(made, str) else made
        if old is None:
            cur = conn.execute(_INSERT, (*_columns(art, form, now), feed_id, key, now))
            assert cur.lastrowid is not None
            first_new = first_new or cur.lastrowid
            _insert_index(conn, cur.lastrowid, form.index)
            update.new += 1
            if _has_image(art):
                update.image_ids.append(cur.lastrowid)
            if art.link and not reserved_link(art.link):
                pages.append(cur.lastrowid)
        else:
            article_id, full = old[2], unpack(old[-1])
            unindex(conn, old[2:])
            conn.execute(_UPDATE, (*_columns(art, form, now), article_id))
            _insert_index(conn, article_id, _index_values(art, full) if full else form.index)
            update.updated += 1
            if _has_image(art):
                update.image_ids.append(article_id)
            if art.link and art.link != old[1] and not reserved_link(art.link):
                pages.append(article_id)
    if rules and first_new is not None:
        apply_rules(conn, rules, first_new)
    update.page_ids = pages_due(conn, feed_id, parsed, pages)
    conn.execute(
        # A title the user gave (title_set) wins over the feed's own.
        "UPDATE feeds SET title = CASE WHEN ? != '' AND title_set = 0 THEN ? ELSE title END, "
        "site_url = coalesce(?, site_url), etag = ?, last_modified = ?, last_fetch = ?, "
        "last_error = NULL, failures = 0, retry_after = NULL, next_due = ?, lang = ? "
        "WHERE id = ?",
        (
            *(parsed.title, parsed.title, parsed.site_url, etag, last_modified, now),
            *(next_due, parsed.lang, feed_id),
        ),
    )
    return update


def _has_image(art: ParsedArticle) -> bool:
    """Worth looking for images to fetch (engine/images.py)?"""
    return art.content_type == "html" and "<img" in (art.content or art.summary)


def pages_due(
    conn: sqlite3.Connection, feed_id: int, parsed: ParsedFeed, candidates: list[int]
) -> list[int]:
    """Which of `candidates` (new or moved entries with a link, not to a reserved name such
    as example.com) get their page fetched, by the feed's full_text mode (see fulltext.py).
    None of the bundled demo feeds': they are offline reading by design."""
    if not candidates:
        return []
    row = conn.execute("SELECT full_text, url FROM feeds WHERE id = ?", (feed_id,)).fetchone()
    if row is None or row[1].startswith("bundled:"):
        return []
    mode = row[0]
    if mode == "always" or (mode == "auto" and feed_looks_truncated(parsed.articles)):
        return candidates
    return []


def apply_page(
    conn: sqlite3.Connection,
    article_id: int,
    html: str | None,
    error: str | None,
    lang: str | None = None,
) -> bool:
    """Inside the caller's transaction: store a page's extracted `html` and declared `lang`,
    or the `error` of a failed fetch (any earlier full text stays). Text that is not really
    different from the stored one changes nothing but the fetch time and the language.
    Returns whether the text changed."""
    row = conn.execute(
        f"SELECT {INDEXED}, full_digest FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if row is None:  # the feed was removed meanwhile
        return False
    now = int(time.time())
    if html is None:
        conn.execute("UPDATE articles SET full_error = ? WHERE id = ?", (error, article_id))
        return False
    text = html_to_plain(html)
    digest, old = text_digest(text), unpack(row[-2])
    if old and (digest == row[-1] or same_text(html_to_plain(old), text)):
        conn.execute(
            "UPDATE articles SET full_error = NULL, full_fetched = ?, page_lang = ? WHERE id = ?",
            (now, lang, article_id),
        )
        return False
    unindex(conn, row[:-1])
    conn.execute(
        "UPDATE articles SET full_content = ?, full_digest = ?, full_error = NULL, "
        "full_fetched = ?, page_lang = ? WHERE id = ?",
        (pack(html), digest, now, lang, article_id),
    )
    _, title, authors_json, summary, content, ctype, _ = row[:-1]
    authors = " ".join(json.loads(authors_json))
    values = index_text(title, authors, unpack(summary), unpack(content), ctype, html)
    _insert_index(conn, article_id, values)
    return True


def unindex(conn: sqlite3.Connection, row: Sequence[Any]) -> None:
    """Remove an article's index entries; `row` is the INDEXED columns as stored."""
    article_id, title, authors_json, summary, content, ctype, full = row
    authors = " ".join(json.loads(authors_json))
    values = index_text(title, authors, unpack(summary), unpack(content), ctype, unpack(full))
    conn.execute(
        "INSERT INTO articles_fts (articles_fts, rowid, title, authors, body) "
        "VALUES ('delete', ?, ?, ?, ?)",
        (article_id, *values),
    )


def _index_values(art: ParsedArticle, full: str = "") -> tuple[str, str, str]:
    return index_text(
        art.title, " ".join(art.authors), art.summary, art.content, art.content_type, full
    )


def _insert_index(conn: sqlite3.Connection, article_id: int, values: tuple[str, str, str]) -> None:
    conn.execute(
        "INSERT INTO articles_fts (rowid, title, authors, body) VALUES (?, ?, ?, ?)",
        (article_id, *values),
    )


def stored_form(art: ParsedArticle, digest: str | None = None) -> StoredForm:
    """What the store writes for `art`, computed without the database: the compression,
    hashing and HTML-to-text of a cold refresh, done in the parse workers (parse_pool.py)."""
    # A summary equal to the content is stored once.
    summary = "" if art.summary == art.content else art.summary
    return StoredForm(
        digest=digest or _digest(art),
        summary=pack(summary),
        content=pack(art.content),
        authors=json.dumps(art.authors, ensure_ascii=False),
        categories=json.dumps(art.categories, ensure_ascii=False),
        enclosures=_enclosures_json(art.enclosures),
        index=_index_values(art),
    )


def with_forms(parsed: ParsedFeed, known: dict[str, str] | None = None) -> ParsedFeed:
    """`parsed` with its stored forms; of an article in `known` (key -> digest, what the
    cache holds) with the same digest, only the digest: an everyday refresh brings a few new
    articles among dozens the cache has, and those need no compressing or indexing."""
    known = known or {}
    forms: list[StoredForm | str] = []
    for art in parsed.articles:
        digest = _digest(art)
        forms.append(digest if known.get(art.key) == digest else stored_form(art, digest))
    parsed.forms = forms
    return parsed


def known_digests(conn: sqlite3.Connection, feed_id: int) -> dict[str, str]:
    """key -> digest of every article of the feed in the cache (for with_forms)."""
    sql = "SELECT key, digest FROM articles WHERE feed_id = ?"
    return dict(conn.execute(sql, (feed_id,)).fetchall())


def _columns(art: ParsedArticle, form: StoredForm, now: int) -> tuple[object, ...]:
    """The article's own columns, in the order _INSERT and _UPDATE share."""
    return (
        art.link,
        art.title,
        form.authors,
        art.published,
        art.updated,
        # A date in the future would pin an article to the top for ever.
        min(art.published or art.updated or now, now),
        form.summary,
        form.content,
        art.content_type,
        form.categories,
        form.enclosures,
        form.digest,
        art.lang,
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
        repr([_enclosure_fields(e) for e in a.enclosures]),
        # Only when declared: the articles cached before languages were read keep their digest.
        *((a.lang,) if a.lang else ()),
    ):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _enclosure_fields(e: Enclosure) -> tuple[str, str | None, int | None, *tuple[int, ...]]:
    """url, type, length, and the duration only when known: rows stored before durations
    were read keep their form (and their digest)."""
    return (e.url, e.type, e.length, *((e.duration,) if e.duration is not None else ()))


def _enclosures_json(enclosures: list[Enclosure]) -> str:
    return json.dumps([list(_enclosure_fields(e)) for e in enclosures], ensure_ascii=False)
