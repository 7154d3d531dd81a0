"""S in the app: the list follows each order in turn, the header says which, the open
article stays under the cursor; `sort` in config.toml is the starting order."""

from __future__ import annotations

from collections.abc import Callable

from tests.ui.conftest import settle
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.ui.app import ReaderApp


def header(app: ReaderApp) -> str:
    return str(app.main.query_one("#view-bar").render())


def listed(app: ReaderApp) -> list[int]:
    return [row.id for i in range(app.articles.count) if (row := app.articles.row_now(i))]


async def test_s_cycles_the_orders_keeping_the_open_article(
    make_app: Callable[..., ReaderApp], store: Store
) -> None:
    rows = store.rows(ArticleQuery(), 0, 999)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        opened = app.reader.article
        assert opened is not None
        await pilot.press("S")
        await settle(pilot)
        assert "oldest first" in header(app) and "sort: oldest first" in str(
            app.main.status.render()
        )
        oldest = sorted(rows, key=lambda r: (r.date or 0, r.id))
        assert listed(app) == [r.id for r in oldest]
        assert app.articles.current is not None and app.articles.current.id == opened.id
        await pilot.press("S", "S")  # feed, then title
        await settle(pilot)
        assert "by title" in header(app)
        titles = [app.articles.row_now(i).title.lower() for i in range(app.articles.count)]
        assert titles == sorted(titles)
        assert app.articles.current is not None and app.articles.current.id == opened.id
        await pilot.press("S", "S")  # unread first, then back to newest
        await settle(pilot)
        assert listed(app) == [r.id for r in rows]
        assert "first" not in header(app)


async def test_sort_setting_and_n_in_that_order(
    make_app: Callable[..., ReaderApp], store: Store
) -> None:
    rows = store.rows(ArticleQuery(), 0, 999)
    oldest = sorted(rows, key=lambda r: (r.date or 0, r.id))
    store.set_read([oldest[0].id])
    app = make_app(sort="oldest")
    async with app.run_test(size=(120, 40)) as pilot:
        assert listed(app) == [r.id for r in oldest]
        await pilot.press("n")  # the first unread one in this order: the second oldest
        await settle(pilot)
        assert app.reader.article is not None and app.reader.article.id == oldest[1].id
        await pilot.press("n")
        await settle(pilot)
        assert app.reader.article is not None and app.reader.article.id == oldest[2].id
