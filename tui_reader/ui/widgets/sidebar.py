"""Views to choose from: All, Unread, Starred, the user's tags, then the folder tree with
its feeds. Feeds hidden from All count in neither All nor Unread.

Folders nest by "/" ("Tech/Sub" sits inside "Tech"); each line shows the unread count of
exactly the view it opens, so a folder counts the folders below it, as its view does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_reader.actions import FEEDS
from tui_reader.engine.models import Feed
from tui_reader.engine.query import ArticleQuery, folder_paths
from tui_reader.engine.tags import TagCount
from tui_reader.ui.keys import bindings
from tui_reader.ui.messages import FeedSettingsAsked, FullTextModeAsked, ViewChosen

ERROR_MARK = "!"
# A feed whose full-text mode is not the default: "always" fetches every article's page,
# "never" keeps the feed's text even when it looks cut short.
MODE_MARKS = {"always": "¶", "never": "⌀"}
HIDDEN_MARK = "◌"  # a feed hidden from All: its articles are in its own view, not in All
INDENT = "  "


@dataclass(frozen=True, slots=True)
class ViewChoice:
    key: str  # option id: "all", "unread", "starred", "tag:NAME", "folder:PATH", "feed:ID"
    query: ArticleQuery
    label: Text


@dataclass(slots=True)
class FolderNode:
    """One folder of the tree: its own feeds, the folders inside it, and the unread count
    of its view (its feeds and every feed below)."""

    path: str
    unread: int = 0
    feeds: list[Feed] = field(default_factory=list)
    children: dict[str, FolderNode] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1] or "(no name)"


def folder_tree(feeds: list[Feed]) -> FolderNode:
    """The root (feeds without a folder) with the folders nested under it."""
    root = FolderNode("")
    for feed in feeds:  # the store sorts by folder, then title: each node's feeds stay sorted
        node = root
        for path in folder_paths(feed.folder) if feed.folder else []:
            node = node.children.setdefault(path, FolderNode(path))
            node.unread += feed.unread
        node.feeds.append(feed)
    return root


def short_count(count: int) -> str:
    """A count in at most four cells, so it is never cut: 9999, 12k, 100k, 1.2M."""
    if count < 10_000:
        return str(count)
    if count < 1_000_000:
        return f"{count // 1000}k"
    if count < 10_000_000:
        return f"{count // 100_000 / 10:.1f}M"
    return f"{count // 1_000_000}M"


def view_choices(
    feeds: list[Feed],
    width: int = 40,
    styles: dict[str, str] | None = None,
    *,
    starred_unread: int = 0,
    tags: Sequence[TagCount] = (),
) -> list[ViewChoice]:
    """Everything the list can show, in sidebar order; labels are Text built from data,
    `width` cells wide (names cut, unread counts right-aligned and never cut)."""
    styles = styles or {}
    unread = sum(f.unread for f in feeds if not f.hide_from_all)

    def label(
        name: str, count: int | None, error: bool = False, mode: str = "", hidden: bool = False
    ) -> Text:
        marks = MODE_MARKS.get(mode, "") + (HIDDEN_MARK if hidden else "")
        return _label(name, count, error, width, styles, marks)

    choices = [
        ViewChoice("all", ArticleQuery(), label("All", unread)),
        ViewChoice("unread", ArticleQuery(unread=True), label("Unread", unread)),
        ViewChoice("starred", ArticleQuery(starred=True), label("Starred", starred_unread)),
    ]
    for tag in tags:
        query = ArticleQuery(tag=tag.tag)
        choices.append(ViewChoice(f"tag:{tag.tag}", query, label(f"# {tag.tag}", tag.unread)))

    def add(node: FolderNode, depth: int) -> None:
        indent = INDENT * depth
        for feed in node.feeds:
            name = indent + feed.display_title
            error = bool(feed.last_error or feed.gone)
            query = ArticleQuery(feed_id=feed.id)
            shown = label(name, feed.unread, error, feed.full_text, feed.hide_from_all)
            choices.append(ViewChoice(f"feed:{feed.id}", query, shown))
        for child in sorted(node.children.values(), key=lambda n: (n.name.lower(), n.path)):
            name = f"{indent}▾ {child.name}"
            query = ArticleQuery(folder=child.path)
            choices.append(ViewChoice(f"folder:{child.path}", query, label(name, child.unread)))
            add(child, depth + 1)

    add(folder_tree(feeds), 0)
    return choices


def _label(
    name: str, count: int | None, error: bool, width: int, styles: dict[str, str], mark: str = ""
) -> Text:
    """`name … count ¶ !` on one line: a long name is cut, never the count, never wrapped."""
    tail = Text()
    if count:
        tail.append(f" {short_count(count)}", style=styles.get("count", ""))
    if mark:
        tail.append(f" {mark}", style=styles.get("mode", ""))
    if error:
        tail.append(f" {ERROR_MARK}", style=styles.get("error", ""))
    label = Text(name)
    label.truncate(max(1, width - tail.cell_len), overflow="ellipsis", pad=True)
    label.append_text(tail)
    return label


class ViewOptions(OptionList, inherit_bindings=False):
    """An option list moved with the configured keys (j/k, g/G, Enter by default): the
    feeds pane and the view picker."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(FEEDS)

    def action_full_text_mode(self) -> None:
        """F: the highlighted feed's full-text mode (the main screen asks which one)."""
        feed_id = self.highlighted_feed("Full text is set per feed")
        if feed_id is not None:
            self.post_message(FullTextModeAsked(feed_id))

    def action_feed_settings(self) -> None:
        """e: the highlighted feed's settings dialog."""
        feed_id = self.highlighted_feed("Settings are per feed")
        if feed_id is not None:
            self.post_message(FeedSettingsAsked(feed_id))

    def highlighted_feed(self, why: str) -> int | None:
        """The highlighted feed's id; None (and a note) when the highlight is no feed."""
        index = self.highlighted
        key = self.get_option_at_index(index).id if index is not None else None
        if key is None or not key.startswith("feed:"):
            self.notify(f"{why}: highlight a feed first")
            return None
        return int(key.removeprefix("feed:"))


