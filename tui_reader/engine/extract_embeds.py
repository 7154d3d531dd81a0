"""Embedded players put back where the page had them, after readability dropped them.

readability-lxml keeps an iframe only from youtube.com or vimeo.com, and drops a block that
holds nothing but one (no text: "no content"), so a video at the head of a Le Monde story,
a Dailymotion clip closing a Libération one and the 21 trailers of a film list all vanished,
and the text around them then speaks of "the trailer above". Here each player of the page
(an iframe whose address names a player or an embed, not hidden, not a 1-pixel tracker) is
put back into the extracted article next to the text it stood beside on the page: before the
block where the page's next CONTEXT characters start, else after the block where its previous
ones end (a film's title in a heading also starts the paragraph below it: a longer context
tells them apart), else by the one text run beside it when that is long enough to be its own.
A player whose neighbours are not in the article (a sidebar's, an advert's) stays out.
Nothing of it is loaded: extract_html.py keeps its address and title, and the reader shows a
numbered placeholder.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

import lxml.html
from lxml import etree

from tui_reader.engine.extract_html import web_url
from tui_reader.engine.sanitize import clean_line

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["restore_embeds"]

_PLAYER = re.compile(
    r"^https?://(?:[\w-]+\.)*(?:youtube(?:-nocookie)?\.com|youtu\.be|vimeo\.com|dailymotion\.com"
    r"|dai\.ly|soundcloud\.com|spotify\.com|twitch\.tv|ted\.com|bandcamp\.com|arte\.tv"
    r"|podcasts\.apple\.com|datawrapper\.dwcdn\.net|flourish\.studio)/"
    r"|^https?://[^/?#]+/(?:[^?#]*/)?(?:embed|player|video)s?(?:[/?#._-]|$)",
    re.IGNORECASE,
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Where a page keeps what is not its article: a player there stays out even when it stands
# right beside the article's text. Only the three nearest containers' names are read: pages
# wrap whole articles in "l-sidebar-fixed" and "ad-portal" (Vox, Libération).
_ELSEWHERE_TAGS = frozenset("aside nav footer header form".split())
_ELSEWHERE = re.compile(
    r"sidebar|related|promo|sponsor|advert|outbrain|taboola|newsletter|recommend", re.IGNORECASE
)
_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6 li blockquote pre table figure ul ol dl".split())
MAX_EMBEDS = 50  # a page of players is a gallery; more than this is not an article's
CONTEXT = 60  # characters of text beside a player that find its place
MIN_RUN = 20  # a single text run shorter than this ("AFP", a title) places nothing


def restore_embeds(doc: HtmlElement, article: HtmlElement, base_url: str) -> int:
    """Put the page's players that `article` lost back into it; returns how many."""
    kept = {web_url(el.get("src"), base_url) for el in article.iter("iframe")}
    players = [
        (frame, url)
        for frame in doc.iter("iframe")
        if (url := _player_url(frame, base_url)) is not None and url not in kept
    ]
    if not players:
        return 0  # most pages: the article's text is not even walked
    stream = _Stream(article)
    start = restored = 0
    for frame, url in players[:MAX_EMBEDS]:
        if url in kept:
            continue  # the same player twice on the page is shown once
        kept.add(url)
        embed = _embed(url, frame.get("title"))
        if embed is None:
            continue
        found = stream.place(frame, start, embed)
        if found is not None:
            start, restored = found, restored + 1
    return restored


# What XML refuses in a new element's attribute (lxml raises), beyond the controls that
# clean_line drops: non-characters and lone surrogates.
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")


def _embed(url: str, title: str | None) -> HtmlElement | None:
    """The placeholder element for a restored player; its title cleaned like any title
    (the page's attribute may hold controls), None if lxml still refuses it."""
    clean = _NOT_XML.sub("", clean_line(title, 300))
    try:
        return lxml.html.Element("iframe", src=url, title=clean)
    except ValueError:  # nothing should reach here; a player is not worth a failed page
        return None


