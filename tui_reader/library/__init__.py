"""The one door to the cache, for the CLI and the app alike.

A Library opens the cache (loading the demo feeds into a cache nobody has subscribed
anything to, when asked), and answers everything the CLI and the UI want of it: feeds,
pages of a view, articles, read/star changes, related articles and refreshes. Nothing above
this package imports `engine.store` or `engine.refresh`.

Threads: each use has its own connection and lock, so a worker never waits behind another
kind of work, and a connection is never used by two threads at once:
- the main connection: the CLI, and the UI thread's reads and writes;
- the page connection (read-only): the article list's worker reads pages with it;
- the ranking connection (read-only): related articles, with their document-count cache.
- a sync's connection: opened for each sync (on a worker in the app) and closed after it.

The door is one class, built up in layers, one concern to a module, each over the one
before: base (connections, locks) < feeds < reading < organise < keeping < network, and
`Library` on top opens a cache. A concern uses only what the layers under it offer.
"""

from __future__ import annotations

from tui_reader.config import Config
from tui_reader.engine.store import Store
from tui_reader.library.network import NetworkDoor
from tui_reader.paths import Paths

__all__ = ["Library"]


class Library(NetworkDoor):
    """The cache at `paths`, read and written the way `config` says."""

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
