"""ReadableArticle -> Rich renderables, plain text for pipes, and JSON.

Article text only ever becomes `rich.text.Text` content with named styles ("reader.*")
attached by position: never markup, never hyperlinks (no `link` style from feed URLs).
Everything shown passes through `sanitize.clean_text` / `clean_line` once more on the way out.
"""

from __future__ import annotations

import textwrap
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.constrain import Constrain
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from tui_reader.content.blocks import Block, Link
from tui_reader.content.metadata import (
    enclosure_json,
    human_size,
    local_iso,
    local_time,
    relative_time,
    split_credit,
)
from tui_reader.content.quotes import Quote, QuotePiece
from tui_reader.content.reading import ReadableArticle
from tui_reader.engine.sanitize import clean_line, clean_text, clean_url

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
_SPAN_STYLE = {s: f"reader.{s}" for s in ("em", "strong", "code", "strike", "underline")}
_SPAN_STYLE["image"] = "reader.image"
_QUOTE_STYLE = {"speech": "reader.quote", "phrase": "reader.phrase"}
_SEP = " · "
_TIGHT = {("list_item", "list_item"), ("image", "caption")}  # no blank line between these


def _clean_pre(text: str) -> str:
    """clean_text, but a first line's indentation (which it strips) stays."""
    clean = clean_text(text)
    return text if clean == text.strip() else clean


def _link_marker(link: Link | None, number: int) -> tuple[str, str]:
    if link is not None and link.real_host:
        return f"[{number} → {link.real_host}]", "reader.link.warning"
    return f"[{number}]", "reader.link.number"


def _quote_pieces(ra: ReadableArticle) -> dict[int, list[tuple[QuotePiece, Quote]]]:
    by_block: dict[int, list[tuple[QuotePiece, Quote]]] = {}
    for quote in ra.quotes:
        for piece in quote.pieces:
            by_block.setdefault(piece.block, []).append((piece, quote))
    return by_block


def _compose(
    ra: ReadableArticle,
    index: int,
    block: Block,
    text: str,
    base: str,
    quotes: list[tuple[QuotePiece, Quote]],
) -> Text:
    """Block text with its styles, curly marks on straight-quoted speech and "[n]" link
    numbers inserted after link text (positions are mapped past the insertions)."""
    clean = clean_text(text)
    if clean != text:  # not what the positions were computed on: show it unstyled
        return Text(clean, style=base)
    styles: list[tuple[int, int, str]] = []
    inserts: list[tuple[int, str, str]] = []
    chars = list(text) if quotes else None
    for span in block.spans:
        if span.end > len(text):
            continue
        if span.style == "link" and span.link:
            styles.append((span.start, span.end, "reader.link"))
            inserts.append((span.end, *_link_marker(ra.document.link(span.link), span.link)))
        elif span.style in _SPAN_STYLE:
            styles.append((span.start, span.end, _SPAN_STYLE[span.style]))
    for piece, quote in quotes:
        styles.append((piece.start, piece.end, _QUOTE_STYLE[quote.kind]))
        if chars is not None and chars[piece.start] == '"':
            chars[piece.start] = "“"
        if chars is not None and piece.end - 1 > piece.start and chars[piece.end - 1] == '"':
            chars[piece.end - 1] = "”"
        at = quote.speaker_at
        if at is not None and at.block == index and quote.pieces[-1] is piece:
            styles.append((at.start, at.end, "reader.speaker"))
    if chars is not None:
        text = "".join(chars)
    dateline = ra.metadata.dateline_at
    if dateline is not None and dateline[0] == index:
        styles.append((0, min(dateline[1], len(text)), "reader.dateline"))
    inserts.sort(key=lambda item: item[0])
    positions = [pos for pos, _, _ in inserts]
    before = [0]  # before[k]: characters inserted ahead of insert k
    parts, last = [], 0
    for pos, marker, _ in inserts:
        parts += [text[last:pos], marker]
        before.append(before[-1] + len(marker))
        last = pos
    parts.append(text[last:])
    out = Text("".join(parts), style=base)
    for start, end, style in styles:
        new_start = start + before[bisect_right(positions, start)]
        new_end = end + before[bisect_left(positions, end)]
        if new_end > new_start:
            out.stylize(style, new_start, new_end)
    for k, (pos, marker, style) in enumerate(inserts):
        out.stylize(style, pos + before[k], pos + before[k] + len(marker))
    return out


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


def _caption_text(block: Block, ra: ReadableArticle, index: int) -> Text:
    caption, credit = split_credit(block.text)
    out = _compose(ra, index, block, caption, "reader.caption", []) if caption else Text()
    if credit:
        out.append(" Photo: " if caption else "Photo: ", style="reader.meta.label")
        out.append(clean_line(credit), style="reader.credit")
    return out


