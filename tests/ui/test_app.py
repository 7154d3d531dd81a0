"""The app driven by keys, on a real cache built from the demo feeds; state read back from
the database through a second connection."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.conftest import (
    SEED_TITLE,
    notifications,
    screen_text,
    seed_id,
    settle,
    wait_until,
)
from tui_reader.actions import ACTIONS, BY_NAME
from tui_reader.config import DEFAULT_KEYS
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.confirm import ConfirmScreen
from tui_reader.ui.screens.help import HelpScreen
from tui_reader.ui.screens.view_picker import ViewPicker

QUOTE_START = "In this context, [the minister] reiterated"


async def open_seed_by_search(pilot: Pilot, app: ReaderApp) -> None:
    await pilot.press("slash")
    assert isinstance(app.focused, Input)
    await pilot.press(*"reiterated", "enter")
    await pilot.pause()
    await settle(pilot)


def rendered_reader_lines(app: ReaderApp) -> list:
    reader = app.reader
    return [reader.render_line(y) for y in range(reader.scrollable_content_region.height)]


async def test_starts_from_cache_newest_first(
    make_app: Callable[..., ReaderApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        rows = store.rows(ArticleQuery(), 0, 100)
        assert app.articles.count == len(rows) == store.count(ArticleQuery())
        dates = [r.date for r in rows]
        assert dates == sorted(dates, reverse=True)
        assert app.articles.current.id == rows[0].id
        # The newest article is previewed, not read: nothing is marked just by starting.
        assert app.reader.article is not None and app.reader.article.id == rows[0].id
        assert store.unread_count(ArticleQuery()) == len(rows)
        header = str(app.main.query_one("#view-bar").render())
        assert "All" in header and f"{store.unread_count(ArticleQuery())} unread" in header
        assert app.focused is app.articles
        await pilot.press("q")
    assert app.return_code == 0 and not app.is_running


async def test_seed_story_opens_with_quotes_highlighted_and_related(
    make_app: Callable[..., ReaderApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await open_seed_by_search(pilot, app)
        assert app.articles.count == 1
        assert app.reader.article is not None and app.reader.article.title == SEED_TITLE
        assert app.focused is app.articles
        # The quote is styled by name in the content layer's renderable ...
        spans = list(app.reader.styled_spans("reader.speech")) + list(
            app.reader.styled_spans("reader.quote")
        )
        assert any(QUOTE_START in s for s in spans)
        # ... and that name resolves to the theme's quote style on screen.
        quote_style = app.reader.rich_theme().styles["reader.quote"]
        line = next(s for s in rendered_reader_lines(app) if QUOTE_START[:15] in s.text)
        seg = next(seg for seg in line if QUOTE_START[:15] in seg.text)
        assert seg.style.italic and seg.style.color == quote_style.color
        # Related: the other ASEAN/Myanmar stories, not the recipe or the football.
        titles = [r.title for r in app.main.related.rows]
        assert titles, "the seed story has related demo items"
        assert all("Recipe" not in t and "Derby" not in t for t in titles[:3])
        assert any("ASEAN" in t or "Myanmar" in t for t in titles[:2])
        # Enter in the related pane opens the first one in the reader.
        app.main.related.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.article.title == titles[0]
        assert app.focused is app.reader


async def test_moving_opens_articles_and_list_follows_reader(
    make_app: Callable[..., ReaderApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        rows = store.rows(ArticleQuery(), 0, 100)
        await pilot.press("j")
        assert app.articles.cursor == 1 and app.reader.article.id == rows[1].id
        await pilot.press("down", "k")
        assert app.reader.article.id == rows[1].id
        await pilot.press("G")
        assert app.articles.cursor == len(rows) - 1
        assert app.reader.article.id == rows[-1].id
        await pilot.press("g")
        assert app.reader.article.id == rows[0].id
        await pilot.press("enter")
        assert app.focused is app.reader
        # The list follows the reader when another pane opens an article.
        app.main.open_article(rows[4].id)
        assert app.articles.cursor == 4
        # Esc goes back to the list.
        await pilot.press("escape")
        assert app.focused is app.articles
        # A click selects the row under the mouse (the list has a border: row 3 is y=4).
        await pilot.click("#articles", offset=(10, 4))
        assert app.articles.cursor == 3 and app.reader.article.id == rows[3].id
        await pilot.double_click("#articles", offset=(10, 4))
        assert app.focused is app.reader


async def test_reader_keeps_scroll_per_article_and_pages(
    make_app: Callable[..., ReaderApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        sid = seed_id(store)
        first = app.articles.current.id
        app.main.open_article(sid)
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        paged = app.reader.scroll_y
        assert paged > 0
        await pilot.press("b")
        await pilot.pause()
        assert app.reader.scroll_y < paged
        # In the reader pane, j/k/g/G scroll it; h goes back to the list.
        app.reader.focus()
        await pilot.press("g", "j", "j")
        assert app.reader.scroll_y == 2
        await pilot.press("G")
        assert app.reader.scroll_y == app.reader.max_scroll_y > 2
        await pilot.press("h")
        assert app.focused is app.articles
        await pilot.press("g")  # g in the list: top row, another article
        app.main.open_article(sid)
        await pilot.pause()
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        kept = app.reader.scroll_y
        app.main.open_article(first)
        await pilot.pause()
        assert app.reader.scroll_y == 0
        app.main.open_article(sid)
        await pilot.pause()
        await pilot.pause()
        assert app.reader.scroll_y == kept


async def test_mark_read_after_delay_and_not_when_left_early(
    make_app: Callable[..., ReaderApp], db: Callable[[], Store]
) -> None:
    app = make_app(mark_read_delay=0.3)
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.articles.row(0).id
        second = app.articles.row(1).id
        # Direct calls, not key presses: a headless key press takes a good part of the delay.
        app.main.open_article(first)
        app.main.open_article(second)  # left the first one early: it stays unread

        def second_read() -> bool:
            with db() as check:
                return check.get_article(second).read

        # The second's delay started after the first's: once it is read, the first's passed.
        await wait_until(pilot, second_read, "the second article marked read")
        with db() as check:
            assert check.get_article(first).read is False
            assert check.get_article(second).read is True
        assert app.articles.current.read is True


async def test_toggle_read_star_next_previous_unread(
    make_app: Callable[..., ReaderApp], db: Callable[[], Store], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        rows = store.rows(ArticleQuery(), 0, 100)
        await pilot.press("m")
        with db() as check:
            assert check.get_article(rows[0].id).read is True
        await pilot.press("m")
        with db() as check:
            assert check.get_article(rows[0].id).read is False
        await pilot.press("s")
        with db() as check:
            assert check.get_article(rows[0].id).starred is True
        await pilot.press("s")
        with db() as check:
            assert check.get_article(rows[0].id).starred is False
        # n: the next unread across feeds (All), skipping read ones.
        app.main.open_article(rows[0].id)
        app.main.set_read(rows[1].id, True)
        await pilot.press("n")
        assert app.reader.article.id == rows[2].id
        assert app.articles.cursor == 2
        await pilot.press("p")
        assert app.reader.article.id == rows[0].id
        await pilot.press("p")
        assert "No more unread articles above" in notifications(app)


async def test_mark_view_read_asks_first(
    make_app: Callable[..., ReaderApp], db: Callable[[], Store]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        with db() as check:
            assert check.unread_count(ArticleQuery()) > 0
        await pilot.press("A")
        await pilot.press("y")
        assert not isinstance(app.screen, ConfirmScreen)
        with db() as check:
            assert check.unread_count(ArticleQuery()) == 0
        assert all(app.articles.row(i).read for i in range(app.articles.count))
        assert "0 unread" in str(app.main.query_one("#view-bar").render())


async def test_search_finds_full_text_and_escape_leaves(
    make_app: Callable[..., ReaderApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        total = app.articles.count
        await open_seed_by_search(pilot, app)
        assert [app.articles.row(0).title] == [SEED_TITLE]
        assert "search" in str(app.main.query_one("#view-bar").render())
        await pilot.press("escape")
        assert app.articles.count == total
        assert not app.main.search_bar.display
        assert app.focused is app.articles
        # The open article stays open and under the cursor in the full view.
        assert app.articles.current.title == SEED_TITLE
        # A search with no match says so; Esc from inside the input leaves too.
        await pilot.press("slash", *"zzzqqq")
        await wait_until(
            pilot, lambda: app.articles.view_query.search == "zzzqqq", "the debounced search"
        )
        assert app.articles.count == 0
        await pilot.press("escape")
        assert app.articles.count == total


async def test_help_lists_every_binding_and_shows_rebinding(
    make_app: Callable[..., ReaderApp], db: Callable[[], Store]
) -> None:
    keys = dict(DEFAULT_KEYS, toggle_star="x")
    app = make_app(keys=keys)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {description for _, description, _ in app.screen.rows}
        assert {action.description for action in ACTIONS} <= described
        star_label = BY_NAME["toggle_star"].description
        star = next(keys for keys, d, _ in app.screen.rows if d == star_label)
        assert star == ["x"]
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        first = app.articles.current.id
        await pilot.press("x")
        with db() as check:
            assert check.get_article(first).starred is True
        await pilot.press("s")  # no longer bound
        with db() as check:
            assert check.get_article(first).starred is True


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_help_descriptions_read_on_one_line(
    make_app: Callable[..., ReaderApp], size: tuple[int, int]
) -> None:
    """The descriptions are not squeezed into a narrow column, one word a line."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: "Keys (Esc closes)" in screen_text(app), "the help")
        rendered = screen_text(app)
        for description in ("Next feed with unread", "Previous unread", "Undo last change"):
            assert description in rendered, rendered


