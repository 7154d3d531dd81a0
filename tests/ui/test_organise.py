"""Tags and feed settings in the app: `t` on an article, the sidebar's tag views, `e` on a
feed; state read back from the cache through a second connection."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Checkbox, Input

from tests.cli.helpers import rss
from tests.feedserver import FeedServer
from tests.ui.conftest import notifications, screen_text, settle, wait_until
from tui_reader.engine.feed_settings import FeedChanges
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.feed_dialog import FeedDialog
from tui_reader.ui.screens.tag_prompt import TagPrompt


async def test_t_tags_the_article_in_row_header_and_sidebar(
    make_app: Callable[..., ReaderApp], db: Callable[[], Store]
) -> None:
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        article = app.reader.article
        assert article is not None
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPrompt))
        await pilot.press(*"later", "space", *"Py", "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, TagPrompt))
        with db() as other:
            assert other.count(ArticleQuery(tag="later")) == 1
            assert other.get_article(article.id).tags == ["later", "Py"]  # type: ignore[union-attr]
        await pilot.pause()
        text = screen_text(app)
        # The tags sit on the article's own row, before its title.
        assert any(f"#later #Py {article.title[:20]}" in line for line in text.splitlines())
        assert "Your tags: #later #Py" in text  # the reader's header
        # The sidebar has a view per tag with its unread count; it opens that view.
        labels = [c.label.plain for c in app.main.sidebar.choices]
        assert any(label.startswith("# later") and label.rstrip().endswith("1") for label in labels)
        # A bad name is said in the prompt, which stays; a minus removes.
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPrompt))
        app.screen.query_one(Input).value = "ok " + "x" * 70
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TagPrompt)
        assert "longer than 64 characters" in screen_text(app)
        app.screen.query_one(Input).value = "-py"
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, TagPrompt))
        with db() as other:
            assert other.get_article(article.id).tags == ["later"]  # type: ignore[union-attr]
        app.main.choose(ArticleQuery(tag="later"))
        await settle(pilot)
        assert app.articles.count == 1
        assert "tag later" in str(app.main.query_one("#view-bar").render())


async def test_e_edits_a_feed_and_hides_it_from_all(
    make_app: Callable[..., ReaderApp], db: Callable[[], Store]
) -> None:
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        sidebar = app.main.sidebar
        assert sidebar.display
        sidebar.focus()
        assert app.reader.article is not None
        feed_id = app.reader.article.feed_id  # the open article's feed
        feed_index = next(i for i, c in enumerate(sidebar.choices) if c.key == f"feed:{feed_id}")
        sidebar.highlighted = feed_index
        with db() as other:
            all_before = other.count(ArticleQuery())
            own = other.count(ArticleQuery(feed_id=feed_id))
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, FeedDialog))
        dialog = app.screen
        dialog.query_one("#feed-title", Input).value = "Renamed desk"
        dialog.query_one("#feed-interval", Input).value = "soon"
        dialog.query_one("#feed-hide", Checkbox).value = True
        dialog.query_one("#feed-tags", Input).value = "desk"
        dialog.query_one("#feed-title", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FeedDialog)  # a bad interval keeps the dialog open
        assert "interval “soon”" in screen_text(app)
        dialog.query_one("#feed-interval", Input).value = "2h"
        dialog.query_one("#feed-title", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, FeedDialog))
        with db() as other:
            feed = other.get_feed(feed_id)
            assert feed is not None
            assert (feed.title, feed.hide_from_all, feed.refresh_interval) == (
                "Renamed desk",
                True,
                7200,
            )
            assert feed.tags == ["desk"]
        await settle(pilot)
        assert "from its feed: #desk" in screen_text(app)  # the open article's header
        labels = [c.label.plain for c in sidebar.choices]
        # Its own entry stays, marked as hidden from All.
        assert any("Renamed desk" in label and label.endswith("◌") for label in labels)
        assert any(label.startswith("# desk") for label in labels)
        assert app.articles.count == all_before - own  # the All view leaves it out
        all_label = next(c.label.plain for c in sidebar.choices if c.key == "all")
        assert all_label.split()[-1] == str(all_before - own)


async def test_timer_and_r_honour_each_feeds_own_interval(
    make_app: Callable[..., ReaderApp], store: Store, feed_server: FeedServer
) -> None:
    for name in ("own", "plain"):
        feed_server.add(f"/{name}.xml", rss(name, [(name, "Story", "text")], pages=None))
    own, _ = store.add_feed(feed_server.url("/own.xml"), "Own")
    store.add_feed(feed_server.url("/plain.xml"), "Plain")
    store.update_feed(own.id, FeedChanges(interval=1800))
    app = make_app()  # no global refresh_interval: only feeds with their own are timed

    def fetches(name: str) -> int:
        return len(feed_server.requests_for(f"/{name}.xml"))

    async with app.run_test(size=(120, 40)) as pilot:
        app.main.refresh_on_timer()  # what the timer runs each minute
        await settle(pilot)
        assert (fetches("own"), fetches("plain")) == (1, 0)
        app.main.refresh_on_timer()  # its 30 minutes have not passed
        await settle(pilot)
        assert fetches("own") == 1
        await pilot.press("R")  # every feed that is due; "own" is not
        await settle(pilot)
        assert (fetches("own"), fetches("plain")) == (1, 1)
        assert any("1 not due yet" in n for n in notifications(app))
