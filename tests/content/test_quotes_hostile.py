"""A feed item whose one paragraph is 200 KB of quotes ("He said “…”", lone sentences in
quotes): `show` reads it through the quote finder like any article and answers. The finder
looked at everything before each quote, once per quote: this paragraph took 32 s, and
`show` (and the reader pane) hung that long; it is linear now (0.9 s, bench/hostile.py).
The deadline below is a hang guard, far above the linear time, not a timing target."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.feedserver import FeedServer

UNIT = "He said “the talks were very frank indeed” and then “This is a sentence alone here.” "
PARAGRAPH = (UNIT * (200_000 // len(UNIT) + 1))[:200_000]


def test_show_reads_a_200_kb_paragraph_of_quotes(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.add(
        "/feed.xml",
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            "<item><title>Talks</title><guid>t1</guid><description><![CDATA[<p>"
            + PARAGRAPH
            + "</p>]]></description></item></channel></rss>"
        ).encode(),
    )
    assert run(capsys, "add", feed_server.url("/feed.xml"))[0] == 0
    done = subprocess.run(
        [sys.executable, "-m", "tui_reader", "show", "1", "--width", "100"],
        env={**os.environ, "TUI_READER_HOME": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert done.returncode == 0, done.stderr
    assert "the talks were very frank indeed" in done.stdout
    assert " quotes" in done.stdout  # the header counted them
