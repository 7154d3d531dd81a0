"""An extracted article tree -> simple, clean HTML for the content layer.

Only these tags leave: p, h2-h4, blockquote, ul/ol/li, pre/code, em/strong, sup/sub, br,
table parts, figure/img/figcaption, a, an iframe's address and title (the reader shows it as a
numbered placeholder; nothing of it loads) and MathML elements with their text (the reader
reads formulas out). Containers (div, section, span ...) are unwrapped, and text that sat
loose in a container becomes its own paragraph so neighbouring blocks do not run together.
Everything else that can act or load (script, style, object, form ...) goes with its
content. Code keeps its whitespace, as <pre> does. Every text run passes `clean_text` and
every URL `clean_url` here, where the page's text enters: links, images and embeds keep only
absolute http(s) URLs.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from tui_reader.engine.sanitize import clean_line, clean_text, clean_url

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["simple_html"]

_RENAME = {
    "h1": "h2", "h5": "h4", "h6": "h4", "b": "strong", "i": "em", "cite": "em",
    "kbd": "code", "samp": "code", "tt": "code", "dl": "ul", "dt": "li", "dd": "li",
    "main": "div", "article": "div", "section": "div", "header": "div", "footer": "div",
    "aside": "div", "center": "div", "details": "div", "summary": "p", "address": "p",
}  # fmt: skip
_BLOCKS = frozenset(
    "p h2 h3 h4 blockquote ul ol li pre table caption thead tbody tfoot tr td th "
    "figure figcaption".split()
)
_INLINE = frozenset({"a", "em", "strong", "code", "sup", "sub"})
_MATH_TAGS = re.compile(r"m[a-z]{1,15}|semantics|annotation")  # MathML's own element names
_GONE = frozenset(
    "script style noscript template iframe frame frameset object embed applet form button "
    "input select textarea svg canvas video audio head title meta link base nav".split()
)
_WEB_URL = re.compile(r"https?://[^/?#\s]", re.IGNORECASE)
_LAZY_SRC = ("data-src", "data-original", "data-lazy-src", "data-url")
MAX_DEPTH = 200  # libxml2 stops at 255 levels; deeper than this only text is kept


def simple_html(root: HtmlElement, base_url: str) -> str:
    """The simple HTML of `root`'s content (see the module docstring)."""
    out: list[str] = []
    _Writer(base_url, out).children(root, container=True, depth=0, pre=False)
    return "".join(out).strip()


def web_url(raw: str | None, base_url: str) -> str | None:
    """An absolute, clean http(s) URL for `raw` (resolved against the page), or None."""
    url = clean_url(raw)
    if not url or url.startswith("#"):
        return None
    try:
        url = urljoin(base_url, url)
    except ValueError:  # a malformed IPv6 host and the like
        return None
    if not _WEB_URL.match(url) or url.split("#", 1)[0] == base_url.split("#", 1)[0]:
        return None  # a link to the page itself is what a removed javascript: link became
    return url


