"""What the keys do: each action is a few plain calls on the panes and the store."""

from __future__ import annotations

import os
import subprocess
import sys
import webbrowser

from rich.text import Text
from textual import work
from textual.widget import Widget

from tui_reader.engine.errors import StoreError
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.sanitize import clean_line, is_openable
from tui_reader.ui.base import AppCore
from tui_reader.ui.keys import help_rows
from tui_reader.ui.screens.confirm import ConfirmScreen
from tui_reader.ui.screens.help import HelpScreen
from tui_reader.ui.screens.link_prompt import LinkPrompt
from tui_reader.ui.screens.view_picker import ViewPicker
from tui_reader.ui.widgets.search_bar import SearchBar
from tui_reader.ui.widgets.sidebar import view_choices

SEARCH_SCAN_LIMIT = 2000  # rows looked through for the next unread search result


# Browsers that draw in this terminal: while one runs, the app must let go of the screen.
CONSOLE_BROWSERS = frozenset({"www-browser", "links", "elinks", "lynx", "w3m", "browsh"})


def open_url(url: str, browser: str = "") -> bool:
    """Hand a URL to the browser; blocking (some browsers wait), so call it in a thread."""
    if browser:
        return webbrowser.get(browser).open(url)
    return webbrowser.open(url)


# Runs webbrowser in a process of its own, so the browser it starts inherits /dev/null and a
# session of its own: a GUI browser's chatter on stdout/stderr used to land on the TUI.
_OPENER = """
import sys, webbrowser
url, browser = sys.argv[1], sys.argv[2]
sys.exit(0 if (webbrowser.get(browser) if browser else webbrowser).open(url) else 1)
"""
BROWSER_WAIT = 5.0  # seconds to wait for "no browser found"; a browser still running is fine


