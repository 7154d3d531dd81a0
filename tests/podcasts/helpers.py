"""A podcast feed served from 127.0.0.1: one episode whose enclosure is an audio file."""

from __future__ import annotations

import json
from xml.sax.saxutils import quoteattr

import pytest

from tests.cli.helpers import run
from tests.feedserver import FeedServer

AUDIO = bytes(range(256)) * 400  # 102,400 bytes, every byte value, so a splice shows


def podcast(server: FeedServer, enclosure: str, length: int = len(AUDIO)) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
        f"<title>Harbour Hour</title><link>{server.url('/')}</link>"
        '<item><title>Episode 1</title><guid isPermaLink="false">ep1</guid>'
        "<description>The harbour council, in sound.</description>"
        f'<enclosure url={quoteattr(enclosure)} type="audio/mpeg" length="{length}"/>'
        "<itunes:duration>1:02:03</itunes:duration>"
        "</item></channel></rss>"
    ).encode()


def subscribe(
    capsys: pytest.CaptureFixture[str],
    server: FeedServer,
    enclosure_path: str = "/media/episode1.mp3",
    **route: object,
) -> int:
    """Serve the feed and its audio file, subscribe, and return the episode's article id."""
    server.add(enclosure_path, AUDIO, content_type="audio/mpeg", **route)
    server.add("/feed.xml", podcast(server, server.url(enclosure_path)))
    code, _, err = run(capsys, "add", server.url("/feed.xml"))
    assert code == 0, err
    rows = [json.loads(line) for line in run(capsys, "unread", "--json")[1].splitlines()]
    assert len(rows) == 1
    return int(rows[0]["id"])
