"""`add` checks what it subscribes to: a feed, the feed a web page offers, or nothing."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.cli.helpers import rss, run
from tests.feedserver import FeedServer

FEED = rss("Site news", [("n1", "Discovered story", "<p>x</p>")])


def page(head: str = "") -> bytes:
    html = f"<!doctype html><html><head><title>Site</title>{head}</head><body>Hi</body></html>"
    return html.encode()


def subscribed(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [line.split("\t")[2] for line in run(capsys, "feeds")[1].splitlines()]


def test_page_with_link_alternate_subscribes_to_its_feed(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    link = '<link rel="alternate" type="application/rss+xml" title="RSS" href="news/rss.xml">'
    feed_server.add("/blog/", page(link), content_type="text/html; charset=utf-8")
    feed_server.add("/blog/news/rss.xml", FEED)
    code, out, err = run(capsys, "add", feed_server.url("/blog/"))
    assert code == 0, err
    feed = feed_server.url("/blog/news/rss.xml")
    assert f"found feed {feed} on {feed_server.url('/blog/')}" in out
    assert subscribed(capsys) == [feed]
    assert "Discovered story" in run(capsys, "search", "discovered")[1]


def test_page_without_links_falls_back_to_common_paths(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.add("/", page(), content_type="text/html")
    feed_server.add("/atom.xml", FEED)
    code, out, _ = run(capsys, "add", feed_server.url("/"))
    assert code == 0
    assert f"found feed {feed_server.url('/atom.xml')}" in out
    assert subscribed(capsys) == [feed_server.url("/atom.xml")]


def _refused_url() -> str:
    with socket.socket() as s:  # a port nobody listens on once this closes
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/feed.xml"


@pytest.mark.parametrize("case", ["html", "404", "refused", "unknown host"])
def test_non_feeds_subscribe_nothing_unless_kept(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    feed_server.add("/plain.html", page(), content_type="text/html")
    url = {
        "html": feed_server.url("/plain.html"),
        "404": feed_server.url("/missing.xml"),
        "refused": _refused_url(),
        "unknown host": "http://no-such-host.invalid/feed.xml",
    }[case]
    words = {
        "html": "offers no feed",
        "404": "404",
        "refused": "refused",
        "unknown host": "could not find the server",
    }[case]
    code, out, err = run(capsys, "add", url)
    assert code == 1 and out == ""
    (line,) = err.strip().splitlines()
    assert url in line and words in line
    assert url not in subscribed(capsys)
    code, out, _ = run(capsys, "add", "--keep", url)
    assert code == 0 and "added" in out
    assert url in subscribed(capsys)


def test_add_a_local_file_that_is_no_feed_is_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n")
    code, _, err = run(capsys, "add", str(path))
    assert code == 1 and "not a feed" in err and len(err.strip().splitlines()) == 1
