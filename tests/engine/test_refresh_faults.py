"""One refresh over every kind of misbehaving server: each feed fails on its own, briefly."""

from __future__ import annotations

import time
from pathlib import Path

from tests.feedserver import RSS, FeedServer
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.refresh import RefreshOptions, refresh_sync
from tui_reader.engine.store import Store

GOOD = RSS.replace(b"<title>First</title>", b"<title>Survivor story</title>")


def test_each_fault_is_one_line_and_the_good_feed_lands(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    s = feed_server
    s.add("/good.xml", GOOD)
    s.slow("/slow.xml", nbytes=5, every=0.5)
    s.reset("/reset.xml")
    s.redirect("/loop-a", "/loop-b")
    s.redirect("/loop-b", "/loop-a")
    hop = s.redirect_chain("/hop", 9, "/good.xml")
    s.gzip_bomb("/bomb.xml")
    s.error("/busy.xml", 429, retry_after="120")
    s.error("/down.xml", 503)
    s.add(
        "/page.html",
        b"<!DOCTYPE html><html><head></head><body>Hi</body></html>",
        content_type="text/html",
    )
    s.add("/empty.xml", b"")
    s.add("/wrongtype.xml", GOOD, content_type="image/png")
    s.oversized("/huge.xml", 50_000_000)
    paths = [
        "/good.xml",
        "/slow.xml",
        "/reset.xml",
        "/loop-a",
        hop,
        "/bomb.xml",
        "/busy.xml",
        "/down.xml",
        "/page.html",
        "/empty.xml",
        "/wrongtype.xml",
        "/huge.xml",
    ]
    db = tmp_path / "cache.db"
    with Store(db) as store:
        feeds = [store.add_feed(s.url(p))[0] for p in paths]
        refreshed_at = time.time()
    start = time.monotonic()
    summary = refresh_sync(
        db, feeds, RefreshOptions(jobs=8, timeout=2.0, max_bytes=5_000_000, max_redirects=5)
    )
    elapsed = time.monotonic() - start
    assert elapsed < 15

    errors = {u.url.removeprefix(s.url("")): u.error for u in summary.updates}
    assert errors["/good.xml"] is None and errors["/wrongtype.xml"] is None
    expect = {
        "slow.xml": "timed out",
        "reset.xml": "reset",
        "loop-a": "redirect",
        "bomb.xml": "larger than",
        "busy.xml": "429",
        "down.xml": "503",
        "page.html": "not a feed: got an HTML page",
        "empty.xml": "empty",
        "huge.xml": "larger than",
    }
    for path, words in expect.items():
        assert words in (errors["/" + path] or ""), (path, errors["/" + path])
    assert "too many redirects" in errors[hop]
    assert all(len(e) < 200 and "\n" not in e for e in errors.values() if e)

    with Store(db) as store:
        hits = store.rows(ArticleQuery(search="survivor"), 0, 10)
        assert len(hits) == 2  # the good feed and the one served as image/png
        busy = store.find_feed(s.url("/busy.xml"))
        assert busy.failures == 1 and busy.retry_after >= refreshed_at + 100
        assert store.integrity_ok()
    # A feed that asked us to wait is not fetched again before then.
    before = len(s.requests_for("/busy.xml"))
    with Store(db) as store:
        refresh_sync(db, store.feeds(), RefreshOptions(timeout=2.0))
    assert len(s.requests_for("/busy.xml")) == before
