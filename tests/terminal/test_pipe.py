"""`|` with a console command: the app lets go of the terminal while the command runs
(with the article's Markdown on its input) and takes it back when the command exits."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.terminal.test_browser import links_feed
from tests.terminal.test_daily_loop import cli, start_and_quit
from tests.tmux import Tmux, needs_tmux

pytestmark = needs_tmux

PAGER = """
import sys
text = sys.stdin.read()
open(sys.argv[2], "w").write(sys.argv[1] + "\\n" + text)
print("PAGER SHOWS: " + text.splitlines()[0], flush=True)
with open("/dev/tty") as tty:  # like less: keys come from the terminal, not the pipe
    tty.readline()
"""


def test_console_pipe_gets_the_terminal_and_gives_it_back(tmux: Tmux, tmp_path: Path) -> None:
    home = tmp_path / "home"
    feed = tmp_path / "links.xml"
    links_feed(feed)
    cli(home, "add", str(feed))
    script, got = tmp_path / "pager.py", tmp_path / "got.md"
    script.write_text(PAGER)
    (home / "config.toml").write_text(
        f"[commands]\npipe = \"{sys.executable} '{script}' {{url}} '{got}'\"\n"
    )
    start_and_quit(tmux, home, "--offline")
    tmux.start_app(home, "--offline")
    tmux.wait_for("Many links today")
    tmux.keys("Enter")
    tmux.wait_for("word11")
    tmux.keys("|")
    tmux.wait_for("PAGER SHOWS: # Many links today")
    assert got.read_text().startswith("https://example.com/article\n# Many links today\n")
    tmux.keys("Enter")  # the "pager" exits: the app draws itself again
    tmux.wait_gone("PAGER SHOWS")
    tmux.wait_for("word11")
    tmux.keys("q", "q")
    tmux.wait_exit()