def _player_url(frame: HtmlElement, base_url: str) -> str | None:
    url = web_url(frame.get("src") or frame.get("data-src"), base_url)
    if url is None or not _PLAYER.search(url) or _HIDDEN.search(frame.get("style") or ""):
        return None
    sides = ((frame.get(side) or "").strip() for side in ("width", "height"))
    if any(v in ("0", "1", "0px", "1px") for v in sides) or _elsewhere(frame):
        return None
    return url


def _elsewhere(frame: HtmlElement) -> bool:
    """Does the player sit in a sidebar, a footer, an advert block (see _ELSEWHERE)?"""
    for depth, el in enumerate(frame.iterancestors()):
        if isinstance(el.tag, str) and el.tag.lower() in _ELSEWHERE_TAGS:
            return True
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if depth < 3 and _ELSEWHERE.search(names):
            return True
    return False


class _Stream:
    """The article's text runs in order, joined by spaces, to find a page's text in."""

    def __init__(self, article: HtmlElement) -> None:
        self.runs: list[tuple[HtmlElement, bool]] = []  # (element, whether its tail)
        self.starts: list[int] = []
        parts: list[str] = []
        offset = 0
        # In reading order: an element's text, its children's, then its tail.
        for event, el in etree.iterwalk(article, events=("start", "end")):
            is_tail = event == "end"
            if not is_tail and (not isinstance(el.tag, str) or el.tag == "iframe"):
                continue  # a comment's text is not the page's, nor readability's "VIDEO"
            words = " ".join(((el.tail if is_tail else el.text) or "").split())
            if words and not (is_tail and el is article):
                self.runs.append((el, is_tail))
                self.starts.append(offset)
                parts.append(words)
                offset += len(words) + 1
        self.text = " ".join(parts)

    def place(self, frame: HtmlElement, start: int, embed: HtmlElement) -> int | None:
        """Insert `embed` where the page's text beside `frame` is (see the module docstring);
        returns the offset searches go on from, or None when the article lacks that text."""
        after = _near(frame, "following")
        before = _near(frame, "preceding")
        tries = [
            (after[:CONTEXT], False),
            (before[-CONTEXT:], True),
            (after[: after.find(" ", MIN_RUN)] if len(after) > MIN_RUN else "", False),
        ]
        for context, is_before in tries:
            at = self.text.find(context, start) if len(context) >= MIN_RUN else -1
            if at < 0:
                continue
            spot = at + len(context) - 1 if is_before else at
            run = bisect.bisect_right(self.starts, spot) - 1
            el, is_tail = self.runs[run]
            _insert(embed, el, is_tail, before=is_before)
            return spot
        return None


def _near(frame: HtmlElement, axis: str) -> str:
    """The page's words just before or after `frame`: a few text runs, spaces collapsed."""
    runs = frame.xpath(f"{axis}::text()[normalize-space()][position() <= 8]")
    return " ".join(" ".join(str(r).split()) for r in runs)


def _insert(embed: HtmlElement, el: HtmlElement, is_tail: bool, *, before: bool) -> None:
    """`embed` after the block holding the text (`before`: the text came before the player
    on the page), else before it; beside the text itself when no block holds it."""
    block = _block(el.getparent() if is_tail else el)
    if block is None and is_tail and not before:
        embed.tail, el.tail = el.tail, None  # between the element and its tail text
        el.addnext(embed)
    elif block is None:
        (el.addnext if before or is_tail else el.addprevious)(embed)
    elif before:
        while (nxt := block.getnext()) is not None and nxt.tag == "iframe":
            block = nxt  # players that stood one after another stay in their order
        block.addnext(embed)
    else:
        block.addprevious(embed)


def _block(el: HtmlElement | None) -> HtmlElement | None:
    """The nearest block element holding `el` (itself included), below the article's root."""
    while el is not None and el.getparent() is not None:
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            return el
        el = el.getparent()
    return None
