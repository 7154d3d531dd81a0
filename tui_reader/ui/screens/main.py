"""The main screen: the wiring between the panes and what the keys do. The panes, what
the list shows and the counts around it are its base, ListScreen (list_screen.py).

Large groups of behaviour are helper objects: `Reading` (the open article, read timer,
related ones), `Refresher` (r / R), `Browser` (links), `FullText` (x, X, F), `Organiser`
(t, e). Keys come from the action table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer

from tui_reader.actions import APP
from tui_reader.engine.query import SORTS, ArticleQuery
from tui_reader.ui.keys import bindings, help_rows
from tui_reader.ui.messages import (
    ArticleOpened,
    FeedSettingsAsked,
    FullTextModeAsked,
    SearchChanged,
    ViewChosen,
)
from tui_reader.ui.notices import Failed, ask
from tui_reader.ui.screens.attachments import Attachments
from tui_reader.ui.screens.browser import Browser
from tui_reader.ui.screens.cleanup import Cleanup
from tui_reader.ui.screens.export import Export
from tui_reader.ui.screens.fulltext import FullText
from tui_reader.ui.screens.help import HelpScreen
from tui_reader.ui.screens.list_screen import ListScreen
from tui_reader.ui.screens.order import Order
from tui_reader.ui.screens.organise import Organiser
from tui_reader.ui.screens.reading import Reading
from tui_reader.ui.screens.refresh import Refresher
from tui_reader.ui.screens.saved_views import SavedViews
from tui_reader.ui.screens.view_picker import ViewPicker
from tui_reader.ui.widgets.article_list import ArticleList
from tui_reader.ui.widgets.reader import Reader
from tui_reader.ui.widgets.related import RelatedList
from tui_reader.ui.widgets.search_bar import SearchBar, SearchProblem
from tui_reader.ui.widgets.sidebar import Sidebar, view_choices
from tui_reader.ui.widgets.status import FeedNotice, StatusLine, ViewBar

if TYPE_CHECKING:
    from tui_reader.config import Config
    from tui_reader.library import Library

SIDEBAR_MIN_WIDTH = 200  # the feeds pane starts open only where the reader keeps its room
TIMER_TICK = 60.0  # seconds between looks for feeds whose refresh interval has passed


class MainScreen(ListScreen):
    """Three panes (list, reader, related) plus a collapsible feeds sidebar."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(APP)
    ALLOW_IN_MAXIMIZED_VIEW = "Footer, #top-bar"  # `z`: the reader keeps counts and keys

    def __init__(self, library: Library, config: Config) -> None:
        super().__init__(id="main")
        self.library = library
        self.config = config
        self.view = ArticleQuery()  # what the list shows when not searching
        self.sort = config.sort if config.sort in SORTS else "newest"  # the list's order (S)
        self.search_text = ""
        self.reading = Reading(self)
        self.refresher = Refresher(self)
        self.browser = Browser(self, config.browser)
        self.full_text = FullText(self)
        self.organiser = Organiser(self)
        self.cleanup = Cleanup(self)
        self.export = Export(self)
        self.attachments = Attachments(self)
        self.order = Order(self)
        self.saved_views = SavedViews(self)

    def compose(self) -> ComposeResult:
        with Horizontal(id="top-bar"):
            yield ViewBar(id="view-bar")
            yield StatusLine(id="status")
        with Horizontal(id="body"):
            yield Sidebar(id="sidebar")
            with Vertical(id="list-pane"):
                yield FeedNotice(id="feed-notice")
                yield SearchBar(id="search")
                yield SearchProblem(id="search-problem")
                yield ArticleList(self.library, id="articles")
            yield Reader(
                measure=self.config.measure,
                id="reader",
                library=self.library,
                images=self.config.images,
            )
            yield RelatedList(id="related")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sidebar.display = self.app.size.width >= SIDEBAR_MIN_WIDTH
        self.reload_feeds()
        self.show_view(self.view, announce=False)
        self.articles.focus()
        self.refresher.show_sync_status()
        if not self.library.offline:
            if self.config.refresh_on_start:
                self.action_refresh_all()
            # Each tick refreshes the feeds whose interval (their own, else refresh_interval)
            # has passed; a tick with none due costs one read of the feeds table.
            self.set_interval(TIMER_TICK, self.refresh_on_timer)

    def on_unmount(self) -> None:
        self.cancel_fetches()

    def cancel_fetches(self) -> None:
        """Quitting: a refresh, a page fetch and a download stop where they are."""
        self.refresher.cancel()
        self.full_text.cancel()
        self.attachments.stop_all()

    # -- wiring ------------------------------------------------------------------------------

    def on_article_opened(self, event: ArticleOpened) -> None:
        from_list = event.control is self.articles
        shown = self.reading.show(event.article_id, from_list=from_list, opened=event.opened)
        if event.opened and shown is not None:
            self.focus_now(self.reader)

    def on_view_chosen(self, event: ViewChosen) -> None:
        self.choose(event.query)

    def on_full_text_mode_asked(self, event: FullTextModeAsked) -> None:
        event.stop()  # handled: the app's handler is for the view picker's F
        self.full_text.choose_mode(event.feed_id)

    def on_feed_settings_asked(self, event: FeedSettingsAsked) -> None:
        event.stop()  # handled: the app's handler is for the view picker's e
        self.organiser.feed_settings(event.feed_id)

    def on_search_changed(self, event: SearchChanged) -> None:
        if event.text != self.search_text:
            self.show_search(event.text)
        if event.submitted:
            self.focus_now(self.articles)

    # -- moving around -------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.maximized is not None:
            self.minimize()
        if self.search_text or self.search_bar.display:
            self.leave_search()
        else:
            self.focus_now(self.articles)

    def action_quit(self) -> None:
        """newsboat's q: from the list it quits; from any other pane it goes back to the list
        (keeping a search, unlike `back`)."""
        if self.focused is self.articles or self.focused is None:
            self.app.exit()
            return
        if self.maximized is not None:
            self.minimize()
        self.focus_now(self.articles)

    def action_next_article(self) -> None:
        self.reading.step(1)

    def action_previous_article(self) -> None:
        self.reading.step(-1)

    def action_zoom(self) -> None:
        """The reader alone on screen (with the top line and footer); again: all panes."""
        if self.maximized is not None:
            self.minimize()
            return
        # Set directly: maximize() refuses scroll containers (ALLOW_MAXIMIZE) like the Reader.
        self.maximized = self.reader
        self.focus_now(self.reader)

    def action_redraw(self) -> None:
        """Ctrl+L: paint every cell again, over whatever another program wrote there."""
        self.app.refresh(repaint=True, layout=True)

    def action_next_pane(self) -> None:
        self.focus_next()

    def action_previous_pane(self) -> None:
        self.focus_previous()

    def action_page_down(self) -> None:
        self.reader.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.reader.scroll_page_up(animate=False)

    def action_next_unread(self) -> None:
        self.reading.next_unread(forward=True)

    def action_previous_unread(self) -> None:
        self.reading.next_unread(forward=False)

    # -- article state -------------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        self.reading.toggle(read=True)

    def action_toggle_star(self) -> None:
        self.reading.toggle(read=False)

    def action_mark_all_read(self) -> None:
        self.reading.mark_view_read_asking(self.list_query, self.feed_title())

    def action_cycle_sort(self) -> None:
        self.order.cycle_sort()

    def action_next_unread_feed(self) -> None:
        self.order.unread_feed(forward=True)

    def action_previous_unread_feed(self) -> None:
        self.order.unread_feed(forward=False)

    def action_undo(self) -> None:
        self.reading.undo()

    def action_cleanup(self) -> None:
        self.cleanup.start()

    def action_save_markdown(self) -> None:
        self.export.save(self.current_article_id())

    def action_pipe(self) -> None:
        self.export.pipe(self.current_article_id())

    def action_play_attachment(self) -> None:
        self.catch_up()
        self.attachments.play()

    def action_download_attachment(self) -> None:
        self.catch_up()
        self.attachments.download()

    def action_stop_download(self) -> None:
        self.attachments.stop()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The stop is offered (footer, key) only while a download runs."""
        return action != "stop_download" or bool(self.attachments.downloading)

    # -- links ---------------------------------------------------------------------------------

    def action_open_browser(self) -> None:
        self.catch_up()
        self.browser.open_article(self.reader.article)

    def action_open_link(self, number: int) -> None:
        self.catch_up()
        self.browser.open_link(self.reader.readable, number)

    def action_view_image(self) -> None:
        from tui_reader.ui.screens.image import view_image

        self.catch_up()
        view_image(self.reader)

    def action_follow_link(self) -> None:
        self.catch_up()
        self.browser.follow_link(len(self.reader.links), self.action_open_link)

    # -- refresh, views, search, help ------------------------------------------------------------

    def action_refresh_feed(self) -> None:
        feed_id = self.feed_id_here()
        if feed_id is None:
            self.notify("No feed to refresh here; R refreshes all")
            return
        feed = ask(self, self.library.feed, feed_id)
        if feed is not None and not isinstance(feed, Failed):
            # Asked for by name, so fetch it even if it said "gone" or "wait".
            self.refresher.start([feed], force=True)

    def action_fetch_text(self) -> None:
        self.catch_up()
        self.full_text.fetch()

    def action_toggle_full_text(self) -> None:
        self.catch_up()
        self.full_text.toggle()

    def action_full_text_mode(self) -> None:
        feed_id = self.feed_id_here()
        if feed_id is None:
            self.notify("No feed here: choose one in the feeds pane (ctrl+b) and press F")
            return
        self.full_text.choose_mode(feed_id)

    def action_tag(self) -> None:
        self.organiser.tag()

    def action_feed_settings(self) -> None:
        self.organiser.feed_settings(self.feed_id_here())

    def action_refresh_all(self) -> None:
        self.refresher.start_all()

    def action_search(self) -> None:
        self.search_bar.display = True
        self.search_bar.focus()

    def action_choose_view(self) -> None:
        feeds = self.load_feeds()
        if feeds is None:
            return
        starred = self.unread(ArticleQuery(starred=True))
        tags = ask(self, self.library.tag_counts)
        tags = [] if isinstance(tags, Failed) else tags
        styles = self.sidebar.part_styles()
        saved = self.saved_views.listed()
        choices = view_choices(feeds, 44, styles, starred_unread=starred, tags=tags, saved=saved)

        def chosen(query: ArticleQuery | None) -> None:
            if query is not None:
                self.choose(query)

        self.app.push_screen(ViewPicker(choices, self.view), chosen)

    def action_save_view(self) -> None:
        self.saved_views.save_search()

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        sidebar.display = not sidebar.display
        if sidebar.display:
            self.reload_feeds()
            self.focus_now(sidebar)
        elif self.focused is None or self.focused is sidebar:
            self.focus_now(self.articles)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(help_rows(self.config.keys)))
