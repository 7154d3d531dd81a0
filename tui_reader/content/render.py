"""ReadableArticle -> Rich renderables; the entry points for the CLI and the reader pane.

Article text only ever becomes `rich.text.Text` content with named styles ("reader.*")
attached by position: never markup, never hyperlinks (no `link` style from feed URLs).
It is clean already (the rule is in engine/sanitize.py), so nothing is cleaned again here.

The pieces live beside this module: compose.py (block text, link numbers, quotes),
header.py, render_table.py and plain.py (plain text and JSON, re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.constrain import Constrain
from rich.segment import Segment
from rich.text import Text

from tui_reader.content.blocks import Block
from tui_reader.content.compose import caption_text, compose, links_text, quote_pieces
from tui_reader.content.header import render_header
from tui_reader.content.plain import article_to_json, render_plain
from tui_reader.content.quotes import Quote, QuotePiece
from tui_reader.content.reading import ReadableArticle
from tui_reader.content.render_table import table_renderable

__all__ = [
    "THEME",
    "article_to_json",
    "render_article",
    "render_body",
    "render_header",
    "render_plain",
]

# Named styles; rich.theme.Theme(THEME) for the CLI, mapped onto the app theme by the UI.
# Attributes (bold, italic, dim, underline) carry the meaning so it survives without colour;
# colours are the 16 ANSI ones, which terminals adapt to light and dark backgrounds.
THEME: dict[str, str] = {
    "reader.title": "bold",
    "reader.meta": "none",
    "reader.meta.label": "dim",
    "reader.source": "bold",
    "reader.relative": "dim",
    "reader.dateline": "bold",
    "reader.heading": "bold",
    "reader.heading.top": "bold underline",
    "reader.blockquote": "italic",
    "reader.blockquote.bar": "dim",
    "reader.quote": "italic cyan",
    "reader.phrase": "italic",
    "reader.speaker": "bold",
    "reader.link": "underline",
    "reader.link.number": "dim",
    "reader.link.url": "none",
    "reader.link.warning": "bold red",
    "reader.em": "italic",
    "reader.strong": "bold",
    "reader.code": "magenta",
    "reader.strike": "strike",
    "reader.underline": "underline",
    "reader.pre": "none",
    "reader.list.marker": "bold",
    "reader.table.header": "bold",
    "reader.image": "dim italic",
    "reader.caption": "italic",
    "reader.credit": "dim",
    "reader.rule": "dim",
    "reader.tag": "italic",
}
_TIGHT = {("list_item", "list_item"), ("image", "caption")}  # no blank line between these


class _Prefixed:
    """A renderable drawn beside a prefix on every line: list bullets with a hanging
    indent, the bar of a block quote, the indent of code."""

    def __init__(self, body: RenderableType, first: str, rest: str, style: str) -> None:
        self.body, self.first, self.rest, self.style = body, first, rest, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        width = max(1, options.max_width - cell_len(self.first))
        lines = console.render_lines(self.body, options.update(width=width), pad=False)
        style = console.get_style(self.style, default="none")
        for i, line in enumerate(lines):
            yield Segment(self.first if i == 0 else self.rest, style)
            yield from line
            yield Segment.line()


def _block_renderable(
    ra: ReadableArticle,
    index: int,
    block: Block,
    quotes: list[tuple[QuotePiece, Quote]],
    width: int,
) -> RenderableType:
    kind = block.kind
    if kind == "rule":
        return Text("─" * width, style="reader.rule")
    if kind == "table" and block.rows:
        return table_renderable(block)
    if kind == "caption":
        return caption_text(block, ra, index)
    if kind == "image":
        return compose(ra, index, block, block.text, "reader.image", [])
    if kind == "heading":
        style = "reader.heading.top" if block.level <= 2 else "reader.heading"
        return compose(ra, index, block, block.text, style, [])
    if kind == "pre":
        code = Text(block.text, style="reader.pre", overflow="fold")
        return _Prefixed(code, "  ", "  ", "reader.pre")
    base = "reader.blockquote" if kind == "quote" else "none"
    text = compose(ra, index, block, block.text, base, quotes)
    if kind == "quote":
        bar = "▌ " * max(1, block.level)
        return _Prefixed(text, bar, bar, "reader.blockquote.bar")
    if kind == "list_item":
        indent = "  " * block.level
        first = f"{indent}{block.marker} " if block.marker else f"{indent}  "
        return _Prefixed(
            text, first, indent + " " * (len(first) - len(indent)), "reader.list.marker"
        )
    return text


def render_body(
    ra: ReadableArticle, width: int, measure: int = 80, links: bool = True
) -> RenderableType:
    """The article body at a comfortable measure, quotes styled, link list at the end."""
    width = max(20, min(width, measure))
    by_block = quote_pieces(ra)
    items: list[RenderableType] = []
    prev: Block | None = None
    for index, block in enumerate(ra.document.blocks):
        tight = prev is not None and (prev.kind, block.kind) in _TIGHT
        if prev is not None and not tight:
            items.append(Text())
        items.append(_block_renderable(ra, index, block, by_block.get(index, []), width))
        prev = block
    if links and ra.document.links:
        items += [Text(), links_text(ra)]
    return Constrain(Group(*items), width=width)


def render_article(
    ra: ReadableArticle, width: int, measure: int = 80, now: float | None = None
) -> Group:
    """Header, body and link list, ready for Console.print."""
    header = Constrain(render_header(ra, now), width=max(20, min(width, measure)))
    return Group(header, Text(), render_body(ra, width, measure))
