"""Plain-text bodies -> Document: paragraphs, simple lists and bare URLs as links."""

from __future__ import annotations

import re

from tui_reader.content.blocks import Block, Document
from tui_reader.content.links import LinkTable

MAX_INPUT = 2_000_000  # characters we read; beyond that an article is not a read
BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_LIST_LINE = re.compile(r"\s*(?:([-*•‣◦▪])|(\d{1,3})[.)])\s+(.*)")


def text_to_document(text: str) -> Document:
    """Plain text: blank lines separate paragraphs ("- x" / "1. x" lines become lists);
    without any blank line every line is its own paragraph. Bare URLs become links.

    The text is stored, so clean already (engine/sanitize.py): nothing here decodes it."""
    text = text[:MAX_INPUT].strip()
    chunks = BLANK_LINE.split(text)
    if len(chunks) == 1:
        chunks = text.split("\n")
    links = LinkTable(None)
    blocks: list[Block] = []
    for chunk in chunks:
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        items = [_LIST_LINE.fullmatch(line) for line in lines]
        if lines and all(items):
            for m in items:
                assert m is not None
                marker = f"{m.group(2)}." if m.group(2) else "•"
                body = m.group(3)
                blocks.append(Block("list_item", body, 0, links.linkify(body), marker))
        elif lines:
            body = " ".join(lines)
            blocks.append(Block("paragraph", body, 0, links.linkify(body)))
    return Document(blocks, links.links)
