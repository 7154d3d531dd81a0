"""Sizes, themes and start-up: panes stack on small terminals, use the room on big ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.ui.conftest import screen_text, seed_id
from tui_reader.config import Config
from tui_reader.engine.refresh import refresh_sync
from tui_reader.engine.store import Store
from tui_reader.paths import Paths, resolve_paths
from tui_reader.ui.app import ReaderApp, run_app


async def test_panes_follow_terminal_size(make_app: Callable[..., ReaderApp], store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.main.open_article(seed_id(store))
        await pilot.pause()
        lst, reader, related = app.articles, app.reader, app.main.related
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
        app.main.open_article(seed_id(store))
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


LONG_TITLE = "Long headline " + "with many words " * 12


@pytest.fixture
def long_title(paths: Paths, tmp_path: Path) -> Paths:
    """The demo cache plus the newest article, whose title is longer than any list."""
    feed_file = tmp_path / "long.xml"
    feed_file.write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>A desk with a long name'
        b"</title><item><title>" + LONG_TITLE.encode() + b"</title><guid>long</guid>"
        b"<pubDate>Mon, 01 Jan 2035 10:00:00 GMT</pubDate></item></channel></rss>"
    )
    with Store(paths.db_path) as store:
        feed, _ = store.add_feed(str(feed_file))
    assert not refresh_sync(paths.db_path, [feed]).failed
    return paths


def title_cells(app: ReaderApp) -> int:
    """Cells the screen gives the top row's title: from where it starts to the list's edge."""
    line = next(line for line in screen_text(app).splitlines() if "Long headline" in line)
    return app.articles.scrollable_content_region.right - line.index("Long headline")


@pytest.mark.parametrize(
    ("width", "titles", "reader"), [(120, 30, 60), (160, 45, 56), (200, 50, 60), (240, 50, 75)]
)
async def test_titles_get_their_room_first(
    long_title: Paths, make_app: Callable[..., ReaderApp], width: int, titles: int, reader: int
) -> None:
    app = make_app()
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        assert title_cells(app) >= titles
        # ... while the other panes keep a useful width.
        assert app.reader.scrollable_content_region.width >= reader
        if width >= 160:
            assert app.main.related.region.width >= 30
        if app.main.sidebar.display:
            assert app.main.sidebar.region.width == 28
