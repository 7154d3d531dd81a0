"""The article list: a virtual list over the cache (Line API), paged from the store on demand.

Only the rows on screen are rendered, and only the pages they fall in are read: a 100,000-
article view costs one COUNT and a page or two of rows, never a widget per article.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_reader.engine.errors import StoreError
from tui_reader.engine.models import ArticleRow
from tui_reader.engine.query import ArticleQuery
from tui_reader.engine.sanitize import clean_line
from tui_reader.engine.store import Store
from tui_reader.ui.keys import bind

PAGE_SIZE = 200
MAX_PAGES = 8  # pages kept in memory; at most 1,600 rows whatever the view's size
DATE_WIDTH = 10
# Titles get their room first: the feed column appears only once a title has TITLE_FIRST
# cells, and grows to FEED_MAX before titles grow further (in a 200-column terminal the
# feed column took 15 of a list's 59 cells, leaving titles 29).
TITLE_FIRST = 50
FEED_MIN, FEED_MAX = 8, 16


def format_date(ts: int | None) -> str:
    # Absolute, local-time dates: stable for snapshots and unambiguous across days.
    return time.strftime("%Y-%m-%d", time.localtime(ts)) if ts else "—"


class ArticleList(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows of one view (an ArticleQuery), newest first; the cursor row is the open article."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("down", "cursor_down"),
        bind("up", "cursor_up"),
        bind("top", "cursor_top"),
        bind("bottom", "cursor_bottom"),
        bind("open", "open_selected"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--read",
        "article-list--marker",
        "article-list--star",
        "article-list--date",
        "article-list--feed",
        "article-list--empty",
    }

    class Selected(Message):
        """The cursor moved onto an article."""

        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    class Opened(Message):
        """Enter on an article: read it."""

        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, store: Store, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._store = store
        self.view_query = ArticleQuery()
        self.count = 0
        self.cursor = 0
        self._pages: OrderedDict[int, list[ArticleRow]] = OrderedDict()
        self.pages_fetched = 0  # pages read from the store since the view was set (for tests)
        self.empty_text = "No articles in this view."

    # -- the view ----------------------------------------------------------------------------

    def set_query(
        self, query: ArticleQuery, select_id: int | None = None, *, announce: bool = True
    ) -> None:
        """Show `query`; keep `select_id` under the cursor when it is in the view. With
        `announce`, the row under the cursor is posted as Selected (the reader follows)."""
        self.view_query = query
        self.pages_fetched = 0
        self.reload(select_id, announce=announce)

    def reload(self, select_id: int | None = None, *, announce: bool = False) -> None:
        """Re-read the view (after a refresh or a bulk change), keeping the given article."""
        self._pages.clear()
        try:
            self.count = self._store.count(self.view_query)
        except StoreError as exc:
            self.count = 0
            self.app.notify(str(exc), severity="error", markup=False)
        self.virtual_size = Size(self.size.width, self.count)
        index = self.index_of(select_id) if select_id is not None else None
        self._move(index if index is not None else 0, announce=announce)
        self.refresh()

    def index_of(self, article_id: int) -> int | None:
        """Where an article is in the list as shown. The loaded pages answer first: they are
        what is on screen, and may be older than the database (a row read in the Unread
        view stays until reload), so the store's answer is checked against them."""
        if (found := self._cached_index(article_id)) is not None:
            return found
        if self.view_query.search:
            return None  # ranked results have no cheap position query
        try:
            guess = self._store.position(self.view_query, article_id)
        except StoreError:
            return None
        if guess is None:
            return None
        for index in (guess, *range(max(0, guess - PAGE_SIZE), guess + PAGE_SIZE)):
            if (row := self.row(index)) is not None and row.id == article_id:
                return index
        return None

    def _cached_index(self, article_id: int) -> int | None:
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == article_id:
                    return page * PAGE_SIZE + offset
        return None

    def row(self, index: int) -> ArticleRow | None:
        """Row `index` of the view, reading its page if it is not cached."""
        if not 0 <= index < self.count:
            return None
        page, offset = divmod(index, PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            try:
                rows = self._store.rows(
                    self.view_query, page * PAGE_SIZE, PAGE_SIZE, total=self.count
                )
            except StoreError:
                rows = []
            self.pages_fetched += 1
            self._pages[page] = rows
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    @property
    def cached_rows(self) -> int:
        return sum(len(rows) for rows in self._pages.values())

    @property
    def current(self) -> ArticleRow | None:
        return self.row(self.cursor)

    def update_row(
        self, article_id: int, *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        """Mirror a state change in the cached rows, so the view does not jump (an article
        read in the Unread view stays until the view is reloaded)."""
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == article_id:
                    if read is not None:
                        row.read = read
                    if starred is not None:
                        row.starred = starred
                    self.refresh_line(page * PAGE_SIZE + offset)

    def select_id(self, article_id: int) -> bool:
        """Put the cursor on an article (the reader opened it elsewhere); quietly."""
        index = self.index_of(article_id)
        if index is None:
            return False
        self._move(index, announce=False)
        return True

    # -- cursor ------------------------------------------------------------------------------

    def _move(self, index: int, *, announce: bool = True) -> None:
        old = self.cursor
        self.cursor = max(0, min(index, self.count - 1)) if self.count else 0
        self.refresh_line(old)
        self.refresh_line(self.cursor)
        self.scroll_to_region(
            Region(0, self.cursor, 1, 1), animate=False, force=True, immediate=True
        )
        if announce and (row := self.current) is not None:
            self.post_message(self.Selected(row.id))

    def action_cursor_down(self) -> None:
        if self.cursor < self.count - 1:
            self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        if self.cursor > 0:
            self._move(self.cursor - 1)

    def action_cursor_top(self) -> None:
        self._move(0)

    def action_cursor_bottom(self) -> None:
        self._move(self.count - 1)

    def action_open_selected(self) -> None:
        if (row := self.current) is not None:
            self.post_message(self.Opened(row.id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)  # None on the border or scrollbar
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < self.count:
            self.focus()
            if index == self.cursor and event.chain > 1:
                self.action_open_selected()
            else:
                self._move(index)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.count)

    # -- rendering ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = self.scroll_offset.y + y
        if self.count == 0:
            if y != 0:
                return Strip.blank(width, base)
            style = base + self.get_component_rich_style("article-list--empty", partial=True)
            return self._strip(Text(self.empty_text, style=style), width, base)
        row = self.row(index)
        if row is None:
            return Strip.blank(width, base)
        line = self.row_text(row, width, base)
        if index == self.cursor:
            line.stylize(self.get_component_rich_style("article-list--cursor", partial=True))
        return self._strip(line, width, base)

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [s for s in text.render(self.app.console, end="") if s.text]
        return Strip(segments or [Segment(" " * width, base)]).crop_extend(0, width, base)

    def row_text(self, row: ArticleRow, width: int, base: Style) -> Text:
        """One row: unread marker, star, date, feed, title. Feed text is data, never markup;
        clean_line again here, as a row is one terminal line and the cache may be old."""
        part = self._part
        state = "article-list--read" if row.read else "article-list--unread"
        line = Text(style=base + part(state), no_wrap=True, end="")
        line.append("●" if not row.read else " ", part("article-list--marker"))
        line.append("★" if row.starred else " ", part("article-list--star"))
        line.append(" ")
        if width >= 30:
            line.append(format_date(row.date).ljust(DATE_WIDTH), part("article-list--date"))
            line.append(" ")
        if feed_width := self.feed_width(width - line.cell_len):
            feed = Text(clean_line(row.feed_title), style=part("article-list--feed"), no_wrap=True)
            feed.truncate(feed_width, overflow="ellipsis", pad=True)
            line.append_text(feed)
            line.append(" ")
        line.append(clean_line(row.title) or "(untitled)")
        return line

    def feed_width(self, room: int) -> int:
        """Cells for the feed column when `room` cells are left for feed and title; 0: none
        (nor in one feed's view, where every row would say the same)."""
        if self.view_query.feed_id is not None or room < TITLE_FIRST + 1 + FEED_MIN:
            return 0
        return min(FEED_MAX, room - TITLE_FIRST - 1)

    def _part(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)
