"""The daily loop in a real terminal: subscribe, read, come back tomorrow, refresh, quit.

Every test here runs on a cache an earlier run of the app created, as every day but the
first does: first runs hide bugs (loading the demo feeds starts helpers a later run lacks).
"""

from __future__ import annotations

import os
import re
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
