"""Feed items whose one paragraph is 200 KB of quotes ("He said “…”", lone sentences in
quotes), or one quote of a 200 KB word: `show` reads them through the quote finder like
any article and answers. The finder looked at everything before each quote, once per quote
(the first took 32 s to read, and `show` and the reader pane hung that long), and its
code pattern (`name(args)`) rescanned a long word from each of its letters (~60 s); both
are linear now (about 1 s, bench/hostile.py). The deadline below is a hang guard, far above
the linear time, not a timing target."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.feedserver import FeedServer

UNIT = "He said “the talks were very frank indeed” and then “This is a sentence alone here.” "
MANY_QUOTES = (UNIT * (200_000 // len(UNIT) + 1))[:200_000]
LONG_WORD = "He said “the talks were " + "a" * 200_000 + "” today."


@pytest.mark.parametrize("paragraph", [MANY_QUOTES, LONG_WORD], ids=["many-quotes", "long-word"])
def test_show_reads_a_200_kb_paragraph_of_quotes(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], paragraph: str
) -> None:
    feed_server.add(
        "/feed.xml",
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            "<item><title>Talks</title><guid>t1</guid><description><![CDATA[<p>"
            + paragraph
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
    assert "He said" in done.stdout and "the talks were" in done.stdout
