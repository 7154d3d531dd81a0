"""An article page -> the article's body as simple, clean HTML, or a one-line reason why not.

The extractor is readability-lxml, chosen by measurement (bench/extraction.py: on Mozilla's
130 Reader View pages its word 4-gram F1 is 0.962 against trafilatura's 0.920; trafilatura is
faster, 11-13 ms median per page against 16-23 ms, but F1 comes first, and readability-lxml
brings three small dependencies instead of seven). Those pages' answers are Readability's
own, which favours its port; on the issue's 181 news pages the two tie (0.949 vs 0.953).
Around it we add what a news reader knows and a library does not:
- the feed's title and summary anchor the choice: when the extracted text shares few words
  with them while another block of the page shares many, that block is the article;
- walls are recognised (paywall, cookie wall, login form, comment thread) and a page that is
  only a wall gets a reason instead of a body; a wall's own prompt is dropped from a body;
- a body with no more text than the feed's summary is not an improvement and is refused.

Bad input costs a bounded, one-line failure: pages over MAX_PAGE_BYTES are refused before
parsing, binary and non-HTML pages by their type and first bytes, and libxml2 stops nesting
at 255 levels. Time and memory are bounded by the worker pool (extract_pool.py). Nothing the
page links to is fetched, and a meta refresh is reported, not followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui_reader.engine.extract_decode import decode_page, has_markup, not_html_reason
from tui_reader.engine.extract_html import simple_html
from tui_reader.engine.sanitize import html_to_plain

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from tui_reader.engine.extract_page import FeedContext

__all__ = ["MAX_PAGE_BYTES", "Extraction", "extract_article"]

MAX_PAGE_BYTES = 5_000_000  # news pages run 50-800 KB; the biggest test page is 1.6 MB

NO_ARTICLE = "no article found"
NOT_HTML = "page is not HTML"
TOO_LARGE = "page too large"
PAYWALL = "page looks like a paywall"
COOKIE_WALL = "page looks like a cookie wall"
LOGIN = "page looks like a login form"
COMMENTS = "page looks like a comment thread"
REFRESH = "page redirects elsewhere (meta refresh); not followed"
NO_GAIN = "page has no more text than the feed"


@dataclass(frozen=True, slots=True)
class Extraction:
    """What `extract_article` made of a page: `html` (clean, simple) or a `reason` why not.

    `text_chars` is the length of the body's plain text (0 when there is none); `lang` the
    page's declared language (`<html lang>`, a Content-Language meta), BCP 47, or None.
    """

    html: str | None
    text_chars: int
    reason: str | None
    lang: str | None = None

    @property
    def ok(self) -> bool:
        return self.html is not None


def failed(reason: str) -> Extraction:
    return Extraction(None, 0, reason)


def too_large() -> Extraction:
    return failed(f"{TOO_LARGE} (over {MAX_PAGE_BYTES // 1_000_000} MB)")


def extract_article(
    page: bytes,
    url: str,
    *,
    content_type: str | None = None,
    title: str = "",
    summary: str = "",
    author: str = "",
) -> Extraction:
    """Extract the article of `page` (fetched from `url`); `title`, `summary` (HTML or text)
    and `author` are what the feed says about it. Never raises on bad input."""
    if len(page) > MAX_PAGE_BYTES:
        return too_large()
    reason = not_html_reason(page, content_type)
    if reason:
        return failed(reason)
    text = decode_page(page, content_type)
    if not text.strip():
        return failed(NO_ARTICLE)
    if not has_markup(text):
        return failed(NOT_HTML)
    from tui_reader.engine import extract_page as steps  # lxml and readability: only here
    from tui_reader.engine.extract_embeds import restore_embeds

    doc = steps.parse(text)
    if doc is None:
        return failed(NO_ARTICLE)
    feed = steps.FeedContext(title, html_to_plain(summary), author)
    article = steps.anchored(doc, steps.readability_article(text, url), url, feed)
    wall_kinds = steps.find_walls(doc)
    if article is not None:
        wall_kinds |= steps.drop_walls(article)
        steps.drop_title_and_byline(article, feed)
        restore_embeds(doc, article, url)
    body = simple_html(article, url) if article is not None else ""
    chars = len(html_to_plain(body))
    reason = _refusal(doc, body, chars, wall_kinds, feed)
    if reason:
        return failed(reason)
    return Extraction(body, chars, None, steps.page_lang(doc))


def _refusal(
    doc: HtmlElement, body: str, chars: int, wall_kinds: set[str], feed: FeedContext
) -> str | None:
    """Why the extracted body is not worth keeping, or None if it is."""
    from tui_reader.engine import extract_page as steps

    # A teaser is what a wall lets through: under ~170 words, or not much over the summary.
    teaser = chars < steps.TEASER_CHARS or chars <= len(feed.summary) * 1.5
    if teaser and steps.has_password_field(doc):  # before paywall: "sign in to read"
        return LOGIN
    if teaser and "paywall" in wall_kinds:
        return PAYWALL
    if teaser and "cookie" in wall_kinds:
        return COOKIE_WALL
    if chars and steps.mostly_comments(doc, html_to_plain(body)):
        return COMMENTS
    if chars < steps.TEASER_CHARS and steps.meta_refresh(doc):
        return REFRESH
    if not chars:
        return NO_ARTICLE
    if chars <= len(feed.summary):
        return NO_GAIN
    return None
