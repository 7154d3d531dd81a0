"""The views the sidebar and the picker offer: a folder tree nested by "/", each line with the
unread count of exactly the view it opens."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.feedserver import FeedServer
from tests.ui.conftest import screen_text, wait_until
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.refresh import refresh_sync
from tui_reader.engine.store import Store
from tui_reader.paths import Paths
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.view_picker import ViewPicker

# (folder, feed title, items): nesting, a name differing only in case, and "_" in a name
# (which SQL LIKE would read as a wildcard).
FOLDERS = [
    ("Tech", "Gadgets", 2),
    ("Tech/Sub", "Compilers", 3),
    ("Tech/Sub/Deep", "Kernels", 1),
    ("tech/Lower", "Lowercase", 2),
    ("Tech_News/Sub", "Wire", 2),
    ("TechXNews", "Lookalike", 1),
]


def rss(title: str, items: int) -> bytes:
    entries = "".join(
        f"<item><title>{title} story {i}</title><guid>{title}-{i}</guid>"
        f"<pubDate>Mon, 0{i + 1} Jan 2024 10:00:00 GMT</pubDate></item>"
        for i in range(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"{entries}</channel></rss>"
    ).encode()


@pytest.fixture
def folder_cache(paths: Paths, tmp_path: Path) -> Paths:
    """The demo cache plus feeds in nested folders, loaded by the real refresh; one article
    of each feed read, and one starred unread."""
    with Store(paths.db_path) as store:
        feeds = []
        for folder, title, items in FOLDERS:
            path = tmp_path / f"{title}.xml"
            path.write_bytes(rss(title, items))
            feeds.append(store.add_feed(str(path), title, folder)[0])
    assert not refresh_sync(paths.db_path, feeds).failed
    with Store(paths.db_path) as store:
        for feed in feeds:
            store.set_read([store.rows(ArticleQuery(feed_id=feed.id), 0, 1)[0].id])
        store.set_starred(store.rows(ArticleQuery(unread=True), 0, 1)[0].id, True)
    return paths


async def counted(pilot: Pilot, app: ReaderApp) -> None:
    """Until the sidebar's counts (read on a worker) have landed."""
    sidebar = app.main.sidebar
    await wait_until(pilot, lambda: any(f.total for f in sidebar.feeds), "the sidebar's counts")


def shown_count(label: str) -> int:
    found = re.search(r" (\d+)$", label.rstrip(" !"))
    return int(found.group(1)) if found else 0


def view_bar_unread(app: ReaderApp) -> int:
    found = re.search(r"(\d+) unread", str(app.main.query_one("#view-bar").render()))
    assert found
    return int(found.group(1))


async def test_every_count_in_the_sidebar_is_its_views_count(
    folder_cache: Paths, make_app: Callable[..., ReaderApp]
) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        assert app.main.sidebar.display
        await counted(pilot, app)
        labels = [c.label.plain.rstrip() for c in app.main.sidebar.choices]
        folders = [label.split("▾ ")[1].split()[0] for label in labels if "▾" in label]
        nested = ["Demo", "Tech", "Sub", "Deep", "tech", "Lower", "Tech_News", "Sub", "TechXNews"]
        assert folders == nested
        screen = screen_text(app)
        assert "▾ Tech " in screen and "  ▾ Sub " in screen and "    ▾ Deep " in screen
        for index, choice in enumerate(app.main.sidebar.choices):
            shown = shown_count(choice.label.plain)
            app.main.sidebar.focus()
            app.main.sidebar.highlighted = index
            await pilot.press("enter")
            assert app.main.view == choice.query
            assert view_bar_unread(app) == shown, choice.label.plain


async def test_the_picker_offers_the_same_tree(
    folder_cache: Paths, make_app: Callable[..., ReaderApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("v")
        assert isinstance(app.screen, ViewPicker)
        keys = [c.key for c in app.screen.choices]
        assert keys.index("folder:Tech") < keys.index("folder:Tech/Sub")
        assert keys.index("folder:Tech/Sub") < keys.index("folder:Tech/Sub/Deep")
        index = keys.index("folder:Tech")
        shown = shown_count(app.screen.choices[index].label.plain)
        await pilot.press("g", *["j"] * index, "enter")
        assert app.main.view == ArticleQuery(folder="Tech")
        # Tech holds Gadgets, Compilers and Kernels (not "tech/Lower"): 1 + 2 + 0 unread.
        assert view_bar_unread(app) == shown == 3


@pytest.fixture
def failing_feeds(paths: Paths, feed_server: FeedServer, tmp_path: Path) -> dict[str, int]:
    """A feed answering 404 (refreshed two hours ago) and a missing file whose name is
    markup, both failed by the real refresh."""
    feed_server.error("/gone.xml", 404)
    with Store(paths.db_path) as store:
        http, _ = store.add_feed(feed_server.url("/gone.xml"), "Broken desk")
        missing, _ = store.add_feed(str(tmp_path / "[bold]x[/].xml"), "Missing desk")
    summary = refresh_sync(paths.db_path, [http, missing])
    assert len(summary.failed) == 2
    with sqlite3.connect(paths.db_path) as conn:  # the refresh happened two hours ago
        conn.execute("UPDATE feeds SET last_fetch = last_fetch - 7200 WHERE id = ?", (http.id,))
    return {"http": http.id, "missing": missing.id}


async def open_view(pilot: Pilot, app: ReaderApp, key: str) -> None:
    """Through the picker, as a user would: v, down to the line, Enter."""
    await pilot.press("v")
    assert isinstance(app.screen, ViewPicker)
    index = [c.key for c in app.screen.choices].index(key)
    await pilot.press("g", *["j"] * index, "enter")
    await pilot.pause()


def notice_text(app: ReaderApp) -> str:
    """The lines the screen shows where the notice is (it wraps in a narrow list)."""
    region = app.main.query_one("#feed-notice").region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return " ".join(line[region.x : region.right].strip() for line in lines)


async def test_a_failed_feed_says_why_in_its_view(
    failing_feeds: dict[str, int], make_app: Callable[..., ReaderApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert "last refresh failed" not in screen_text(app)
        await open_view(pilot, app, f"feed:{failing_feeds['http']}")
        expected = "last refresh failed: server said 404 Not Found (2 hours ago)"
        assert notice_text(app) == expected
        await open_view(pilot, app, f"feed:{failing_feeds['missing']}")
        shown = notice_text(app)
        assert shown.startswith("last refresh failed: no such file: ")
        assert "[bold]x[/].xml" in shown.replace(" ", "")  # as it is: text, not markup
        healthy = next(f for f in store.feeds() if not f.last_error)
        await open_view(pilot, app, f"feed:{healthy.id}")
        assert "last refresh failed" not in screen_text(app)
        assert app.articles.count > 0
