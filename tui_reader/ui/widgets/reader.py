"""The reader pane: one article rendered by the content layer, scrolled on its own.

The content layer styles its output by name ("reader.quote", ...). Those names resolve here,
against component classes whose colours live in app.tcss, so light and dark themes both work.
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
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui_reader.engine.models import Article
from tui_reader.ui.keys import bind

if TYPE_CHECKING:
    from tui_reader.content.blocks import Link
    from tui_reader.content.reading import ReadableArticle

# Content-layer style names whose colour this pane defines in app.tcss ("reader.meta.label" ->
# component class "reader--meta-label"). The content layer's attributes (bold, italic ...) are
# kept and carry the meaning; app.tcss adds theme colours on top.
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


class Reader(VerticalScroll, can_focus=True):
    """Shows one article; remembers each article's scroll position for the session."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("down", "scroll_down"),
        bind("up", "scroll_up"),
        bind("top", "scroll_home"),
        bind("bottom", "scroll_end"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {component_class(n) for n in STYLED_NAMES}

    def __init__(self, *, measure: int = 80, id: str | None = None) -> None:
        super().__init__(id=id)
        self.measure = measure
        self.article: Article | None = None
        self.readable: ReadableArticle | None = None
        self.renderable: RenderableType | None = None  # what the body shows (for tests)
        self._positions: dict[int, float] = {}
        self._width = 0
        self.now: float | None = None  # a fixed clock for "(2 hours ago)"; None: real time

    def compose(self) -> ComposeResult:
        yield Static(Text("Select an article to read it."), id="reader-body")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.rerender())

    @property
    def links(self) -> list[Link]:
        return list(self.readable.document.links) if self.readable is not None else []

    def show(self, article: Article) -> None:
        from tui_reader.content.reading import read_article  # lazy: heavy

        if self.article is not None:
            self._positions[self.article.id] = self.scroll_y
        same = self.article is not None and self.article.id == article.id
        self.article = article
        self.readable = read_article(article)
        self.rerender()
        position = self.scroll_y if same else self._positions.get(article.id, 0.0)
        self.call_after_refresh(self.scroll_to, y=position, animate=False, immediate=True)

    def rerender(self) -> None:
        """Render for the current width (and theme): the content layer wraps, not Textual."""
        if self.readable is None or not self.is_mounted:
            return
        from tui_reader.content.render import render_article

        self._width = max(20, self.scrollable_content_region.width)
        self.renderable = render_article(self.readable, self._width, self.measure, self.now)
        body = self.query_one("#reader-body", Static)
        body.update(Themed(self.renderable, self.rich_theme()))

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
        if self.readable is not None and self.scrollable_content_region.width != self._width:
            self.rerender()