def _table(block: Block) -> Table:
    # Header styles go on the cell Text, not `header_style`: Rich resolves Text spans
    # leniently, so a console without THEME still renders.
    table = Table(
        box=box.SIMPLE_HEAD if block.header else box.SIMPLE,
        show_header=block.header,
        pad_edge=False,
    )
    rows = [[Text(clean_line(cell)) for cell in row] for row in block.rows]
    for cell in rows[0]:
        if block.header:
            cell.stylize("reader.table.header")
        table.add_column(cell if block.header else Text(), overflow="fold")
    for row in rows[1:] if block.header else rows:
        table.add_row(*row)
    return table


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
        return _table(block)
    if kind == "caption":
        return _caption_text(block, ra, index)
    if kind == "image":
        return Text(clean_line(block.text), style="reader.image")
    if kind == "heading":
        style = "reader.heading.top" if block.level <= 2 else "reader.heading"
        return _compose(ra, index, block, block.text, style, [])
    if kind == "pre":
        code = Text(_clean_pre(block.text), style="reader.pre", overflow="fold")
        return _Prefixed(code, "  ", "  ", "reader.pre")
    base = "reader.blockquote" if kind == "quote" else "none"
    text = _compose(ra, index, block, block.text, base, quotes)
    if kind == "quote":
        bar = "▌ " * max(1, block.level)
        return _Prefixed(text, bar, bar, "reader.blockquote.bar")
    if kind == "list_item":
        indent = "  " * block.level
        marker = clean_line(block.marker, limit=8)
        first = f"{indent}{marker} " if marker else f"{indent}  "
        return _Prefixed(
            text, first, indent + " " * (len(first) - len(indent)), "reader.list.marker"
        )
    return text


def _links_text(ra: ReadableArticle) -> Text:
    out = Text("Links", style="reader.heading")
    for link in ra.document.links:
        out.append("\n")
        out.append(f"[{link.number}] ", style="reader.link.number")
        out.append(clean_url(link.url) or "", style="reader.link.url")
        text = clean_line(link.text, limit=80)
        if text and text != link.url:
            out.append(f"  {text}", style="reader.meta.label")
        if not link.openable:
            out.append("  (not openable)", style="reader.link.warning")
        if link.real_host:
            out.append(
                f"  (text shows another site: goes to {link.real_host})",
                style="reader.link.warning",
            )
    return out


def render_body(
    ra: ReadableArticle, width: int, measure: int = 80, links: bool = True
) -> RenderableType:
    """The article body at a comfortable measure, quotes styled, link list at the end."""
    width = max(20, min(width, measure))
    by_block = _quote_pieces(ra)
    items: list[RenderableType] = []
    prev: Block | None = None
    for index, block in enumerate(ra.document.blocks):
        tight = prev is not None and (prev.kind, block.kind) in _TIGHT
        if prev is not None and not tight:
            items.append(Text())
        items.append(_block_renderable(ra, index, block, by_block.get(index, []), width))
        prev = block
    if links and ra.document.links:
        items += [Text(), _links_text(ra)]
    return Constrain(Group(*items), width=width)


def _piece(*parts: tuple[str, str]) -> Text:
    """One header item from (text, style) parts, every text cleaned to one line."""
    return Text.assemble(
        *((clean_line(text) if text != " " else " ", style) for text, style in parts)
    )


def _meta_lines(ra: ReadableArticle, now: float | None) -> list[list[Text]]:
    """Header lines; the items of a line are joined with a middle dot."""
    meta = ra.metadata
    first: list[Text] = []
    if meta.source:
        first.append(_piece((meta.source, "reader.source")))
    if meta.authors:
        first.append(_piece(("By " + ", ".join(meta.authors), "reader.meta")))
    for label, stamp in (("", meta.published), ("updated ", meta.updated)):
        if stamp is not None:
            first.append(
                _piece(
                    (label + local_time(stamp), "reader.meta"),
                    (" ", "reader.meta"),
                    (f"({relative_time(stamp, now)})", "reader.relative"),
                )
            )
    second: list[Text] = []
    if meta.dateline:
        second.append(_piece((meta.dateline, "reader.dateline")))
    if meta.words:
        second.append(_piece((f"{meta.words} words, {meta.reading_time} read", "reader.meta")))
    if meta.quotes:
        who = f": {', '.join(meta.speakers)}" if meta.speakers else ""
        count = f"{meta.quotes} quote{'s' if meta.quotes != 1 else ''}"
        second.append(_piece((count + who, "reader.meta")))
    lines = [first, second]
    if meta.categories:
        lines.append([_piece(("Tags: " + ", ".join(meta.categories), "reader.tag"))])
    if meta.acronyms:
        pairs = "; ".join(f"{k} = {v}" for k, v in meta.acronyms.items())
        lines.append([_piece(("Acronyms: " + pairs, "reader.meta"))])
    for enc in meta.enclosures:
        kind = clean_line(enc.type, limit=60) or "file"
        size = f", {human_size(enc.length)}" if enc.length else ""
        lines.append(
            [_piece((f"Attachment: {kind}{size} {clean_url(enc.url) or ''}", "reader.meta"))]
        )
    if meta.link:
        lines.append([_piece((meta.link, "reader.meta.label"))])
    return [line for line in lines if line]


