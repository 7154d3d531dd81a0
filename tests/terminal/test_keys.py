"""Keys in a real terminal, typed in bursts as people (and slow links) deliver them."""

from __future__ import annotations

from pathlib import Path

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
    tmux.keys("q")
    tmux.wait_exit()
