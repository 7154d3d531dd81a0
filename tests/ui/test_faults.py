"""The app with a cache it cannot write: it says so briefly and keeps showing what it has."""

from __future__ import annotations

from collections.abc import Callable

from tests.ui.conftest import app_on, notifications, screen_text, seed_id, settle
from tui_reader.engine.store import Store
from tui_reader.paths import Paths


async def test_read_only_cache_reads_and_refuses_writes(
    paths: Paths, db: Callable[[], Store]
) -> None:
    with db() as writer:
        seed = seed_id(writer)
    with Store(paths.db_path, readonly=True) as store:
        app = app_on(store, offline=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert "Foreign Minister Supports ASEAN" in screen_text(app)
            app.articles.select_id(seed)
            await pilot.press("enter", "s", "m")
            await settle(pilot)
            assert any("read-only" in n for n in notifications(app))
            assert app.is_running
            assert "PHNOM PENH" in screen_text(app)
    with db() as check:
        article = check.get_article(seed)
        assert not article.starred and not article.read
