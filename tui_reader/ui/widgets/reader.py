"""The reader pane: one article rendered by the content layer, scrolled on its own.

The content layer styles its output by name ("reader.quote", ...). Those names resolve here,
against component classes whose colours are theme variables (DEFAULT_CSS), so light and dark
themes both work.

A Line API widget (toolong's pattern): an article is rendered into lines once, for the pane's
width, and `render_line` hands out the ones on screen. A Static holding the article changed
its height on every article, which laid the whole screen out again and rendered the article
several times: about 40 of the 48 ms from `j` to the article shown at 100,000 articles.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text
from rich.theme import Theme
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_reader.actions import READER
from tui_reader.engine.models import Article
from tui_reader.ui.keys import bindings
from tui_reader.ui.widgets.halfblocks import ImageSlot
from tui_reader.ui.widgets.reader_images import ReaderImages

if TYPE_CHECKING:
    from tui_reader.content.blocks import Link
    from tui_reader.content.reading import ReadableArticle
    from tui_reader.library import Library

# Content-layer style names whose colour this pane defines ("reader.meta.label" -> component
# class "reader--meta-label"). The content layer's attributes (bold, italic ...) are kept and
# carry the meaning; DEFAULT_CSS adds theme colours on top.
STYLED_NAMES = (
    "reader.title",
    "reader.source",
    "reader.relative",
    "reader.dateline",
    "reader.heading",
    "reader.heading.top",
    "reader.blockquote.bar",
    "reader.quote",
    "reader.phrase",
    "reader.speaker",
    "reader.link",
    "reader.link.number",
    "reader.link.warning",
    "reader.meta.label",
    "reader.code",
    "reader.credit",
    "reader.rule",
    "reader.tag",
)


def component_class(style_name: str) -> str:
    return "reader--" + style_name.removeprefix("reader.").replace(".", "-")


class Themed:
    """Renders its child with a Rich theme pushed, so named styles resolve inside Textual."""

    def __init__(self, renderable: RenderableType, theme: Theme) -> None:
        self.renderable = renderable
        self.theme = theme

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        console.push_theme(self.theme)
        try:
            segments = list(console.render(self.renderable, options))
        finally:
            console.pop_theme()
        yield from segments

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        console.push_theme(self.theme)
        try:
            return Measurement.get(console, options, self.renderable)
        finally:
            console.pop_theme()


class Reader(ScrollView, can_focus=True):
    """Shows one article; remembers each article's scroll position for the session.

    Component classes `reader--<name>` give the colour of the content layer's style
    `reader.<name>` (dots become dashes): see STYLED_NAMES."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(READER)
    COMPONENT_CLASSES: ClassVar[set[str]] = {component_class(n) for n in STYLED_NAMES}
    DEFAULT_CSS = """
    Reader {
        height: 1fr;
        padding: 0 1;
        /* The article is wrapped to the width; a scrollbar appearing later must not narrow it. */
        scrollbar-gutter: stable;
        background: $surface;
        /* Colours only: bold/italic/underline come from the content layer and carry meaning. */
        & > .reader--title { color: $text-primary; }
        & > .reader--source { color: $text-secondary; }
        & > .reader--relative { color: $foreground-muted; }
        & > .reader--dateline { color: $text-secondary; }
        & > .reader--heading { color: $text-primary; }
        & > .reader--heading-top { color: $text-primary; }
        & > .reader--blockquote-bar { color: $accent; }
        & > .reader--quote { color: $text-accent; }
        & > .reader--phrase { color: $text-warning; }
        & > .reader--speaker { color: $text-secondary; }
        & > .reader--link { color: $link-color; }
        & > .reader--link-number { color: $foreground-muted; }
        & > .reader--link-warning { color: $text-error; }
        & > .reader--meta-label { color: $foreground-muted; }
        & > .reader--code { color: $text-warning; }
        & > .reader--credit { color: $foreground-muted; }
        & > .reader--rule { color: $border-blurred; }
        & > .reader--tag { color: $text-success; }
        overflow-x: hidden;
    }
    """

    article: reactive[Article | None] = reactive(None, repaint=False, always_update=True)
    """The article shown; setting it (even to the same one, changed) renders it again."""

    def __init__(
        self,
        *,
        measure: int = 80,
        id: str | None = None,
        library: Library | None = None,
        images: str = "off",
    ) -> None:
        super().__init__(id=id)
        self.images = ReaderImages(self, library, images)
        """The article's stored images, drawn as half-blocks (images = "blocks")."""
        self.measure = measure
        self.readable: ReadableArticle | None = None
        self.renderable: RenderableType | None = None  # what the body shows (for tests)
        self._positions: dict[int, float] = {}
        self.feed_text: set[int] = set()
        """Articles shown with the feed's own text although a full text is stored (X)."""
        self._width = 0
        self.now: float | None = None  # a fixed clock for "(2 hours ago)"; None: real time
        self._lines: list[Strip | ImageSlot] = []
        self._empty = Text("Select an article to read it.")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.rerender())
        self.call_after_refresh(self.rerender)

    @property
    def links(self) -> list[Link]:
        return list(self.readable.document.links) if self.readable is not None else []

    def watch_article(self, old: Article | None, new: Article | None) -> None:
        from tui_reader.content.reading import read_article  # lazy: heavy

        if old is not None:
            self._positions[old.id] = self.scroll_y
        if new is None:
            return
        same = old is not None and old.id == new.id
        self.readable = read_article(new, feed_text=new.id in self.feed_text)
        self.rerender()
        position = self.scroll_y if same else self._positions.get(new.id, 0.0)
        self.call_after_refresh(self.scroll_to, y=position, animate=False, immediate=True)

    def rerender(self) -> None:
        """Render for the current width (and theme): the content layer wraps, not Textual."""
        if not self.is_mounted:
            return
        self._width = max(20, self.scrollable_content_region.width)
        if self.readable is None:
            self._set_lines(self._empty)
            return
        from tui_reader.content.render import render_article

        self.renderable = render_article(self.readable, self._width, self.measure, self.now)
        self._set_lines(Themed(self.renderable, self.rich_theme()))

    def _set_lines(self, renderable: RenderableType) -> None:
        console = self.app.console
        options = console.options.update(width=self._width, highlight=False)
        lines = console.render_lines(renderable, options, pad=False)
        self._lines = self.images.place([Strip(line) for line in lines])
        # Not `self.virtual_size = ...`: that reactive lays out the whole screen (3 ms of
        # arrange and a repaint of every pane per article); the pane's own size is the same,
        # so only its scrollbar needs updating (as Textual's OptionList does).
        size = Size(self._width, len(self._lines))
        if size != self.virtual_size:
            self.set_reactive(Reader.virtual_size, size)
            self._scroll_update(size)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """A line of the rendered article (drawn from the lines held; nothing is rendered)."""
        base = self.rich_style
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        if isinstance(line, ImageSlot):  # drawn once it scrolls into view (decoded in a thread)
            region = self.scrollable_content_region  # where on screen (Sixel draws there)
            line = self.images.line(line, region.x, region.y + y)
        return line.crop_extend(0, width, base).apply_style(base)

    def lines_shown(self) -> list[str]:
        """The text of the lines on screen (tests and debugging)."""
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        shown = self._lines[top : top + height]
        return [(self.images.line(s) if isinstance(s, ImageSlot) else s).text for s in shown]

    def image_on_screen(self) -> str | None:
        """The URL of the first image on screen, else the article's first image."""
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        slots = [s for s in self._lines if isinstance(s, ImageSlot)]
        shown = [s for s in self._lines[top : top + height] if isinstance(s, ImageSlot)]
        first = shown or slots
        return first[0].url if first else self.images.first_stored()

    def rich_theme(self) -> Theme:
        """The content layer's named styles, with ours (from app.tcss) where we define them."""
        from tui_reader.content.render import THEME

        styles: dict[str, str | Style] = dict(THEME)
        for name in STYLED_NAMES:
            ours = self.get_component_rich_style(component_class(name), partial=True)
            styles[name] = Style.parse(THEME.get(name, "none")) + ours
        return Theme(styles)

    def styled_spans(self, style_name: str) -> Iterable[str]:
        """Texts the rendered article gives a named style (tests and debugging)."""
        stack: list[Any] = [self.renderable]
        while stack:
            item = stack.pop()
            if isinstance(item, Text):
                for span in item.spans:
                    if span.style == style_name:
                        yield item.plain[span.start : span.end]
                continue
            # Group, Constrain, Padding and the content layer's prefixed blocks.
            for attr in ("renderables", "renderable", "body"):
                child = getattr(item, attr, None)
                if isinstance(child, list | tuple):
                    stack.extend(reversed(child))
                elif child is not None:
                    stack.append(child)

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self.rerender()
