"""The real terminal: a hostile feed shown by the app in tmux must not act on the terminal.

tmux is the terminal here: an OSC 2 in a title would change the pane title, an OSC 52 would
write a paste buffer. A control run first proves each attack does work when it gets through.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui_reader.engine.refresh import refresh_sync
from tui_reader.engine.store import Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

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


class Tmux:
    def __init__(self, socket: str) -> None:
        self.base = ["tmux", "-L", socket, "-f", "/dev/null"]

    def __call__(self, *args: str) -> str:
        done = subprocess.run([*self.base, *args], capture_output=True, text=True, timeout=10)
        return done.stdout

    def start(self, command: str, env: dict[str, str], go: Path) -> None:
        # The command waits for `go`, so the title and options are set before it prints.
        gated = f"while [ ! -e {go} ]; do sleep 0.02; done; {command}"
        subprocess.run(
            [*self.base, "new-session", "-d", "-s", "t", "-x", "120", "-y", "40", gated],
            env=env,
            check=True,
            timeout=10,
        )
        self("set-option", "-g", "set-clipboard", "on")
        self("select-pane", "-t", "t", "-T", "clean-title")
        go.touch()

    def title(self) -> str:
        return self("display-message", "-p", "-t", "t", "#{pane_title}").strip()

    def buffers(self) -> str:
        return self("list-buffers").strip()

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "t")

    def wait_for(self, text: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen()}")

    def kill(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, timeout=10)


@pytest.fixture
def tmux(tmp_path: Path) -> Tmux:
    t = Tmux(f"tui-reader-test-{os.getpid()}-{tmp_path.name}")
    yield t
    t.kill()


def test_control_attacks_work_when_they_get_through(tmux: Tmux, tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text("".join(ATTACKS[:2]) + "\nready\n")
    tmux.start(f"cat {raw}; sleep 30", dict(os.environ), tmp_path / "go")
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

    tmux.start(f"{sys.executable} -m tui_reader --offline", env, tmp_path / "go")
    tmux.wait_for("Title attack")
    for key in ["Enter", "j", "Enter", "j", "Enter", "j", "Enter", "j", "Enter", "j", "Enter"]:
        tmux("send-keys", "-t", "t", key)
        time.sleep(0.15)
    screen = tmux.wait_for("DCS attack")
    assert "[bold]markup[/]" in screen
    assert tmux.title() == "clean-title"
    assert tmux.buffers() == ""
    tmux("send-keys", "-t", "t", "q")
