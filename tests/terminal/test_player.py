"""`a` with a console player: the app lets go of the terminal while the player runs (with
the attachment's URL as one argument) and takes it back when it exits; the header then
says "played", and still does at the next start (kept in the cache)."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.feedserver import FeedServer
from tests.podcasts.helpers import AUDIO, podcast
from tests.terminal.test_daily_loop import cli, start_and_quit
from tests.tmux import Tmux, needs_tmux

pytestmark = needs_tmux

EPISODE = "https://podcasts.example/ep 1;$(id).mp3"
PLAYER = """
import sys
open(sys.argv[2], "w").write("\\n".join(sys.argv[1:]))
print("PLAYER PLAYS: " + sys.argv[1], flush=True)
with open("/dev/tty") as tty:  # like mpv: keys come from the terminal
    tty.readline()
"""


def test_console_player_gets_the_terminal_and_the_episode_is_played(
    tmux: Tmux, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    feed = tmp_path / "pod.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Pod</title>'
        "<item><title>Episode one today</title><guid>p1</guid>"
        "<description>An hour on the harbour.</description>"
        f'<enclosure url="{EPISODE}" type="audio/mpeg" length="52000000"/>'
        "<pubDate>Mon, 01 Jan 2035 10:00:00 GMT</pubDate></item></channel></rss>"
    )
    cli(home, "add", str(feed))
    script, got = tmp_path / "player.py", tmp_path / "got"
    script.write_text(PLAYER)
    (home / "config.toml").write_text(f"player = \"{sys.executable} '{script}' {{url}} '{got}'\"\n")
    start_and_quit(tmux, home, "--offline")
    tmux.start_app(home, "--offline")
    tmux.wait_for("Episode one today")
    tmux.keys("Enter")
    tmux.wait_for("52.0 MB")
    tmux.keys("a")
    tmux.wait_for("PLAYER PLAYS: https://podcasts.example/ep%201;$(id).mp3")
    assert got.read_text().splitlines() == ["https://podcasts.example/ep%201;$(id).mp3", str(got)]
    tmux.keys("Enter")  # the "player" exits: the app draws itself again
    tmux.wait_gone("PLAYER PLAYS")
    tmux.wait_for("played")
    tmux.keys("q", "q")
    tmux.wait_exit()
    assert "played" in cli(home, "show", "1", "--width", "200").stdout


def test_download_shows_progress_on_a_terminal(
    tmux: Tmux, tmp_path: Path, feed_server: FeedServer
) -> None:
    home = tmp_path / "home"
    feed_server.slow("/media/ep.mp3", AUDIO, nbytes=8_000, every=0.15)
    feed_server.add("/feed.xml", podcast(feed_server, feed_server.url("/media/ep.mp3")))
    cli(home, "add", feed_server.url("/feed.xml"))
    folder = tmp_path / "pods"
    tmux.start_app(home, "download", "1", "--to", str(folder))
    tmux.wait_for("downloading 0.")  # the progress line, redrawn in place
    tmux.wait_for("of 0.1 MB (")
    assert tmux.wait_exit(timeout=60)[0] == 0
    tmux.wait_for(str(folder / "ep.mp3"))
    screen = tmux("capture-pane", "-p", "-t", "t", "-S", "-100")  # with what scrolled off
    assert "tui-reader: downloaded 102,400 bytes (ep.mp3)" in screen
    assert "downloading" not in screen  # the progress line was cleared at the end
    assert (folder / "ep.mp3").read_bytes() == AUDIO


def test_quitting_with_a_download_in_flight_exits_at_once_and_keeps_the_part(
    tmux: Tmux, tmp_path: Path, feed_server: FeedServer
) -> None:
    """The server sends 30,000 bytes, then nothing for a minute: quitting must not wait
    for it (the worker's socket is shut down), and the .part stays for a later run."""
    home = tmp_path / "home"
    folder = tmp_path / "pods"
    feed_server.add("/media/ep.mp3", AUDIO, content_type="audio/mpeg", trickle=(30_000, 60.0))
    feed_server.add("/feed.xml", podcast(feed_server, feed_server.url("/media/ep.mp3")))
    cli(home, "add", feed_server.url("/feed.xml"))
    (home / "config.toml").write_text(f"download_dir = '{folder}'\nrefresh_on_start = false\n")
    tmux.start_app(home, width=160)
    tmux.wait_for("Episode 1")
    tmux.keys("Enter")
    tmux.wait_for("1:02:03")
    tmux.keys("D")
    tmux.wait_for("downloading ep.mp3: 30.0 kB of 102.4 kB (29%)")
    tmux.keys("q", "q")
    assert tmux.wait_exit(timeout=10)[0] == 0  # the 30 s read timeout would be a hang
    assert "Error" not in tmux.screen() and "Traceback" not in tmux.screen()
    [part] = folder.glob("*.part")
    assert part.read_bytes() == AUDIO[:30_000]
    shown = " ".join(cli(home, "show", "1").stdout.split())  # wrapped: any width
    assert "· stopped: 30.0 kB of 102.4 kB kept" in shown
