"""The page-level steps of `extract_article`: parse, run readability, anchor the choice on
the feed's own words, and recognise walls. lxml and readability are imported here only, so
importing `engine.extract` (for `Extraction`) stays cheap.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.html
from lxml import etree
from lxml.html import HtmlElement
from readability import Document
from readability.readability import Unparseable

from tui_reader.engine.sanitize import clean_lang

__all__ = ["FeedContext", "parse", "readability_article"]

TEASER_CHARS = 1000  # about 170 words: what a wall lets through, not an article
ANCHOR_MIN_WORDS = 5  # fewer distinct words in title + summary anchor nothing
# An extraction holding under 30% of the feed's words is doubted (a dek or a title can be
# written apart from the body: the Guardian test page's holds 36%); another block replaces
# it only when it holds 60% or more and 30 points more.
ANCHORED = 0.3
ANCHOR_BLOCK = 0.6
BETTER_BY = 0.3
WALL_BLOCK_CHARS = 600  # a wall's prompt is short; a long block that mentions one is prose

# readability logs its own failures with a traceback; ours is a one-line reason instead.
logging.getLogger("readability").addHandler(logging.NullHandler())
logging.getLogger("readability").propagate = False

_WORD = re.compile(r"\w{4,}")  # four letters or more: skips most stop words in most languages
_PAYWALL = re.compile(
    r"subscribe (?:now |today )?to (?:continue|read|keep reading|unlock|access)"
    r"|to (?:continue|keep) reading,? (?:please )?(?:subscribe|log ?in|sign ?in|register)"
    r"|already (?:a subscriber|have an account)|subscribers? only|exclusive(?:ly)? for subscribers"
    r"|(?:log|sign) ?in to (?:continue|read|keep reading)|this (?:article|story|content) is "
    r"(?:only )?(?:available )?(?:for|to) (?:paid )?(?:subscribers|members)"
    r"|reached your (?:limit|maximum) of free|free articles? (?:remaining|left)"
    r"|create a free account to (?:continue|read)|unlock (?:this|the full) (?:article|story)",
    re.IGNORECASE,
)
_COOKIE = re.compile(
    r"(?:we|this (?:web)?site|our (?:web)?site) uses? cookies|accept (?:all )?cookies"
    r"|cookie (?:policy|settings|preferences|consent)|consent to (?:the use of )?cookies"
    r"|manage (?:your )?(?:consent|cookie)",
    re.IGNORECASE,
)
_WALLS = (("paywall", _PAYWALL), ("cookie", _COOKIE))
# A class or id token that names a comment section ("comments", "comment-list", "disqus_thread");
# tokens that merely mention comments ("f_comment_count_on" on a <body>) do not.
_COMMENT_BOX = re.compile(
    r"(?:^|\s)(?:comments?(?:$|[\s_-])|commentlist|disqus|replies|discussion)", re.IGNORECASE
)
_SHORT_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "span", "a", "button", "label", "div")


@dataclass(frozen=True, slots=True)
class FeedContext:
    """What the feed says about the article: title, summary as plain text, author."""

    title: str
    summary: str
    author: str


def parse(text: str) -> HtmlElement | None:
    """The page's tree without scripts and styles; None if there is no document at all."""
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        doc = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):  # empty, or nothing but whitespace
        return None
    except etree.XMLSyntaxError as exc:
        # The HTML parser recovers from every syntax error; it raises only when libxml2 itself
        # fails, in practice an allocation under the worker's memory cap ("unknown error").
        raise MemoryError(str(exc)) from None
    for node in doc.xpath("//script|//style|//template"):
        node.drop_tree()  # keeps the tail text
    return doc


def page_lang(doc: HtmlElement) -> str | None:
    """The page's declared language: `<html lang>` (or xml:lang), else a Content-Language
    meta; sanitised to a BCP 47 tag (a list like "de, en" gives its first)."""
    declared = [doc.get("lang"), doc.get("xml:lang")]  # the HTML parser keeps "xml:" as is
    for meta in doc.xpath("//meta[@http-equiv or @name][@content]")[:50]:
        name = (meta.get("http-equiv") or meta.get("name") or "").strip().lower()
        if name in ("content-language", "language"):
            declared.append(meta.get("content", "").split(",")[0])
    return next((tag for value in declared if (tag := clean_lang(value))), None)


def readability_article(text: str, url: str) -> HtmlElement | None:
    """readability-lxml's article as a tree rooted at a <div>; None if it found none."""
    try:
        summary = Document(text, url=url or None).summary(html_partial=True)
        return lxml.html.fragment_fromstring(summary, create_parent="div")
    except (Unparseable, etree.ParserError, ValueError):
        return None