class _Writer:
    """Appends the simple HTML of one tree to `out`; the state is only `_loose` below."""

    def __init__(self, base_url: str, out: list[str]) -> None:
        self.base = base_url
        self.out = out
        self._loose = False  # inside a <p> we opened for text loose in a container

    def children(self, el: HtmlElement, *, container: bool, depth: int, pre: bool) -> None:
        self.text(el.text, container=container, pre=pre)
        for child in el:
            self.element(child, container=container, depth=depth + 1, pre=pre)
            self.text(child.tail, container=container, pre=pre)
        if container:
            self._close_loose()

    def element(self, el: HtmlElement, *, container: bool, depth: int, pre: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""  # comments, processing instructions
        tag = _RENAME.get(tag.lower(), tag.lower())
        if tag == "iframe":
            self.embed(el, container=container)
            return
        if tag == "math" and depth <= MAX_DEPTH:
            self.inline_start(container)
            self.math(el, depth)
            return
        if not tag or tag in _GONE:
            return
        if depth > MAX_DEPTH:
            self.text(el.text_content(), container=container, pre=pre)
        elif tag == "img":
            self.image(el, container=container)
        elif tag == "br":
            self.inline_start(container)
            self.out.append("<br>")
        elif tag in _BLOCKS:
            self._close_loose()
            self.out.append(f"<{tag}>")
            self.children(el, container=False, depth=depth, pre=pre or tag == "pre")
            self.out.append(f"</{tag}>")
        elif tag in _INLINE:
            self.inline(el, tag, container=container, depth=depth, pre=pre)
        elif tag == "div":
            if container:
                self._close_loose()
            self.children(el, container=container, depth=depth, pre=pre)
            if not container:
                self.out.append(" ")  # two divs in a list item are two lines, not one word
        else:  # span, font, small, sup ...: keep the text, drop the tag
            self.children(el, container=container, depth=depth, pre=pre)

    def inline(self, el: HtmlElement, tag: str, *, container: bool, depth: int, pre: bool) -> None:
        if tag == "a":
            href = web_url(el.get("href"), self.base)
            if href is None:
                self.children(el, container=container, depth=depth, pre=pre)
                return
            attrs = f' href="{html.escape(href)}"'
        else:
            attrs = ""
        self.inline_start(container)
        self.out.append(f"<{tag}{attrs}>")
        self.children(el, container=False, depth=depth, pre=pre or tag == "code")
        self.out.append(f"</{tag}>")

    def embed(self, el: HtmlElement, *, container: bool) -> None:
        """An iframe as its address and title only: a placeholder to open, never loaded."""
        url = web_url(el.get("src") or el.get("data-src"), self.base)
        if url is not None:
            title = clean_line(el.get("title"), limit=300)
            self.inline_start(container)
            self.out.append(f'<iframe src="{html.escape(url)}" title="{html.escape(title)}">')
            self.out.append("</iframe>")

    def math(self, el: HtmlElement, depth: int) -> None:
        """A MathML element with its text: MathML names only, a TeX annotation's encoding."""
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not _MATH_TAGS.fullmatch(tag) or depth > MAX_DEPTH:
            return
        tex = tag == "annotation" and "tex" in (el.get("encoding") or "").lower()
        self.out.append(f'<{tag} encoding="application/x-tex">' if tex else f"<{tag}>")
        self.out.append(html.escape(clean_text(el.text or ""), quote=False))
        for child in el:
            self.math(child, depth + 1)
            self.out.append(html.escape(clean_text(child.tail or ""), quote=False))
        self.out.append(f"</{tag}>")

    def image(self, el: HtmlElement, *, container: bool) -> None:
        src = el.get("src") or ""
        if not src or src.startswith("data:"):
            src = next((el.get(a) for a in _LAZY_SRC if el.get(a)), "") or _first_srcset(el)
        url = web_url(src, self.base)
        if url is None:
            return
        alt = clean_line(el.get("alt"), limit=300)
        self.inline_start(container)
        self.out.append(f'<img src="{html.escape(url)}" alt="{html.escape(alt)}">')

    def text(self, raw: str | None, *, container: bool, pre: bool) -> None:
        if not raw:
            return
        if pre:
            self.out.append(html.escape(_keep_layout(raw), quote=False))
            return
        core = clean_text(raw)
        if not core:
            if not container and raw[:1].isspace():
                self.out.append(" ")
            return
        core = " ".join(core.split())  # layout: HTML collapses whitespace anyway
        self.inline_start(container)
        lead = " " if raw[:1].isspace() else ""
        tail = " " if raw[-1:].isspace() else ""
        self.out.append(lead + html.escape(core, quote=False) + tail)

    def inline_start(self, container: bool) -> None:
        if container and not self._loose:
            self.out.append("<p>")
            self._loose = True

    def _close_loose(self) -> None:
        if self._loose:
            self.out.append("</p>")
            self._loose = False


def _keep_layout(raw: str) -> str:
    """clean_text for preformatted text: it strips the ends, but here they are layout."""
    core = clean_text(raw, limit=len(raw))
    if core == raw:
        return raw
    head = raw[: len(raw) - len(raw.lstrip())]
    tail = raw[len(raw.rstrip()) :] if core else ""
    return (
        "".join(c for c in head if c in " \t\n") + core + "".join(c for c in tail if c in " \t\n")
    )


def _first_srcset(el: HtmlElement) -> str:
    srcset = el.get("srcset") or el.get("data-srcset") or ""
    return srcset.split(",", 1)[0].strip().split(" ", 1)[0]
