"""Full text in a real terminal: x fetches the page, X shows the feed's text again, and q
during a page fetch that hangs quits at once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.feedserver import FeedServer
from tests.terminal.test_daily_loop import cli
from tests.tmux import Tmux, needs_tmux
from tests.ui.test_full_text import ONLY_ON_PAGE, STORIES, serve_gazette

pytestmark = needs_tmux


def test_fetch_toggle_and_quit_during_a_page_fetch(
    tmux: Tmux, tmp_path: Path, feed_server: FeedServer
) -> None:
    home = tmp_path / "home"
    url = serve_gazette(feed_server)
    cli(home, "add", "--no-fetch", "--full-text=never", url)
    cli(home, "refresh")  # the teasers only
    tmux.start_app(home)
    tmux.wait_for(STORIES["s1"])
    tmux.keys("Enter")  # the newest: s1
    tmux.wait_for("met on Tuesday […]")
    tmux.keys("x")
    tmux.wait_for(ONLY_ON_PAGE)
    tmux.wait_for("Full text from the page")
    tmux.keys("X")
    tmux.wait_until(
        lambda s: ONLY_ON_PAGE not in s and "Feed text · full text available" in s,
        "the feed's text after X",
    )

    feed_server.hang("/pages/s2.html", 60)  # answers nothing for a minute
    tmux.keys("J")  # the next article: s2
    tmux.wait_for(STORIES["s2"] + " ")
    tmux.keys("x")
    tmux.wait_for("fetching the page: " + STORIES["s2"])
    tmux.keys("q", "q")  # back to the list, then out
    status, took = tmux.wait_exit()
    assert status == 0
    assert took < 1.5, f"quit took {took:.2f} s"
    with sqlite3.connect(home / "cache.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = db.execute("SELECT title FROM articles WHERE full_content IS NOT NULL").fetchall()
    assert stored == [(STORIES["s1"],)]
