"""Every real-world feed file in ../shared/corpus through fetch (file://) -> parse -> store."""

from __future__ import annotations

import io
from pathlib import Path

import feedparser
import pytest

from tests.shared import CORPUS
from tui_reader.engine.refresh import RefreshOptions, refresh_sync
from tui_reader.engine.store import Store

FILES = (
    sorted(
        p for p in CORPUS.rglob("*") if p.is_file() and not p.name.startswith(("LICENSE", "README"))
    )
    if CORPUS.is_dir()
    else []
)


@pytest.mark.skipif(not FILES, reason="../shared/corpus is not beside the checkout")
def test_whole_corpus_goes_through_fetch_parse_store(tmp_path: Path) -> None:
    db = tmp_path / "cache.db"
    with Store(db) as store:
        feeds = [store.add_feed(p.as_uri())[0] for p in FILES]
        # Parse and store are what is tested here: the corpus links to the real web, where a
        # test must never go, so no article page is fetched.
        for feed in feeds:
            store.set_full_text(feed.id, "never")
    summary = refresh_sync(db, feeds, RefreshOptions(jobs=16, parse_timeout=60))

    assert len(summary.updates) == len(FILES)
    unexpected = [u for u in summary.updates if u.error and u.error.startswith("unexpected")]
    assert unexpected == []
    # Errors are one short line for people, never a traceback.
    assert all(len(u.error) < 300 and "\n" not in u.error for u in summary.updates if u.error)

    with Store(db) as store:
        assert store.integrity_ok()
        totals = {f.url: f.total for f in store.feeds()}
    missing = []
    for path in FILES:
        entries = feedparser.parse(io.BytesIO(path.read_bytes())).entries
        if entries and totals[path.as_uri()] == 0:
            missing.append(path.relative_to(CORPUS))
    assert missing == []
    # JSON Feeds, which feedparser 6 cannot read, are stored through our own parser.
    json_feeds = [p for p in FILES if p.suffix == ".json"]
    assert sum(totals[p.as_uri()] > 0 for p in json_feeds) >= 12
