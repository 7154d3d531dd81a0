"""The article list: a virtual list over the cache (Line API), paged from the library.

Only the rows on screen are drawn, and only the pages they fall in are read: a 100,000-
article view costs one COUNT and a page or two of rows, never a widget per article.

Drawing never reads the cache (toolong's pattern): `render_line` draws from the pages it
holds; a line whose page is missing shows a placeholder and asks the page worker, which
reads the page on its own connection (`Library.page`) and posts it back; the lines are then
drawn again. The cursor's row is different: an action needs it now (the reader shows it,
`m` marks it), so moving the cursor reads its page at once (one page, about a millisecond).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_reader.actions import LIST
from tui_reader.engine.models import ArticleRow
from tui_reader.engine.query import ArticleQuery
from tui_reader.ui.keys import bindings
from tui_reader.ui.messages import ArticleOpened, PageFailed, PageLoaded, send_now
from tui_reader.ui.notices import Failed, ask, show_error

if TYPE_CHECKING:
    from tui_reader.library import Library

PAGE_SIZE = 200
MAX_PAGES = 8  # pages kept in memory; at most 1,600 rows whatever the view's size
DATE_WIDTH = 10
# Titles get their room first: the feed column appears only once a title has TITLE_FIRST
# cells, and grows to FEED_MAX before titles grow further (in a 200-column terminal the
# feed column took 15 of a list's 59 cells, leaving titles 29).
TITLE_FIRST = 50
FEED_MIN, FEED_MAX = 8, 16
TAGS_MAX, TAGS_TITLE_MIN = 24, 20  # tags take at most 24 cells, and leave the title 20
LOADING = "…"


def format_date(ts: int | None) -> str:
    # Absolute, local-time dates: stable for snapshots and unambiguous across days.
    return time.strftime("%Y-%m-%d", time.localtime(ts)) if ts else "—"


class ArticleList(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows of one view (an ArticleQuery), newest first; the cursor row is the open article.

    | Class | Description |
    | :- | :- |
    | `article-list--cursor` | The cursor's row. |
    | `article-list--unread` / `--read` | A row, by its state. |
    | `article-list--marker` / `--star` | The unread dot, the star. |
    | `article-list--date` / `--feed` | Those columns. |
    | `article-list--tags` | The user's tags, before the title. |
    | `article-list--empty` | The line shown for an empty view (or a cache that failed). |
    | `article-list--placeholder` | A row whose page is still being read. |
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(LIST)
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--read",
        "article-list--marker",
        "article-list--star",
        "article-list--date",
        "article-list--feed",
        "article-list--tags",
        "article-list--empty",
        "article-list--placeholder",
    }
    DEFAULT_CSS = """
    ArticleList {
        height: 1fr;
        background: $surface;
        overflow-x: hidden;
        & > .article-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .article-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
        }
        & > .article-list--unread { text-style: bold; }
        & > .article-list--read { color: $foreground-muted; }
        & > .article-list--marker { color: $accent; }
        & > .article-list--star { color: $warning; }
        & > .article-list--date { color: $foreground-muted; text-style: not bold; }
        & > .article-list--feed { color: $text-secondary; text-style: not bold; }
        & > .article-list--tags { color: $text-accent; text-style: not bold; }
        & > .article-list--empty { color: $foreground-muted; text-style: italic; }
        & > .article-list--placeholder { color: $foreground-muted; }
    }
    """

    cursor: reactive[int] = reactive(0, repaint=False, always_update=True)
    """The row under the cursor (an index into the view); kept inside the view."""

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._library = library
        self.view_query = ArticleQuery()
        self.count = 0
        self._pages: OrderedDict[int, list[ArticleRow]] = OrderedDict()
        self._pending: set[int] = set()  # pages asked of the worker, not back yet
        self._failed: dict[int, str] = {}  # pages the cache could not give, until reload
        self._generation = 0  # bumped by reload: pages read for an older view are dropped
        self.pages_fetched = 0  # pages read since the view was set (tests and bench)
        self.empty_text = "No articles in this view."
        self.problem = ""  # why the view could not be counted, shown instead of rows

    # -- the view ----------------------------------------------------------------------------

    def set_query(
        self, query: ArticleQuery, select_id: int | None = None, *, announce: bool = True
    ) -> None:
        """Show `query`; keep `select_id` under the cursor when it is in the view. With
        `announce`, the row under the cursor is posted as previewed (the reader follows)."""
        self.view_query = query
        self.pages_fetched = 0
        self.reload(select_id, announce=announce)

    def reload(self, select_id: int | None = None, *, announce: bool = False) -> None:
        """Re-read the view (after a refresh or a bulk change), keeping the given article."""
        self._generation += 1
        self._pages.clear()
        self._pending.clear()
        self._failed.clear()
        count = ask(self, self._library.count, self.view_query)
        self.problem = "The cache could not be read." if isinstance(count, Failed) else ""
        self.count = 0 if isinstance(count, Failed) else count
        self.virtual_size = Size(self.size.width, self.count)
        index = self.index_of(select_id) if select_id is not None else None
        self._move(index if index is not None else 0, announce=announce)
        self.refresh()

    def index_of(self, article_id: int) -> int | None:
        """Where an article is in the list as shown. The loaded pages answer first: they are
        what is on screen, and may be older than the database (a row read in the Unread
        view stays until reload), so the library's answer is checked against them."""
        if (found := self._cached_index(article_id)) is not None:
            return found
        if self.view_query.search:
            return None  # ranked results have no cheap position query
        guess = ask(self, self._library.position, self.view_query, article_id)
        if guess is None or isinstance(guess, Failed):
            return None
        near: list[int] = [guess, *range(max(0, guess - PAGE_SIZE), guess + PAGE_SIZE)]
        for index in near:
            if (row := self.row_now(index)) is not None and row.id == article_id:
                return index
        return None

    def _cached_index(self, article_id: int) -> int | None:
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == article_id:
                    return page * PAGE_SIZE + offset
        return None

    # -- rows --------------------------------------------------------------------------------

    def row(self, index: int) -> ArticleRow | None:
        """Row `index` if its page is loaded; else None, and the page worker is asked."""
        if not 0 <= index < self.count:
            return None
        page, offset = divmod(index, PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def row_now(self, index: int) -> ArticleRow | None:
        """Row `index`, reading its page at once if need be: for actions, never for drawing."""
        if not 0 <= index < self.count:
            return None
        page = index // PAGE_SIZE
        if page not in self._pages and page not in self._failed:
            query, offset = self.view_query, page * PAGE_SIZE
            rows = ask(self, self._library.rows, query, offset, PAGE_SIZE, total=self.count)
            if isinstance(rows, Failed):
                self._failed[page] = "the cache could not be read"
                return None
            self._keep(page, rows)
        return self.row(index)

    @property
    def current(self) -> ArticleRow | None:
        return self.row_now(self.cursor)

    @property
    def cached_rows(self) -> int:
        return sum(len(rows) for rows in self._pages.values())

    def _keep(self, page: int, rows: list[ArticleRow]) -> None:
        self.pages_fetched += 1
        self._pages[page] = rows
        self._pending.discard(page)
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    def _request(self, page: int) -> None:
        if page in self._pending or page in self._failed:
            return
        self._pending.add(page)
        generation, query, total = self._generation, self.view_query, self.count

        def read() -> None:  # on a worker thread: the library's page connection
            try:
                rows = self._library.page(query, page * PAGE_SIZE, PAGE_SIZE, total=total)
            except Exception as exc:  # any failure is a notice and a marked row, never blank
                self.post_message(PageFailed(generation, page, str(exc) or type(exc).__name__))
                return
            self.post_message(PageLoaded(generation, page, rows))

        self.run_worker(read, thread=True, group="pages", exit_on_error=False)

    def on_page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if message.generation == self._generation:
            self._keep(message.page, message.rows)
            self.refresh_lines(message.page * PAGE_SIZE, PAGE_SIZE)

    def on_page_failed(self, message: PageFailed) -> None:
        message.stop()
        if message.generation == self._generation:
            self._pending.discard(message.page)
            self._failed[message.page] = message.error
            show_error(self, f"Could not read the list: {message.error}")
            self.refresh_lines(message.page * PAGE_SIZE, PAGE_SIZE)

    def update_row(
        self,
        article_id: int,
        *,
        read: bool | None = None,
        starred: bool | None = None,
        tags: list[str] | None = None,
    ) -> None:
        """Mirror a state change in the held rows, so the view does not jump (an article
        read in the Unread view stays until the view is reloaded)."""
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == article_id:
                    if read is not None:
                        row.read = read
                    if starred is not None:
                        row.starred = starred
                    if tags is not None:
                        row.tags = tags
                    self.refresh_line(page * PAGE_SIZE + offset)

    def select_id(self, article_id: int) -> bool:
        """Put the cursor on an article (the reader opened it elsewhere); quietly."""
        index = self.index_of(article_id)
        if index is None:
            return False
        self._move(index, announce=False)
        return True

    # -- cursor ------------------------------------------------------------------------------

    def validate_cursor(self, index: int) -> int:
        return max(0, min(index, self.count - 1)) if self.count else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True, immediate=True)

    def _move(self, index: int, *, announce: bool = True) -> None:
        self.cursor = index
        if announce and (row := self.current) is not None:
            # A preview is queued: the cursor is drawn first, the article follows.
            self.post_message(ArticleOpened(self, row.id, opened=False))

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
            send_now(self, ArticleOpened(self, row.id, opened=True))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)  # None on the border or scrollbar
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < self.count:
            self.screen.set_focus(self)  # now, not queued: a double click then focuses the reader
            if index == self.cursor and event.chain > 1:
                self.action_open_selected()
            else:
                self._move(index)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.count)

    # -- drawing (no cache reads here) ---------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = self.scroll_offset.y + y
        if index >= self.count:
            if self.count or y != 0:
                return Strip.blank(width, base)
            text = self.problem or self.empty_text
            return self._strip(Text(text, style=base + self._part("article-list--empty")), width)
        row = self.row(index)
        if row is None:
            return self._strip(self._placeholder(index, base), width)
        line = self.row_text(row, width, base)
        if index == self.cursor:
            line.stylize(self._part("article-list--cursor"))
        return self._strip(line, width)

    def _placeholder(self, index: int, base: Style) -> Text:
        """A row still being read; or, when its page failed, what went wrong (as text)."""
        error = self._failed.get(index // PAGE_SIZE)
        if error is not None:
            return Text(f"  ! {error}", style=base + self._part("article-list--empty"))
        return Text(f"  {LOADING}", style=base + self._part("article-list--placeholder"))

    def _strip(self, text: Text, width: int) -> Strip:
        base = self.rich_style
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [s for s in text.render(self.app.console, end="") if s.text]
        return Strip(segments or [Segment(" " * width, base)]).crop_extend(0, width, base)

    def row_text(self, row: ArticleRow, width: int, base: Style) -> Text:
        """One row: unread marker, star, date, feed, title. Stored text is clean (one line,
        no controls) and is data: Text, never markup."""
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
            feed = Text(row.feed_title, style=part("article-list--feed"), no_wrap=True)
            feed.truncate(feed_width, overflow="ellipsis", pad=True)
            line.append_text(feed)
            line.append(" ")
        if row.tags:  # compact, before the title (which may be cut): at most TAGS_MAX cells
            tags = Text(" ".join("#" + t for t in row.tags), style=part("article-list--tags"))
            tags.truncate(
                min(TAGS_MAX, max(0, width - line.cell_len - TAGS_TITLE_MIN)), overflow="ellipsis"
            )
            if tags.cell_len:
                line.append_text(tags)
                line.append(" ")
        line.append(row.title or "(untitled)")
        return line

    def feed_width(self, room: int) -> int:
        """Cells for the feed column when `room` cells are left for feed and title; 0: none
        (nor in one feed's view, where every row would say the same)."""
        if self.view_query.feed_id is not None or room < TITLE_FIRST + 1 + FEED_MIN:
            return 0
        return min(FEED_MAX, room - TITLE_FIRST - 1)

    def _part(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)
