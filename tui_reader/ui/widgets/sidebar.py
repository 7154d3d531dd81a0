"""Views to choose from: All, Unread, Starred, then folders and their feeds (with errors)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_reader.engine.models import Feed
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.sanitize import clean_line
from tui_reader.ui.keys import bind

ERROR_MARK = "!"


@dataclass(frozen=True, slots=True)
class ViewChoice:
    key: str  # option id: "all", "unread", "starred", "folder:NAME", "feed:ID"
    query: ArticleQuery
    label: Text


def view_choices(
    feeds: list[Feed], width: int = 40, styles: dict[str, str] | None = None
) -> list[ViewChoice]:
    """Everything the list can show, in sidebar order; labels are Text built from data,
    `width` cells wide (names cut, unread counts right-aligned)."""
    styles = styles or {}
    unread = sum(f.unread for f in feeds)

    def label(name: str, count: int | None, error: bool = False) -> Text:
        return _label(name, count, error, width, styles)

    choices = [
        ViewChoice("all", ArticleQuery(), label("All", unread)),
        ViewChoice("unread", ArticleQuery(unread=True), label("Unread", unread)),
        ViewChoice("starred", ArticleQuery(starred=True), label("Starred", None)),
    ]
    folder: str | None = None
    for feed in feeds:  # the store sorts by folder, then title
        if feed.folder and feed.folder != folder:
            folder = feed.folder
            count = sum(f.unread for f in feeds if f.folder == folder)
            name = f"▾ {clean_line(folder)}"
            choices.append(
                ViewChoice(f"folder:{folder}", ArticleQuery(folder=folder), label(name, count))
            )
        name = ("  " if feed.folder else "") + clean_line(feed.display_title)
        error = bool(feed.last_error or feed.gone)
        choices.append(
            ViewChoice(
                f"feed:{feed.id}", ArticleQuery(feed_id=feed.id), label(name, feed.unread, error)
            )
        )
    return choices


def _label(name: str, count: int | None, error: bool, width: int, styles: dict[str, str]) -> Text:
    """`name … count !` on one line: a long feed title is cut, never wrapped."""
    tail = Text()
    if count:
        tail.append(f" {count}", style=styles.get("count", ""))
    if error:
        tail.append(f" {ERROR_MARK}", style=styles.get("error", ""))
    label = Text(name)
    label.truncate(max(4, width - tail.cell_len), overflow="ellipsis", pad=True)
    label.append_text(tail)
    return label


class ViewOptions(OptionList, inherit_bindings=False):
    """An option list moved with the configured keys (j/k, g/G, Enter by default)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("down", "cursor_down"),
        bind("up", "cursor_up"),
        bind("top", "first"),
        bind("bottom", "last"),
        bind("open", "select"),
    ]


class Sidebar(ViewOptions):
    """The collapsible feeds pane; Enter shows the highlighted view."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"sidebar--count", "sidebar--error"}

    class ViewChosen(Message):
        def __init__(self, query: ArticleQuery) -> None:
            super().__init__()
            self.query = query

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Feeds"
        self.choices: list[ViewChoice] = []
        self.feeds: list[Feed] = []
        self.current: ArticleQuery | None = None

    def part_styles(self) -> dict[str, str]:
        def part(name: str) -> str:
            return str(self.get_component_rich_style(name, partial=True) or "")

        return {"count": part("sidebar--count"), "error": part("sidebar--error")}

    def show(self, feeds: list[Feed], current: ArticleQuery | None = None) -> None:
        """Fill with the views for `feeds`, keeping the highlight on `current` if given."""
        self.feeds = feeds
        self.current = current
        width = self.scrollable_content_region.width or 24
        self.choices = view_choices(feeds, width - 1, self.part_styles())
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(Option(c.label, id=c.key) for c in self.choices)
        wanted = next((i for i, c in enumerate(self.choices) if c.query == current), None)
        self.highlighted = wanted if wanted is not None else (highlighted or 0)

    def on_resize(self) -> None:
        # Labels are cut to the width, so a new width needs new labels.
        if self.feeds:
            self.show(self.feeds, self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.ViewChosen(self.choices[event.option_index].query))
