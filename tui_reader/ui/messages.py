"""What the panes tell the main screen (and the list's page reader tells the list).

Small classes in one module, so a reader sees every message the UI sends in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.dom import DOMNode
from textual.message import Message

from tui_reader.engine.models import ArticleRow
from tui_reader.engine.query import ArticleQuery


@dataclass
class ArticleOpened(Message):
    """An article was chosen in a pane: `opened` (Enter: read it) or only previewed (the
    list's cursor moved onto it: show it, but it is not read)."""

    pane: DOMNode
    article_id: int
    opened: bool

    @property
    def control(self) -> DOMNode:
        return self.pane


@dataclass
class ViewChosen(Message):
    """A view was chosen in the feeds pane."""

    query: ArticleQuery


@dataclass
class SearchChanged(Message):
    """The search text, as typed (debounced) or on Enter (`submitted`)."""

    text: str
    submitted: bool


@dataclass
class PageLoaded(Message):
    """Rows of one page of the list's view, read by the page worker."""

    generation: int
    page: int
    rows: list[ArticleRow]


@dataclass
class PageFailed(Message):
    """The page worker could not read a page; `error` is one line for a person."""

    generation: int
    page: int
    error: str
