"""Images offline in a real terminal: with images = "blocks" an article's image is drawn in
half-blocks from the cache, with the server that had it gone; `i` opens it full-size."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import rss
from tests.feedserver import FeedServer
from tests.images.test_fetch_images import png
from tests.terminal.test_daily_loop import cli
from tests.tmux import Tmux, needs_tmux

pytestmark = needs_tmux


def serve_gallery(server: FeedServer, image: bytes, extra: str = "") -> str:
    server.add("/harbour.png", image, content_type="image/png")
    src = server.url("/harbour.png")
    body = (
        "&lt;p&gt;The harbour at dawn, from the sea wall.&lt;/p&gt;"
        f"&lt;img src='{src}' alt='The harbour'&gt;&lt;p&gt;Boats went out early.&lt;/p&gt;" + extra
    )
    server.add("/feed.xml", rss("Gallery", [("g1", "Harbour pictures", body)], pages=None))
    return server.url("/feed.xml")


def test_blocks_draws_the_cached_image_with_the_server_gone(
    tmux: Tmux, tmp_path: Path, feed_server: FeedServer
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('images = "blocks"\n')
    missing = f"&lt;img src='{feed_server.url('/gone.png')}' alt='Lost'&gt;"  # a 404
    cli(home, "add", serve_gallery(feed_server, png(400, 100), missing))
    feed_server.stop()
    tmux.start_app(home)
    tmux.wait_for("Harbour pictures")
    tmux.keys("Enter")
    screen = tmux.wait_for("▀")
    assert "[image 1: The harbour]" in screen
    assert "Boats went out early." in screen
    assert "(image not stored for offline reading: server said 404" in screen
    # 400 x 100 pixels at the reader's width: a wide, short band of half-blocks.
    rows = [line for line in screen.splitlines() if "▀▀▀▀▀▀▀▀▀▀" in line]
    assert 3 <= len(rows) <= 20, screen
    tmux.keys("i")
    tmux.wait_until(
        lambda s: "Boats went out early." not in s and s.count("▀") > 400, "the image full-size"
    )
    tmux.keys("Escape")
    tmux.wait_for("Boats went out early.")


def test_off_keeps_the_placeholder(tmux: Tmux, tmp_path: Path, feed_server: FeedServer) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('images = "off"\n')
    cli(home, "add", serve_gallery(feed_server, png(400, 100)))
    tmux.start_app(home)
    tmux.wait_for("Harbour pictures")
    tmux.keys("Enter")
    screen = tmux.wait_for("Boats went out early.")
    assert "[image 1: The harbour]" in screen and "▀" not in screen


def test_auto_in_tmux_keeps_the_placeholder_and_i_still_shows_the_image(
    tmux: Tmux, tmp_path: Path, feed_server: FeedServer
) -> None:
    home = tmp_path / "home"
    home.mkdir()  # no config: images = "auto"; tmux passes no graphics protocol through
    cli(home, "add", serve_gallery(feed_server, png(400, 100)))
    feed_server.stop()
    # Even where the terminal around tmux is kitty: TMUX is set, so no query and no pixels.
    kitty = {"KITTY_WINDOW_ID": "1", "TERM_PROGRAM": "kitty", "COLORTERM": "truecolor"}
    tmux.start_app(home, env=kitty)
    tmux.wait_for("Harbour pictures")
    tmux.keys("Enter")
    screen = tmux.wait_for("Boats went out early.")
    assert "[image 1: The harbour]" in screen and "▀" not in screen
    assert "\U0010eeee" not in screen  # no Kitty placeholder cells either
    tmux.keys("i")
    tmux.wait_until(lambda s: s.count("▀") > 400, "the image full-size")
