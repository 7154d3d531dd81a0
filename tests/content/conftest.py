"""Helpers for the content tests: articles built the way the store hands them over."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui_reader.engine.models import Article

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
