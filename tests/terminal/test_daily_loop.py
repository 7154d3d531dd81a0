"""The daily loop in a real terminal: subscribe, read, come back tomorrow, refresh, quit.

Every test here runs on a cache an earlier run of the app created, as every day but the
first does: first runs hide bugs (loading the demo feeds starts helpers a later run lacks).
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.feedserver import FeedServer
from tests.tmux import Tmux, needs_tmux

pytestmark = needs_tmux


def rss(*titles: str) -> bytes:
    items = "".join(
        f"<item><title>{t}</title><link>http://example.com/{i}</link><guid>g{i}</guid>"
        f"<description>&lt;p&gt;{t} body&lt;/p&gt;</description>"
        f"<pubDate>Mon, 0{i + 1} Jan 2035 10:00:00 GMT</pubDate></item>"
        for i, t in enumerate(titles)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loop feed</title>'
        f"<link>http://example.com/</link>{items}</channel></rss>"
    ).encode()


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TUI_READER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "tui_reader", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def start_and_quit(tmux: Tmux, home: Path, *args: str) -> None:
    tmux.start_app(home, *args)
    tmux.wait_for("All")
    tmux.keys("q")
    assert tmux.wait_exit()[0] == 0


def test_refresh_in_a_later_start_stores_new_items(
    tmux: Tmux, tmp_path: Path, feed_server: FeedServer
) -> None:
    home = tmp_path / "home"
    feed_server.add("/loop.xml", rss("Monday story"))
    cli(home, "add", feed_server.url("/loop.xml"))
    start_and_quit(tmux, home)  # yesterday's session

    feed_server.add("/loop.xml", rss("Monday story", "Tuesday story"))
    tmux.start_app(home)
    tmux.wait_for("Monday story")
    tmux.keys("R")
    screen = tmux.wait_until(
        lambda s: "Tuesday story" in s and "refreshed" in s, "the new item after R"
    )
    assert "unexpected error" not in screen
    assert not re.search(r"[1-9][0-9]* failed", screen)
    tmux.keys("q")
    assert tmux.wait_exit()[0] == 0

    tmux.start_app(home, "--offline")
    tmux.wait_for("Tuesday story")
    tmux.keys("q")
    tmux.wait_exit()


def test_quit_during_a_refresh_exits_at_once(
    tmux: Tmux, tmp_path: Path, feed_server: FeedServer
) -> None:
    home = tmp_path / "home"
    feed_server.add("/fast.xml", rss("Fast monday"))
    feed_server.add("/slow.xml", rss("Slow monday"))
    cli(home, "add", feed_server.url("/fast.xml"), feed_server.url("/slow.xml"))
    start_and_quit(tmux, home)

    feed_server.add("/fast.xml", rss("Fast monday", "Fast tuesday"))
    feed_server.hang("/slow.xml", 60)  # answers nothing for a minute
    tmux.start_app(home)
    tmux.wait_for("Fast monday")
    tmux.keys("R")
    # `add` on an empty cache brings no demo feeds: two feeds, all but the hanging one done.
    tmux.wait_for("refreshing 1/2")
    tmux.keys("q")
    status, took = tmux.wait_exit()
    assert status == 0
    assert took < 1.0, f"quit took {took:.2f} s"

    with sqlite3.connect(home / "cache.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        titles = {t for (t,) in db.execute("SELECT title FROM articles")}
    assert "Fast tuesday" in titles  # what finished before the quit is kept
