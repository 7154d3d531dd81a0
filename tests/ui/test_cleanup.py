"""The palette's "Clean up cache": it says how many articles will go and asks; no keeps
everything, yes removes them in a worker and the list and counts follow."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.ui.conftest import settle, wait_for_palette_hit, wait_until
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.confirm import ConfirmScreen


async def wait_screen(pilot: Pilot, kind: type) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind), f"{kind.__name__} shows")


async def run_cleanup(pilot: Pilot) -> ConfirmScreen:
    await pilot.press("ctrl+p", *"clean up")
    await wait_for_palette_hit(pilot, "Clean up cache")
    await pilot.press("enter")
    await wait_screen(pilot, ConfirmScreen)
    assert isinstance(pilot.app.screen, ConfirmScreen)
    return pilot.app.screen


async def test_clean_up_cache_asks_with_counts_then_removes(
    make_app: Callable[..., ReaderApp], store: Store, db: Callable[[], Store]
) -> None:
    feeds = store.feeds()
    total = store.count(ArticleQuery())
    store.mark_view_read(ArticleQuery())
    newest = [store.rows(ArticleQuery(feed_id=f.id), 0, 1)[0] for f in feeds if f.total]
    store.set_starred(store.rows(ArticleQuery(), 0, 9)[-1].id, True)  # not a newest one
    going = total - len(newest) - 1
    app = make_app(max_per_feed=1)
    async with app.run_test(size=(120, 40)) as pilot:
        confirm = await run_cleanup(pilot)
        question = confirm.question.plain
        assert f"Remove {going} read articles beyond the newest 1 of their feed" in question
        await pilot.press("n")
        await settle(pilot)
        with db() as other:
            assert other.count(ArticleQuery()) == total  # no: nothing changed

        await run_cleanup(pilot)
        await pilot.press("y")
        for _ in range(500):
            if "cleanup: removed" in str(app.main.status.render()):
                break
            await pilot.pause(0.02)
        assert f"cleanup: removed {going} articles" in str(app.main.status.render())
        with db() as other:
            assert other.count(ArticleQuery()) == len(newest) + 1
            assert other.count(ArticleQuery(starred=True)) == 1
        assert app.articles.count == len(newest) + 1
