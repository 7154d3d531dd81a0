"""Full text in the app: `x` fetches the open article's page from 127.0.0.1 through the real
extractor into the real cache file, `X` switches between the page's text and the feed's,
`F` sets a feed's mode, and a refresh shows its page fetches."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from xml.sax.saxutils import escape

import pytest
from textual.pilot import Pilot

from tests.feedserver import FeedServer
from tests.ui.conftest import notifications, screen_text, wait_for_palette_hit, wait_until
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.refresh import refresh_sync
from tui_reader.engine.store import Store
from tui_reader.paths import Paths
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.full_text_picker import FullTextPicker
from tui_reader.ui.screens.view_picker import ViewPicker

ONLY_ON_PAGE = "zanzibarite"  # a word in the pages' first paragraph, never in the feed
TEASER = "The harbour council met on Tuesday [&#8230;]"
PARAGRAPHS = [
    f"Paragraph {n}: the harbour council met on Tuesday and {word} residents spoke for an "
    "hour about the new sea wall, the ferry timetable and the price of the car park, while "
    "the mayor listened and took notes for the next meeting of the board."
    for n, word in enumerate([ONLY_ON_PAGE, "patient", "curious", "tired", "hopeful", "loud"])
]
STORIES = {"s1": "Harbour council meets", "s2": "Ferry timetable changes", "gone": "Lost page"}


def article_page(title: str) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS)
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer><p>Copyright the Harbour Gazette</p></footer></body></html>"
    ).encode()


def serve_gazette(server: FeedServer, *, page_delay: float = 0.0) -> str:
    """A teaser feed whose items link to pages beside it ("gone" answers 404); its URL."""
    items = ""
    for day, (guid, title) in enumerate(STORIES.items(), 1):
        if guid != "gone":
            page = article_page(title)
            server.add(f"/pages/{guid}.html", page, content_type="text/html", delay=page_delay)
        items += (
            f"<item><title>{title}</title><guid>{guid}</guid>"
            f"<link>{server.url(f'/pages/{guid}.html')}</link><description>{TEASER}"
            f"</description><pubDate>Mon, 0{9 - day} Jan 2024 10:00:00 GMT</pubDate></item>"
        )
    server.error("/pages/gone.html", 404)
    server.add(
        "/feed.xml",
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>'
            f"<link>{server.url('/')}</link>{items}</channel></rss>"
        ).encode(),
    )
    return server.url("/feed.xml")


@pytest.fixture
def gazette(paths: Paths, feed_server: FeedServer) -> dict[str, int]:
    """The gazette beside the demo feeds, refreshed with full text "never" (so no page is
    fetched yet): guid -> article id, and "feed" -> the feed's id."""
    url = serve_gazette(feed_server)
    with Store(paths.db_path) as store:
        feed, _ = store.add_feed(url, "Harbour Gazette")
        store.set_full_text(feed.id, "never")
    summary = refresh_sync(paths.db_path, [feed])
    assert summary.new == 3 and not summary.pages
    with sqlite3.connect(paths.db_path) as conn:
        rows = conn.execute("SELECT key, id FROM articles WHERE feed_id = ?", (feed.id,))
        ids = {key.removeprefix("g:"): article_id for key, article_id in rows}
    return ids | {"feed": feed.id}


def reader_text(app: ReaderApp) -> str:
    """The words the reader pane shows, as one line."""
    region = app.reader.region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return " ".join(" ".join(line[region.x : region.right] for line in lines).split())


def summaries(app: ReaderApp) -> list[str]:
    return [n for n in notifications(app) if "new article" in n]


def status_text(app: ReaderApp) -> str:
    return str(app.main.status.render())


async def open_article(pilot: Pilot, app: ReaderApp, article_id: int) -> None:
    app.main.open_article(article_id)
    await pilot.pause()


async def test_x_fetches_the_page_and_shift_x_switches_full_and_feed_text(
    gazette: dict[str, int],
    make_app: Callable[..., ReaderApp],
    db: Callable[[], Store],
    feed_server: FeedServer,
) -> None:
    # The page answers after 2 s, so the "fetching" line is there to be seen (on a fast
    # machine it was replaced by "full text stored" before the test looked).
    feed_server.routes["/pages/s1.html"].delay = 2.0
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await open_article(pilot, app, gazette["s1"])
        assert "harbour council met on Tuesday […]" in reader_text(app)
        await pilot.press("X")
        assert "No full text stored for this article; x fetches the page" in notifications(app)

        await pilot.press("x")
        await wait_until(
            pilot,
            lambda: "fetching the page: Harbour council meets" in status_text(app),
            "the fetching line",
        )
        await wait_until(pilot, lambda: ONLY_ON_PAGE in reader_text(app), "the full text")
        assert "Full text from the page · fetched just now" in reader_text(app)
        assert "full text stored" in status_text(app)
        with db() as check:
            article = check.get_article(gazette["s1"])
            assert article is not None and ONLY_ON_PAGE in (article.full_html or "")

        await pilot.press("X")
        await pilot.pause()
        shown = reader_text(app)
        assert ONLY_ON_PAGE not in shown and "met on Tuesday […]" in shown
        assert "Feed text · full text available" in shown
        assert "Showing the feed's own text" in notifications(app)
        # Remembered for the article, for the session: away and back, still the feed's text.
        await open_article(pilot, app, gazette["s2"])
        await open_article(pilot, app, gazette["s1"])
        assert ONLY_ON_PAGE not in reader_text(app)
        await pilot.press("X")
        await pilot.pause()
        assert ONLY_ON_PAGE in reader_text(app)