def anchored(
    doc: HtmlElement, article: HtmlElement | None, url: str, feed: FeedContext
) -> HtmlElement | None:
    """`article`, or the page's block that holds the feed's words when `article` does not."""
    anchor = _anchor_words(feed)
    if len(anchor) < ANCHOR_MIN_WORDS:
        return article
    held = _support(anchor, article)
    if held >= ANCHORED:
        return article
    block = _anchor_block(doc, anchor, feed)
    if block is None:
        return article
    cleaned = readability_article(lxml.html.tostring(block, encoding="unicode"), url)
    raw = copy.deepcopy(block)
    candidate = cleaned if _support(anchor, cleaned) >= _support(anchor, raw) - 0.1 else raw
    better = _support(anchor, candidate)
    return candidate if better >= max(ANCHOR_BLOCK, held + BETTER_BY) else article


def find_walls(doc: HtmlElement) -> set[str]:
    """The kinds of wall ("paywall", "cookie") whose prompt appears anywhere on the page."""
    return {kind for kind, _ in _wall_blocks(doc)}


def drop_walls(article: HtmlElement) -> set[str]:
    """Remove wall prompts from the article; return the kinds removed."""
    found = list(_wall_blocks(article))
    for _, node in found:
        if node is not article and node.getparent() is not None:
            node.drop_tree()
    return {kind for kind, _ in found}


def drop_title_and_byline(article: HtmlElement, feed: FeedContext) -> None:
    """The reader shows title and author in its header: drop the page's copies at the top."""
    title = _norm(feed.title)
    for heading in article.iter("h1", "h2", "h3"):
        if title and _norm(heading.text_content()) == title and heading is not article:
            heading.drop_tree()
        break
    author = _norm(feed.author)
    if not author:
        return
    for count, node in enumerate(article.iter("p", "div", "span")):
        if count >= 8:
            break
        text = _norm(node.text_content())
        if node is not article and len(text) < 80 and author in text:
            node.drop_tree()
            break


def has_password_field(doc: HtmlElement) -> bool:
    return any((node.get("type") or "").lower() == "password" for node in doc.iter("input"))


def meta_refresh(doc: HtmlElement) -> bool:
    """True when the page sends the reader elsewhere with <meta http-equiv=refresh>."""
    for meta in doc.iter("meta"):
        target = "url=" in (meta.get("content") or "").lower().replace(" ", "")
        if target and (meta.get("http-equiv") or "").lower() == "refresh":
            return True
    return False


def mostly_comments(doc: HtmlElement, body_text: str) -> bool:
    """True when most of the body's word 4-grams come from the page's comment sections."""
    boxes = " ".join(node.text_content() for node in _comment_boxes(doc))
    if not boxes:
        return False
    body = shingles(body_text)
    return bool(body) and len(body & shingles(boxes)) * 2 > len(body)


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    """The set of word n-grams of `text` (lower case)."""
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1))} if words else set()


def _anchor_words(feed: FeedContext) -> set[str]:
    words = set(_WORD.findall(feed.summary.lower()))
    if len(words) < 2 * ANCHOR_MIN_WORDS:  # a short summary: the title's words count too
        words |= set(_WORD.findall(feed.title.lower()))
    return words


def _support(anchor: set[str], node: HtmlElement | None) -> float:
    if node is None:
        return 0.0
    return len(anchor & set(_WORD.findall(node.text_content().lower()))) / len(anchor)


def _anchor_block(doc: HtmlElement, anchor: set[str], feed: FeedContext) -> HtmlElement | None:
    """The smallest block around the paragraph that holds most of the feed's words and is
    long enough to be more than the summary; None if no paragraph holds a third of them."""
    inside_comments = {id(n) for box in _comment_boxes(doc) for n in box.iter()}
    best, best_hits = None, len(anchor) / 3
    for para in doc.iter("p"):
        if id(para) in inside_comments:
            continue
        hits = len(anchor & set(_WORD.findall(para.text_content().lower())))
        if hits > best_hits:
            best, best_hits = para, hits
    if best is None:
        return None
    need = max(3 * len(feed.summary), TEASER_CHARS)
    node = best
    while len(node.text_content()) < need:
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        node = parent
    return node


def _wall_blocks(root: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    for node in root.iter(*_SHORT_BLOCKS):
        if node.tag == "div":  # only its own text: a div's text_content may be the page
            text = (node.text or "") + " ".join(child.tail or "" for child in node)
        else:
            text = node.text_content()
        if len(text) > WALL_BLOCK_CHARS:
            continue
        for kind, pattern in _WALLS:
            if pattern.search(text):
                yield kind, node
                break


def _comment_boxes(doc: HtmlElement) -> Iterator[HtmlElement]:
    """The outermost elements whose class or id names them comments (one pass, no recursion)."""
    stack = [doc]
    while stack:
        node = stack.pop()
        if not isinstance(node.tag, str):
            continue
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if node.tag not in ("html", "body") and _COMMENT_BOX.search(marks):
            yield node
        else:
            stack.extend(reversed(node))


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())
