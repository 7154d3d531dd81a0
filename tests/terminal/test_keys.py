"""Keys in a real terminal, typed in bursts as people (and slow links) deliver them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.tmux import Tmux, needs_tmux

pytestmark = needs_tmux

FIRST = "Humanitarian Groups Urge ASEAN to Press Junta on Aid Access"  # newest demo article
SECOND = "Storm Brings Snow and Gales to Northern Hills"  # the next one in the list


def test_back_then_down_in_one_burst_moves_the_list(tmux: Tmux, used_home: Path) -> None:
    tmux.start_app(used_home, "--offline")
    tmux.wait_for("Humanitarian Groups")
    tmux.keys("Enter")
    tmux.wait_for(FIRST)  # whole, so in the reader (the list truncates it)
    # `h` leaves the reader; the `j` read with it must move the list, not scroll the reader.
    tmux.burst("h", "j", "Enter")
    tmux.wait_for(SECOND)
    tmux.keys("q", "q")  # back to the list, then out
    tmux.wait_exit()


def test_q_in_the_reader_goes_back_and_quits_from_the_list(tmux: Tmux, used_home: Path) -> None:
    tmux.start_app(used_home, "--offline")
    tmux.wait_for("Humanitarian Groups")
    tmux.keys("Enter")
    tmux.wait_for(FIRST)
    tmux.keys("q")  # newsboat: back to the list, not out of the app
    tmux.keys("j")  # in the list, j moves the cursor and the reader follows
    tmux.wait_for(SECOND)
    assert tmux.exit_status() is None
    tmux.keys("q")
    assert tmux.wait_exit()[0] == 0


def test_shift_j_and_k_open_the_next_and_previous_article(tmux: Tmux, used_home: Path) -> None:
    tmux.start_app(used_home, "--offline")
    tmux.wait_for("Humanitarian Groups")
    tmux.keys("Enter")
    tmux.wait_for(FIRST)
    tmux.keys("J")  # from the reader
    tmux.wait_for(SECOND)
    tmux.keys("K")
    tmux.wait_for(FIRST)
    tmux.keys("h", "J", "J")  # and from the list
    tmux.wait_for("Podcast: Reporting From the Myanmar Border")
    tmux.keys("q")
    tmux.wait_exit()


def test_z_gives_the_reader_the_whole_screen_at_80x24(tmux: Tmux, used_home: Path) -> None:
    tmux.start_app(used_home, "--offline", width=80, height=24)
    tmux.wait_for("Humanitarian Groups")
    tmux.keys("Enter")
    tmux.wait_for(FIRST)
    last_line = "generals."  # the article's end: below the fold with the list shown
    assert last_line not in tmux.screen()
    tmux.keys("z")
    screen = tmux.wait_for(last_line)
    assert "Storm Brings" not in screen  # the list is hidden
    assert "unread" in screen.splitlines()[0]  # the top line stays
    tmux.keys("z")
    screen = tmux.wait_for("Storm Brings")
    assert last_line not in screen
    tmux.keys("q", "q")
    tmux.wait_exit()


def test_star_typed_right_after_a_move_stars_the_row_under_the_cursor(
    tmux: Tmux, used_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`j s` in one burst: the star goes to the row the cursor moved to, not to the article
    the reader still showed a moment before (it follows the cursor a frame later)."""
    tmux.start_app(used_home, "--offline")
    tmux.wait_for(FIRST)  # whole, so the reader shows the first row
    tmux.burst("j", "s")
    tmux.wait_until(lambda screen: "★" in screen, "a star in the list")
    tmux.keys("q")
    assert tmux.wait_exit()[0] == 0
    code, out, _ = run(capsys, "search", "is:starred", "--json", "--data-dir", str(used_home))
    assert code == 0
    assert [json.loads(line)["title"] for line in out.splitlines()] == [SECOND]
