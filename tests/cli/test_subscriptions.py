"""Subscribing and unsubscribing from the command line: add, remove, import, export."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from tests.cli.helpers import rss, run
from tests.feedserver import FeedServer
from tui_reader.engine.store import Store

DEMO = "Southeast Asia desk (demo)"


def opml(*outlines: str) -> str:
    return '<?xml version="1.0"?><opml version="2.0"><body>' + "".join(outlines) + "</body></opml>"


def stars(data_dir: Path) -> list[tuple[str, str]]:
    """(article title, feed title) of every starred article, as the Starred view lists them."""
    db = sqlite3.connect(data_dir / "cache.db")
    return db.execute(
        "SELECT a.title, f.title FROM articles a JOIN feeds f ON f.id = a.feed_id "
        "WHERE a.starred = 1 ORDER BY a.title"
    ).fetchall()


def test_remove_keeps_starred_articles_until_purged(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [(f"t{i}", f"Tech story {i}", "<p>chips</p>") for i in range(5)]
    feed_server.add("/tech.xml", rss("Tech desk", items))
    url = feed_server.url("/tech.xml")
    assert run(capsys, "add", url)[0] == 0
    out = run(capsys, "search", "--json", "tech", "story")[1]
    ids = sorted(int(line.split('"id": ')[1].split(",")[0]) for line in out.splitlines())
    assert run(capsys, "mark", "star", str(ids[0]), str(ids[1]))[0] == 0
    with Store(data_dir / "cache.db") as store:
        feed_id = store.find_feed(url).id  # type: ignore[union-attr]

    code, out, _ = run(capsys, "remove", url)
    assert code == 0
    assert out.strip() == (
        f"removed {feed_id} Tech desk (kept 2 starred articles; --purge deletes them)"
    )
    # Gone from feeds, refresh, export and unread; still under Starred with its title.
    assert url not in run(capsys, "feeds")[1]
    assert url not in run(capsys, "export")[1]
    assert "Tech story" not in run(capsys, "unread")[1]
    assert stars(data_dir) == [("Tech story 0", "Tech desk"), ("Tech story 1", "Tech desk")]
    requests = len(feed_server.requests_for("/tech.xml"))
    run(capsys, "refresh")
    assert len(feed_server.requests_for("/tech.xml")) == requests
    assert "Tech story 0" in run(capsys, "search", "chips")[1]
    assert "Tech story 3" not in run(capsys, "search", "chips")[1]

    # Adding the URL again revives the feed: all its articles come back, stars kept.
    code, out, _ = run(capsys, "add", url)
    assert code == 0 and "3 articles" in out  # the two starred ones were still there
    assert len(run(capsys, "search", "chips")[1].splitlines()) == 5
    assert len(stars(data_dir)) == 2
    code, out, _ = run(capsys, "remove", "--purge", url)
    assert out.strip() == f"removed {feed_id} Tech desk (deleted 2 starred articles)"
    assert stars(data_dir) == []
    assert run(capsys, "search", "chips")[1] == ""
    with Store(data_dir / "cache.db") as store:
        assert store.integrity_ok()


def test_titles_the_user_gave_survive_refresh(
    data_dir: Path, feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.add("/a.xml", rss("Feed's own A", [("a1", "Alpha", "x")]))
    feed_server.add("/b.xml", rss("Feed's own B", [("b1", "Beta", "x")]))
    feed_server.add("/c.xml", rss("Feed's own C", [("c1", "Gamma", "x")]))
    list_file = tmp_path / "subs.opml"
    list_file.write_text(opml(f'<outline text="My B" xmlUrl="{feed_server.url("/b.xml")}"/>'))
    run(capsys, "add", "--title", "My A", feed_server.url("/a.xml"))
    run(capsys, "import", str(list_file))
    run(capsys, "add", feed_server.url("/c.xml"))
    assert run(capsys, "refresh")[0] == 0
    titles = {
        line.split("\t")[2]: line.split("\t")[1] for line in run(capsys, "feeds")[1].splitlines()
    }
    assert titles[feed_server.url("/a.xml")] == "My A"
    assert titles[feed_server.url("/b.xml")] == "My B"
    assert titles[feed_server.url("/c.xml")] == "Feed's own C"  # no title given: the feed's


def test_html_url_survives_export_and_import(
    data_dir: Path, feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.add(
        "/s.xml", rss("Site feed", [("s1", "Story", "x")], link="https://site.example/")
    )
    run(capsys, "add", feed_server.url("/s.xml"))
    exported = run(capsys, "export")[1]
    assert 'htmlUrl="https://site.example/"' in exported
    (tmp_path / "out.opml").write_text(exported)
    other = tmp_path / "other"
    run(capsys, "--data-dir", str(other), "import", str(tmp_path / "out.opml"))
    assert run(capsys, "--data-dir", str(other), "export")[1] == exported


def test_demo_feeds_come_only_to_a_cache_nobody_subscribed_to(
    data_dir: Path, tmp_path: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # A reading command on an empty cache brings the demo feeds, as before.
    assert DEMO in run(capsys, "--data-dir", str(tmp_path / "reader"), "feeds")[1]
    # add and import on an empty cache do not, then or later.
    feed_server.add("/only.xml", rss("Only feed", [("o1", "Story", "x")]))
    run(capsys, "--data-dir", str(tmp_path / "adder"), "add", feed_server.url("/only.xml"))
    feeds = run(capsys, "--data-dir", str(tmp_path / "adder"), "feeds")[1]
    assert DEMO not in feeds and "Only feed" in feeds
    (tmp_path / "subs.opml").write_text(opml('<outline text="X" xmlUrl="https://x.example/f"/>'))
    run(capsys, "--data-dir", str(tmp_path / "importer"), "import", str(tmp_path / "subs.opml"))
    assert DEMO not in run(capsys, "--data-dir", str(tmp_path / "importer"), "feeds")[1]


def test_export_writes_only_urls_that_work_elsewhere(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local = tmp_path / "local.xml"
    local.write_bytes(rss("Local", [("l1", "Here", "x")]))
    run(capsys, "unread")  # the demo feeds: bundled: URLs
    run(capsys, "add", "--no-fetch", str(local), "https://example.org/web.xml")
    code, out, err = run(capsys, "export")
    assert code == 0
    assert "https://example.org/web.xml" in out
    assert "bundled:" not in out and str(local) not in out
    assert "bundled:" in err and str(local) in err
    assert all(line.startswith("tui-reader: not exported") for line in err.splitlines())


def test_import_subscribes_only_to_web_feeds(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "beside.xml").write_bytes(rss("Beside", [("b1", "Heron", "x")]))
    (tmp_path / "list.opml").write_text(
        opml(
            '<outline text="Web" xmlUrl="https://example.org/web.xml"/>',
            '<outline text="Beside" xmlUrl="beside.xml"/>',
            '<outline text="Passwd" xmlUrl="file:///etc/passwd"/>',
            '<outline text="Zero" xmlUrl="/dev/zero"/>',
            '<outline text="Demo" xmlUrl="bundled:demo.xml"/>',
        )
    )
    code, out, err = run(capsys, "import", str(tmp_path / "list.opml"))
    assert code == 0 and "imported 1 new feed from" in out and "(4 skipped)" in out
    for url in ("beside.xml", "file:///etc/passwd", "/dev/zero", "bundled:demo.xml"):
        assert f"skipped {url} " in err
    urls = [line.split("\t")[2] for line in run(capsys, "feeds")[1].splitlines()]
    assert urls == ["https://example.org/web.xml"]


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_add_refuses_local_paths_that_are_not_regular_files(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    if kind == "fifo":
        path = tmp_path / "pipe.xml"
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    else:
        path = tmp_path / "folder"
        path.mkdir()
    start = time.monotonic()
    for extra in ([], ["--no-fetch"]):
        code, out, err = run(capsys, "add", *extra, str(path))
        assert code == 1 and out == ""
        assert len(err.strip().splitlines()) == 1 and str(path) in err
    assert time.monotonic() - start < 10
    assert str(path) not in run(capsys, "feeds")[1]


def test_refresh_of_a_stored_fifo_is_refused_not_hung(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A cache written before `add` checked paths (or by hand) may hold one: the fetcher
    # itself refuses anything but a regular file.
    path = tmp_path / "later.xml"
    path.write_bytes(rss("Later", [("l1", "Story", "x")]))
    run(capsys, "add", "--no-fetch", str(path))
    path.unlink()
    os.mkfifo(path)
    start = time.monotonic()
    code, out, _ = run(capsys, "refresh")
    assert code == 1 and "not a regular file" in out
    assert time.monotonic() - start < 10
