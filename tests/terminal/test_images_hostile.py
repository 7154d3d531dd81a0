"""A stored image whose bytes no longer decode (a corrupt blob in the cache): the reader says
so in one line under its placeholder instead of leaving the image's rows blank, and `i`
says so too; nothing crashes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.feedserver import FeedServer
from tests.images.test_fetch_images import png
from tests.terminal.test_daily_loop import cli
from tests.terminal.test_images import serve_gallery
from tests.tmux import Tmux, needs_tmux

pytestmark = needs_tmux


def test_a_corrupt_stored_image_is_one_line(
    tmux: Tmux, tmp_path: Path, feed_server: FeedServer
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('images = "blocks"\n')
    cli(home, "add", serve_gallery(feed_server, png(100, 400)))  # tall: 20+ rows if drawn
    feed_server.stop()
    with sqlite3.connect(home / "cache.db") as db:
        (size,) = db.execute("SELECT length(data) FROM images").fetchone()
        db.execute("UPDATE images SET data = ?", (b"\x89PNG\r\n\x1a\n" + b"\0" * size,))
    tmux.start_app(home)
    tmux.wait_for("Harbour pictures")
    tmux.keys("Enter")
    screen = tmux.wait_for("(the stored image cannot be read)")
    lines = screen.splitlines()
    at = next(n for n, line in enumerate(lines) if "[image 1: The harbour]" in line)
    assert "(the stored image cannot be read)" in lines[at + 1]
    assert any("Boats went out early." in line for line in lines[at + 2 : at + 5]), screen
    assert "▀" not in screen
    tmux.keys("i")
    tmux.wait_for("The stored image cannot be read")  # the notice (capital T)
