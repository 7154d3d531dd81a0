"""The cache's schema, its forward migrations, and opening the file safely."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tui_reader.engine.errors import StoreError

CACHE_KB = 32000  # SQLite's page cache for the connection that writes
READONLY_CACHE_KB = 4000
BUSY_TIMEOUT_S = 30.0  # a second process waits this long for the write lock instead of failing

# Each entry moves the schema from version i to i+1; never edit one that has shipped.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        url TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        site_url TEXT,
        folder TEXT,
        etag TEXT,
        last_modified TEXT,
        last_fetch INTEGER,
        last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        gone INTEGER NOT NULL DEFAULT 0,
        retry_after INTEGER,
        added INTEGER NOT NULL
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        link TEXT,
        title TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL DEFAULT '[]',
        published INTEGER,
        updated INTEGER,
        sort_time INTEGER NOT NULL,
        summary BLOB,
        content BLOB,
        content_type TEXT NOT NULL DEFAULT 'html',
        categories TEXT NOT NULL DEFAULT '[]',
        enclosures TEXT NOT NULL DEFAULT '[]',
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        first_seen INTEGER NOT NULL,
        digest TEXT NOT NULL,
        UNIQUE (feed_id, key)
    );
    CREATE INDEX articles_by_time ON articles (sort_time DESC, id DESC);
    CREATE INDEX articles_by_feed ON articles (feed_id, sort_time DESC, id DESC);
    CREATE INDEX articles_unread ON articles (sort_time DESC, id DESC) WHERE read = 0;
    CREATE INDEX articles_starred ON articles (sort_time DESC, id DESC) WHERE starred = 1;
    CREATE INDEX articles_feed_read ON articles (feed_id, read);
    -- Contentless: the index keeps no copy of the text (the cache stays small); the store
    -- re-derives an article's old text to delete its entries when it changes. No prefix
    -- indexes: they tripled the index for little gain (prefix queries still work).
    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, authors, body,
        content = '',
        tokenize = 'unicode61 remove_diacritics 2'


    );
    CREATE VIRTUAL TABLE articles_vocab USING fts5vocab (articles_fts, 'row');
    """,
    # removed: unsubscribed, kept only for its starred articles (hidden from feeds, refresh,
    # export and counts; adding the URL again revives it). title_set: the title was the
    # user's (add --title, OPML), so the feed's own title does not overwrite it.
    """
    ALTER TABLE feeds ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE feeds ADD COLUMN title_set INTEGER NOT NULL DEFAULT 0;
    """,
    # Full text: feeds.full_text says when to fetch an article's page ('auto' when its
    # bodies look truncated, 'always', 'never'). full_content is the page's extracted body
    # (packed like content), full_digest a hash of its plain text, full_error why the last
    # fetch failed (the feed's text stays), full_fetched when a fetch last worked. Once an
    # article has full_content, the index holds that instead of the feed's text.
    """
    ALTER TABLE feeds ADD COLUMN full_text TEXT NOT NULL DEFAULT 'auto';
    ALTER TABLE articles ADD COLUMN full_content BLOB;
    ALTER TABLE articles ADD COLUMN full_digest TEXT;
    ALTER TABLE articles ADD COLUMN full_error TEXT;
    ALTER TABLE articles ADD COLUMN full_fetched INTEGER;
    """,
    # Organise: user tags on articles and feeds (a feed's tags apply to its articles when
    # queried, never copied onto them), articles hidden by a rule or by hand, and per-feed
    # settings: kept out of All, its own refresh interval (seconds; NULL: the global one),
    # and next_due, the earliest time a polite refresh polls it again (max-age, Expires,
    # <ttl>, <skipHours>; a forced refresh ignores it).
    """
    ALTER TABLE articles ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE article_tags (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (article_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX article_tags_by_tag ON article_tags (tag, article_id);
    CREATE TABLE feed_tags (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (feed_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX feed_tags_by_tag ON feed_tags (tag, feed_id);
    ALTER TABLE feeds ADD COLUMN hide_from_all INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE feeds ADD COLUMN refresh_interval INTEGER;
    ALTER TABLE feeds ADD COLUMN next_due INTEGER;
    """,
    # Sync with a Google Reader API service: remote_id is the service's stream id of a feed
    # ("feed/12") and its decimal item id of an article. sync_outbox queues each local read/
    # starred change (made in the same transaction as the change) until the service has it;
    # the service's state wins at a sync unless the item still has a row here. The last
    # sync's time and results live in meta under "sync.*".
    """
    ALTER TABLE feeds ADD COLUMN remote_id TEXT;
    ALTER TABLE articles ADD COLUMN remote_id INTEGER;
    CREATE UNIQUE INDEX articles_by_remote ON articles (remote_id) WHERE remote_id IS NOT NULL;
    CREATE TABLE sync_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        item INTEGER NOT NULL,
        field TEXT NOT NULL,
        value INTEGER NOT NULL,
        queued INTEGER NOT NULL
    );
    CREATE INDEX sync_outbox_by_item ON sync_outbox (item);
    """,
    # Retention: the (feed, key) of each article a cleanup removed, so a refresh does not
    # store it again as new while its feed still lists it (see retention.py).
    # Sorting (articles.ORDERS): without these, each page of 100,000 sorted by title or
    # by feed took a 65 ms sort; with them under 1 ms (bench/organise.py). Unread first
    # has no index of its own (see articles.rows).
    """
    CREATE TABLE cleaned (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        PRIMARY KEY (feed_id, key)
    ) WITHOUT ROWID;
    CREATE INDEX articles_by_title ON articles (title COLLATE NOCASE, id);
    CREATE INDEX feeds_by_name ON feeds (coalesce(nullif(title, ''), url) COLLATE NOCASE, id);
    """,
    # Queries: every view leaves hidden articles out; the few hidden ones are found here, so
    # a search ranks inside the index and drops them without reading each match's row, and
    # a view is counted as all its articles less its hidden ones. articles_state covers the
    # state a query filters on, in list order: `is:unread -is:starred` counted 100,000
    # articles in 12 ms with it, 190 ms reading each row (the state sits after the bodies,
    # on overflow pages). articles_state_by_id is the same by id, for a search inside a
    # view to check each match: a word in the unread view, 9 ms instead of 22. Its feed_id
    # comes last: second, `feed_id IN (a folder's feeds)` made a seek per feed per match.
    """
    CREATE INDEX articles_hidden ON articles (id) WHERE hidden = 1;
    CREATE INDEX articles_state
        ON articles (sort_time DESC, id DESC, feed_id, read, starred, hidden);
    CREATE INDEX articles_state_by_id
        ON articles (id, read, starred, hidden, sort_time, feed_id);
    """,
    # Images, there offline (engine/images.py): each article's images fetched at refresh,
    # downscaled and re-encoded (data NULL and error set when refused or failed, so it is
    # not tried again); they go with their article.
    """
    CREATE TABLE images (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        data BLOB,
        width INTEGER NOT NULL DEFAULT 0,
        height INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        fetched INTEGER NOT NULL,
        PRIMARY KEY (article_id, url)
    ) WITHOUT ROWID;
    """,
    # Enclosures (podcasts, video): when one was last played and where it was downloaded
    # (file: the local path, bytes: its size). Keyed by article and URL: an article may have
    # several; a row goes with its article.
    """
    CREATE TABLE enclosure_state (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        played_at INTEGER,
        file TEXT,
        bytes INTEGER,
        PRIMARY KEY (article_id, url)
    ) WITHOUT ROWID;
    """,
    # Declared languages (BCP 47, sanitize.clean_lang): the feed's, the entry's own, and its
    # page's when the full text was fetched; the quote finder goes by them (page over entry
    # over feed) before guessing from the words.
    """
    ALTER TABLE feeds ADD COLUMN lang TEXT;
    ALTER TABLE articles ADD COLUMN lang TEXT;
    ALTER TABLE articles ADD COLUMN page_lang TEXT;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the cache; StoreError on anything unusable."""
    if not readonly:
        path.parent.mkdir(parents=True, exist_ok=True)
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    try:
        conn = sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the cache {path}: {exc}") from None
    try:
        _check_header(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode survives a crash or kill -9 of the process; only a power cut
            # may lose the last transactions.
            conn.execute("PRAGMA synchronous = NORMAL")
        # The app's read-only connections (list pages and counts, related ranking) keep a
        # small page cache: at 32 MB each they held 20-30 MB more of the app's memory at its
        # first screen (72 MB -> 55 MB at 10,000 articles, measured in tmux); the OS keeps
        # the file's pages cached for them anyway.
        conn.execute(f"PRAGMA cache_size = -{READONLY_CACHE_KB if readonly else CACHE_KB}")
        conn.execute("PRAGMA temp_store = MEMORY")
        _migrate(conn, path, readonly)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(describe_error(exc, path)) from None
    except StoreError:
        conn.close()
        raise
    return conn


def _check_header(conn: sqlite3.Connection, path: Path) -> None:
    # Reading the schema forces SQLite to read page 1: a non-database or a damaged header fails
    # here, before we write anything, so the file is kept as it was for the user to rescue.
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(describe_error(exc, path)) from None


def _migrate(conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the cache {path} was written by a newer tui-reader (schema {version}); "
            "upgrade tui-reader to use it"
        )
    if version == SCHEMA_VERSION:
        return
    if readonly:
        raise StoreError(f"the cache {path} is read-only and needs an upgrade")
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while we waited for the lock.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[step]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT our transaction; split on ';' at line ends instead.
    lines = [ln for ln in script.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";\n") if s.strip().rstrip(";")]


def describe_error(exc: sqlite3.Error, path: Path) -> str:
    """One line for people about a database error."""
    text = str(exc)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return (
            f"the cache {path} is damaged ({text}); it was left untouched. "
            "Move it away to start with a fresh cache."
        )
    if "readonly" in text or "read-only" in text:
        return f"the cache {path} is read-only; changes cannot be saved"
    if "disk is full" in text or "disk I/O" in text:
        return f"cannot write the cache {path}: {text}"
    if "locked" in text or "busy" in text:
        return f"the cache {path} is busy (another tui-reader is writing); try again"
    return f"cache error ({path}): {text}"