class Sidebar(ViewOptions):
    """The collapsible feeds pane; Enter shows the highlighted view.

    | Class | Description |
    | :- | :- |
    | `sidebar--count` | A view's unread count. |
    | `sidebar--error` | The mark of a feed whose last refresh failed. |
    | `sidebar--mode` | A feed's marks: full text always (¶) or never (⌀); hidden from All (◌). |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"sidebar--count", "sidebar--error", "sidebar--mode"}
    DEFAULT_CSS = """
    Sidebar {
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .sidebar--count { color: $foreground-muted; }
        & > .sidebar--error { color: $text-error; text-style: bold; }
        & > .sidebar--mode { color: $text-secondary; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Feeds"
        self.choices: list[ViewChoice] = []
        self.feeds: list[Feed] = []
        self.starred_unread = 0
        self.tags: list[TagCount] = []
        self.current: ArticleQuery | None = None

    def part_styles(self) -> dict[str, str]:
        def part(name: str) -> str:
            return str(self.get_component_rich_style(name, partial=True) or "")

        parts = ("count", "error", "mode")
        return {name: part(f"sidebar--{name}") for name in parts}

    def show(
        self,
        feeds: list[Feed],
        current: ArticleQuery | None = None,
        *,
        starred_unread: int | None = None,
        tags: list[TagCount] | None = None,
    ) -> None:
        """Fill with the views for `feeds`, keeping the highlight on `current` if given."""
        self.feeds = feeds
        self.current = current
        if starred_unread is not None:
            self.starred_unread = starred_unread
        if tags is not None:
            self.tags = tags
        width = self.scrollable_content_region.width or 24
        self.choices = view_choices(
            feeds,
            width - 1,
            self.part_styles(),
            starred_unread=self.starred_unread,
            tags=self.tags,
        )
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
        self.post_message(ViewChosen(self.choices[event.option_index].query))
