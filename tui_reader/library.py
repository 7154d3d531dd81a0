"""The one door to the cache, for the CLI and the app alike.

A Library opens the cache (loading the demo feeds into a cache nobody has subscribed
anything to, when asked), and answers everything the CLI and the UI want of it: feeds,
pages of a view, articles, read/star changes, related articles and refreshes. Nothing above
this module imports `engine.store` or `engine.refresh`.

Threads: each use has its own connection and lock, so a worker never waits behind another
kind of work, and a connection is never used by two threads at once:
- the main connection: the CLI, and the UI thread's reads and writes;
- the page connection (read-only): the article list's worker reads pages with it;
- the ranking connection (read-only): related articles, with their document-count cache.
- a sync's connection: opened for each sync (on a worker in the app) and closed after it.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from tui_reader.config import Config
from tui_reader.engine import enclosures
from tui_reader.engine.journal import ColumnChange, Journal, Undoable
from tui_reader.engine.models import (
    Article,
    ArticleRow,
    Feed,
    FeedUpdate,
    PageUpdate,
    RefreshSummary,
    plural,
)
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.related import DocCounts, related_articles
from tui_reader.engine.store import Store
from tui_reader.paths import Paths

if TYPE_CHECKING:
    from pathlib import Path

    from tui_reader.engine.discover import Checked
    from tui_reader.engine.download import Downloaded
    from tui_reader.engine.enclosures import Stopper
    from tui_reader.engine.feed_settings import FeedChanges
    from tui_reader.engine.image_store import ImageInfo
    from tui_reader.engine.models import Enclosure, ParsedFeed
    from tui_reader.engine.refresh import RefreshOptions
    from tui_reader.engine.retention import Limits, Plan
    from tui_reader.engine.sync.client import GReaderClient
    from tui_reader.engine.sync.run import SyncReport, SyncStatus
    from tui_reader.engine.tags import TagCount

__all__ = ["Library"]


class Library:
    """The cache at `paths`, read and written the way `config` says."""

    def __init__(self, paths: Paths, config: Config, store: Store, *, offline: bool = False):
        self.paths = paths
        self.config = config
        self.offline = offline
        self._store = store
        self._lock = threading.RLock()
        self._pages: Store | None = None
        self._pages_lock = threading.Lock()
        self._ranking: Store | None = None
        self._ranking_lock = threading.Lock()
        self._doc_counts = DocCounts()  # belongs to the ranking connection's cache
        self._client: GReaderClient | None = None  # the sync service's, once needed
        self._journal = Journal()  # this session's changes, for undo
        self._downloading: set[str] = set()  # enclosure URLs being downloaded (any thread)

    @classmethod
    def open(
        cls, paths: Paths, config: Config | None = None, *, offline: bool = False, demo: bool = True
    ) -> Library:
        """Open (creating) the cache; with `demo`, an empty cache gets the demo feeds once."""
        from tui_reader.engine.bootstrap import ensure_demo_feeds, skip_demo_feeds

        paths.ensure()
        config = config or Config()
        store = Store(paths.db_path)
        # With a sync service, it owns the subscriptions: no demo feeds, and every read or
        # star change is queued for it (engine/sync/outbox.py).
        store.sync_outbox = config.sync is not None
        try:
            if config.sync is not None and not store.readonly:
                skip_demo_feeds(store)  # for good: a synced cache is not a new user's
            elif demo:
                ensure_demo_feeds(store)
        except BaseException:
            store.close()
            raise
        return cls(paths, config, store, offline=offline)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        for lock, name in (
            (self._pages_lock, "_pages"),
            (self._ranking_lock, "_ranking"),
            (self._lock, "_store"),
        ):
            with lock:
                store = getattr(self, name)
                if store is not None:
                    store.close()
                    setattr(self, name, None)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.paths.db_path

    @property
    def readonly(self) -> bool:
        return self._store.readonly

    # -- feeds -------------------------------------------------------------------------------

    def feeds(self, *, with_counts: bool = True) -> list[Feed]:
        with self._lock:
            return self._store.feeds(with_counts=with_counts)

    def feed(self, feed_id: int) -> Feed | None:
        with self._lock:
            return self._store.get_feed(feed_id)

    def find_feed(self, url: str) -> Feed | None:
        with self._lock:
            return self._store.find_feed(url)

    def add_feed(
        self, url: str, title: str = "", folder: str | None = None, *, site_url: str | None = None
    ) -> tuple[Feed, bool]:
        """Subscribe (or revive a removed subscription); returns the feed and whether it is
        new. A non-empty `title` is the user's and outlives the feed's own."""
        if self.syncing:  # the service owns the list: subscribe there first
            self._on_service(lambda client: client.subscribe(url, folder, title))
        with self._lock:
            return self._store.add_feed(url, title, folder, site_url=site_url)

    def remove_feed(self, feed_id: int, *, purge: bool = False) -> int:
        """Unsubscribe; starred articles are kept (unless `purge`). Returns how many starred
        articles were kept (or, with `purge`, deleted)."""
        if self.syncing:
            from tui_reader.engine.sync.reconcile import feed_remote_id

            with self._lock:
                stream = feed_remote_id(self._store, feed_id)
            if stream is not None:
                self._on_service(lambda client: client.unsubscribe(stream))
        with self._lock:
            return self._store.remove_feed(feed_id, purge=purge)

    def set_full_text(self, feed_id: int, mode: str) -> None:
        """When to fetch the feed's article pages: "auto" (when its bodies look truncated),
        "always" or "never". ValueError on any other mode."""
        with self._lock:
            self._store.set_full_text(feed_id, mode)

    def known_articles(self, article_ids: Sequence[int]) -> set[int]:
        with self._lock:
            return self._store.known_articles(article_ids)

    def store_parsed(
        self,
        feed_id: int,
        parsed: ParsedFeed,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FeedUpdate:
        """Store a feed already fetched and parsed (as `add` does after checking it).
        With a sync service, nothing: its copy, with the service's ids, comes at the next
        sync (storing ours too would show each article twice)."""
        if self.syncing:
            return FeedUpdate(feed_id=feed_id, url="", title=parsed.title)
        with self._lock:
            return self._store.apply_parsed(
                feed_id,
                parsed,
                etag=etag,
                last_modified=last_modified,
                rules=self.config.rules,
            )

    def check_feeds(self, urls: Sequence[str]) -> list[Checked]:
        """Fetch each URL with the config's limits: is it a feed, or a page that offers one?
        Nothing is stored."""
        from tui_reader.engine.discover import check_feeds
        from tui_reader.engine.fetch import FetchLimits

        config = self.config
        limits = FetchLimits(
            timeout=config.timeout, max_bytes=config.max_bytes, max_redirects=config.max_redirects
        )
        return check_feeds(list(urls), limits, jobs=config.jobs)

    def local_problem(self, url: str) -> str | None:
        """Why the feed at `url` cannot be read if it is a local file (missing, a folder, a
        pipe or device, which would hang every later refresh), else None. Opens nothing."""
        from tui_reader.engine.local import is_local, local_problem
        from tui_reader.engine.refresh import fetch_url

        path = fetch_url(url)
        return local_problem(path) if is_local(path) else None

    def skip_demo_feeds(self) -> None:
        """The user subscribed to something: this cache never gets the demo feeds."""
        from tui_reader.engine.bootstrap import skip_demo_feeds

        with self._lock:
            skip_demo_feeds(self._store)

    # -- reading -----------------------------------------------------------------------------

    def article(self, article_id: int) -> Article | None:
        with self._lock:
            article = self._store.get_article(article_id)
        if article is not None and article.enclosures:  # a stopped or running download
            enclosures.add_progress(article, self.download_folder(), self._downloading)
        return article

    def count(self, query: ArticleQuery) -> int:
        with self._lock:
            return self._store.count(query)

    def unread_count(self, query: ArticleQuery) -> int:
        with self._lock:
            return self._store.unread_count(query)

    def rows(
        self, query: ArticleQuery, offset: int, limit: int, *, total: int | None = None
    ) -> list[ArticleRow]:
        with self._lock:
            return self._store.rows(query, offset, limit, total=total)

    def iter_rows(self, query: ArticleQuery, limit: int = -1) -> Iterator[ArticleRow]:
        """Every row of a view, streamed (the CLI's `unread`); holds the main connection."""
        with self._lock:
            yield from self._store.iter_rows(query, limit)

    def page(
        self, query: ArticleQuery, offset: int, limit: int, *, total: int | None = None
    ) -> list[ArticleRow]:
        """`rows`, on the page connection: for the article list's worker thread."""
        with self._pages_lock:
            if self._pages is None:
                self._pages = Store(self.path, readonly=True)
            return self._pages.rows(query, offset, limit, total=total)

    def page_count(self, query: ArticleQuery) -> int:
        """`count`, on the page connection (for the list's worker thread)."""
        with self._pages_lock:
            if self._pages is None:
                self._pages = Store(self.path, readonly=True)
            return self._pages.count(query)

    def page_feeds(self) -> tuple[list[Feed], int]:
        """`feeds` with their counts and the unread starred count, on the page connection:
        for a worker thread (the counts walk every article: 184 ms at 1,000,000)."""
        with self._pages_lock:
            if self._pages is None:
                self._pages = Store(self.path, readonly=True)
            starred = self._pages.unread_count(ArticleQuery(starred=True))
            return self._pages.feeds(with_counts=True), starred

    def links_of(self, article_ids: Sequence[int]) -> dict[int, str | None]:
        """Each article's link (None when it has none)."""
        with self._lock:
            return self._store.links_of(article_ids)

    def position(self, query: ArticleQuery, article_id: int) -> int | None:
        with self._lock:
            return self._store.position(query, article_id)

    def next_unread(
        self, query: ArticleQuery, after_id: int | None, *, forward: bool = True
    ) -> int | None:
        with self._lock:
            return self._store.next_unread(query, after_id, forward=forward)

    # -- changes -----------------------------------------------------------------------------

    def set_read(self, article_ids: Iterable[int], read: bool = True) -> None:
        with self._lock:
            change = self._store.change_articles(article_ids, "read", int(read), "")
            self._record(change, "marked", "read" if read else "unread")

    def set_starred(self, article_id: int, starred: bool) -> None:
        with self._lock:
            change = self._store.change_articles([article_id], "starred", int(starred), "")
            self._record(change, "starred" if starred else "unstarred")

    def set_hidden(self, article_ids: Iterable[int], hidden: bool = True) -> None:
        """Hide articles by hand (or show them again); undoable like read and star."""
        with self._lock:
            change = self._store.change_articles(article_ids, "hidden", int(hidden), "")
            self._record(change, "hid" if hidden else "unhid")

    def mark_view_read(self, query: ArticleQuery) -> int:
        """Mark the view's unread articles read (one transaction; one undo)."""
        with self._lock:
            feed = self._store.get_feed(query.feed_id) if query.feed_id is not None else None
            where = query.label(feed.display_title if feed else None)
            change = self._store.mark_view_read_change(query, "")
            change.what = f"marked {change.rows:,} read in {where}"
            self._journal.record(change)
            return change.rows

    # -- undo --------------------------------------------------------------------------------

    def record(self, change: Undoable) -> None:
        """Keep a change made elsewhere (tags, say) for `undo`: anything with a `what` and
        an `undo(conn)` that restores its rows inside a transaction (see journal.py)."""
        with self._lock:
            self._journal.record(change)

    def undo(self) -> str | None:
        """Undo the session's last change (in one transaction); what was undone, or None
        when there is nothing left to undo. A failure keeps the change for another try."""
        with self._lock:
            change = self._journal.last()
            if change is None:
                return None
            self._store.undo(change)
            self._journal.drop_last()
            return change.what

    def _record(self, change: ColumnChange, verb: str, state: str = "") -> None:
        """Name the change ("marked read: Title" for one article, "marked 12 read" for
        more) and keep it for undo."""
        state = f" {state}" if state else ""
        if change.rows == 1:
            (article_id,) = next(iter(change.previous.values()))
            title = self._store.value("SELECT title FROM articles WHERE id = ?", (article_id,))
            change.what = f"{verb}{state}: {title or 'an untitled article'}"
        else:
            change.what = f"{verb} {change.rows:,}{state}"
        self._journal.record(change)

    # -- retention ---------------------------------------------------------------------------

    def retention(self, *, older_than_days: int | None = None, unread: bool = False) -> Limits:
        """The config's [retention] limits; `older_than_days` (cleanup --older-than)
        replaces keep_days."""
        from tui_reader.engine.retention import Limits

        config = self.config
        days = older_than_days if older_than_days is not None else config.keep_days or None
        return Limits(days, config.max_per_feed or None, unread)

    def cleanup_plan(self, limits: Limits) -> Plan:
        """What a cleanup within `limits` would remove; nothing changes. On a connection
        of its own (the app plans in a worker: 0.45 s at 100,000 articles)."""
        from tui_reader.engine.retention import plan

        with Store(self.path, readonly=True) as store:
            return plan(store, limits)

    def cleanup(self, ids: list[int], *, reclaim: bool = True) -> tuple[int, int, int]:
        """Remove these articles (one transaction; starred or tagged ones are kept) and,
        with `reclaim`, give the space back to the disk (VACUUM: seconds on a big cache).
        Returns (removed, file bytes before, after). Not undoable: the text is gone. On a
        connection of its own, so the app's reads go on meanwhile (WAL)."""
        from tui_reader.engine.retention import reclaim as vacuum
        from tui_reader.engine.retention import remove

        before = self._file_bytes()
        with Store(self.path) as store:
            removed = remove(store, ids)
            if reclaim:
                vacuum(store)
        return removed, before, self._file_bytes()

    def _file_bytes(self) -> int:
        path = self.path
        wal = path.with_name(path.name + "-wal")
        return sum(p.stat().st_size for p in (path, wal) if p.exists())

    # -- saving -------------------------------------------------------------------------------

    def markdown(self, article_id: int) -> str | None:
        """The article as Markdown (its full text when stored), or None if it is gone."""
        from tui_reader.content.markdown import render_markdown
        from tui_reader.content.reading import read_article

        article = self.article(article_id)
        return None if article is None else render_markdown(read_article(article))

    def save_markdown(self, article_id: int, folder: Path | None = None) -> Path | None:
        """Write the article as Markdown into `folder` (the config's save_dir, else
        "saved" in the data folder), named after its title; never over a file: a name
        taken becomes name-1.md, name-2.md … None if the article is gone. OSError (a
        folder that cannot be made or written) is the caller's to report."""
        from pathlib import Path

        text = self.markdown(article_id)
        if text is None:
            return None
        title = self._store.value("SELECT title FROM articles WHERE id = ?", (article_id,))
        if folder is None:
            chosen = self.config.save_dir
            folder = Path(chosen).expanduser() if chosen else self.paths.data_dir / "saved"
        folder.mkdir(parents=True, exist_ok=True)
        stem = file_stem(title or "", f"article-{article_id}")
        for n in range(10_000):
            path = folder / (f"{stem}-{n}.md" if n else f"{stem}.md")
            try:
                with path.open("x", encoding="utf-8") as out:  # "x": never overwrite
                    out.write(text)
            except FileExistsError:
                continue
            return path
        raise FileExistsError(f"{folder} already holds 10,000 files named {stem}")

    # -- enclosures (podcasts, video) ---------------------------------------------------------

    def download_folder(self) -> Path:
        """The config's download_dir, else "downloads" in the data folder."""
        from pathlib import Path

        chosen = self.config.download_dir
        return Path(chosen).expanduser() if chosen else self.paths.data_dir / "downloads"

    def download_enclosure(
        self,
        article_id: int,
        url: str | None = None,
        folder: Path | None = None,
        on_progress: Callable[[int, int | None], None] | None = None,
        stop: Stopper | None = None,
    ) -> Downloaded:
        """Download the article's enclosure (`url`, else its first) and remember where it
        went. DownloadError for no such article or enclosure, and for a failed download
        (DownloadStopped when `stop` was used: the .part is kept); OSError for a folder
        that cannot be written. Blocking: call it off the UI thread."""
        from tui_reader.engine.download import download
        from tui_reader.engine.errors import DownloadError
        from tui_reader.engine.fetch import FetchLimits

        if self.offline:
            raise DownloadError("offline: not downloading (--offline)")
        enclosure = self.enclosure(article_id, url)
        if enclosure is None:
            raise DownloadError(f"article {article_id} has no such attachment")
        config = self.config
        limits = FetchLimits(timeout=config.timeout, max_redirects=config.max_redirects)
        name = enclosures.safe_name(enclosure.url, f"article-{article_id}", enclosure.type)
        self._downloading.add(enclosure.url)
        try:
            done = download(
                enclosure.url,
                folder or self.download_folder(),
                name,
                max_bytes=config.max_download_bytes,
                limits=limits,
                on_progress=on_progress,
                stop=stop,
            )
        finally:
            self._downloading.discard(enclosure.url)
        with self._lock:
            enclosures.mark_downloaded(
                self._store, article_id, enclosure.url, str(done.path), done.size
            )
        return done

    def enclosure(self, article_id: int, url: str | None = None) -> Enclosure | None:
        """The article's enclosure with this URL, else its first; None when it has none."""
        article = self.article(article_id)
        found = [e for e in (article.enclosures if article else []) if e.url]
        return next((e for e in found if url is None or e.url == url), None)

    def mark_played(self, article_id: int, url: str) -> None:
        with self._lock:
            enclosures.mark_played(self._store, article_id, url)

    # -- tags and per-feed settings ----------------------------------------------------------

    def tag_articles(
        self, article_ids: Sequence[int], add: Sequence[str], remove: Sequence[str] = ()
    ) -> None:
        """Add and remove user tags (checked by engine.tags.check_tags) on articles; one
        change for undo."""
        with self._lock:
            change = self._store.change_article_tags(article_ids, add, remove)
            what = [f"+{tag}" for tag in dict.fromkeys(t for _, t in change.added)]
            what += [f"-{tag}" for tag in dict.fromkeys(t for _, t in change.removed)]
            articles = len({i for i, _ in change.added + change.removed})
            change.what = f"tagged {plural(articles, 'article')} {' '.join(what)}"
            self._journal.record(change)

    def tag_feed(self, feed_id: int, add: Sequence[str], remove: Sequence[str] = ()) -> None:
        """Add and remove a feed's tags; its articles show and match them."""
        with self._lock:
            self._store.change_feed_tags(feed_id, add, remove)

    def tag_counts(self) -> list[TagCount]:
        """Every tag, with how many articles (and unread ones) it holds."""
        with self._lock:
            return self._store.tag_counts()

    def update_feed(self, feed_id: int, changes: FeedChanges) -> None:
        """Store a feed's own settings (engine.feed_settings checks them)."""
        with self._lock:
            self._store.update_feed(feed_id, changes)

    # -- queries and rules -------------------------------------------------------------------

    @staticmethod
    def query_problem(text: str) -> str | None:
        """Why `text` is not a query (one line naming the term), or None."""
        from tui_reader.engine.querylang import check

        return check(text)

    def apply_rules(self) -> list[int]:
        """The config's rules applied to the whole cache in one transaction; how many
        articles each changed."""
        with self._lock:
            return self._store.apply_rules(self.config.rules)

    def rule_effects(self) -> list[tuple[int, int]]:
        """(matched, would change) for each of the config's rules; nothing is written."""
        with self._lock:
            return self._store.rule_effects(self.config.rules)

    # -- related articles --------------------------------------------------------------------

    def related(self, article: Article, limit: int = 10) -> list[ArticleRow]:
        """Cached articles closest to `article`; on its own connection (call from a worker),
        whose page cache and document counts stay warm from one article to the next."""
        with self._ranking_lock:
            if self._ranking is None:
                self._ranking = Store(self.path, readonly=True)
                self._doc_counts = DocCounts()
            return related_articles(self._ranking, article, limit, self._doc_counts)

    # -- refresh -----------------------------------------------------------------------------

    def refresh_options(self, *, force: bool = False, jobs: int | None = None) -> RefreshOptions:
        """The refresh settings of the config, built in one place for the CLI and the app."""
        from tui_reader.engine.refresh import RefreshOptions

        config = self.config
        return RefreshOptions(
            jobs=jobs or config.jobs,
            timeout=config.timeout,
            max_bytes=config.max_bytes,
            max_redirects=config.max_redirects,
            force=force,
            rules=tuple(config.rules),
            images=config.images != "off",
        )

    def due_feeds(
        self, feeds: Sequence[Feed], *, force: bool = False, scheduled: bool = False
    ) -> list[Feed]:
        """The feeds a refresh fetches now: not gone, not asked to wait (Retry-After,
        max-age, Expires, <ttl>, <skipHours>), their own interval passed; all if `force`.
        `scheduled` (the app's timer): their own interval, else the config's
        refresh_interval, has passed; a feed with neither waits for R."""
        from tui_reader.engine.refresh import due

        default = self.config.refresh_interval * 60 or None
        now = time.time()
        if not scheduled:
            return [f for f in feeds if due(f, now, force)]
        return [f for f in feeds if (f.refresh_interval or default) and due(f, now, force, default)]

    def refresh(
        self,
        feeds: Sequence[Feed] | None = None,
        *,
        force: bool = False,
        jobs: int | None = None,
        on_update: Callable[[FeedUpdate], None] | None = None,
        cancel: threading.Event | None = None,
        on_page: Callable[[PageUpdate], None] | None = None,
    ) -> RefreshSummary:
        """Fetch `feeds` (all when None) into the cache, then the article pages due (see
        `fetch_text`); blocking, so call it from a worker in the app. Each feed and each
        page is one transaction: a cancel leaves each whole or untouched."""
        from tui_reader.engine.refresh import refresh_sync

        todo = list(feeds) if feeds is not None else self.feeds(with_counts=False)
        options = self.refresh_options(force=force, jobs=jobs)
        summary = refresh_sync(
            self.path, todo, options, on_update=on_update, cancel=cancel, on_page=on_page
        )
        if not (cancel is not None and cancel.is_set()):
            summary.cleaned = self.auto_cleanup()
        return summary

    def auto_cleanup(self) -> int:
        """After a refresh, only when [retention] sets a limit: remove the read articles
        past it, on a connection of its own (the UI's stays free). No VACUUM: the freed
        pages take the next refresh's articles, so the file stops growing; `cleanup`
        gives the space back to the disk."""
        from tui_reader.engine.retention import plan, remove

        limits = self.retention()
        if not limits.any or self.readonly:
            return 0
        with Store(self.path) as store:
            return remove(store, plan(store, limits).ids)

    def fetch_text(
        self,
        article_ids: Sequence[int],
        *,
        on_page: Callable[[PageUpdate], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> list[PageUpdate]:
        """Fetch these articles' pages now and store their full text (or why not); one
        update per article, in order. Blocking: call it from a worker in the app."""
        ids = list(dict.fromkeys(article_ids))
        if self.offline:
            return [PageUpdate(i, "", False, "offline: not fetched") for i in ids]
        from tui_reader.engine.pages import fetch_pages_sync

        return fetch_pages_sync(self.path, ids, self.refresh_options(), on_page, cancel)

    # -- sync --------------------------------------------------------------------------------

    @property
    def syncing(self) -> bool:
        """A sync service is configured ([sync]): it owns the subscriptions."""
        return self.config.sync is not None

    def sync(self, on_step: Callable[[str], None] | None = None) -> SyncReport:
        """Push queued changes to the service and pull its feeds, items and state, on a
        connection of its own (the app keeps reading meanwhile). Blocking: call it from a
        worker. SyncError (one line) when it cannot; queued changes stay queued."""
        from tui_reader.engine.sync.client import GReaderClient, SyncError
        from tui_reader.engine.sync.run import read_password, record_failure, sync

        settings = self.config.sync
        if settings is None:
            raise SyncError("no sync service: add a [sync] section to config.toml")
        if self.offline:
            raise SyncError("offline: not syncing")
        with Store(self.path) as store:
            try:
                password = read_password(settings.password_cmd)
                with GReaderClient(
                    settings.url, settings.user, password, timeout=self.config.timeout
                ) as client:
                    return sync(store, client, on_step=on_step)
            except SyncError as exc:
                record_failure(store, str(exc))
                raise

    def _on_service(self, call: Callable[[GReaderClient], None]) -> None:
        """`call` with a client logged in to the service (one per Library, kept for the
        next call: an import subscribes many feeds). SyncError when it cannot."""
        from tui_reader.engine.sync.client import GReaderClient, SyncError
        from tui_reader.engine.sync.run import read_password

        settings = self.config.sync
        assert settings is not None
        if self.offline:
            raise SyncError("offline: the sync service owns the subscriptions; not changed")
        if self._client is None:
            password = read_password(settings.password_cmd)
            self._client = GReaderClient(
                settings.url, settings.user, password, timeout=self.config.timeout
            )
        call(self._client)

    def sync_status(self) -> SyncStatus:
        """When the last sync worked, how many changes wait, why the last one failed."""
        from tui_reader.engine.sync.run import status

        with self._lock:
            return status(self._store)

    # -- images (engine/images.py) -------------------------------------------------------------

    def fetch_images(self, article_ids: Sequence[int]) -> int:
        """Fetch these articles' images now (blocking); how many were stored. Nothing when
        offline or `images = "off"`."""
        if self.offline or self.config.images == "off" or not article_ids:
            return 0
        from tui_reader.engine.images import fetch_images_sync

        return fetch_images_sync(self.path, list(article_ids), self.refresh_options())

    def image_infos(self, article_id: int) -> dict[str, ImageInfo]:
        """The article's stored images by URL: sizes and errors, no bytes (cheap)."""
        with self._lock:
            return self._store.image_infos(article_id)

    def image_data(self, article_id: int, url: str) -> bytes | None:
        """One stored image's bytes (re-encoded PNG/JPEG), or None."""
        with self._lock:
            return self._store.image_data(article_id, url)


def file_stem(title: str, fallback: str, limit: int = 60) -> str:
    """A file name from an article title: words and dashes only (no slash, dot or control
    character can come through), at most `limit` characters."""
    words = re.findall(r"\w+", title)
    stem = "-".join(words)[:limit].strip("-_")
    return stem.lower() or fallback
