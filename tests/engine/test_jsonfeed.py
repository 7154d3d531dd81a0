"""JSON Feed 1.0 / 1.1: the corpus feeds, the spec's fields, and wrong types everywhere."""

from __future__ import annotations

import calendar
import json
from pathlib import Path

import pytest

from tests.shared import CORPUS
from tui_reader.engine.errors import ParseError
from tui_reader.engine.jsonfeed import parse_json_feed
from tui_reader.engine.models import Enclosure
from tui_reader.engine.parse import parse_feed

JSON_FILES = sorted(CORPUS.rglob("*.json")) if CORPUS.is_dir() else []

SPEC_11 = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "My &amp; Feed",
    "home_page_url": "https://example.org/",
    "feed_url": "https://example.org/feed.json",
    "authors": [{"name": "Feed Author"}],
    "items": [
        {
            "id": "2",
            "url": "/second-item",
            "external_url": "https://elsewhere.example/x",
            "title": "Second",
            "content_html": "<p>Hello, <b>world</b>!</p>",
            "content_text": "Hello, world!",
            "summary": "A greeting",
            "date_published": "2010-02-07T14:04:00-05:00",
            "date_modified": "2010-02-07T19:04:00Z",
            "authors": [{"name": "Item Author"}, {"url": "https://no-name.example"}],
            "tags": ["a", "b", "a"],
            "attachments": [
                {
                    "url": "https://example.org/ep.mp3",
                    "mime_type": "audio/mpeg",
                    "size_in_bytes": 12,
                },
                {"url": "ep2.m4a", "mime_type": "audio/mp4"},
            ],
        },
        {"id": 1, "content_text": "Text only", "author": {"name": "Old Style"}},
        {"id": "3", "external_url": "https://elsewhere.example/3"},
    ],
}


def dump(doc: object) -> bytes:
    return json.dumps(doc).encode()


@pytest.mark.skipif(not JSON_FILES, reason="corpus not present")
@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_corpus_json_feeds_parse_with_their_items(path: Path) -> None:
    data = path.read_bytes()
    feed = parse_feed(data, "https://example.com/feed.json")
    assert feed.kind == "json" and feed.title
    try:
        doc = json.loads(data)
    except ValueError:
        doc = None  # the deliberately truncated one: items are recovered up to the damage
    if isinstance(doc, dict) and "items" in doc:
        assert len(feed.articles) == len(doc["items"])
    else:
        assert feed.articles  # a truncated file, or "RSS in JSON" (scripting.com)
    assert all(a.guid or a.link or a.content or a.title for a in feed.articles)


def test_spec_fields() -> None:
    feed = parse_json_feed(dump(SPEC_11))
    assert (feed.title, feed.site_url, feed.kind) == ("My & Feed", "https://example.org/", "json")
    second, first, third = feed.articles
    assert second.guid == "2"
    assert second.link == "https://example.org/second-item"  # relative to home_page_url
    assert second.title == "Second"
    assert (second.content, second.content_type) == ("<p>Hello, <b>world</b>!</p>", "html")
    assert second.summary == "A greeting"
    assert second.published == calendar.timegm((2010, 2, 7, 19, 4, 0, 0, 0, 0))
    assert second.updated == second.published
    assert second.authors == ["Item Author"]
    assert second.categories == ["a", "b"]
    assert second.enclosures == [
        Enclosure("https://example.org/ep.mp3", "audio/mpeg", 12),
        Enclosure("https://example.org/ep2.m4a", "audio/mp4", None),
    ]
    assert first.guid == "1"  # a number, as some 1.0 feeds have it
    assert (first.content, first.content_type) == ("Text only", "text")
    assert first.authors == ["Old Style"]  # 1.0 "author"
    assert third.authors == ["Feed Author"]  # 1.1: inherits the feed's authors
    assert third.link == "https://elsewhere.example/3"  # external_url when there is no url


def test_feed_url_is_the_base_for_relative_urls() -> None:
    doc = {"version": "https://jsonfeed.org/version/1", "items": [{"id": "x", "url": "p/1"}]}
    (item,) = parse_json_feed(dump(doc), base_url="https://host.example/blog/feed.json").articles
    assert item.link == "https://host.example/blog/p/1"


WRONG_TYPES = [
    {"title": 5, "items": "x"},
    {"title": ["t"], "home_page_url": 7, "authors": [1, None], "items": [1, None, "s", []]},
    {
        "items": [
            {
                "id": {"a": 1},
                "url": 12,
                "external_url": ["u"],
                "title": 5,
                "content_html": 3.5,
                "content_text": False,
                "summary": {},
                "date_published": 12,
                "date_modified": "yesterday",
                "authors": [1, None, {"name": 3}],
                "author": "someone",
                "tags": "tag",
                "attachments": [1, {"url": 5}, {"url": "https://a.b/c", "size_in_bytes": "9"}],
            },
            {"id": True, "tags": [1, None, "ok"], "authors": {"name": "x"}, "attachments": "a"},
            {"attachments": [{"url": "https://a.b/d", "size_in_bytes": True, "mime_type": 4}]},
        ]
    },
]


