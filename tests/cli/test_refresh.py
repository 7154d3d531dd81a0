"""`tui-reader refresh`: what a run leaves in the cache and says about it."""

from __future__ import annotations

import os
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.helpers import rss, run
from tests.feedserver import FeedServer


def test_unexpected_error_is_stored_as_the_feeds_last_error(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # A non-ASCII ETag is stored, and sending it back trips a bug below the fetcher's
    # error handling: the refresh turns that into "unexpected error" for this one feed.
    body = rss("Accented", [("x1", "Story", "text")])
    feed_server.add("/accent.xml", body, headers={"ETag": '"caf\u00e9"'})
    run(capsys, "add", "--no-fetch", feed_server.url("/accent.xml"))
    assert run(capsys, "refresh")[0] == 0
    code, out, _ = run(capsys, "refresh")
    assert code == 1 and "unexpected error" in out
    code, out, _ = run(capsys, "feeds")
    (line,) = [ln for ln in out.splitlines() if "/accent.xml" in ln]
    assert "unexpected error: UnicodeEncodeError" in line


def _first_line(proc: subprocess.Popen[bytes], deadline: float) -> bytes:
    """The first line the process writes to stdout, waiting at most until `deadline`."""
    assert proc.stdout is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        data = b""
        while b"\n" not in data:
            left = deadline - time.monotonic()
            assert left > 0, "no feed finished in time"
            if sel.select(left):
                chunk = os.read(proc.stdout.fileno(), 4096)
                assert chunk, "refresh ended before any feed was done"
                data += chunk
    return data


@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl+C as SIGINT to a process group")
def test_ctrl_c_during_refresh_is_one_line_and_leaves_whole_feeds(
    data_dir: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [(f"i{n}", f"Story {n}", "<p>" + "words " * 40 + "</p>") for n in range(10)]
    urls = []
    for n in range(8):
        body = rss(f"Feed {n}", [(f"{n}-{g}", t, d) for g, t, d in items])
        if n < 2:
            feed_server.add(f"/fast{n}.xml", body)
            urls.append(feed_server.url(f"/fast{n}.xml"))
        else:  # about 4 s to send: still arriving when Ctrl+C comes
            feed_server.slow(f"/slow{n}.xml", body, nbytes=len(body) // 8 + 1, every=0.5)
            urls.append(feed_server.url(f"/slow{n}.xml"))
    assert run(capsys, "add", "--no-fetch", *urls)[0] == 0

    # Its own session, so SIGINT to the group reaches every process as Ctrl+C in a
    # terminal does: the CLI, the parse pool's fork server and its workers.
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui_reader", "refresh"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "TUI_READER_HOME": str(data_dir)},
    )
    try:
        _first_line(proc, time.monotonic() + 30)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    text = err.decode()
    assert proc.returncode == 130, text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    (line,) = text.strip().splitlines()
    assert line.startswith("tui-reader: interrupted; ") and "the rest untouched" in line
    db = sqlite3.connect(data_dir / "cache.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    counts = dict(
        db.execute(
            "SELECT f.url, count(a.id) FROM feeds f LEFT JOIN articles a ON a.feed_id = f.id "
            "GROUP BY f.id"
        ).fetchall()
    )
    assert set(counts.values()) <= {0, 10}, counts
    assert counts[urls[0]] == 10 or counts[urls[1]] == 10
    assert any(counts[u] == 0 for u in urls[2:])  # interrupted, not finished
