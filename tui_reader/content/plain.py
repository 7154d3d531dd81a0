"""ReadableArticle -> plain text for pipes, and JSON."""

from __future__ import annotations

from typing import Any

from tui_reader.content.blocks import Block
from tui_reader.content.compose import caption_text, compose, links_text, quote_pieces
from tui_reader.content.header import render_header
from tui_reader.content.metadata import enclosure_json, local_iso
from tui_reader.content.plain_wrap import fill
from tui_reader.content.quotes import Quote, QuotePiece
from tui_reader.content.reading import ReadableArticle
from tui_reader.content.render_table import table_plain
from tui_reader.engine.sanitize import single_line


def _plain_block(
    ra: ReadableArticle, index: int, block: Block, quotes: list[tuple[QuotePiece, Quote]]
) -> tuple[str, str, str]:
    """(text, first-line prefix, continuation prefix) of one block, unwrapped."""
    kind = block.kind
    if kind == "rule":
        return "* * *", "", ""
    if kind == "table":
        return "\n".join(" | ".join(row) for row in block.rows), "", ""
    if kind == "caption":
        return caption_text(block, ra, index).plain, "", ""
    if kind == "pre":
        return block.text, "    ", "    "
    if kind == "image":
        return compose(ra, index, block, block.text, "none", []).plain, "", "    "
    text = compose(ra, index, block, block.text, "none", quotes).plain
    if kind == "heading":  # Markdown's marks: a pipe keeps the outline
        marks = "#" * max(1, min(block.level, 6)) + " "
        return text, marks, " " * len(marks)
    if kind == "quote":
        return text, "> " * max(1, block.level), "> " * max(1, block.level)
    if kind == "list_item":
        indent = "  " * block.level
        first = f"{indent}{block.marker} " if block.marker else indent + "  "
        return text, first, indent + " " * (len(first) - len(indent))
    return text, "", ""


def _wrap(text: str, first: str, rest: str, width: int, keep_lines: bool = False) -> str:
    if keep_lines:
        return "\n".join(
            first + line if i == 0 else rest + line for i, line in enumerate(text.split("\n"))
        )
    out = []
    for i, line in enumerate(text.split("\n")):
        out.append(fill(line, width, first if i == 0 else rest, rest) or first.rstrip())
    return "\n".join(out)


def render_plain(
    ra: ReadableArticle, width: int, measure: int = 80, now: float | None = None
) -> str:
    """Readable text for pipes: header, wrapped body with “quotes”, numbered link list."""
    width = max(20, min(width, measure))
    chunks = [_wrap(line, "", "", width) for line in render_header(ra, now).plain.split("\n")]
    chunks = ["\n".join(chunks)]
    by_block = quote_pieces(ra)
    prev: Block | None = None
    for index, block in enumerate(ra.document.blocks):
        if block.kind == "table":
            body = table_plain(block, width)
        else:
            text, first, rest = _plain_block(ra, index, block, by_block.get(index, []))
            body = _wrap(text, first, rest, width, keep_lines=block.kind == "pre")
        if prev is not None and prev.kind == block.kind == "list_item":
            chunks[-1] += "\n" + body
        else:
            chunks.append(body)
        prev = block
    if ra.document.links:
        lines = links_text(ra).plain.split("\n")
        chunks.append("\n".join(_wrap(line, "", "    ", width) for line in lines))
    return "\n\n".join(chunks).strip() + "\n"


def article_to_json(ra: ReadableArticle, now: float | None = None) -> dict[str, Any]:
    """Article fields, metadata, quotes [{text, speaker}] and links, as JSON-ready data."""
    a = ra.article
    by_block = quote_pieces(ra)
    body = [
        _plain_block(ra, i, b, by_block.get(i, []))[0] for i, b in enumerate(ra.document.blocks)
    ]
    out: dict[str, Any] = {
        "id": a.id,
        "feed_id": a.feed_id,
        "feed": a.feed_title or None,
        "title": a.title,
        "link": a.link,
        "authors": [x for x in a.authors if x],
        "published": local_iso(a.published) if a.published is not None else None,
        "updated": local_iso(a.updated) if a.updated is not None else None,
        "categories": [c for c in a.categories if c],
        "enclosures": [enclosure_json(e) for e in a.enclosures],
        "content_type": a.content_type,
        "read": a.read,
        "starred": a.starred,
        "metadata": ra.metadata.to_json(now),
        "quotes": [
            {"text": q.text, "speaker": single_line(q.speaker or "") or None, "kind": q.kind}
            for q in ra.quotes
        ],
        "links": [
            {"number": k.number, "url": k.url, "text": k.text}
            | {"openable": k.openable}
            | ({"real_host": k.real_host} if k.real_host else {})
            for k in ra.document.links
        ],
        "text": "\n\n".join(t for t in body if t).strip(),
    }
    return {k: v for k, v in out.items() if v is not None and v != []}
