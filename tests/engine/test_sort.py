"""Each sort of the list against the same order computed in Python, on a real cache: pages
(from both ends of the index), positions and next/previous unread agree with it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tui_reader.engine.models import ArticleRow, ParsedArticle, ParsedFeed
from tui_reader.engine.query import SORTS, ArticleQuery
from tui_reader.engine.store import Store

FEEDS = ["beta", "Alpha", "gamma"]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "cache.db") as store:
        for f, name in enumerate(FEEDS):
            feed, _ = store.add_feed(f"https://feeds.example/{f}.xml", name)
            articles = [
                ParsedArticle(
                    guid=f"{f}-{i}",
                    title=["apple", "Banana", "cherry", "apple"][(f + i) % 4] + f" {i % 3}",
                    # Equal dates on purpose: ties are broken by id, the same everywhere.
                    published=1_700_000_000 + (i % 5) * 60 + f,
                )
                for i in range(17)
            ]
            store.apply_parsed(feed.id, ParsedFeed(title=name, articles=articles))
        all_rows = store.rows(ArticleQuery(), 0, 999)
        store.set_read([r.id for r in all_rows if r.id % 3 == 0])
        yield store


KEYS: dict[str, Callable[[ArticleRow], tuple[object, ...]]] = {
    "newest": lambda r: (-(r.date or 0), -r.id),
    "oldest": lambda r: (r.date or 0, r.id),
    "title": lambda r: (r.title.lower(), r.id),
    "feed": lambda r: (r.feed_title.lower(), r.feed_id, -(r.date or 0), -r.id),
    "unread": lambda r: (r.read, -(r.date or 0), -r.id),
}


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("view", [ArticleQuery(), ArticleQuery(unread=True)])
def test_sort_orders_pages_positions_and_next_unread(
    store: Store, sort: str, view: ArticleQuery
) -> None:
    query = ArticleQuery(unread=view.unread, sort=sort)
    expected = sorted(store.rows(view, 0, 999), key=KEYS[sort])
    total = store.count(query)
    assert total == len(expected)
    paged = [r for offset in range(0, total, 7) for r in store.rows(query, offset, 7, total=total)]
    assert [r.id for r in paged] == [r.id for r in expected]
    for index, row in enumerate(expected):
        assert store.position(query, row.id) == index
        after = [r.id for r in expected[index + 1 :] if not r.read]
        before = [r.id for r in expected[:index] if not r.read]
        assert store.next_unread(query, row.id) == (after[0] if after else None)
        assert store.next_unread(query, row.id, forward=False) == (before[-1] if before else None)
    first_unread = next(r.id for r in expected if not r.read)
    assert store.next_unread(query, None) == first_unread
