"""HTML or plain text -> Document: blocks with inline spans, and numbered links.

Built on the stdlib HTMLParser, which never recurses; our own state is a few counters and
short capped stacks, so 100k nested divs or an unclosed tag soup cost linear time.

The body is stored clean, but the parser decodes entities ("&#27;" is an ESC by now), so
every run of text is cleaned here (html_inline.scrub), where it is decoded: the boundary of
engine/sanitize.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tui_reader.content import media
from tui_reader.content.blocks import Block, Document, Span
from tui_reader.content.html_inline import MathText, raised, scrub
from tui_reader.content.html_tables import TableReader
from tui_reader.content.links import LinkTable, Pending
from tui_reader.content.plaintext import BLANK_LINE, MAX_INPUT, text_to_document

MAX_DEPTH = 32  # open inline elements / lists we track; deeper ones just flow as text


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Whose content never shows. Iframes, video and audio leave a numbered placeholder instead.
_SKIP = _words(
    "script style iframe object form noscript template svg math select textarea button "
    "head title canvas map noembed noframes frameset applet video audio"
)
_MEDIA = frozenset({"video", "audio"})
_BOUNDARY = _words(
    "p div section article main header footer aside nav address dl dt dd details summary "
    "center hgroup body html figure fieldset legend"
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = frozenset({"ul", "ol", "menu"})
_TABLE = frozenset({"table", "tr", "td", "th", "caption"})
# Tags that end the running block (and may start a new kind of one).
_BLOCK = _BOUNDARY | frozenset(_HEADINGS) | _LISTS | _words("li hr blockquote pre figcaption")
_INLINE = {
    "em": "em", "i": "em", "cite": "em", "var": "em", "dfn": "em",
    "strong": "strong", "b": "strong", "mark": "strong",
    "code": "code", "kbd": "code", "samp": "code", "tt": "code",
    "s": "strike", "del": "strike", "strike": "strike", "u": "underline", "ins": "underline",
}  # fmt: skip
_CODE = frozenset({"code", "kbd", "samp", "tt"})
_BULLETS = ("•", "◦", "▪")
_TO_SPACE = str.maketrans("\n\r\t\f\v", "     ")


class _Builder(HTMLParser):
    def __init__(self, base_url: str | None, blank_lines_split: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.links = LinkTable(base_url)
        self.blocks: list[Block] = []
        self._split = blank_lines_split  # no block tags at all: blank lines are paragraphs
        self._parts: list[str] = []
        self._len = 0
        self._spans: list[Span] = []
        self._inline: list[tuple[str, str, int]] = []  # (tag, style, start)
        self._link: tuple[str, int] | None = None  # (url, start)
        self._pending: list[Pending] = []  # closed links and media placeholders
        self._kind: str | None = None
        self._level = 0
        self._nl = False  # last thing written was a <br>
        self._skip: str | None = None
        self._skip_depth = 0
        self._media: media.OpenMedia | None = None
        self._quote = self._pre = 0
        self._lists: list[list[int]] = []  # [ordered, next number, an item is open]
        self._li: tuple[int, str] | None = None  # (level, marker) awaiting its first text
        self._tables = TableReader()
        self._raised: list[tuple[str, int, int]] = []  # open <sup>/<sub>: (tag, start, block)
        self._math: MathText | None = None
        self._code = 0  # open inline code elements (outside <pre>)
        self._code_lines = False  # the open inline code holds line breaks: a code block

    # -- text buffer --------------------------------------------------------------------
    def _write(self, s: str) -> None:
        if not s:
            return
        if not self._pre:
            if not self._parts or self._parts[-1][-1] in " \n":
                s = s.lstrip(" ")
                if not s:
                    return
            if not s.isspace():
                self._nl = False
        self._parts.append(s)
        self._len += len(s)

    def _take(self) -> tuple[str, list[Span]]:
        """The buffered text and its spans; resets the buffer, numbering finished links."""
        text = "".join(self._parts)
        if not text.strip():
            self._reset_buffer()
            return "", []
        for tag_style_start in self._inline:
            self._spans.append(Span(tag_style_start[2], self._len, tag_style_start[1]))
        self._inline.clear()
        if self._link is not None:
            self._pending.append(Pending(self._link[0], self._link[1], self._len))
            self._link = None
        spans = self._spans
        spans += self.links.number_pending(text, self._pending)
        self._reset_buffer()
        return text, spans

    def _reset_buffer(self) -> None:
        self._parts, self._len, self._spans, self._pending = [], 0, [], []
        # Elements opened before any text (<a><h2>…) carry on into the next block.
        self._inline = [(tag, style, 0) for tag, style, _ in self._inline]
        if self._link is not None:
            self._link = (self._link[0], 0)
        self._nl = False

    def _flush(self) -> None:
        kind, level = self._kind or ("quote" if self._quote else "paragraph"), self._level
        if self._pre:
            kind = "pre"
        self._kind, self._level = None, 0
        text, spans = self._take()
        if not text:
            return
        marker = ""
        if kind in ("paragraph", "quote") and (self._li or (self._lists and self._lists[-1][2])):
            level, marker = self._li or (max(0, min(len(self._lists), 6) - 1), "")
            kind, self._li = "list_item", None
        elif kind == "quote":
            level = min(self._quote, 4)
        self.blocks.append(Block(kind, text, level, spans, marker))

    # -- parser callbacks -----------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self._skip:
            if self._math is not None:
                self._math.data(scrub(data))
            return
        data = scrub(data)
        if self._pre:
            self._write(data)
            return
        if self._code and ("\n" in data.strip() or self._code_lines):
            self._code_lines = True  # kept as written, indentation and all
            self._parts.append(data)
            self._len += len(data)
            return
        pieces = BLANK_LINE.split(data) if self._split else [data]
        for i, piece in enumerate(pieces):
            if i:
                self._flush()
            self._write(piece.translate(_TO_SPACE))

    def _skipped_start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A start tag inside an element whose content does not show."""
        if tag == self._skip:
            self._skip_depth += 1
        elif self._skip == "head" and tag == "body":
            self._skip = None
        elif tag == "source" and self._media is not None and self._media.url is None:
            self._media.url = self.links.resolve(dict(attrs).get("src"))
        elif self._math is not None:
            self._math.start(tag, dict(attrs))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip:
            self._skipped_start(tag, attrs)
            return
        if tag in _SKIP:
            self._skip, self._skip_depth = tag, 1
            if tag == "math":
                self._math = MathText()
            elif tag == "iframe":
                self._embed(dict(attrs))
            elif tag in _MEDIA:
                found = dict(attrs)
                self._media = media.OpenMedia(tag, found, self.links.resolve(found.get("src")))
            return
        if tag in _INLINE:
            if len(self._inline) < MAX_DEPTH:  # deeper ones just flow as text
                self._inline.append((tag, _INLINE[tag], self._len))
                self._code += tag in _CODE and not self._pre
        elif tag in ("sup", "sub"):
            if len(self._raised) < MAX_DEPTH:
                self._raised.append((tag, self._len, len(self.blocks)))
        elif tag == "a":
            self._open_link(dict(attrs).get("href"))
        elif tag == "br":
            self._line_break()
        elif tag == "img":
            self._image(dict(attrs))
        elif tag in _TABLE:
            self._flush()
            self._tables.start(tag, self.blocks)
        elif tag in _BLOCK:
            self._flush()
            if tag in _HEADINGS:
                self._kind, self._level = "heading", _HEADINGS[tag]
            elif tag == "figcaption":
                self._kind = "caption"
            elif tag == "hr":
                self.blocks.append(Block("rule"))
            elif tag in ("blockquote", "pre"):
                self._quote += tag == "blockquote"
                self._pre += tag == "pre"
            elif tag in _LISTS:
                self._open_list(tag == "ol", dict(attrs).get("start"))
            elif tag == "li":
                self._open_item()

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag == self._skip:
                self._skip_depth -= 1
                if not self._skip_depth:
                    self._skip = None
                    self._end_media()
                    self._end_math()
            elif self._math is not None:
                self._math.end(tag)
        elif tag in ("sup", "sub"):
            self._close_raised(tag)
        elif tag in _INLINE:
            self._close_inline(tag)
        elif tag == "a":
            self._close_link()
        elif tag in _TABLE:
            self._flush()
            self._tables.end(tag, self.blocks)
        elif tag in _BLOCK:
            self._flush()
            if tag in ("blockquote", "pre"):
                self._quote = max(0, self._quote - (tag == "blockquote"))
                self._pre = max(0, self._pre - (tag == "pre"))
            elif tag in _LISTS and self._lists:
                self._lists.pop()
            elif tag == "li":
                self._li = None
                if self._lists:
                    self._lists[-1][2] = 0

    # -- inline -----------------------------------------------------------------------------
    def _close_inline(self, tag: str) -> None:
        for i in range(len(self._inline) - 1, -1, -1):
            if self._inline[i][0] == tag:
                if tag in _CODE and self._code:
                    self._code -= 1
                    if self._code_lines and not self._code:
                        self._code_block(self._inline[i][2])
                        del self._inline[i:]
                        return
                for _, style, start in self._inline[i:]:
                    if self._len > start:
                        self._spans.append(Span(start, self._len, style))
                del self._inline[i:]
                return

    def _code_block(self, start: int) -> None:
        """Inline code that holds line breaks (commands, a listing) is a code block: the
        text before it ends as a paragraph, the code is kept as written."""
        self._code_lines = False
        text = "".join(self._parts)
        code = text[start:].strip("\n")
        self._parts, self._len = [text[:start]], start
        self._spans = [s for s in self._spans if s.end <= start]
        self._pending = [p for p in self._pending if p.end <= start]
        self._flush()
        if code.strip():
            self.blocks.append(Block("pre", code))

    def _close_raised(self, tag: str) -> None:
        """</sup> or </sub>: digits and signs become ⁵ / ₂ (html_inline.py says why)."""
        for i in range(len(self._raised) - 1, -1, -1):
            if self._raised[i][0] == tag:
                _, start, block = self._raised[i]
                del self._raised[i:]
                if block == len(self.blocks) and self._len > start:
                    text = "".join(self._parts)
                    before = text[start - 1 : start]
                    self._parts = [text[:start] + raised(text[start:], tag, before)]
                return

    def _end_math(self) -> None:
        """At </math>: its text form, inline and styled as code."""
        if self._math is not None:
            text, self._math = self._math.text(), None
            if text:
                start = self._write_inline(text)
                self._spans.append(Span(start, start + len(text), "code"))

    def _write_inline(self, text: str) -> int:
        """Write `text` set off by spaces; where it starts."""
        start = self._len + (0 if not self._parts or self._parts[-1][-1] in " \n" else 1)
        self._write(" " + text + " ")
        return start

    def _open_link(self, href: str | None) -> None:
        self._close_link()  # links do not nest
        url = self.links.resolve(href)
        if url:
            self._link = (url, self._len)

    def _close_link(self) -> None:
        if self._link is not None:
            url, start = self._link
            self._link = None
            if self._len > start:
                self._pending.append(Pending(url, start, self._len))

    def _line_break(self) -> None:
        if self._pre:
            self._write("\n")
        elif self._nl:  # <br><br> is how many feeds separate paragraphs
            self._flush()
        elif self._parts:
            while self._parts and self._parts[-1].endswith(" "):
                self._parts[-1] = self._parts[-1][:-1]
                self._len -= 1
                if not self._parts[-1]:
                    self._parts.pop()
            self._write("\n")
            self._nl = True

    # -- images, embeds, video and audio --------------------------------------------------
    def _image(self, attrs: dict[str, str | None]) -> None:
        if media.is_invisible(attrs):
            return  # a tracking pixel or a hidden image
        url = self.links.resolve(media.image_source(attrs))
        self._placeholder("image", media.given_label("image", attrs), url)

    def _embed(self, attrs: dict[str, str | None]) -> None:
        url = self.links.resolve(attrs.get("src"))
        if url:  # an iframe with nothing to open is an empty ad slot
            self._placeholder("embed", media.given_label("embed", attrs), url)

    def _end_media(self) -> None:
        """At </video> or </audio> (or the end of the document): its placeholder."""
        if self._media is not None:
            found, self._media = self._media, None
            kind = media.KIND[found.tag]
            self._placeholder(kind, media.given_label(kind, found.attrs), found.url)

    def _placeholder(self, kind: str, given: str, url: str | None) -> None:
        """A "[image: alt]" inline, or an "image" block of its own where no text precedes it.

        `given` is the author's label; without one the placeholder names the file (or an
        embed's host), but the link list says only "image": a file name such as "pic.webp"
        must not read as a site the link hides."""
        # In a table an image without alt is an icon (a tick in a feature grid): "[image 2]",
        # its number telling one icon from another, not a file name in every cell.
        icon = kind == "image" and self._tables.table is not None
        text = media.placeholder(kind, given or ("" if icon else media.url_label(kind, url)))
        entry = given or kind  # the link list's text for it
        if not "".join(self._parts).strip():
            block_kind, level = self._kind, self._level
            self._flush()
            link, inline = self._link, list(self._inline)
            self._write(text)
            self._pending.append(Pending(url, 0, len(text), entry))
            text, spans = self._take()  # an open <a> around it gives it its URL
            self.blocks.append(Block("image", text, 0, [s for s in spans if s.style == "image"]))
            # What was open goes on: <h2><img>Title</h2> stays a heading, <a><img> caption</a>
            # a link, <em><img> words</em> emphasised.
            self._kind, self._level = block_kind, level
            self._link = (link[0], 0) if link is not None else None
            self._inline = [(tag, style, 0) for tag, style, _ in inline]
            return
        start = self._write_inline(text)
        self._pending.append(Pending(url, start, start + len(text), entry))

    def finish(self) -> Document:
        """What is still open at the end of the document ends here."""
        self._skip = None
        self._end_media()
        self._end_math()
        self._close_link()
        self._flush()
        self._tables.finish(self.blocks)
        return Document(self.blocks, self.links.links)

    # -- lists ------------------------------------------------------------------------------
    def _open_list(self, ordered: bool, start: str | None) -> None:
        self._flush()
        if len(self._lists) >= MAX_DEPTH:
            return
        first = int(start) if start and start.strip().lstrip("-").isdigit() else 1
        self._lists.append([int(ordered), first, 0])

    def _open_item(self) -> None:
        self._flush()
        depth = len(self._lists)
        if self._lists and self._lists[-1][0]:
            marker = f"{self._lists[-1][1]}."
            self._lists[-1][1] += 1
        else:
            marker = _BULLETS[max(0, depth - 1) % len(_BULLETS)]
        self._li = (max(0, min(depth, 6) - 1), marker)
        if self._lists:
            self._lists[-1][2] = 1


_HAS_BLOCKS = re.compile(
    r"<(?:p|div|br|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|section|article)\b", re.I
)


def html_to_document(html: str, base_url: str | None = None) -> Document:
    """Parse an article's HTML into blocks; relative links resolve against `base_url`."""
    if len(html) > MAX_INPUT:
        html = html[:MAX_INPUT]
        if html.rfind("<") > html.rfind(">"):
            html = html[: html.rfind("<")]  # a cut tag would show as text
    builder = _Builder(base_url, blank_lines_split=not _HAS_BLOCKS.search(html))
    builder.feed(html)
    builder.close()
    return builder.finish()


__all__ = ["html_to_document", "text_to_document"]  # text_to_document: from plaintext.py
