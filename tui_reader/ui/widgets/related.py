"""Related articles for the open one; Enter reads the chosen one."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_reader.actions import RELATED
from tui_reader.engine.models import ArticleRow
from tui_reader.ui.keys import bindings
from tui_reader.ui.messages import ArticleOpened, send_now
from tui_reader.ui.widgets.article_list import format_date


class RelatedList(OptionList, inherit_bindings=False):
    """A few rows (title, then feed and date); prompts are Text, so feed text stays text.

    | Class | Description |
    | :- | :- |
    | `related--title` | An article's title. |
    | `related--meta` | Its feed and date (and the "none" line). |
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(RELATED)
    COMPONENT_CLASSES: ClassVar[set[str]] = {"related--title", "related--meta"}
    DEFAULT_CSS = """
    RelatedList {
        & > .related--title { color: $foreground; }
        & > .related--meta { color: $foreground-muted; }
        &.-stale { text-style: dim; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Related"
        self.for_article: int | None = None
        self.rows: list[ArticleRow] = []

    def show(self, article_id: int | None, rows: list[ArticleRow]) -> None:
        self.for_article = article_id
        self.rows = rows
        self.remove_class("-stale")
        if article_id is not None and not rows:
            empty = Text("No related articles.", style=self._part("related--meta"))
            self.set_options([Option(empty, disabled=True)])
            return
        self.set_options(Option(self._prompt(row), id=str(row.id)) for row in rows)
        if rows:
            self.highlighted = 0

    def mark_stale(self) -> None:
        """Another article is open and its related ones are not ranked yet: these rows stay,
        dimmed (emptying the pane and filling it again laid the screen out twice per key)."""
        self.add_class("-stale")

    def _prompt(self, row: ArticleRow) -> Text:
        prompt = Text(row.title or "(untitled)", style=self._part("related--title"))
        meta = f"{row.feed_title} · {format_date(row.date)}"
        prompt.append("\n")
        prompt.append(meta, style=self._part("related--meta"))
        return prompt

    def _part(self, name: str) -> str:
        # A partial component style keeps the option's own highlight background.
        return str(self.get_component_rich_style(name, partial=True) or "")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            send_now(self, ArticleOpened(self, int(event.option.id), opened=True))
