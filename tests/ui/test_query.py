"""The query language in the app: `/` takes operators and says what it cannot read under
the bar; saved views sit in the sidebar and the picker with their counts; `V` saves one."""

from __future__ import annotations

from collections.abc import Callable

from tests.ui.conftest import screen_text, wait_until
from tui_reader.config import load_config
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.saved_views import ViewNamePrompt
from tui_reader.ui.screens.view_picker import ViewPicker
from tui_reader.ui.widgets.search_bar import SearchProblem


def problem(app: ReaderApp) -> str:
    widget = app.main.query_one(SearchProblem)
    return str(widget.render()) if widget.display else ""


def feed_titles(app: ReaderApp) -> set[str]:
    return {app.articles.row_now(i).feed_title for i in range(app.articles.count)}


async def test_slash_takes_operators_and_names_a_bad_term(
    make_app: Callable[..., ReaderApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"asean feed:southeast")
        # The search is debounced: under load it can run on the first letters typed, so wait
        # for the whole query, not for any search.
        await wait_until(
            pilot, lambda: app.articles.view_query.search == "asean feed:southeast", "results"
        )
        wanted = store.count(ArticleQuery(search="asean feed:southeast"))
        assert 0 < app.articles.count == wanted < store.count(ArticleQuery(search="asean"))
        assert feed_titles(app) == {"Southeast Asia desk (demo)"}
        # A term it cannot read: one line under the bar names it; the list keeps its rows.
        await pilot.press(*" colour:red")
        await wait_until(pilot, lambda: "colour:" in problem(app), "the error line")
        assert "colour:" in screen_text(app)
        assert app.articles.count == wanted
        await pilot.press(*["backspace"] * len(" colour:red"), *" -is:read")
        await wait_until(pilot, lambda: "is:read" in (app.articles.view_query.search or ""), "")
        assert problem(app) == "" and app.articles.count == wanted  # nothing read yet
        await pilot.press("ctrl+u", *"after:2024-02-30")
        await wait_until(pilot, lambda: "not a date" in problem(app), "the date error")
        await pilot.press("escape")
        assert problem(app) == "" and not app.main.search_bar.display
        assert app.articles.count == store.count(ArticleQuery())


async def test_saved_views_in_sidebar_and_picker_with_counts(
    make_app: Callable[..., ReaderApp], store: Store
) -> None:
    app = make_app(views={"Asia": "feed:southeast"})
    async with app.run_test(size=(200, 50)) as pilot:
        view = ArticleQuery(filter="feed:southeast", name="Asia")
        unread = store.unread_count(view)
        assert unread > 0
        counted = f"⌕ Asia {unread}"  # the counts come from a worker
        await wait_until(
            pilot,
            lambda: any(counted in " ".join(ln.split()) for ln in screen_text(app).splitlines()),
            "counts",
        )
        (line,) = [ln for ln in screen_text(app).splitlines() if "⌕ Asia" in ln]
        assert line.split("⌕ Asia")[1].split()[0] == str(unread)
        await pilot.press("v")
        assert isinstance(app.screen, ViewPicker)
        await pilot.press("down", "down", "down", "enter")
        await wait_until(pilot, lambda: app.articles.view_query == view, "the saved view")
        assert app.articles.count == store.count(view)
        assert feed_titles(app) == {"Southeast Asia desk (demo)"}
        assert "Asia" in str(app.main.query_one("#view-bar").render())
        # A search inside the view narrows it.
        await pilot.press("slash", *"minister", "enter")
        await wait_until(pilot, lambda: app.articles.view_query.search == "minister", "search")
        narrowed = ArticleQuery(filter="feed:southeast", name="Asia", search="minister")
        assert 0 < app.articles.count == store.count(narrowed) <= store.count(view)


async def test_v_saves_the_search_as_a_view(
    make_app: Callable[..., ReaderApp], store: Store
) -> None:
    app = make_app()
    config_path = app.library.paths.config_path
    config_path.write_text("jobs = 2\n", encoding="utf-8")
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("slash", *"minister -feed:world", "enter")
        await wait_until(pilot, lambda: app.focused is app.articles, "results")
        await pilot.press("V")
        assert isinstance(app.screen, ViewNamePrompt)
        await pilot.press(*'Not "world"', "enter")
        await wait_until(pilot, lambda: '⌕ Not "world"' in screen_text(app), "in the sidebar")
    saved = load_config(config_path)
    assert saved.views == {'Not "world"': "minister -feed:world"} and saved.jobs == 2
    assert not saved.warnings
