"""Sizes, themes and start-up: panes stack on small terminals, use the room on big ones."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.ui.conftest import seed_id
from tui_reader.config import Config
from tui_reader.engine.store import Store
from tui_reader.paths import resolve_paths
from tui_reader.ui.app import ReaderApp, run_app


async def test_panes_follow_terminal_size(make_app: Callable[..., ReaderApp], store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_article(seed_id(store))
        await pilot.pause()
        lst, reader, related = app.articles, app.reader, app.related
        assert lst.region.bottom <= reader.region.y  # list above reader
        assert not related.display or not related.region

        def wrap_width() -> int:
            return reader.renderable.renderables[0].width  # the content layer's Constrain

        assert wrap_width() == reader.scrollable_content_region.width
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        await pilot.pause()
        assert lst.region.right <= reader.region.x < related.region.x  # three columns
        assert related.region.height > 10
        # The article was re-wrapped for the new width (up to the configured measure).
        assert wrap_width() == min(80, reader.scrollable_content_region.width) != 78
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert lst.region.right <= reader.region.x
        assert related.region.y >= reader.region.bottom  # a strip along the bottom


async def test_light_and_dark_themes_restyle_the_reader(
    make_app: Callable[..., ReaderApp], store: Store
) -> None:
    app = make_app(theme="textual-light")
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_article(seed_id(store))
        await pilot.pause()
        light = app.reader.rich_theme().styles["reader.quote"]
        app.theme = "textual-dark"
        await pilot.pause()
        dark = app.reader.rich_theme().styles["reader.quote"]
        assert light.italic and dark.italic
        assert light.color != dark.color


async def test_unknown_theme_falls_back(make_app: Callable[..., ReaderApp]) -> None:
    app = make_app(theme="no-such-theme")
    async with app.run_test(size=(80, 24)):
        assert app.theme == "textual-dark"


def test_run_app_reports_a_damaged_cache(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = resolve_paths(tmp_path)
    paths.ensure()
    paths.db_path.write_bytes(b"this is not sqlite" * 300)
    assert run_app(paths, Config()) == 2
    err = capsys.readouterr().err
    assert err.startswith("tui-reader: ") and "damaged" in err
