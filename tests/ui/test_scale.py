"""100,000 cached articles: the app starts, G reaches the last one, memory stays bounded.

Timings live in bench/ (bench/run.py); this test only proves the behaviour at scale.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ui.conftest import app_on, screen_text
from tui_reader.engine.models import ParsedArticle, ParsedFeed
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.ui.widgets.article_list import MAX_PAGES, PAGE_SIZE

FEEDS, PER_FEED = 100, 1000
TOPICS = "asean myanmar junta rust compiler football recipe storm harbour election".split()


@pytest.fixture(scope="module")
def huge_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("huge") / "cache.db"
    with Store(path) as store:
        for f in range(FEEDS):
            feed, _ = store.add_feed(f"https://feeds.example/{f}.xml")
            articles = [
                ParsedArticle(
                    guid=f"{f}-{i}",
                    title=f"Story {f * PER_FEED + i:06d} on {TOPICS[(f + i) % len(TOPICS)]}",
                    published=1_600_000_000 + (f * PER_FEED + i) * 60,
                    content=f"<p>Body about {TOPICS[i % len(TOPICS)]} number {i}.</p>",
                )
                for i in range(PER_FEED)
            ]
            store.apply_parsed(feed.id, ParsedFeed(title=f"Feed {f}", articles=articles))
        yield store


async def test_app_starts_and_reaches_the_last_of_100k(huge_store: Store) -> None:
    total = FEEDS * PER_FEED
    assert huge_store.count(ArticleQuery()) == total
    app = app_on(huge_store)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.articles
        assert articles.count == total
        assert f"Story {total - 1:06d}" in screen_text(app)
        await pilot.press("G")
        await pilot.pause()
        assert articles.cursor == total - 1
        assert articles.current.title.startswith("Story 000000")
        assert "Story 000000" in screen_text(app)
        for _ in range(30):
            await pilot.press("k")
        await pilot.press("pageup", "pageup", "g")
        await pilot.pause()
        assert articles.current.title.startswith(f"Story {total - 1:06d}")
        assert articles.cached_rows <= MAX_PAGES * PAGE_SIZE
        assert articles.pages_fetched <= 6


async def test_search_and_unread_views_at_100k(huge_store: Store) -> None:
    app = app_on(huge_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await pilot.press(*"harbour", "enter")
        await pilot.pause()
        assert app.articles.count == huge_store.count(ArticleQuery(search="harbour")) > 0
        assert "harbour" in app.articles.current.title or "harbour" in (
            huge_store.get_article(app.articles.current.id).content
        )


@pytest.mark.parametrize("width", [200, 80])
async def test_sidebar_counts_are_never_cut(huge_store: Store, width: int) -> None:
    app = app_on(huge_store)
    async with app.run_test(size=(width, 40)) as pilot:
        if not app.main.sidebar.display:
            await pilot.press("ctrl+b")
        await pilot.pause()
        right = app.main.sidebar.scrollable_content_region.right
        lines = screen_text(app).splitlines()
        for name, count in (("All", "100k"), ("Unread", "100k"), ("Feed 0", "1000")):
            line = next(line for line in lines if f"│ {name} " in line)
            # The count ends inside the pane, whole: "100k", never "1000…".
            assert line[:right].rstrip().endswith(f" {count}"), line[:right]
