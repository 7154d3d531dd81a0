"""`tui-reader refresh`: what a run leaves in the cache and says about it."""

from __future__ import annotations

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
