"""The door's foundation: the connections and locks every concern below uses (see the
package's docstring for which thread uses which)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Self

from tui_reader.config import Config
from tui_reader.engine.journal import Journal
from tui_reader.engine.related import DocCounts
from tui_reader.engine.store import Store
from tui_reader.paths import Paths

if TYPE_CHECKING:
    from pathlib import Path

    from tui_reader.engine.sync.client import GReaderClient


class Door:
    """The cache at `paths`, read and written the way `config` says: the connections,
    their locks, and what every concern of the door shares."""

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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.paths.db_path

    @property
    def readonly(self) -> bool:
        return self._store.readonly

    def _pages_store(self) -> Store:
        """The page connection (read-only), opened on first use; hold `_pages_lock`."""
        if self._pages is None:
            self._pages = Store(self.path, readonly=True)
        return self._pages

    # -- the sync service owns the subscriptions, when there is one ---------------------------

    @property
    def syncing(self) -> bool:
        """A sync service is configured ([sync]): it owns the subscriptions."""
        return self.config.sync is not None

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
