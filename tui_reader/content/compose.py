"""Block text -> Rich Text: named styles by position, curly quote marks and link numbers.

Shared by the Rich renderer (render.py) and the plain-text one (plain.py).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from rich.text import Text

from tui_reader.content import media
from tui_reader.content.blocks import Block, Link
from tui_reader.content.credits import caption_parts, dedupe_credit
from tui_reader.content.links import marker_at, merge_adjacent
from tui_reader.content.quotes import Quote, QuotePiece
from tui_reader.content.reading import ReadableArticle
from tui_reader.engine.sanitize import single_line

SPAN_STYLE = {s: f"reader.{s}" for s in ("em", "strong", "code", "strike", "underline")}
SPAN_STYLE["image"] = "reader.image"
QUOTE_STYLE = {"speech": "reader.quote", "phrase": "reader.phrase"}


def link_marker(link: Link | None, number: int) -> tuple[str, str]:
    """ "[3]" after link text; "[3 → evil.example]" when the text names another site."""
    if link is not None and link.real_host:
        return f"[{number} → {link.real_host}]", "reader.link.warning"
    return f"[{number}]", "reader.link.number"


def placeholder_number(link: Link | None, number: int) -> tuple[str, str]:
    """ " 3" to make "[image 3: alt]" of "[image: alt]", with the real host if need be."""
    if link is not None and link.real_host:
        return f" {number} → {link.real_host}", "reader.link.warning"
    return f" {number}", "reader.link.number"


def quote_pieces(ra: ReadableArticle) -> dict[int, list[tuple[QuotePiece, Quote]]]:
    by_block: dict[int, list[tuple[QuotePiece, Quote]]] = {}
    for quote in ra.quotes:
        for piece in quote.pieces:
            by_block.setdefault(piece.block, []).append((piece, quote))
    return by_block


_Styles = list[tuple[int, int, str]]  # (start, end, style name) over the block text
_Inserts = list[tuple[int, str, str]]  # (position, text, style name)


def compose(
    ra: ReadableArticle,
    index: int,
    block: Block,
    text: str,
    base: str,
    quotes: list[tuple[QuotePiece, Quote]],
) -> Text:
    """Block text with its styles, curly marks on straight-quoted speech and link numbers:
    "[n]" after link text, "[image n: …]" in a placeholder."""
    styles, inserts = _span_styles(ra, block, text)
    if quotes:
        chars = list(text)
        code = [(s.start, s.end) for s in block.spans if s.style == "code"]
        styles += _quote_styles(index, quotes, chars, code)
        text = "".join(chars)
    dateline = ra.metadata.dateline_at
    if dateline is not None and dateline[0] == index:
        styles.append((0, min(dateline[1], len(text)), "reader.dateline"))
    return _assemble(text, base, styles, inserts)


def _span_styles(ra: ReadableArticle, block: Block, text: str) -> tuple[_Styles, _Inserts]:
    styles: _Styles = []
    inserts: _Inserts = []
    for span in merge_adjacent(block.spans):
        if span.end > len(text):
            continue
        link = ra.document.link(span.link) if span.link else None
        if span.style == "link" and span.link:
            styles.append((span.start, span.end, "reader.link"))
            inserts.append((marker_at(text, span.end), *link_marker(link, span.link)))
        elif span.style in SPAN_STYLE:
            styles.append((span.start, span.end, SPAN_STYLE[span.style]))
            if span.style == "image" and span.link:
                at = media.number_at(text, span.start)
                inserts.append((at, *placeholder_number(link, span.link)))
    return styles, inserts


def _quote_styles(
    index: int,
    quotes: list[tuple[QuotePiece, Quote]],
    chars: list[str],
    code: list[tuple[int, int]],
) -> _Styles:
    """Quote styles; straight marks around speech become curly ones in `chars`, except
    in code, which is never typographically "improved" (`mode: "cors"` stays as typed)."""
    styles: _Styles = []
    for piece, quote in quotes:
        styles.append((piece.start, piece.end, QUOTE_STYLE[quote.kind]))
        first, last = piece.start, piece.end - 1
        if chars[first] == '"' and not any(s <= first < e for s, e in code):
            chars[first] = "“"
        if last > first and chars[last] == '"' and not any(s <= last < e for s, e in code):
            chars[last] = "”"
        at = quote.speaker_at
        if at is not None and at.block == index and quote.pieces[-1] is piece:
            styles.append((at.start, at.end, "reader.speaker"))
    return styles


def _assemble(text: str, base: str, styles: _Styles, inserts: _Inserts) -> Text:
    """The text with the inserts put in and the styles mapped past them."""
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


def caption_text(block: Block, ra: ReadableArticle, index: int) -> Text:
    """The caption as written, its photo credit styled apart (label and all)."""
    caption, label, credit = caption_parts(block.text)
    once = dedupe_credit(credit)
    if once != credit:  # a name the CMS repeated is said once, under the reader's label
        label, credit = "Photo: ", once
    out = compose(ra, index, block, caption, "reader.caption", []) if caption else Text()
    if credit:
        out.append((" " if caption else "") + label, style="reader.meta.label")
        out.append(credit, style="reader.credit")
    return out


def links_text(ra: ReadableArticle) -> Text:
    out = Text("Links", style="reader.heading")
    for link in ra.document.links:
        out.append("\n")
        out.append(f"[{link.number}] ", style="reader.link.number")
        out.append(link.url, style="reader.link.url")
        text = single_line(link.text, limit=80)
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
