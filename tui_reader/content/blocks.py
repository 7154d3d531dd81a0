"""The readable document: plain data that html.py builds and render.py draws.

Text holds only article words. Link numbers ("[3]") and other decorations are added by the
renderers, so positions in `Block.text` (spans, quotes, datelines) stay plain string offsets
and the words can be counted and searched as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of block that hold running prose (quotes, word count and acronyms look only here).
PROSE_KINDS = frozenset({"paragraph", "quote", "list_item"})

# Block kinds: "heading" (level 1-6), "paragraph", "quote" (a blockquote paragraph; level is
# the nesting depth), "list_item" (level = nesting depth, marker = "•" / "3." / "" for a
# continuation paragraph), "pre", "table" (rows), "caption", "image" (text is the
# "[image: alt]" placeholder), "rule".
BLOCK_KINDS = frozenset(
    {"heading", "paragraph", "quote", "list_item", "pre", "table", "caption", "image", "rule"}
)

# Inline span styles: "em", "strong", "code", "strike", "underline", "image" and "link"
# (a "link" span carries the Link.number; a table keeps its link references as empty spans).
SPAN_STYLES = frozenset({"em", "strong", "code", "strike", "underline", "image", "link"})


@dataclass(slots=True)
class Span:
    """Inline styling over `Block.text[start:end]`."""

    start: int
    end: int
    style: str
    link: int = 0  # Link.number for style "link"


@dataclass(slots=True)
class Block:
    kind: str
    text: str = ""
    level: int = 0
    spans: list[Span] = field(default_factory=list)
    marker: str = ""  # list items: the bullet or number to draw before the text
    rows: list[list[str]] = field(default_factory=list)  # tables: cell text, padded
    header: bool = False  # tables: the first row holds column headings


@dataclass(slots=True)
class Link:
    number: int
    url: str
    text: str
    openable: bool
    # The host the link really goes to, set when its visible text names a different one
    # ("paypal.com" pointing at evil.example): renderers must show it.
    real_host: str | None = None


@dataclass(slots=True)
class Document:
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def link(self, number: int) -> Link | None:
        """The link with this number (numbers run 1..n in order)."""
        if 0 < number <= len(self.links) and self.links[number - 1].number == number:
            return self.links[number - 1]
        return next((link for link in self.links if link.number == number), None)

    def prose(self) -> list[str]:
        """Block texts aligned with `blocks`, "" for blocks that are not running prose."""
        return [b.text if b.kind in PROSE_KINDS else "" for b in self.blocks]
