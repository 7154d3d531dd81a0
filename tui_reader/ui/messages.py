"""What the panes tell the main screen (and the list's page reader tells the list).

Small classes in one module, so a reader sees every message the UI sends in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.dom import DOMNode
from textual.message import Message
from textual.widget import Widget

from tui_reader.engine.models import ArticleRow
from tui_reader.engine.query import ArticleQuery


@dataclass
class ArticleOpened(Message):
    """An article was chosen in a pane: `opened` (Enter: read it) or only previewed (the
    list's cursor moved onto it: show it, but it is not read).

    Sent with `send_now`: the key typed after Enter must find the reader focused."""

    pane: DOMNode
    article_id: int
    opened: bool

    @property
    def control(self) -> DOMNode:
        return self.pane


def send_now(pane: Widget, message: Message) -> None:
    """Have the screen handle `message` now, in this key's turn, rather than queue it.

    Key bindings run in the app's task and message handlers in the screen's: Enter then q
    typed at once ran q's binding before the queued "opened" moved the focus to the reader,
    and q quit from the list (4 tmux runs of 8 under load). A screen without a handler
    gets the message queued as usual."""
    handler = getattr(pane.screen, message.handler_name, None)
    if callable(handler):
        handler(message)
    else:
        pane.post_message(message)


@dataclass
class ViewChosen(Message):
    """A view was chosen in the feeds pane."""

    query: ArticleQuery


@dataclass
class FullTextModeAsked(Message):
    """F on a feed in the feeds pane: choose when its article pages are fetched."""

    feed_id: int


@dataclass
class FeedSettingsAsked(Message):
    """e on a feed in the feeds pane: its settings dialog (title, folder, hide, interval…)."""

    feed_id: int


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
