"""Actions that leave the app: the browser, refreshing feeds, the command palette, and what
happens when the cache cannot be written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.ui.conftest import app_on, notifications, settle, wait_for_palette_hit
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.paths import Paths
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.link_prompt import LinkPrompt


async def test_browser_and_links(
    make_app: Callable[..., ReaderApp], store: Store, tmp_path: Path
) -> None:
    # A real browser command (the `browser` setting) that records each URL it is given; the
    # app runs it detached, and settle() waits for its worker, which waits for it to exit.
    record = tmp_path / "opened"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> {record}\n')
    script.chmod(0o755)

    def opened() -> list[str]:
        return record.read_text().splitlines() if record.exists() else []

    with_links = next(r.id for r in store.rows(ArticleQuery(), 0, 100) if "Rust" in r.title)
    app = make_app(browser=f"{script} %s")
    async with app.run_test(size=(120, 40)) as pilot:
        app.main.open_article(with_links)
        await pilot.press("o")
        await settle(pilot)
        assert opened() == [app.reader.article.link]
        links = app.reader.links
        assert links
        await pilot.press("1")
        await settle(pilot)
        assert opened()[-1] == links[0].url
        await pilot.press("f")
        assert isinstance(app.screen, LinkPrompt)
        await pilot.press(str(len(links)), "enter")
        await settle(pilot)
        assert opened()[-1] == links[-1].url
        await pilot.press("9")
        assert "No link 9 in this article" in notifications(app)


async def test_refresh_in_background_and_offline_refusal(
    make_app: Callable[..., ReaderApp], store: Store
) -> None:
    # The demo feeds are bundled files: refreshing them needs no network.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("R")
        await settle(pilot)
        status = str(app.main.status.render())
        assert "refreshed" in status and "3 feeds" in status
        assert any("3 feeds" in n for n in notifications(app))
        await pilot.press("r")
        await settle(pilot)
        assert "refreshed 1 feed: " in str(app.main.status.render())
    offline = make_app(offline=True)
    async with offline.run_test(size=(120, 40)) as pilot:
        await pilot.press("R", "r")
        assert notifications(offline).count("Offline: not refreshing (started with --offline)") == 2
        assert all(w.group != "refresh" for w in offline.workers)


async def test_failed_refresh_names_the_feed_and_marks_it(
    make_app: Callable[..., ReaderApp], store: Store, tmp_path: Path
) -> None:
    store.add_feed(str(tmp_path / "missing.xml"), "Missing feed")
    app = make_app(refresh_on_start=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # refresh_on_start ran in the background
        assert any(
            "1 failed" in n and "Missing feed: no such file" in n for n in notifications(app)
        )
        await pilot.press("ctrl+b")
        labels = [choice.label.plain for choice in app.main.sidebar.choices]
        assert any(label.startswith("Missing feed") and label.endswith("!") for label in labels)
        assert not any(label.endswith("!") for label in labels if "demo" in label)


async def test_command_palette_runs_actions(
    make_app: Callable[..., ReaderApp], db: Callable[[], Store]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.articles.current.id
        await pilot.press("ctrl+p")
        await pilot.press(*"Star")
        await wait_for_palette_hit(pilot, "Star")
        await pilot.press("enter")
        await pilot.pause()
        with db() as check:
            assert check.get_article(first).starred is True


async def test_store_errors_are_shown_not_raised(paths: Paths) -> None:
    with Store(paths.db_path, readonly=True) as readonly:
        app = app_on(readonly)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("m", "s")
            assert any("read-only" in n for n in notifications(app))
            assert app.is_running
