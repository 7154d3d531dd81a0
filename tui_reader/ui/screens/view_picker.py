"""`v`: choose what the list shows, without opening the sidebar."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_reader.engine.query import ArticleQuery
from tui_reader.ui.widgets.sidebar import ViewChoice, ViewOptions


class ViewPicker(ModalScreen[ArticleQuery | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "cancel", "Cancel")]

    def __init__(self, choices: list[ViewChoice], current: ArticleQuery) -> None:
        super().__init__()
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="view-box"):
            options = ViewOptions(*(Option(c.label, id=c.key) for c in self.choices))
            options.border_title = "Show"
            yield options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        at = next((i for i, c in enumerate(self.choices) if c.query == self.current), 0)
        options.highlighted = at

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index].query)

    def action_cancel(self) -> None:
        self.dismiss(None)