async def test_a_page_that_fails_says_why_and_offline_does_not_fetch(
    gazette: dict[str, int],
    make_app: Callable[..., ReaderApp],
    feed_server: FeedServer,
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await open_article(pilot, app, gazette["gone"])
        await pilot.press("x")
        expected = "No full text: server said 404 Not Found; the feed's text stays"
        await wait_until(pilot, lambda: expected in notifications(app), "the failure notice")
        assert "Feed text · full text failed: server said 404 Not Found" in reader_text(app)
        assert "met on Tuesday […]" in reader_text(app)
        await pilot.press("X")
        assert any(
            n.startswith("No full text stored for this article (last fetch: server said 404")
            for n in notifications(app)
        )

    asked = len(feed_server.requests_for("/pages/s1.html"))
    offline = make_app(offline=True)
    async with offline.run_test(size=(160, 50)) as pilot:
        await open_article(pilot, offline, gazette["s1"])
        await pilot.press("x")
        assert "Offline: not fetching the page (started with --offline)" in notifications(offline)
        assert all(w.group != "full-text" for w in offline.workers)
    assert len(feed_server.requests_for("/pages/s1.html")) == asked


def feed_mode(db: Callable[[], Store], feed_id: int) -> str:
    with db() as check:
        feed = check.get_feed(feed_id)
        assert feed is not None
        return feed.full_text


async def test_f_chooses_a_feeds_mode_from_the_sidebar_and_the_palette(
    gazette: dict[str, int], make_app: Callable[..., ReaderApp], db: Callable[[], Store]
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("ctrl+b")
        sidebar = app.main.sidebar
        await pilot.press("g", "F")  # "All" is not a feed
        assert "Full text is set per feed: highlight a feed first" in notifications(app)
        key = f"feed:{gazette['feed']}"
        index = [c.key for c in sidebar.choices].index(key)
        label = sidebar.choices[index].label.plain
        assert label.rstrip().endswith("⌀")  # "never", marked in the feeds pane

        await pilot.press(*["j"] * index, "F")
        assert isinstance(app.screen, FullTextPicker)
        assert len(app.screen_stack) == 3  # one picker, over the main screen
        assert "Harbour Gazette" in screen_text(app)
        await pilot.press("k", "enter")  # from "never" (highlighted: the mode now) up to "always"
        await pilot.pause()
        assert feed_mode(db, gazette["feed"]) == "always"
        label = next(c.label.plain for c in sidebar.choices if c.key == key)
        assert label.rstrip().endswith("¶")
        assert any(n.startswith("Harbour Gazette: full text always") for n in notifications(app))

        # From the palette, for the view's feed.
        app.main.choose(ArticleQuery(feed_id=gazette["feed"]))
        await pilot.press("ctrl+p", *"Full-text mode")
        await wait_for_palette_hit(pilot, "Full-text mode")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, FullTextPicker), "the picker")
        await pilot.press("g", "enter")
        await pilot.pause()
        assert feed_mode(db, gazette["feed"]) == "auto"
        label = next(c.label.plain for c in sidebar.choices if c.key == key)
        assert not label.rstrip().endswith(("¶", "⌀"))

        # From the view picker (v), over it.
        await pilot.press("v")
        assert isinstance(app.screen, ViewPicker)
        index = [c.key for c in app.screen.choices].index(key)
        await pilot.press("g", *["j"] * index, "F")
        assert isinstance(app.screen, FullTextPicker)
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert feed_mode(db, gazette["feed"]) == "never"
        assert isinstance(app.screen, ViewPicker)


async def test_a_refresh_shows_its_page_fetches_and_counts_them(
    paths: Paths, feed_server: FeedServer, make_app: Callable[..., ReaderApp]
) -> None:
    # The good pages answer after a second, the missing one at once: the count climbs
    # while the refresh waits for them.
    url = serve_gazette(feed_server, page_delay=1.0)
    with Store(paths.db_path) as store:
        feed, _ = store.add_feed(url, "Harbour Gazette")
        store.set_full_text(feed.id, "always")
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("R")
        pattern = re.compile(r"refreshing \d/\d+ · pages [12]/3 ")
        await wait_until(pilot, lambda: bool(pattern.search(status_text(app))), "page progress")
        await wait_until(pilot, lambda: "refreshed" in status_text(app), "the refresh's end")
        assert "· 2 pages fetched (1 failed)" in status_text(app)
        await wait_until(pilot, lambda: bool(summaries(app)), "the summary notice")
        (message,) = summaries(app)
        assert "3 new articles, 2 pages fetched, 1 failed" in message
        assert "page of Lost page: server said 404 Not Found" in message
