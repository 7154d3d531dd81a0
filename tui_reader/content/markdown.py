"""ReadableArticle -> Markdown, for `show --markdown`, saving an article and piping it.

The article's words are data: every character Markdown would read as syntax is escaped,
so a title like "*free* [click](javascript:…)" stays those characters. Links are written
only when openable (http(s), mailto); any other keeps its text alone.
"""

from __future__ import annotations

import re

from tui_reader.content.blocks import Block, Document
from tui_reader.content.metadata import local_time
from tui_reader.content.reading import ReadableArticle
from tui_reader.engine.sanitize import is_openable, single_line

_INLINE = re.compile(r"([\\`*_\[\]<>|~#!])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])(?=\s|$)")
_MARKS = {"em": "*", "strong": "**", "code": "`", "strike": "~~"}


def escape(text: str) -> str:
    """Text that Markdown shows as written (one line or many)."""
    lines = [_INLINE.sub(r"\\\1", line) for line in text.split("\n")]
    return "\n".join(_LINE_START.sub(r"\1\\\2", line) for line in lines)


def _url(url: str) -> str:
    # <…> lets a URL hold parentheses; what would end or break it is percent-encoded.
    for char, code in (("<", "%3C"), (">", "%3E"), (" ", "%20"), ("\n", ""), ("\r", "")):
        url = url.replace(char, code)
    return f"<{url}>"


def _inline(block: Block, doc: Document) -> str:
    """The block's text with its spans as Markdown; crossing spans close at their end."""
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for span in block.spans:
        if span.end <= span.start:
            continue
        if span.style == "link":
            link = doc.link(span.link)
            if link is None or not is_openable(link.url):
                continue
            opens.setdefault(span.start, []).append("[")
            closes.setdefault(span.end, []).insert(0, "](" + _url(link.url) + ")")
        elif span.style in _MARKS:
            mark = _MARKS[span.style]
            opens.setdefault(span.start, []).append(mark)
            closes.setdefault(span.end, []).insert(0, mark)
    out: list[str] = []
    text = block.text
    for i in range(len(text) + 1):
        out.extend(closes.get(i, []))
        out.extend(opens.get(i, []))
        if i < len(text):
            out.append(escape(text[i]) if text[i] != "\n" else "  \n")
    result = "".join(out)
    return _LINE_START.sub(r"\1\\\2", result)


def _block(block: Block, doc: Document) -> str:
    kind = block.kind
    if kind == "rule":
        return "---"
    if kind == "pre":
        fence = "````" if "```" in block.text else "```"
        return f"{fence}\n{block.text}\n{fence}"
    if kind == "table":
        return _table(block)
    text = _inline(block, doc)
    if kind == "heading":
        # Below the title (the one "#"): an h1 in the body becomes "##".
        return "#" * min(6, max(2, block.level)) + " " + text.replace("\n", " ")
    if kind == "quote":
        prefix = "> " * max(1, block.level)
        return "\n".join(prefix + line for line in text.split("\n"))
    if kind == "list_item":
        indent = "  " * max(0, block.level - 1)
        marker = block.marker if re.fullmatch(r"\d+[.)]", block.marker) else "-"
        lead = f"{indent}{marker} " if block.marker else indent + "  "
        return lead + text.replace("\n", "\n" + " " * len(lead))
    if kind == "caption":
        return f"*{text}*"
    return text


def _table(block: Block) -> str:
    rows = [[escape(cell.strip()).replace("\n", " ") for cell in row] for row in block.rows]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    if not block.header:
        rows.insert(0, [""] * width)
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def render_markdown(ra: ReadableArticle) -> str:
    """The article as a Markdown document: title, a line of facts, the link, the body."""
    a, meta = ra.article, ra.metadata
    out = ["# " + escape(single_line(meta.title or a.title or "(untitled)"))]
    facts = [meta.source or a.feed_title]
    if meta.authors:
        facts.append("by " + ", ".join(meta.authors))
    if meta.published is not None:
        facts.append(local_time(meta.published))
    facts_line = " · ".join(escape(single_line(f)) for f in facts if f)
    if facts_line:
        out.append(facts_line)
    if a.link and is_openable(a.link):
        out.append(_url(a.link))
    previous = ""
    for block in ra.document.blocks:
        text = _block(block, ra.document)
        if not text:
            continue
        if previous == block.kind == "list_item":
            out[-1] += "\n" + text
        else:
            out.append(text)
        previous = block.kind
    return "\n\n".join(out).strip() + "\n"
