"""The reader's images: where they go among the article's lines, and their rows, decoded
from the cache in a thread as they scroll into view (never the network: images are
fetched at refresh, engine/images.py).

An image goes below its "[image 3: alt]" placeholder line, which stays as its caption and
keeps its link number; one that is not stored says so in a line of its own.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui_reader.ui import terminal_graphics
from tui_reader.ui.widgets.graphics import Drawn, Row, SixelRow, draw, forget, grid, send, usable
from tui_reader.ui.widgets.halfblocks import ImageSlot, rows_for

if TYPE_CHECKING:
    from textual.app import App
    from textual.geometry import Region

    from tui_reader.content.reading import ReadableArticle
    from tui_reader.engine.image_store import ImageInfo
    from tui_reader.engine.models import Article
    from tui_reader.library import Library
    from tui_reader.ui.terminal_graphics import Graphics

    class Reader(Protocol):
        """What of the reader pane (reader.py) this uses; not imported: reader.py imports us."""

        @property
        def readable(self) -> ReadableArticle | None: ...
        @property
        def article(self) -> Article | None: ...
        @property
        def measure(self) -> int: ...
        @property
        def scrollable_content_region(self) -> Region: ...
        @property
        def app(self) -> App[Any]: ...
        def run_worker(self, work: Any, *args: Any, **kwargs: Any) -> Any: ...
        def refresh(self, *args: Any, **kwargs: Any) -> Any: ...
        def rerender(self) -> None: ...


_PLACEHOLDER = re.compile(r"^(\s*)\[image (\d+)\b")
MISSING = Style(dim=True, italic=True)


class ReaderImages:
    """Images of the reader's article: placed as slots, drawn on demand as half-blocks
    (`blocks`) or with the terminal's graphics protocol (`auto`)."""

    def __init__(self, reader: Reader, library: Library | None, mode: str) -> None:
        self.reader, self.library, self.mode = reader, library, mode
        self.infos: dict[str, ImageInfo] = {}
        self._article = -1
        self._cells = 0
        self._drawn: dict[str, list[Row]] = {}
        self._sent: list[int] = []  # Kitty images in the terminal, freed with their article
        self._loading: set[str] = set()
        self._generation = 0  # a new article or width: rows decoded for the old are dropped
        # The article's stored images Pillow could not read (a corrupt blob): one line each
        # instead of their rows, left blank.
        self._unreadable: set[str] = set()

    @property
    def graphics(self) -> Graphics | None:
        """The terminal's protocol when images = "auto" (asked before the app started)."""
        if self.mode != "auto":
            return None
        return usable(terminal_graphics.detected, self.reader.app)

    @property
    def inline(self) -> bool:
        """Draw images in the article? `blocks` always; `auto` where the terminal has
        a graphics protocol (placeholders elsewhere); `off` never."""
        return self.library is not None and (self.mode == "blocks" or self.graphics is not None)

    def place(self, strips: list[Strip]) -> list[Strip | ImageSlot]:
        """The article's lines with each stored image's rows after its placeholder."""
        self.infos = {}
        if not self.inline:  # no query on the way to each article shown
            return list(strips)
        self.refresh_infos()
        readable = self.reader.readable
        if readable is None or not self.infos:
            return list(strips)
        urls = {link.number: link.url for link in readable.document.links}
        cells = max(1, min(self.reader.measure, self._width()))  # the text's column
        if cells != self._cells:
            self._cells = cells
            self._forget()
        graphics = self.graphics
        out: list[Strip | ImageSlot] = []
        for strip in strips:
            out.append(strip)
            found = _PLACEHOLDER.match(strip.text)
            if found is None:
                continue
            indent, url = len(found[1]), urls.get(int(found[2]), "")
            info = self.infos.get(url)
            if url in self._unreadable:
                text = " " * indent + "(the stored image cannot be read)"
                out.append(Strip([Segment(text, MISSING)]))
            elif info is not None and info.error is None and info.width:
                if graphics is None:
                    rows = rows_for(info.width, info.height, cells - indent)
                else:
                    rows = grid(info.width, info.height, cells - indent, graphics)[1]
                out.extend(ImageSlot(url, row, indent) for row in range(rows))
            else:
                why = info.error if info is not None else "not fetched yet (refresh to get it)"
                text = " " * indent + f"(image not stored for offline reading: {why})"
                out.append(Strip([Segment(text, MISSING)]))
        return out

    def line(self, slot: ImageSlot, x: int = 0, y: int = 0) -> Strip:
        """One row of an image, its line at screen cell (x, y); blank until its thread has
        decoded it."""
        drawn = self._drawn.get(slot.url)
        if drawn is None:
            self._load(slot.url, self._cells - slot.indent)
            return Strip([])
        row = drawn[slot.row] if slot.row < len(drawn) else Strip([])
        if isinstance(row, SixelRow):
            row = row.strip(x + slot.indent, y)
        return Strip([Segment(" " * slot.indent), *row]) if slot.indent else row

    def first_stored(self) -> str | None:
        if not self.infos:
            self.refresh_infos()
        for url, info in self.infos.items():
            if info.error is None and info.width:
                return url
        return None

    def data(self, url: str) -> bytes | None:
        article = self.reader.article
        if self.library is None or article is None:
            return None
        return self.library.image_data(article.id, url)

    def _width(self) -> int:
        return self.reader.scrollable_content_region.width or 80

    def refresh_infos(self) -> None:
        article = self.reader.article
        if self.library is None or article is None or self.mode == "off":
            self.infos = {}
            return
        if article.id != self._article:
            self._article = article.id
            self._unreadable = set()
            self._forget()
        self.infos = self.library.image_infos(article.id)  # sizes only: a small read

    def _forget(self) -> None:
        """A new article or width: rows drawn for the old are dropped (Kitty's freed)."""
        self._drawn, self._loading = {}, set()
        self._generation += 1
        if self._sent:
            send(self.reader.app, forget(self._sent))
            self._sent = []

    def _load(self, url: str, cells: int) -> None:
        if url in self._loading:
            return
        self._loading.add(url)
        article, generation = self._article, self._generation
        graphics = self.graphics
        self.reader.run_worker(
            lambda: self._decode(article, generation, url, cells, graphics),
            thread=True,
            group="images",
        )

    def _decode(
        self, article: int, generation: int, url: str, cells: int, graphics: Graphics | None
    ) -> None:
        from tui_reader.ui.widgets.halfblocks import half_block_strips

        data = self.library.image_data(article, url) if self.library is not None else None
        drawn: Drawn | None = Drawn([])
        try:
            if data and graphics is not None:
                drawn = draw(data, cells, graphics)
            elif data:
                drawn = Drawn(list(half_block_strips(data, cells)))
        except Exception:  # a stored image Pillow cannot read again: said in one line
            drawn = None
        self.reader.app.call_from_thread(self._decoded, generation, url, drawn)

    def _decoded(self, generation: int, url: str, drawn: Drawn | None) -> None:
        if drawn is None:
            if generation == self._generation and url not in self._unreadable:
                self._unreadable.add(url)
                self.reader.rerender()  # its rows give way to the line that says so
            return
        if generation == self._generation:
            if drawn.upload:  # Kitty: the image itself, before the rows that show it
                send(self.reader.app, drawn.upload)
                self._sent.append(drawn.image_id)
            self._drawn[url] = drawn.rows
            self.reader.refresh()
