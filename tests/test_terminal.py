"""The real terminal: a hostile feed shown by the app in tmux must not act on the terminal.

tmux is the terminal here: an OSC 2 in a title would change the pane title, an OSC 52 would
write a paste buffer. A control run first proves each attack does work when it gets through.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tmux import Tmux, needs_tmux
from tui_reader.engine.refresh import refresh_sync
from tui_reader.engine.store import Store

pytestmark = needs_tmux

ESC, BEL = "\x1b", "\x07"
ATTACKS = [
    f"{ESC}]2;PWNED-TITLE{BEL}Title attack",
    f"{ESC}]52;c;UFdORUQtQ0xJUA=={BEL}Clipboard attack",
    f"{ESC}]0;PWNED-ZERO{ESC}\\Zero attack",
    f"\x9d2;PWNED-C1{BEL}C1 attack",
    f"{ESC}[2J{ESC}[31mCSI attack",
    f"{ESC}P+q544e{ESC}\\DCS attack [bold]markup[/] [@click=app.quit]x[/]",
]


def hostile_feed(path: Path) -> None:
    def cdata(s: str) -> str:
        return f"<![CDATA[{s}]]>"

    items = "".join(
        f"<item><title>{cdata(a)}</title><guid>h{i}</guid><author>{cdata(a)}</author>"
        f"<description>{cdata('<p>' + a + ' body</p>')}</description>"
        f"<pubDate>Mon, 0{i + 1} Jan 2035 10:00:00 GMT</pubDate></item>"
        for i, a in enumerate(ATTACKS)
    )
    path.write_bytes(
        (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{cdata(ATTACKS[0])}</title>'
            f"{items}</channel></rss>"
        ).encode()
    )


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    with Tmux.session(tmp_path) as t:
        yield t


def test_control_attacks_work_when_they_get_through(tmux: Tmux, tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text("".join(ATTACKS[:2]) + "\nready\n")
    tmux.start(f"cat {raw}", dict(os.environ))  # the pane stays (remain-on-exit)
    tmux.wait_for("ready")
    assert tmux.title() == "PWNED-TITLE"
    assert tmux.buffers() != ""


def test_app_shows_hostile_feed_without_touching_terminal(tmux: Tmux, tmp_path: Path) -> None:
    home = tmp_path / "home"
    feed = tmp_path / "hostile.xml"
    hostile_feed(feed)
    env = {**os.environ, "TUI_READER_HOME": str(home), "TERM": "xterm-256color"}
    subprocess.run(
        [sys.executable, "-m", "tui_reader", "feeds"],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    with Store(home / "cache.db") as store:
        added, _ = store.add_feed(str(feed))
    summary = refresh_sync(home / "cache.db", [added])
    assert not summary.failed and summary.new == len(ATTACKS)

    tmux.start_app(home, "--offline")
    tmux.wait_for("Title attack")
    # Open each article in turn (newest first) and wait until the reader shows its body.
    bodies = ["x[/] body", "CSI attack body", "C1 attack body", "Zero attack body"]
    bodies += ["Clipboard attack body", "Title attack body"]
    for body in bodies:
        tmux.keys("Enter")
        tmux.wait_for(body)
        tmux.keys("h", "j")  # Esc then j would arrive as Alt+j
    screen = tmux.wait_for("DCS attack")
    assert "[bold]markup[/]" in screen
    assert tmux.title() == "clean-title"
    assert tmux.buffers() == ""
    tmux.keys("q")