async def test_tab_cycles_panes(make_app: Callable[..., ReaderApp]) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        assert app.focused is app.articles
        await pilot.press("tab")
        assert app.focused is app.reader
        await pilot.press("tab")
        assert app.focused is app.main.related
        await pilot.press("tab")
        assert app.focused is app.articles
        await pilot.press("shift+tab")
        assert app.focused is app.main.related


async def test_views_sidebar_and_picker(make_app: Callable[..., ReaderApp], store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert not app.main.sidebar.display
        await pilot.press("ctrl+b")
        assert app.main.sidebar.display and app.focused is app.main.sidebar
        await pilot.press("j", "enter")  # "Unread"
        assert app.main.view == ArticleQuery(unread=True)
        assert app.focused is app.articles
        await pilot.press("ctrl+b")
        assert not app.main.sidebar.display
        feed = store.feeds()[0]
        await pilot.press("v")
        assert isinstance(app.screen, ViewPicker)
        index = next(i for i, c in enumerate(app.screen.choices) if c.query.feed_id == feed.id)
        await pilot.press("g", *["j"] * index, "enter")
        assert app.main.view == ArticleQuery(feed_id=feed.id)
        assert app.articles.count == store.count(ArticleQuery(feed_id=feed.id))
        assert feed.display_title in str(app.main.query_one("#view-bar").render())


async def test_marking_one_article_says_one_article(
    make_app: Callable[..., ReaderApp], db: Callable[[], Store]
) -> None:
    with db() as writer:
        rows = writer.rows(ArticleQuery(), 0, 100)
        writer.set_read([r.id for r in rows[1:]])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.plain.startswith("Mark 1 unread article in “All”")
        await pilot.press("y")
        await pilot.pause()
        assert notifications(app)[-1] == "Marked 1 article read"
