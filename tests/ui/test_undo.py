"""u in the app: each change undone in turn, back to how the cache was when the app started;
state read back through a second connection."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.ui.conftest import settle, wait_until
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.confirm import ConfirmScreen


def state(db: Store) -> dict[int, tuple[bool, bool]]:
    return {r.id: (r.read, r.starred) for r in db.rows(ArticleQuery(), 0, 10_000)}


def status(app: ReaderApp) -> str:
    return str(app.main.status.render())


async def wait_status(pilot: Pilot, app: ReaderApp, text: str) -> None:
    await wait_until(pilot, lambda: text in status(app), f"the status line says {text!r}")


async def test_undo_walks_back_every_change_to_the_start(
    make_app: Callable[..., ReaderApp], store: Store, db: Callable[[], Store]
) -> None:
    rows = store.rows(ArticleQuery(), 0, 3)
    store.set_read([rows[2].id])  # read before the app starts: must stay read throughout
    app = make_app(mark_read_delay=0.0)
    with db() as other:
        start = state(other)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("enter")  # opened: marked read at once (delay 0)
            await settle(pilot)
            await pilot.press("s")  # starred
            await pilot.press("A")
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("y")
            await settle(pilot)
            total = store.count(ArticleQuery())
            assert store.unread_count(ArticleQuery()) == 0
            assert state(other) != start

            await pilot.press("u")
            await wait_status(pilot, app, f"undid: marked {total - 2:,} read in All")
            after_mark_all = state(other)
            assert after_mark_all[rows[2].id] == (True, False)  # read before: still read
            assert after_mark_all[rows[0].id] == (True, True)  # opened and starred
            assert sum(not read for read, _ in after_mark_all.values()) == total - 2

            await pilot.press("u")
            await wait_status(pilot, app, "undid: starred: " + rows[0].title)
            await pilot.press("u")
            await wait_status(pilot, app, "undid: marked read: " + rows[0].title)
            assert state(other) == start
            assert app.reader.article is not None and not app.reader.article.read

            await pilot.press("u")
            await pilot.pause()
            assert "Nothing to undo" in [n.message for n in app._notifications]
            assert state(other) == start


async def test_a_preview_is_not_a_change(
    make_app: Callable[..., ReaderApp], store: Store, db: Callable[[], Store]
) -> None:
    app = make_app(mark_read_delay=0.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j")  # the cursor moves: the reader previews, nothing is read
        await settle(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert "Nothing to undo" in [n.message for n in app._notifications]
    with db() as other:
        assert other.unread_count(ArticleQuery()) == other.count(ArticleQuery())


async def test_u_takes_back_a_tag_change(
    make_app: Callable[..., ReaderApp], db: Callable[[], Store]
) -> None:
    from textual.widgets import Input

    from tui_reader.ui.screens.tag_prompt import TagPrompt

    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        article = app.reader.article
        assert article is not None
        for typed in ("later keep", "-keep"):
            await pilot.press("t")
            for _ in range(200):
                if isinstance(app.screen, TagPrompt):
                    break
                await pilot.pause(0.02)
            app.screen.query_one(Input).value = typed
            await pilot.press("enter")
            await settle(pilot)
        with db() as other:
            assert other.get_article(article.id).tags == ["later"]  # type: ignore[union-attr]
        await pilot.press("u")
        await wait_status(pilot, app, "undid: tagged 1 article -keep")
        with db() as other:
            assert other.get_article(article.id).tags == ["keep", "later"]  # type: ignore[union-attr]
        assert app.reader.article is not None and app.reader.article.tags == ["keep", "later"]
        await pilot.press("u")
        await wait_status(pilot, app, "undid: tagged 1 article +later +keep")
        with db() as other:
            assert other.get_article(article.id).tags == []  # type: ignore[union-attr]
