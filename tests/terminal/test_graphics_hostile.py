"""Hostile replies to the start-up graphics query: the terminal's bytes are data. A cell
size of 5,000 digits or of 99,999 pixels neither stops the app nor makes it draw images
of absurd size: the app starts, and a Sixel terminal gets bands of the usual 20-pixel cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.feedserver import FeedServer
from tests.pty_terminal import CELL_QUERY, DA1_QUERY, PtyTerminal, plain
from tests.terminal.test_graphics import gallery, open_article, sixel_rows


@pytest.mark.parametrize(
    "cell",
    [b"\x1b[6;" + b"9" * 5000 + b";10t", b"\x1b[6;99999;99999t", b"\x1b[6;0;-4t"],
    ids=["5000-digits", "huge", "zero"],
)
def test_a_hostile_cell_size_falls_back_to_the_usual_cell(
    tmp_path: Path, feed_server: FeedServer, cell: bytes
) -> None:
    home = gallery(tmp_path, feed_server)
    answers = {CELL_QUERY: cell, DA1_QUERY: b"\x1b[?62;4;22c"}  # Sixel, and that size
    with PtyTerminal.start(home, answers=answers) as term:
        term.wait_until(lambda o: b" unread" in plain(o), "the first screen", timeout=10)
        open_article(term)
        out = term.wait_until(lambda o: sixel_rows(o) is not None, "Sixel bands", timeout=10)
        assert b'"1;1;' in out and sixel_rows(out) is not None
