"""An episode's duration as feeds write it (itunes:duration, JSON Feed duration_in_seconds),
read through the real parsers; anything that is not a duration is no duration."""

from __future__ import annotations

import json

import pytest

from tui_reader.engine.parse import parse_feed


def rss(duration: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>P</title>'
        '<item><title>E</title><guid isPermaLink="false">e</guid>'
        '<enclosure url="https://pod.example/e.mp3" type="audio/mpeg" length="1000"/>'
        f"<itunes:duration>{duration}</itunes:duration></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        ("3723", 3723),
        ("62:03", 3723),
        ("1:02:03", 3723),
        ("01:02:03.500", 3723),
        (" 45:00 ", 2700),
        ("", None),
        ("0", None),
        ("an hour", None),
        ("1:2:3:4", None),
        ("-5", None),
        ("99999999:00:00", None),  # centuries: garbage, not a recording
        ("１２:００", None),  # full-width digits
    ],
)
def test_itunes_duration(written: str, seconds: int | None) -> None:
    [article] = parse_feed(rss(written), "https://pod.example/feed.xml").articles
    [enclosure] = article.enclosures
    assert enclosure.duration == seconds


@pytest.mark.parametrize(
    ("given", "seconds"), [(3723, 3723), (61.9, 61), (0, None), (True, None), ("60", None)]
)
def test_json_feed_duration(given: object, seconds: int | None) -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "P",
        "items": [
            {
                "id": "e",
                "content_text": "x",
                "attachments": [
                    {
                        "url": "https://pod.example/e.mp3",
                        "mime_type": "audio/mpeg",
                        "duration_in_seconds": given,
                    }
                ],
            }
        ],
    }
    parsed = parse_feed(json.dumps(doc).encode(), "https://pod.example/feed.json")
    assert parsed.articles[0].enclosures[0].duration == seconds


def test_json_feed_infinity_is_no_duration() -> None:
    body = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "P", "items": [{"id": "e",'
        b' "content_text": "x", "attachments": [{"url": "https://pod.example/e.mp3",'
        b' "mime_type": "audio/mpeg", "duration_in_seconds": Infinity}]}]}'
    )
    parsed = parse_feed(body, "https://pod.example/feed.json")
    assert [e.duration for a in parsed.articles for e in a.enclosures] in ([None], [])