def open_url_detached(url: str, browser: str = "") -> bool:
    """open_url with the terminal out of the browser's reach; False if none could be run.
    Raises webbrowser.Error for a `browser` setting that names nothing runnable."""
    if browser:
        webbrowser.get(browser)  # a bad setting: the caller says so, in words
    process = subprocess.Popen(
        [sys.executable, "-c", _OPENER, url, browser],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        return process.wait(BROWSER_WAIT) == 0
    except subprocess.TimeoutExpired:  # a browser that stays in the foreground: it started
        return True


def is_console_browser(browser: str = "") -> bool:
    try:
        controller = webbrowser.get(browser or None)
    except webbrowser.Error:
        return False
    is_console = isinstance(controller, webbrowser.GenericBrowser) and not isinstance(
        controller, webbrowser.BackgroundBrowser
    )
    return is_console and os.path.basename(controller.name) in CONSOLE_BROWSERS


class ArticleActions(AppCore):
    # -- moving around -----------------------------------------------------------------------

    def focus_now(self, widget: Widget) -> None:
        """Move focus before the next key is handled. Widget.focus() waits for the message
        queue, so `h` `j` typed in one burst sent the `j` to the pane being left."""
        self.screen.set_focus(widget)

    def action_back(self) -> None:
        if self.screen.maximized is not None:
            self.screen.minimize()
        if self.search_text or self.search_bar.display:
            self.leave_search()
        else:
            self.focus_now(self.articles)

    async def action_quit(self) -> None:
        """newsboat's q: from the list it quits; from any other pane it goes back to the list
        (keeping a search, unlike `back`)."""
        if self.focused is self.articles or self.focused is None:
            self.exit()
            return
        if self.screen.maximized is not None:
            self.screen.minimize()
        self.focus_now(self.articles)

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    def _step_article(self, step: int) -> None:
        # The list cursor is on the open article: the next one in list order is beside it.
        row = self.articles.row(self.articles.cursor + step)
        if row is None:
            self.notify("No more articles" + ("" if step > 0 else " above"))
            return
        self.open_article(row.id)

    def action_zoom(self) -> None:
        """The reader alone on screen (with the top line and footer); again: all panes."""
        if self.screen.maximized is not None:
            self.screen.minimize()
            return
        # Set directly: maximize() refuses scroll containers (ALLOW_MAXIMIZE) like the Reader.
        self.screen.maximized = self.reader
        self.focus_now(self.reader)

    def action_redraw(self) -> None:
        """Ctrl+L: paint every cell again, over whatever another program wrote there."""
        self.refresh(repaint=True, layout=True)

    def action_next_pane(self) -> None:
        self.screen.focus_next()

    def action_previous_pane(self) -> None:
        self.screen.focus_previous()

    def action_page_down(self) -> None:
        self.reader.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.reader.scroll_page_up(animate=False)

    def action_next_unread(self) -> None:
        self._jump_unread(forward=True)

    def action_previous_unread(self) -> None:
        self._jump_unread(forward=False)

    def _jump_unread(self, *, forward: bool) -> None:
        if self.search_text:
            found = self._unread_in_results(forward)
        else:
            try:
                found = self.store.next_unread(
                    self.view, self.current_article_id(), forward=forward
                )
            except StoreError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
        if found is None:
            self.notify("No more unread articles" + ("" if forward else " above"))
            return
        self.open_article(found)

    def _unread_in_results(self, forward: bool) -> int | None:
        # Search results are ranked, not dated: walk them in list order from the cursor.
        step = 1 if forward else -1
        index = self.articles.cursor + step
        for _ in range(SEARCH_SCAN_LIMIT):
            row = self.articles.row(index)
            if row is None:
                return None
            if not row.read:
                return row.id
            index += step
        return None

    # -- article state -----------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        article_id = self.current_article_id()
        if article_id is None:
            return
        read = self._is_read(article_id)
        self.set_read(article_id, not read)

    def _is_read(self, article_id: int) -> bool:
        if self.reader.article is not None and self.reader.article.id == article_id:
            return self.reader.article.read
        row = self.articles.current
        return bool(row and row.read)

    def action_toggle_star(self) -> None:
        article_id = self.current_article_id()
        if article_id is None:
            return
        if self.reader.article is not None and self.reader.article.id == article_id:
            starred = self.reader.article.starred
        else:
            starred = bool(self.articles.current and self.articles.current.starred)
        self.set_starred(article_id, not starred)

    def action_mark_all_read(self) -> None:
        query = self.list_query
        try:
            unread = self.store.unread_count(query)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if not unread:
            self.notify("Nothing unread here")
            return
        question = Text(f"Mark {unread} unread articles in “")
        question.append(clean_line(query.label(self.feed_title())))  # feed title: plain text
        question.append("” as read?")

        def answered(yes: bool | None) -> None:
            if yes:
                self.mark_view_read(query)

        self.push_screen(ConfirmScreen(question), answered)

    def mark_view_read(self, query: ArticleQuery) -> None:
        try:
            marked = self.store.mark_view_read(query)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if self.reader.article is not None:
            self.reader.article.read = True
            if self._read_timer is not None:
                self._read_timer.stop()
        self.articles.reload(self.current_article_id())
        self._counts_changed()
        self.notify(f"Marked {marked} articles read")

    # -- links -------------------------------------------------------------------------------

    def action_open_browser(self) -> None:
        article = self.reader.article
        if article is None:
            return
        if not is_openable(article.link):
            self.notify("This article has no web link to open")
            return
        self.open_in_browser(article.link or "")

    def action_open_link(self, number: int) -> None:
        readable = self.reader.readable
        link = readable.document.link(number) if readable is not None else None
        if link is None:
            self.notify(f"No link {number} in this article")
            return
        if not link.openable:
            self.notify(f"Link {number} is not a web link; not opening it")
            return
        self.open_in_browser(link.url)

    def action_follow_link(self) -> None:
        count = len(self.reader.links)
        if not count:
            self.notify("This article has no links")
            return

        def chosen(number: int | None) -> None:
            if number is not None:
                self.action_open_link(number)

        self.push_screen(LinkPrompt(count), chosen)

    def open_in_browser(self, url: str) -> None:
        self.notify("Opening " + clean_line(url), markup=False, timeout=3)
        self._browse(url)

    @work(thread=True, group="browser")
    def _browse(self, url: str) -> None:
        if is_console_browser(self.config.browser):
            self.call_from_thread(self._browse_suspended, url)
            return
        try:
            ok = open_url_detached(url, self.config.browser)
        except Exception as exc:  # webbrowser raises anything from a bad `browser` setting
            ok = False
            self.notify(f"Could not start the browser: {exc}", severity="error", markup=False)
            return
        if not ok:
            self.notify(
                "No browser found; set `browser` in config.toml", severity="warning", markup=False
            )

    def _browse_suspended(self, url: str) -> None:
        try:
            with self.suspend():
                open_url(url, self.config.browser)
        except Exception as exc:  # SuspendNotSupported, or the browser failing to start
            self.notify(f"Could not open the link here: {exc}", severity="error", markup=False)

    # -- views, search, screens ----------------------------------------------------------------

    def action_search(self) -> None:
        bar = self.search_bar
        bar.display = True
        bar.focus()

    def leave_search(self) -> None:
        bar = self.search_bar
        bar.value = ""
        bar.display = False
        self.show_view(self.view, announce=False)  # the open article stays under the cursor
        self.focus_now(self.articles)

    def on_search_bar_search(self, event: SearchBar.Search) -> None:
        if event.text != self.search_text:
            self.show_search(event.text)
        if event.submitted:
            self.focus_now(self.articles)

    def action_choose_view(self) -> None:
        feeds = self.load_feeds()
        if feeds is None:
            return
        choices = view_choices(
            feeds, 44, self.sidebar.part_styles(), starred_unread=self.starred_unread()
        )

        def chosen(query: ArticleQuery | None) -> None:
            if query is not None:
                self.choose(query)

        self.push_screen(ViewPicker(choices, self.view), chosen)

    def choose(self, query: ArticleQuery) -> None:
        if self.search_bar.display:
            self.search_bar.value = ""
            self.search_bar.display = False
        self.show_view(query)
        self.sidebar.show(self.sidebar.feeds, query)
        self.focus_now(self.articles)

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        sidebar.display = not sidebar.display
        if sidebar.display:
            self.reload_feeds()
            self.focus_now(sidebar)
        elif self.focused is None or self.focused is sidebar:
            self.focus_now(self.articles)

    def action_help(self) -> None:
        from tui_reader.ui.app import help_scopes  # lazy: the app knows its panes

        self.push_screen(HelpScreen(help_rows(help_scopes(), self.config.keys)))
