"""Saved views ([views] in config.toml): their unread counts, and `V`, which saves the
search on screen as one (asking for its name)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui_reader.config import ConfigError, save_view
from tui_reader.engine.query import ArticleQuery
from tui_reader.ui.notices import show_error
from tui_reader.ui.widgets.sidebar import SavedView

if TYPE_CHECKING:
    from tui_reader.ui.screens.main import MainScreen


class ViewNamePrompt(ModalScreen[str | None]):
    """Dismisses with the name typed (stripped; None for none or Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    ViewNamePrompt { align: center middle; }
    ViewNamePrompt > Vertical {
        width: 60; height: auto; padding: 1 2;
        border: round $accent; background: $surface;
    }
    """

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Save “{self.query_text}” as a view named:"))
            yield Input(max_length=40, id="view-name")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SavedViews:
    """The main screen's saved views."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def listed(self) -> list[SavedView]:
        """The config's [views], each with its unread count."""
        screen = self.screen
        return [
            SavedView(name, query, screen.unread(ArticleQuery(filter=query, name=name)))
            for name, query in screen.config.views.items()
        ]

    def counted(self) -> list[SavedView]:
        """`listed` for a worker thread: a cache that fails raises (StoreError)."""
        library = self.screen.library
        return [
            SavedView(name, query, library.unread_count(ArticleQuery(filter=query, name=name)))
            for name, query in self.screen.config.views.items()
        ]

    def save_search(self) -> None:
        """`V`: ask for a name, write the search into config.toml, list it in the sidebar."""
        screen = self.screen
        query = screen.search_text
        if not query:
            screen.notify("Search first (/), then V saves the search as a view")
            return

        def named(name: str | None) -> None:
            if name is None:
                return
            if name in screen.config.views:
                screen.notify(f"A view named “{name}” exists; choose another name", markup=False)
                return
            try:
                save_view(screen.library.paths.config_path, name, query)
            except ConfigError as exc:
                show_error(screen, str(exc))
                return
            screen.config.views[name] = query
            screen.reload_feeds()
            screen.notify(f"Saved view “{name}”", markup=False)

        screen.app.push_screen(ViewNamePrompt(query), named)
