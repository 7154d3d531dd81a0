"""N / P in the app: the list jumps to the next (previous) feed in sidebar order that has
unread articles, skipping feeds read to the end."""

from __future__ import annotations

from collections.abc import Callable

from tests.ui.conftest import settle
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.widgets.sidebar import view_choices


async def test_n_and_p_walk_the_feeds_with_unread_articles(
    make_app: Callable[..., ReaderApp], store: Store
) -> None:
    order = [c.query.feed_id for c in view_choices(store.feeds()) if c.query.feed_id]
    assert len(order) >= 3, "the demo cache has several feeds"
    store.mark_view_read(ArticleQuery(feed_id=order[1]))  # read to the end: skipped
    with_unread = [order[0], *order[2:]]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        seen = []  # from All: the first feed with unread articles, then the next ...
        for _ in with_unread:
            await pilot.press("N")
            await settle(pilot)
            seen.append(app.main.view.feed_id)
            assert app.focused is app.articles
            assert app.articles.current is not None
            assert app.articles.current.feed_id == seen[-1]
        assert seen == with_unread
        await pilot.press("N")
        await pilot.pause()
        assert any("No more feeds with unread" in n.message for n in app._notifications)
        await pilot.press("P")
        await settle(pilot)
        assert app.main.view.feed_id == with_unread[-2]
