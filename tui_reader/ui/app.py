"""The Textual app: bindings, panes, and the wiring between them. Behaviour lives in the
mixins (actions.py, refresh_worker.py) and the widgets; state in base.py."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer

from tui_reader.config import Config
from tui_reader.engine.errors import StoreError
from tui_reader.engine.store import Store
from tui_reader.paths import Paths, styles_dir
from tui_reader.ui.actions import ArticleActions
from tui_reader.ui.commands import ActionsProvider
from tui_reader.ui.keys import bind, link_bindings
from tui_reader.ui.refresh_worker import RefreshActions
from tui_reader.ui.widgets.article_list import ArticleList
from tui_reader.ui.widgets.reader import Reader
from tui_reader.ui.widgets.related import RelatedList
from tui_reader.ui.widgets.search_bar import SearchBar
from tui_reader.ui.widgets.sidebar import Sidebar
from tui_reader.ui.widgets.status import FeedNotice, StatusLine, ViewBar

SIDEBAR_MIN_WIDTH = 200  # the feeds pane starts open only where the reader keeps its room


class ReaderApp(ArticleActions, RefreshActions):
    """Three panes (list, reader, related) plus a collapsible feeds sidebar."""

    TITLE = "tui-reader"
    CSS_PATH = str(styles_dir() / "app.tcss")
    COMMANDS = App.COMMANDS | {ActionsProvider}
    # Screen classes for app.tcss: narrow stacks list over reader, wide adds the related column.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-narrow"),
        (100, "-medium"),
        (160, "-wide"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (30, "-tall")]
    ALLOW_IN_MAXIMIZED_VIEW = "Footer, #top-bar"  # `z`: the reader keeps counts and keys
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("back"),
        # Priority, so they win over the Screen's own tab binding and can be rebound.
        bind("next_pane", priority=True),
        bind("previous_pane", priority=True),
        bind("page_down"),
        bind("page_up"),
        bind("next_unread"),
        bind("previous_unread"),
        bind("next_article"),
        bind("previous_article"),
        bind("zoom"),
        bind("redraw"),
        bind("open_browser"),
        bind("follow_link"),
        bind("toggle_read"),
        bind("toggle_star"),
        bind("mark_all_read"),
        bind("refresh_feed"),
        bind("refresh_all"),
        bind("search"),
        bind("choose_view"),
        bind("toggle_sidebar"),
        bind("help"),
        bind("quit"),
        *link_bindings(),
    ]

    def __init__(
        self, store: Store, config: Config | None = None, *, offline: bool = False
    ) -> None:
        super().__init__(store, config or Config(), offline=offline)
        self.set_keymap(self.config.keys)

    def compose(self) -> ComposeResult:
        with Horizontal(id="top-bar"):
            yield ViewBar(id="view-bar")
            yield StatusLine(id="status")
        with Horizontal(id="body"):
            yield Sidebar(id="sidebar")
            with Vertical(id="list-pane"):
                yield FeedNotice(id="feed-notice")
                yield SearchBar(id="search")
                yield ArticleList(self.store, id="articles")
            yield Reader(measure=self.config.measure, id="reader")
            yield RelatedList(id="related")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            self.notify(
                f"Unknown theme {self.config.theme!r}; using the default",
                severity="warning",
                markup=False,
            )
        # A bad setting or key in config.toml: loading went on with the default; say so.
        for warning in getattr(self.config, "warnings", []):
            self.notify(warning, title="config.toml", severity="warning", markup=False, timeout=10)
        self.sidebar.display = self.size.width >= SIDEBAR_MIN_WIDTH
        self.reload_feeds()
        self.show_view(self.view, announce=False)
        self.articles.focus()
        if not self.offline:
            if self.config.refresh_on_start:
                self.action_refresh_all()
            if self.config.refresh_interval > 0:
                self.set_interval(self.config.refresh_interval * 60, self.refresh_on_timer)

    # -- wiring ------------------------------------------------------------------------------

    def on_article_list_selected(self, event: ArticleList.Selected) -> None:
        self.preview_article(event.article_id)

    def on_article_list_opened(self, event: ArticleList.Opened) -> None:
        self.open_article(event.article_id, from_list=True)
        self.focus_now(self.reader)

    def on_related_list_opened(self, event: RelatedList.Opened) -> None:
        if self.open_article(event.article_id) is not None:
            self.focus_now(self.reader)

    def on_sidebar_view_chosen(self, event: Sidebar.ViewChosen) -> None:
        self.choose(event.query)


def help_scopes() -> Iterable[tuple[str, Iterable[Binding]]]:
    """Every pane's bindings, for the help screen (keys come from the live keymap)."""
    return [
        ("", Binding.make_bindings(ReaderApp.BINDINGS)),
        ("list", Binding.make_bindings(ArticleList.BINDINGS)),
        ("reader", Binding.make_bindings(Reader.BINDINGS)),
        ("related", Binding.make_bindings(RelatedList.BINDINGS)),
        ("feeds", Binding.make_bindings(Sidebar.BINDINGS)),
    ]


def run_app(paths: Paths, config: Config, *, offline: bool = False) -> int:
    """Open the cache (loading the demo feeds on first use) and run the app until quit."""
    from tui_reader.cli import open_store  # lazy: cli imports this module lazily

    try:
        store = open_store(paths)
    except StoreError as exc:
        print(f"tui-reader: {exc}", file=sys.stderr)
        return 2
    if not offline:
        from tui_reader.engine.parse_pool import start_helpers

        # The parse pool's helper processes start now, while sys.stderr is the terminal's,
        # not Textual's capture (2 ms; the pool would start them itself on the first refresh).
        start_helpers()
    app = ReaderApp(store, config, offline=offline)
    try:
        app.run()
    finally:
        app.close_stores()
        store.close()
    return 0
