"""Feed text that looks like markup or terminal control must show as text and do nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from tests.ui.conftest import app_on, notifications, screen_strips, screen_text
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.refresh import RefreshOptions, refresh
from tui_reader.engine.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.confirm import ConfirmScreen

MARKUP = ["[bold]x[/]", "[/]", "[@click=app.quit]boom[/]", "$accent"]
OSC_TITLE = "\x1b]2;pwned\x07"
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def hostile_rss(path: Path) -> Path:
    items = "".join(
        f"<item><guid>h{i}</guid><title>{title}</title><author>{title}</author>"
        f"<description>&lt;p&gt;{title} body {title}&lt;/p&gt;</description>"
        f"<pubDate>Mon, 0{i + 1} Jan 2024 10:00:00 GMT</pubDate></item>"
        for i, title in enumerate(MARKUP)
    )
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>[red]Feed[/] $accent</title>'
        f"<link>https://example.com/</link>{items}</channel></rss>",
        encoding="utf-8",
    )
    return path


def hostile_json(path: Path) -> Path:
    # JSON may carry raw control characters; the engine must strip them on the way in.
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"evil{OSC_TITLE}feed",
        "items": [
            {
                "id": "osc",
                "title": f"title {OSC_TITLE}\x1b[31mred\x9b2J end",
                "content_text": f"body {OSC_TITLE} \x07\x08 text",
                "date_published": "2024-01-09T10:00:00Z",
            }
        ],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


async def add_and_refresh(store: Store, *files: Path) -> None:
    """The real path: subscribe, fetch (local files), parse, sanitise, store."""
    feeds = [store.add_feed(str(f))[0] for f in files]
    summary = await refresh(store.path, feeds, RefreshOptions(jobs=2))
    assert not summary.failed, [u.error for u in summary.failed]


def assert_no_controls(app: ReaderApp) -> None:
    for strip in screen_strips(app):
        for segment in strip:
            assert not CONTROL.search(segment.text), repr(segment.text)


async def test_hostile_titles_show_literally(
    store: Store, tmp_path: Path, make_app: Callable[..., ReaderApp]
) -> None:
    await add_and_refresh(
        store, hostile_rss(tmp_path / "evil.xml"), hostile_json(tmp_path / "j.json")
    )
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        text = screen_text(app)
        for title in MARKUP:
            assert title in text
        assert "title red2J end" in text  # the escape sequences went, the words stayed
        assert_no_controls(app)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert "[red]Feed[/] $accent" in screen_text(app)
        assert_no_controls(app)
        # Open each hostile article, in its feed's view (header shows the feed title).
        for feed in store.feeds():
            if feed.url.startswith("bundled:"):
                continue
            app.main.choose(ArticleQuery(feed_id=feed.id))
            for _ in range(app.articles.count):
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert_no_controls(app)
                await pilot.press("j")
        await pilot.press("R")  # the refresh summary names feeds too
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_no_controls(app)
        assert app.is_running  # "[@click=app.quit]" did not quit anything


async def test_hostile_feed_view_header(store: Store, tmp_path: Path) -> None:
    await add_and_refresh(store, hostile_rss(tmp_path / "evil.xml"))
    feed = next(f for f in store.feeds() if f.url.endswith("evil.xml"))
    app = app_on(store)
    async with app.run_test(size=(120, 30)) as pilot:
        app.main.reload_feeds()
        app.main.choose(ArticleQuery(feed_id=feed.id))
        assert "[red]Feed[/] $accent" in screen_text(app)  # the header names the view
        await pilot.press("m", "A")  # the confirm question quotes the feed title
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "“[red]Feed[/] $accent”" in app.screen.question.plain
        assert "[red]Feed[/] $accent" in screen_text(app)
        await pilot.press("y")
        assert notifications(app)[-1].startswith("Marked ")
