"""Polite scheduling through `refresh` and `feeds`: a feed that asked not to be polled yet
(Cache-Control max-age, Expires, RSS <ttl>, <skipHours>), or whose own interval has not
passed, is skipped unless forced; each wish is bounded."""

from __future__ import annotations

import time
from email.utils import formatdate
from pathlib import Path

import pytest

from tests.cli.helpers import rss, run
from tests.feedserver import FeedServer
from tui_reader.engine.store import Store

DAY = 24 * 3600


def _feed(data_dir: Path) -> tuple[int | None, int | None]:
    with Store(data_dir / "cache.db") as store:
        (feed,) = store.feeds()
        return feed.next_due, feed.last_fetch


def _subscribe(
    capsys: pytest.CaptureFixture[str], srv: FeedServer, body: bytes, **kw: object
) -> str:
    srv.add("/f.xml", body, **kw)  # type: ignore[arg-type]
    url = srv.url("/f.xml")
    assert run(capsys, "add", "--no-fetch", url)[0] == 0
    return url


def _with_channel(extra: str) -> bytes:
    return rss("Polite", [("a", "Story", "text")], pages=None).replace(
        b"<link>", extra.encode() + b"<link>", 1
    )


def test_max_age_skips_until_due_unless_forced(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    body = rss("Polite", [("a", "Story", "text")], pages=None)
    _subscribe(capsys, feed_server, body, headers={"Cache-Control": "public, max-age=3600"})
    assert run(capsys, "refresh")[0] == 0
    next_due, fetched = _feed(data_dir)
    assert fetched is not None and next_due is not None
    assert 3590 <= next_due - fetched <= 3601
    code, out, _ = run(capsys, "refresh")
    assert code == 0 and out.strip().endswith("1 not due yet")
    assert len(feed_server.requests_for("/f.xml")) == 1
    _, out, _ = run(capsys, "feeds")
    assert out.split("\t")[6] == time.strftime("%Y-%m-%d %H:%M", time.localtime(next_due))
    code, out, _ = run(capsys, "refresh", "--force")
    assert "not due" not in out
    assert len(feed_server.requests_for("/f.xml")) == 2


def test_expires_and_bounds(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    body = rss("Polite", [("a", "Story", "text")], pages=None)
    route = feed_server.add("/f.xml", body, headers={"Expires": formatdate(time.time() + 7200)})
    run(capsys, "add", "--no-fetch", feed_server.url("/f.xml"))
    run(capsys, "refresh")
    next_due, fetched = _feed(data_dir)
    assert next_due is not None and fetched is not None
    assert 7100 <= next_due - fetched <= 7201
    # A year of max-age is held to a day; max-age wins over Expires (as in HTTP).
    route.headers = {"Cache-Control": "max-age=31536000", "Expires": formatdate(time.time())}
    run(capsys, "refresh", "--force")
    next_due, fetched = _feed(data_dir)
    assert next_due is not None and fetched is not None
    assert DAY - 5 <= next_due - fetched <= DAY + 1
    # An Expires in the past, or no-cache, asks nothing: the next refresh fetches.
    route.headers = {"Expires": formatdate(time.time() - 60)}
    run(capsys, "refresh", "--force")
    assert _feed(data_dir)[0] is None
    route.headers = {"Cache-Control": "no-cache, max-age=600"}
    run(capsys, "refresh", "--force")
    assert _feed(data_dir)[0] is None
    assert "not due" not in run(capsys, "refresh")[1]


def test_rss_ttl_and_skip_hours(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    route = feed_server.add("/f.xml", _with_channel("<ttl>90</ttl>"))
    run(capsys, "add", "--no-fetch", feed_server.url("/f.xml"))
    run(capsys, "refresh")
    next_due, fetched = _feed(data_dir)
    assert next_due is not None and fetched is not None
    assert 90 * 60 - 5 <= next_due - fetched <= 90 * 60 + 1
    assert run(capsys, "refresh")[1].strip().endswith("1 not due yet")
    # skipHours: the hour now and the next (UTC) are skipped, so it is due at the start
    # of the hour after them. A <ttl> of a week is held to a day.
    hour = int(time.time() // 3600)
    skip = "".join(f"<hour>{h % 24}</hour>" for h in (hour, hour + 1))
    route.body = _with_channel(f"<skipHours>{skip}</skipHours>")
    run(capsys, "refresh", "--force")
    assert _feed(data_dir)[0] == (hour + 2) * 3600
    # Every hour skipped, hours out of range and a ttl that is no number ask nothing.
    every = "".join(f"<hour>{h}</hour>" for h in range(24))
    route.body = _with_channel(f"<ttl>soon</ttl><skipHours>{every}</skipHours>")
    run(capsys, "refresh", "--force")
    assert _feed(data_dir)[0] is None
    route.body = _with_channel("<ttl>-5</ttl><skipHours><hour>24</hour><hour>x</hour></skipHours>")
    run(capsys, "refresh", "--force")
    assert _feed(data_dir)[0] is None
    route.body = _with_channel("<ttl>10080</ttl>")
    run(capsys, "refresh", "--force")
    next_due, fetched = _feed(data_dir)
    assert next_due is not None and fetched is not None
    assert next_due - fetched <= DAY + 1


def test_own_interval_is_honoured_by_refresh(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _subscribe(capsys, feed_server, rss("Own", [("a", "Story", "text")], pages=None))
    run(capsys, "refresh")
    assert run(capsys, "feed", "set", url, "interval=2h")[0] == 0
    _, out, _ = run(capsys, "refresh")
    assert out.strip().endswith("1 not due yet")
    _, fetched = _feed(data_dir)
    assert fetched is not None
    _, out, _ = run(capsys, "feeds")
    assert out.split("\t")[6] == time.strftime("%Y-%m-%d %H:%M", time.localtime(fetched + 7200))
    # Named, a feed is fetched now (as it always was); back to default, it is due again.
    run(capsys, "refresh", url)
    assert len(feed_server.requests_for("/f.xml")) == 2
    run(capsys, "feed", "set", url, "interval=default")
    assert "not due" not in run(capsys, "refresh")[1]
    assert len(feed_server.requests_for("/f.xml")) == 3
