"""The article list is virtual: it reads only the pages it shows, whatever the view's size."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.conftest import app_on, notifications, screen_text, wait_until
from tui_reader.engine.models import ParsedArticle, ParsedFeed
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.ui.widgets.article_list import MAX_PAGES, PAGE_SIZE

ROWS = 3000


@pytest.fixture
def big_store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "cache.db") as store:
        feed, _ = store.add_feed("https://example.com/big", "Big feed")
        articles = [
            ParsedArticle(guid=f"a{i}", title=f"Article {i:05d}", published=1_600_000_000 + i * 60)
            for i in range(ROWS)
        ]
        store.apply_parsed(feed.id, ParsedFeed(title="Big feed", articles=articles))
        yield store


async def test_bottom_is_one_page_away(big_store: Store) -> None:
    app = app_on(big_store)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.articles
        assert articles.count == ROWS
        assert articles.virtual_size.height == ROWS
        assert not articles.children  # rows are drawn, not mounted
        assert articles.pages_fetched == 1
        await pilot.press("G")
        await pilot.pause()
        assert articles.cursor == ROWS - 1
        assert articles.current.title == "Article 00000"  # newest first: the oldest is last
        assert "Article 00000" in screen_text(app)
        assert app.reader.article.title == "Article 00000"
        assert articles.pages_fetched <= 3
        await pilot.press("g")
        assert articles.current.title == f"Article {ROWS - 1:05d}"


async def test_page_cache_stays_bounded(big_store: Store) -> None:
    app = app_on(big_store)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.articles
        for index in range(0, ROWS, PAGE_SIZE // 2):
            articles.select_id(articles.row_now(index).id)
            await pilot.pause()
        assert articles.cached_rows <= MAX_PAGES * PAGE_SIZE
        # Each page was read once per visit, never the whole view at once.
        assert articles.pages_fetched <= 2 * ROWS // PAGE_SIZE + 2


async def test_state_changes_do_not_reload_the_view(big_store: Store) -> None:
    app = app_on(big_store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.main.choose(ArticleQuery(unread=True))
        await pilot.press("j", "j", "m", "n")
        articles = app.articles
        fetched = articles.pages_fetched
        # The read article stays in the Unread view (no jump under the cursor) ...
        assert articles.row(2).read is True
        assert articles.cursor == 3 and articles.count == ROWS
        assert articles.pages_fetched == fetched
        # ... until the view is shown again.
        app.main.choose(ArticleQuery(unread=True))
        assert articles.count == ROWS - 1


async def test_drawing_never_reads_the_cache(big_store: Store) -> None:
    """A line whose page is not held draws as a placeholder at once; the page worker reads
    the page and the lines are drawn again."""
    app = app_on(big_store)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.articles
        fetched = articles.pages_fetched
        # The scrollbar's way: the view moves far from the cursor, which stays put.
        articles.scroll_to(y=2000, animate=False, immediate=True)
        assert articles.render_line(0).text.strip() == "…"
        assert articles.pages_fetched == fetched  # drawing read nothing
        await wait_until(pilot, lambda: "Article 00999" in screen_text(app), "row 2000 drawn")
        assert articles.pages_fetched > fetched and articles.cursor == 0


async def test_a_cache_that_fails_while_scrolling_says_so(big_store: Store) -> None:
    app = app_on(big_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"Article", "enter")
        await wait_until(pilot, lambda: app.articles.count == ROWS, "the search results")
        # Another program breaks the cache: the full-text index is gone.
        with sqlite3.connect(big_store.path) as conn:
            conn.execute("DROP TABLE articles_fts")
        app.articles.scroll_to(y=2000, animate=False, immediate=True)
        await wait_until(pilot, lambda: bool(notifications(app)), "a notice")
        assert any("Could not read the list" in n for n in notifications(app))
        await pilot.pause()
        region = app.articles.content_region
        lines = screen_text(app).splitlines()[region.y : region.bottom]
        rows = [line[region.x : region.x + 40].strip() for line in lines]
        # Marked rows that say why, not blank ones.
        assert all(row.startswith("! cache error") for row in rows), rows
        assert app.is_running
