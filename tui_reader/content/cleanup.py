"""Clean-ups between parsing and reading: whitespace, split paragraphs, trailing boilerplate.

Every step keeps inline spans pointing at the same words, so styling survives.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from tui_reader.content.blocks import Block, Document, Span

# A run of whitespace holding a line break, or any run of other whitespace (nbsp included:
# feeds pad with "&nbsp;&nbsp;" and a wrapped line must not start with a blank).
_WS_RUN = re.compile(r"[^\S\n]*\n\s*|[^\S\n]+")
_CLOSING = frozenset('.!?:;…"”’)]»')
_FIRST_WORD = re.compile(r"[^\s]+")
_BOILERPLATE = re.compile(
    r"(?:related(?: articles?| stories| posts| content| reading| links| coverage| news)?"
    r"|read (?:more|next|also)|see also|also read|further reading|continue reading"
    r"|more (?:from|on|stories|news)\b.{0,40}|you (?:may|might) also like"
    r"|share(?: this)?(?: article| story| post| page)?(?: on .{1,30})?"
    r"|recommended(?: for you| reading| stories)?|most (?:read|popular)|trending(?: now)?"
    r"|comments?|leave a (?:comment|reply)|follow us(?: on .{1,40})?"
    r"|sign up\b.{0,60}newsletter.{0,20}|the post .{1,200} appeared first on .{1,100})"
    r"[\s.:…»>→-]*",
    re.IGNORECASE,
)
_ADVERT = re.compile(r"advertisement|sponsored(?: content)?", re.IGNORECASE)
_TRIM = " \t.:;,!?…-–—|»«\"“”'‘’"
MIN_WORDS_TO_REJOIN = 4


def collapse_whitespace(block: Block) -> None:
    """Collapse whitespace runs to one space (or one line break) and strip the ends."""
    text = block.text
    if block.kind == "pre":
        _tidy_pre(block)
        return
    if block.kind == "table":
        block.rows = [[_WS_RUN.sub(" ", cell).strip() for cell in row] for row in block.rows]
    parts: list[str] = []
    runs: list[tuple[int, int, int]] = []  # kept text: (old start, old end, new start)
    last = size = 0
    code = [(s.start, s.end) for s in block.spans if s.style == "code"]
    for m in _WS_RUN.finditer(text):
        if any(start < m.start() and m.end() < end for start, end in code):
            continue  # spaces inside code are part of it ("a  b" aligned by hand)
        if m.start() > last:
            runs.append((last, m.start(), size))
            parts.append(text[last : m.start()])
            size += m.start() - last
        if size and m.end() < len(text):  # never at either end
            parts.append("\n" if "\n" in m.group() else " ")
            size += 1
        last = m.end()
    if last < len(text):
        runs.append((last, len(text), size))
        parts.append(text[last:])
        size += len(text) - last
    new_text = "".join(parts)
    if new_text == text:
        return
    starts = [r[0] for r in runs]

    def move(pos: int, is_end: bool) -> int:
        # A position inside dropped whitespace snaps to the word after it (a start) or the
        # word before it (an end), so a span never begins or ends on a blank.
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos <= runs[i][1]:
            return runs[i][2] + pos - runs[i][0]
        if is_end:
            return runs[i][2] + runs[i][1] - runs[i][0] if i >= 0 else 0
        return runs[i + 1][2] if i + 1 < len(runs) else size

    spans = []
    for span in block.spans:
        start, end = move(span.start, False), move(span.end, True)
        if end > start or span.start == span.end:
            spans.append(Span(start, max(start, end), span.style, span.link))
    block.text, block.spans = new_text, spans


def _tidy_pre(block: Block) -> None:
    """Code keeps its lines and indentation; only blank lines at the top and trailing
    spaces go."""
    lines = [line.rstrip() for line in block.text.expandtabs(4).split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    block.text = "\n".join(lines).rstrip()
    block.spans = []


def _plain(text: str) -> str:
    return " ".join(text.split()).strip(_TRIM).casefold()


def drop_title_repeat(doc: Document, title: str) -> None:
    """Drop a first heading or paragraph that only repeats the article title."""
    want = _plain(title)
    for i, block in enumerate(doc.blocks[:3]):
        if block.kind in ("heading", "paragraph") and want and _plain(block.text) == want:
            del doc.blocks[i]
            return
        if block.kind not in ("image", "rule"):
            return


def _starts_lower(text: str) -> bool:
    m = _FIRST_WORD.match(text)
    word = m.group().rstrip(",.;:") if m else ""
    return bool(word) and word[0].isalpha() and word.islower()


def rejoin_split_paragraphs(doc: Document) -> None:
    """Join a paragraph cut mid-sentence: it ends without closing punctuation and the next
    one starts with a lower-case word ("…a much-needed support" / "to those who…")."""
    out: list[Block] = []
    for block in doc.blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == block.kind == "paragraph"
            and prev.text
            and prev.text[-1] not in _CLOSING
            and len(prev.text.split()) >= MIN_WORDS_TO_REJOIN
            and _starts_lower(block.text)
        ):
            shift = len(prev.text) + 1
            prev.text = prev.text + " " + block.text
            prev.spans.extend(
                Span(s.start + shift, s.end + shift, s.style, s.link) for s in block.spans
            )
            continue
        out.append(block)
    doc.blocks = out


def drop_boilerplate(doc: Document) -> None:
    """Drop "Advertisement" lines, and trailing "Related Articles" / "Share this" / "Read
    more" lines (and rules) that have nothing under them."""
    doc.blocks = [
        b
        for b in doc.blocks
        if not (b.kind in ("paragraph", "heading") and _ADVERT.fullmatch(b.text.strip()))
    ]
    while doc.blocks:
        last = doc.blocks[-1]
        if last.kind == "rule" or (
            last.kind in ("heading", "paragraph", "list_item")
            and _BOILERPLATE.fullmatch(last.text.strip())
        ):
            doc.blocks.pop()
        else:
            break


def drop_empty(doc: Document) -> None:
    """Drop blocks with no words, leading rules and doubled rules."""
    out: list[Block] = []
    for block in doc.blocks:
        if block.kind == "rule":
            if out and out[-1].kind != "rule":
                out.append(block)
        elif block.kind == "table":
            if any(any(cell for cell in row) for row in block.rows):
                out.append(block)
        elif block.text.strip():
            out.append(block)
    doc.blocks = out


def prune_links(doc: Document) -> None:
    """Forget links that only dropped blocks used (they are the last ones: numbers run in
    document order and only trailing blocks are dropped)."""
    used = [s.link for b in doc.blocks for s in b.spans if s.link]  # links and placeholders
    top = max(used, default=0)
    doc.links = [link for link in doc.links if link.number <= top]


def tidy(doc: Document, title: str = "") -> Document:
    """All clean-ups in order; changes `doc` in place and returns it."""
    for block in doc.blocks:
        collapse_whitespace(block)
    drop_empty(doc)
    if title:
        drop_title_repeat(doc, title)
    rejoin_split_paragraphs(doc)
    drop_boilerplate(doc)
    drop_empty(doc)
    prune_links(doc)
    return doc