@pytest.mark.parametrize("doc", WRONG_TYPES, ids=["scalars", "lists", "items"])
def test_wrong_types_are_skipped_not_fatal(doc: dict[str, object]) -> None:
    feed = parse_json_feed(dump({"version": "https://jsonfeed.org/version/1.1", **doc}))
    assert feed.title == ""
    for article in feed.articles:
        assert article.title == "" and article.authors == []
        assert article.published is None and article.updated is None
        assert article.link is None and article.content == ""
    if len(feed.articles) == 3:
        first, second, third = feed.articles
        assert first.guid is None and second.guid is None
        assert first.enclosures == [Enclosure("https://a.b/c", None, None)]
        assert second.categories == ["ok"]
        assert third.enclosures == [Enclosure("https://a.b/d", None, None)]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "invalid JSON"),
        (b"[1, 2, 3]", "not a JSON Feed"),
        (b'{"some": "object"}', "not a JSON Feed"),
        (b'"just a string"', "not a JSON Feed"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"items": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}", "nested too deeply"),
    ],
    ids=["syntax", "array", "object", "string", "deep", "deep-item"],
)
def test_not_a_json_feed(body: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_json_feed(body)


def test_huge_numbers_and_odd_dates_do_not_sink_the_feed() -> None:
    doc = (
        b'{"version": "https://jsonfeed.org/version/1", "items": [{"id": "a", "n": '
        + b"9" * 10_000
        + b', "date_published": "Tue, 10 Jun 2003 04:00:00 GMT"},'
        b' {"id": "b", "date_published": "9999-12-31T23:59:59+14:00"},'
        b' {"id": "c", "date_published": "2020-01-01T00:00:00"}]}'
    )
    a, b, c = parse_json_feed(doc).articles
    assert a.published == calendar.timegm((2003, 6, 10, 4, 0, 0, 0, 0, 0))  # RFC 822, leniently
    assert b.published == calendar.timegm((9999, 12, 31, 9, 59, 59, 0, 0, 0))
    assert c.published == calendar.timegm((2020, 1, 1, 0, 0, 0, 0, 0, 0))  # no zone: UTC


def test_truncated_json_keeps_complete_items() -> None:
    full = dump(SPEC_11)
    cut = full[: full.index(b'"id": "3"')]
    feed = parse_json_feed(cut)
    assert [a.guid for a in feed.articles] == ["2", "1"]
    assert feed.title == "My & Feed" and feed.warning and "2 items recovered" in feed.warning


def test_max_items() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [{"id": str(i)} for i in range(30)],
    }
    assert len(parse_json_feed(dump(doc), max_items=10).articles) == 10


def test_control_characters_and_markup_in_json() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "\u001b]0;pwned\u0007Feed [bold]x[/]",
        "items": [
            {
                "id": "\u202eid",
                "title": "\u001b[31mred\u001b[0m [@click=app.quit]q[/]",
                "content_text": "line\r\n\u009bnext\ud800",
                "tags": ["\u0000tag$accent"],
                "authors": [{"name": "\u001b]8;;http://evil\u001b\\Eve\u001b]8;;\u001b\\"}],
            }
        ],
    }
    feed = parse_json_feed(json.dumps(doc).encode())
    (item,) = feed.articles
    assert feed.title == "Feed [bold]x[/]"
    assert (item.guid, item.title) == ("id", "red [@click=app.quit]q[/]")
    assert item.content == "line\nnext"
    assert item.categories == ["tag$accent"] and item.authors == ["Eve"]


@pytest.mark.parametrize(
    ("feed_lang", "item_lang", "expected"),
    [
        ("de_de", "fr-ch", ("de-DE", "fr-CH")),
        ("en", None, ("en", None)),
        ("<b>de</b>", ["de"], (None, None)),
        ("de\u202e", 7, (None, None)),
        ("x" * 10_000, "und", (None, None)),
    ],
)
def test_json_feed_languages_are_kept_as_bcp47_tags_or_dropped(
    feed_lang: object, item_lang: object, expected: tuple[str | None, str | None]
) -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "T",
        "language": feed_lang,
        "items": [{"id": "1", "content_text": "x", "language": item_lang}],
    }
    feed = parse_feed(json.dumps(doc).encode(), "https://example.org/feed.json")
    assert (feed.lang, feed.articles[0].lang) == expected
