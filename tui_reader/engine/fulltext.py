"""Full text: which articles' pages to fetch, and when a page's new text is really new.

A feed's `full_text` mode decides: "never", "always" (every new entry with a link), or
"auto", which fetches when the feed's bodies look truncated. Most teaser feeds give a
sentence or two (WordPress's default excerpt is 55 words, ~350 characters) and end in
"[…]", "…" or "Read more"; full-text feeds give thousands of characters. So a body counts as
truncated when it is short (under 600 characters), ends like a teaser, or is only a
summary of summary length; the feed counts as truncated when half its entries do, so one
short post in a full-text feed does not send us to its page.

A later fetch of a page replaces the stored text only when it is really different: word
4-gram (shingle) similarity under 0.9. Pages change under us all the time (a rotated ad, a
"most read" box, whitespace) and each replacement rewrites the index entry for nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from tui_reader.engine.models import FULL_TEXT_MODES, ParsedArticle
from tui_reader.engine.sanitize import html_to_plain

__all__ = [
    "FULL_TEXT_MODES",
    "check_mode",
    "feed_looks_truncated",
    "looks_truncated",
    "reserved_link",
    "same_text",
    "text_digest",
]

TRUNCATED_CHARS = 600  # under this, a body is a teaser (a 3-paragraph story is ~1,500)
SUMMARY_CHARS = 1_500  # a summary-only entry under this is taken for a summary
SAME_TEXT = 0.9  # shingle similarity at or over which a page's new text is "the same"
_SHINGLE = 4

_TEASER_END = re.compile(
    r"(…|\.\.\.|\[\s*(…|\.\.\.)\s*\]|read more|continue reading|keep reading|"
    r"read the (full|rest|whole)\b.*|more\s*[»›>]+)\W*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def check_mode(mode: str) -> str:
    """`mode` if it is a full-text mode, else ValueError with a line for people."""
    if mode not in FULL_TEXT_MODES:
        raise ValueError(
            f"full text mode must be one of {', '.join(FULL_TEXT_MODES)}, not {mode!r}"
        )
    return mode


# Names reserved for examples and tests (RFC 2606, RFC 6761): no article page lives there.
# The demo feeds and many test feeds link to them; fetching would only cost a failure.
_RESERVED_HOST = re.compile(
    r"^[a-z][a-z0-9+.-]*://(?:[^/@]*@)?(?:[^/:?#]*\.)?"
    r"(?:example\.(?:com|net|org)|[^/:?#]*\.(?:example|test|invalid))(?:[:/?#]|$)",
    re.IGNORECASE,
)


def reserved_link(url: str) -> bool:
    """Is `url` on a name reserved for examples (example.com, *.test, ...)?"""
    return bool(_RESERVED_HOST.match(url.strip()))


def entry_text(art: ParsedArticle) -> str:
    body = art.content or art.summary
    return body if art.content_type == "text" else html_to_plain(body)


def looks_truncated(text: str, *, summary_only: bool = False) -> bool:
    """Does this body (plain text) look like a teaser of a longer page?"""
    text = text.strip()
    if len(text) < TRUNCATED_CHARS:
        return True
    if summary_only and len(text) < SUMMARY_CHARS:
        return True
    return bool(_TEASER_END.search(text[-120:]))


def feed_looks_truncated(articles: Sequence[ParsedArticle]) -> bool:
    """Do at least half the entries (with a link) of a feed look truncated?"""
    linked = [a for a in articles if a.link]
    if not linked:
        return False
    teasers = sum(
        looks_truncated(entry_text(a), summary_only=not a.content or a.content == a.summary)
        for a in linked
    )
    return teasers * 2 >= len(linked)


def text_digest(text: str) -> str:
    """A digest of a text's words: whitespace-only edits keep it."""
    words = " ".join(_WORD.findall(text.lower()))
    return hashlib.blake2b(words.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


def same_text(old: str, new: str) -> bool:
    """Is `new` (plain text) close enough to `old` that storing it changes nothing real?"""
    a, b = _shingles(old), _shingles(new)
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= SAME_TEXT


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < _SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}
