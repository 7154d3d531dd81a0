"""Links out of the app: the browser, run so that it can never draw over the TUI."""

from __future__ import annotations

import os
import subprocess
import sys
import webbrowser
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from tui_reader.engine.sanitize import is_openable
from tui_reader.ui.screens.link_prompt import LinkPrompt

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui_reader.content.reading import ReadableArticle
    from tui_reader.engine.models import Article

# Browsers that draw in this terminal: while one runs, the app must let go of the screen.
CONSOLE_BROWSERS = frozenset({"www-browser", "links", "elinks", "lynx", "w3m", "browsh"})

# Runs webbrowser in a process of its own, so the browser it starts inherits /dev/null and a
# session of its own: a GUI browser's chatter on stdout/stderr used to land on the TUI.
_OPENER = """
import sys, webbrowser
url, browser = sys.argv[1], sys.argv[2]
sys.exit(0 if (webbrowser.get(browser) if browser else webbrowser).open(url) else 1)
"""
BROWSER_WAIT = 5.0  # seconds to wait for "no browser found"; a browser still running is fine


def open_url(url: str, browser: str = "") -> bool:
    """Hand a URL to the browser; blocking (some browsers wait), so call it in a thread."""
    if browser:
        return webbrowser.get(browser).open(url)
    return webbrowser.open(url)


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


class Browser:
    """Opens URLs for a screen: in a worker thread, or with the app suspended for a
    browser that draws in this terminal."""

    def __init__(self, screen: Screen[Any], command: str) -> None:
        self.screen = screen
        self.command = command  # the `browser` setting; empty: the system default

    def open_article(self, article: Article | None) -> None:
        """o: the article's own page."""
        if article is None:
            return
        if not is_openable(article.link):
            self.screen.notify("This article has no web link to open")
            return
        self.open(article.link or "")

    def open_link(self, readable: ReadableArticle | None, number: int) -> None:
        """1 … 9, 0: the article's numbered link."""
        link = readable.document.link(number) if readable is not None else None
        if link is None:
            self.screen.notify(f"No link {number} in this article")
            return
        if not link.openable:
            self.screen.notify(f"Link {number} is not a web link; not opening it")
            return
        self.open(link.url)

    def follow_link(self, count: int, open_number: Callable[[int], None]) -> None:
        """f: ask for a link's number, then `open_number` it."""
        if not count:
            self.screen.notify("This article has no links")
            return

        def chosen(number: int | None) -> None:
            if number is not None:
                open_number(number)

        self.screen.app.push_screen(LinkPrompt(count), chosen)

    def open(self, url: str) -> None:
        self.screen.notify("Opening " + url, markup=False, timeout=3)
        self.screen.run_worker(partial(self._browse, url), thread=True, group="browser")

    def _browse(self, url: str) -> None:
        app = self.screen.app
        if is_console_browser(self.command):
            self.screen.call_later(self._browse_suspended, url)  # a message: never waits
            return
        try:
            ok = open_url_detached(url, self.command)
        except Exception as exc:  # webbrowser raises anything from a bad `browser` setting
            app.notify(f"Could not start the browser: {exc}", severity="error", markup=False)
            return
        if not ok:
            app.notify(
                "No browser found; set `browser` in config.toml", severity="warning", markup=False
            )

    def _browse_suspended(self, url: str) -> None:
        app = self.screen.app
        try:
            with app.suspend():
                open_url(url, self.command)
        except Exception as exc:  # SuspendNotSupported, or the browser failing to start
            app.notify(f"Could not open the link here: {exc}", severity="error", markup=False)