def render_header(ra: ReadableArticle, now: float | None = None) -> Text:
    """A compact header: title, then source/author/date, dateline/length/quotes, tags …"""
    out = Text()
    out.append(clean_line(ra.metadata.title or "(untitled)"), style="reader.title")
    for line in _meta_lines(ra, now):
        out.append("\n")
        for i, piece in enumerate(line):
            if i:
                out.append(_SEP, style="reader.meta.label")
            out.append_text(piece)
    return out


def render_article(
    ra: ReadableArticle, width: int, measure: int = 80, now: float | None = None
) -> Group:
    """Header, body and link list, ready for Console.print."""
    header = Constrain(render_header(ra, now), width=max(20, min(width, measure)))
    return Group(header, Text(), render_body(ra, width, measure))


# -- plain text and JSON -----------------------------------------------------------------------
def _plain_block(
    ra: ReadableArticle, index: int, block: Block, quotes: list[tuple[QuotePiece, Quote]]
) -> tuple[str, str, str]:
    """(text, first-line prefix, continuation prefix) of one block, unwrapped."""
    kind = block.kind
    if kind == "rule":
        return "* * *", "", ""
    if kind == "table":
        return "\n".join(" | ".join(clean_line(c) for c in row) for row in block.rows), "", ""
    if kind == "caption":
        return _caption_text(block, ra, index).plain, "", ""
    if kind in ("image", "pre"):
        return _clean_pre(block.text), "    " if kind == "pre" else "", "    "
    text = _compose(ra, index, block, block.text, "none", quotes).plain
    if kind == "quote":
        return text, "> " * max(1, block.level), "> " * max(1, block.level)
    if kind == "list_item":
        indent = "  " * block.level
        first = f"{indent}{clean_line(block.marker, limit=8)} " if block.marker else indent + "  "
        return text, first, indent + " " * (len(first) - len(indent))
    return text, "", ""


def _wrap(text: str, first: str, rest: str, width: int, keep_lines: bool = False) -> str:
    if keep_lines:
        return "\n".join(
            first + line if i == 0 else rest + line for i, line in enumerate(text.split("\n"))
        )
    out = []
    for i, line in enumerate(text.split("\n")):
        out.append(
            textwrap.fill(
                line,
                width,
                initial_indent=first if i == 0 else rest,
                subsequent_indent=rest,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or first.rstrip()
        )
    return "\n".join(out)


def render_plain(
    ra: ReadableArticle, width: int, measure: int = 80, now: float | None = None
) -> str:
    """Readable text for pipes: header, wrapped body with “quotes”, numbered link list."""
    width = max(20, min(width, measure))
    chunks = [_wrap(line, "", "", width) for line in render_header(ra, now).plain.split("\n")]
    chunks = ["\n".join(chunks)]
    by_block = _quote_pieces(ra)
    prev: Block | None = None
    for index, block in enumerate(ra.document.blocks):
        text, first, rest = _plain_block(ra, index, block, by_block.get(index, []))
        body = _wrap(text, first, rest, width, keep_lines=block.kind in ("pre", "table"))
        if prev is not None and prev.kind == block.kind == "list_item":
            chunks[-1] += "\n" + body
        else:
            chunks.append(body)
        prev = block
    if ra.document.links:
        lines = _links_text(ra).plain.split("\n")
        chunks.append("\n".join(_wrap(line, "", "    ", width) for line in lines))
    return clean_text("\n\n".join(chunks)) + "\n"


def article_to_json(ra: ReadableArticle, now: float | None = None) -> dict[str, Any]:
    """Article fields, metadata, quotes [{text, speaker}] and links, as JSON-ready data."""
    a = ra.article
    by_block = _quote_pieces(ra)
    body = [
        _plain_block(ra, i, b, by_block.get(i, []))[0] for i, b in enumerate(ra.document.blocks)
    ]
    out: dict[str, Any] = {
        "id": a.id,
        "feed_id": a.feed_id,
        "feed": clean_line(a.feed_title) or None,
        "title": clean_line(a.title),
        "link": clean_url(a.link),
        "authors": [clean_line(x) for x in a.authors if clean_line(x)],
        "published": local_iso(a.published) if a.published is not None else None,
        "updated": local_iso(a.updated) if a.updated is not None else None,
        "categories": [clean_line(c) for c in a.categories if clean_line(c)],
        "enclosures": [enclosure_json(e) for e in a.enclosures],
        "content_type": a.content_type,
        "read": a.read,
        "starred": a.starred,
        "metadata": ra.metadata.to_json(now),
        "quotes": [
            {"text": clean_text(q.text), "speaker": clean_line(q.speaker) or None, "kind": q.kind}
            for q in ra.quotes
        ],
        "links": [
            {"number": k.number, "url": clean_url(k.url) or "", "text": clean_line(k.text)}
            | {"openable": k.openable}
            | ({"real_host": k.real_host} if k.real_host else {})
            for k in ra.document.links
        ],
        "text": clean_text("\n\n".join(t for t in body if t)),
    }
    return {k: v for k, v in out.items() if v is not None and v != []}
