"""First use of an empty cache: subscribe to the bundled demo feeds and load them offline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.paths import bundled_feeds_dir

if TYPE_CHECKING:
    from tui_reader.engine.models import RefreshSummary
    from tui_reader.engine.store import Store

_DONE = "demo_feeds_loaded"


def ensure_demo_feeds(store: Store) -> RefreshSummary | None:
    """Load the demo feeds once per cache; a user who later removes them keeps them removed."""
    if store.readonly or store.get_meta(_DONE) is not None:
        return None
    if store.feeds(with_counts=False):
        store.set_meta(_DONE, "skipped")
        return None
    # Lazy: every start asks, one start in a cache's life loads them; the refresh machinery
    # (urllib, http.client, email: 1.5 MB and 10 ms of imports) is not for the others.
    from tui_reader.engine.local import BUNDLED
    from tui_reader.engine.opml import read_opml
    from tui_reader.engine.refresh import RefreshOptions, refresh_sync

    listing = bundled_feeds_dir() / "demo.opml"
    entries = read_opml(listing.read_bytes())
    feeds = []
    for entry in entries:
        url = entry.url if "://" in entry.url else BUNDLED + entry.url
        feed, _ = store.add_feed(url, entry.title, entry.folder)
        feeds.append(feed)
    summary = refresh_sync(store.path, feeds, RefreshOptions(jobs=4))
    store.set_meta(_DONE, "yes")
    return summary


def skip_demo_feeds(store: Store) -> None:
    """The user subscribed to something: this cache never gets the demo feeds."""
    if store.get_meta(_DONE) is None:
        store.set_meta(_DONE, "skipped")
