"""`F`: when a feed's article pages are fetched for offline reading (auto, always, never)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_reader.engine.models import FULL_TEXT_MODES
from tui_reader.ui.widgets.sidebar import ViewOptions

MODE_HELP = {
    "auto": "when the feed's text looks cut short",
    "always": "every new article's page",
    "never": "only the feed's own text",
}


class ModeOptions(ViewOptions):
    """The modes, moved with the configured keys; F and e here name no feed."""

    def action_full_text_mode(self) -> None:
        pass

    def action_feed_settings(self) -> None:
        pass


class FullTextPicker(ModalScreen[str | None]):
    """Dismisses with the mode chosen, or None (Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "cancel", "Cancel")]

    def __init__(self, feed_title: str, current: str) -> None:
        super().__init__()
        self.feed_title = feed_title
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="full-text-box"):
            title = Text("Fetch the full text of “")
            title.append(self.feed_title)  # a feed title: data, as text
            title.append("”:")
            yield Static(title, id="full-text-feed")
            yield ModeOptions(*(self._option(mode) for mode in FULL_TEXT_MODES))

    def _option(self, mode: str) -> Option:
        label = Text(f"{mode:<7}", style="bold")
        label.append(MODE_HELP.get(mode, ""))
        if mode == self.current:
            label.append("  (now)", style="dim")
        return Option(label, id=mode)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        modes = list(FULL_TEXT_MODES)
        options.highlighted = modes.index(self.current) if self.current in modes else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
