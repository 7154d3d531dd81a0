"""The Textual app: theme, keymap and the library's lifetime; the main screen does the rest."""

from __future__ import annotations

import sys
from typing import Any, ClassVar

from textual.app import App

from tui_reader.config import Config
from tui_reader.engine.errors import StoreError
from tui_reader.library import Library
from tui_reader.paths import Paths, styles_dir
from tui_reader.ui import terminal_graphics
from tui_reader.ui.commands import ActionsProvider
from tui_reader.ui.messages import FeedSettingsAsked, FullTextModeAsked
from tui_reader.ui.screens.main import MainScreen
from tui_reader.ui.widgets.article_list import ArticleList
from tui_reader.ui.widgets.reader import Reader


class ReaderApp(App[int]):
    """tui-reader on an open library (the caller closes it; `run_app` does)."""

    TITLE = "tui-reader"
    CSS_PATH = str(styles_dir() / "app.tcss")
    COMMANDS = App.COMMANDS | {ActionsProvider}
    # Screen classes for app.tcss: narrow stacks list over reader, wide adds the related column.
    # (Textual declares these `ClassVar[...] | None`, which mypy takes for instance variables.)
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [  # type: ignore[misc]
        (0, "-narrow"),
        (100, "-medium"),
        (160, "-wide"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [  # type: ignore[misc]
        (0, "-short"),
        (30, "-tall"),
    ]

    def __init__(self, library: Library, config: Config | None = None) -> None:
        super().__init__()
        self.library = library
        self.config = config or library.config
        self.set_keymap(self.config.keys)
        self.main = MainScreen(library, self.config)

    async def on_mount(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            self.notify(
                f"Unknown theme {self.config.theme!r}; using the default",
                severity="warning",
                markup=False,
            )
        # A bad setting or key in config.toml: loading went on with the default; say so.
        for warning in self.config.warnings:
            self.notify(warning, title="config.toml", severity="warning", markup=False, timeout=10)
        await self.push_screen(self.main)  # mounted (panes and all) before the first key

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Quit without waiting for the network: a running refresh or page fetch stops
        where it is."""
        self.main.cancel_fetches()
        super().exit(*args, **kwargs)

    def on_full_text_mode_asked(self, event: FullTextModeAsked) -> None:
        """F on a feed in the view picker (`v`), above the main screen."""
        self.main.full_text.choose_mode(event.feed_id)

    def on_feed_settings_asked(self, event: FeedSettingsAsked) -> None:
        """e on a feed in the view picker (`v`)."""
        self.main.organiser.feed_settings(event.feed_id)

    # -- for tests and the bench -------------------------------------------------------------

    @property
    def articles(self) -> ArticleList:
        return self.main.articles

    @property
    def reader(self) -> Reader:
        return self.main.reader


def run_app(paths: Paths, config: Config, *, offline: bool = False) -> int:
    """Open the cache (loading the demo feeds on first use) and run the app until quit."""
    try:
        library = Library.open(paths, config, offline=offline)
    except StoreError as exc:
        print(f"tui-reader: {exc}", file=sys.stderr)
        return 2
    if not offline:
        from tui_reader.engine.parse_pool import start_helpers

        # The parse pool's helper processes start now, while sys.stderr is the terminal's,
        # not Textual's capture (2 ms; the pool would start them itself on the first refresh).
        start_helpers()
    # Before Textual starts: its input thread would take the terminal's answers.
    terminal_graphics.detect(library.config.images)
    try:
        ReaderApp(library).run()
    finally:
        library.close()
    return 0
