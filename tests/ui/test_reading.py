"""What counts as reading: an article opened in the reader (Enter, n/p, related), for
mark_read_delay. The preview that follows the cursor is never reading, however long it rests."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot

from tests.ui.conftest import settle
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.ui.app import ReaderApp

DELAY = 0.2  # mark_read_delay for these tests; each skimmed row rests twice as long


async def wait_read(pilot: Pilot, db: Callable[[], Store], article_id: int) -> None:
    """Until the cache file says the article is read (a deadline, not a fixed sleep)."""
    end = time.monotonic() + 10
    while True:
        with db() as check:
            if check.get_article(article_id).read:
                return
        assert time.monotonic() < end, f"article {article_id} never became read"
        await pilot.pause(0.05)


def read_ids(db: Callable[[], Store]) -> set[int]:
    with db() as check:
        return {r.id for r in check.iter_rows(ArticleQuery()) if r.read}


async def test_first_start_previews_the_newest_article_unread(
    make_app: Callable[..., ReaderApp], store: Store, db: Callable[[], Store]
) -> None:
    app = make_app(mark_read_delay=DELAY)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        newest = store.rows(ArticleQuery(), 0, 1)[0]
        assert app.reader.article is not None and app.reader.article.id == newest.id
        assert app.main.related.for_article == newest.id and app.main.related.rows
        await pilot.pause(DELAY * 2)  # longer than the delay: a preview is still not reading
        assert read_ids(db) == set()


async def test_skimming_searching_and_switching_views_leave_articles_unread(
    make_app: Callable[..., ReaderApp], store: Store, db: Callable[[], Store]
) -> None:
    app = make_app(mark_read_delay=DELAY)
    async with app.run_test(size=(120, 40)) as pilot:
        rows = store.rows(ArticleQuery(), 0, 6)
        for row in rows[1:5]:  # j over headlines, resting longer than the delay on each
            await pilot.press("j")
            assert app.reader.article.id == row.id  # the reader follows the cursor
            await pilot.pause(DELAY * 2)
        # Typing a search: the reader previews the top hit as the query narrows.
        await pilot.press("slash", *"reiterat")
        end = time.monotonic() + 10  # the search runs after a debounce: until it has
        while app.articles.view_query.search != "reiterat":
            assert time.monotonic() < end, "the search never ran"
            await pilot.pause(0.02)
        await pilot.pause(DELAY * 2)  # rest past the delay: what is tested is that it stays unread
        assert app.articles.count >= 1 and app.reader.article.id == app.articles.current.id
        await pilot.press("enter")  # the results, not the article: still unread
        await pilot.pause(DELAY * 2)
        await pilot.press("h")
        # Another view: the reader previews the row under the cursor there.
        feed = store.feeds()[0]
        app.main.choose(ArticleQuery(feed_id=feed.id))
        await pilot.pause(DELAY * 2)
        assert app.reader.article.id == app.articles.current.id
        assert read_ids(db) == set()
        # Opening is reading: Enter on the row ...
        opened = app.articles.current.id
        await pilot.press("enter")
        await wait_read(pilot, db, opened)
        # ... and n, the next unread one.
        await pilot.press("h", "n")
        following = app.reader.article.id
        await wait_read(pilot, db, following)
        assert read_ids(db) == {opened, following}


async def test_leaving_an_opened_article_before_the_delay_keeps_it_unread(
    make_app: Callable[..., ReaderApp], store: Store, db: Callable[[], Store]
) -> None:
    app = make_app(mark_read_delay=DELAY)
    async with app.run_test(size=(120, 40)) as pilot:
        first, second = (r.id for r in store.rows(ArticleQuery(), 0, 2))
        app.main.open_article(first)
        await pilot.press("j")  # the cursor moves on before the delay: the preview replaces it
        await pilot.press("k")  # back on the first row, previewed only
        await pilot.pause(DELAY * 2)
        assert app.reader.article.id == first
        assert read_ids(db) == set()
        app.main.open_article(second)
        await wait_read(pilot, db, second)
        assert read_ids(db) == {second}
