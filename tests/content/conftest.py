"""Helpers for the content tests: articles built the way the store hands them over."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tui_reader.engine.jsonfeed import parse_json_feed
from tui_reader.engine.models import Article, Enclosure
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store

ROOT = Path(__file__).resolve().parents[2]
FEEDS = ROOT / "feeds"


def make_article(**fields: Any) -> Article:
    values: dict[str, Any] = {
        "id": 1,
        "feed_id": 1,
        "feed_title": "Test feed",
        "key": "k",
        "link": "https://example.com/news/story",
        "title": "A title",
        "authors": [],
        "published": None,
        "updated": None,
        "summary": "",
        "content": "",
        "content_type": "html",
        "categories": [],
        "enclosures": [],
        "read": False,
        "starred": False,
        "first_seen": 1_700_000_000,
    }
    values.update(fields)
    return Article(**values)


@pytest.fixture
def article() -> Callable[..., Article]:
    return make_article


def json_feed(fields: dict[str, Any]) -> bytes:
    """A JSON Feed holding one item with these Article fields (JSON, unlike XML, may carry
    any control character, so hostile text arrives as a hostile feed would send it)."""
    body = "content_text" if fields.get("content_type") == "text" else "content_html"
    item: dict[str, Any] = {
        "id": "item",
        "title": fields.get("title", "A title"),
        "url": fields.get("link", "https://example.com/news/story"),
        "authors": [{"name": name} for name in fields.get("authors", [])],
        "tags": fields.get("categories", []),
        body: fields.get("content", ""),
    }
    if fields.get("published") is not None:
        stamp = datetime.fromtimestamp(fields["published"], UTC)
        item["date_published"] = stamp.isoformat()
    enclosures: list[Enclosure] = fields.get("enclosures", [])
    item["attachments"] = [
        {"url": e.url, "mime_type": e.type, "size_in_bytes": e.length} for e in enclosures
    ]
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": fields.get("feed_title", "Test feed"),
        "items": [item],
    }
    return json.dumps(doc).encode()


@pytest.fixture
def stored(tmp_path: Path) -> Iterator[Callable[..., Article]]:
    """Articles the real way: feed bytes through the real parser into a real SQLite cache,
    and back out as the reader gets them."""
    store = Store(tmp_path / "cache.db")
    numbers = itertools.count(1)

    def add(**fields: Any) -> Article:
        feed, _ = store.add_feed(f"https://example.com/feed{next(numbers)}.json")
        parsed = parse_json_feed(json_feed(fields), base_url=feed.url)
        store.apply_parsed(feed.id, parsed)
        (row,) = store.rows(ArticleQuery(feed_id=feed.id), 0, 10)
        article = store.get_article(row.id)
        assert article is not None
        return article

    yield add
    store.close()
