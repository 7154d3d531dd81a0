"""XML bytes made safe for feedparser, and feedparser made safe for them.

Before feedparser sees a document we decode it to UTF-8 (with feedparser's own encoding
rules, so we look at exactly the text it will parse), drop every DTD (no entity expansion,
nothing external ever fetched) and defuse numeric character references that make feedparser
raise. OPML files go through the same steps.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from tui_reader.engine.errors import ParseError
from tui_reader.engine.limits import AUTHOR_CAP
from tui_reader.engine.sanitize import clean_line

__all__ = ["fix_char_refs", "load_feedparser", "strip_dtd", "to_utf8"]

# UTF-16/32 (BOM or "<" with a zero byte) and EBCDIC "<?xm": whitespace is not one byte
_NOT_ASCII_STARTS = (
    b"\xfe\xff",
    b"\xff\xfe",
    b"\x00\x00\xfe\xff",
    b"\x00<",
    b"<\x00",
    b"Lo\xa7\x94",
)

# One item of an XML prolog: PI, comment, DOCTYPE (group 1) or a stray declaration (group 2).
# Every alternative starts differently, so a failed match backtracks linearly.
_PROLOG_ITEM = re.compile(
    rb"\s*(?:<\?.*?\?>|<!--.*?-->"
    rb"|(<!DOCTYPE\b(?:[^\[>\"']|\"[^\"]*\"|'[^']*')*"
    rb"(?:\[(?:[^\]\"'<]|\"[^\"]*\"|'[^']*'|<!--.*?-->|<(?!!--))*\]\s*)?>)"
    rb"|(<!(?:ENTITY|ELEMENT|ATTLIST|NOTATION)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>))",
    re.DOTALL | re.IGNORECASE,
)
_DECLARATION_START = re.compile(rb"\s*<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b", re.I)
# A numeric reference (";" optional, as the loose parser reads it); over 16 digits is absurd.
_CHAR_REF = re.compile(
    rb"&#(?:[xX]([0-9a-fA-F]{1,16})(?![0-9a-fA-F])|([0-9]{1,16})(?![0-9]));?"
    rb"|&#[xX]?[0-9a-fA-F]{17,};?"
)
_LONG_EMAIL_RUN = re.compile(r"[A-Za-z0-9_.+\-]{128}")


def strip_dtd(data: bytes) -> bytes:
    """Remove DOCTYPE (with its internal subset) and entity declarations from the prolog.

    Without a DTD no entity can expand (billion laughs, quadratic blow-up) and no external
    entity or DTD is ever fetched. `data` must be ASCII-compatible (UTF-8 or similar).
    """
    pos = 0
    kept: list[bytes] = []
    last = 0
    while m := _PROLOG_ITEM.match(data, pos):
        span = m.span(1) if m.group(1) else m.span(2) if m.group(2) else None
        if span:
            kept.append(data[last : span[0]])
            last = span[1]
        pos = m.end()
    if _DECLARATION_START.match(data, pos):
        raise ParseError("not a feed: could not parse XML (malformed DOCTYPE)")
    if not kept:
        return data
    kept.append(data[last:])
    return b"".join(kept)


def fix_char_refs(data: bytes) -> bytes:
    """Replace character references to surrogates, controls or non-characters beyond
    U+10FFFF (feedparser raises on them, expat refuses them) so the rest still parses."""
    return _CHAR_REF.sub(_fix_char_ref, data) if b"&#" in data else data


def _fix_char_ref(m: re.Match[bytes]) -> bytes:
    """Keep valid character references; replace those feedparser would choke on."""
    if m.group(1) is not None:
        code = int(m.group(1), 16)
    elif m.group(2) is not None:
        code = int(m.group(2))
    else:
        return b"&#xFFFD;"  # absurdly long number
    if code in (0x9, 0xA, 0xD) or 0x20 <= code < 0xD800 or 0xE000 <= code <= 0x10FFFF:
        return m.group(0)
    if code < 0x20:
        return b""  # a control character: nothing to show
    return b"&#xFFFD;"  # a surrogate or beyond Unicode


def to_utf8(body: bytes, content_type: str | None) -> tuple[bytes, str | None]:
    """Decode as feedparser would and re-encode as UTF-8, with any warning it raised.

    Leading whitespace before `<?xml` makes the declaration illegal (many real feeds have
    it), so it goes first; in UTF-16/32 or EBCDIC documents whitespace is not one byte, so
    those are left to the decoder as they are.
    """
    from feedparser.encodings import convert_to_utf8

    bom = b"\xef\xbb\xbf" if body.startswith(b"\xef\xbb\xbf") else b""
    if not body.startswith(_NOT_ASCII_STARTS):
        body = bom + body[len(bom) :].lstrip(b" \t\r\n")
    state: dict[str, Any] = {}
    headers = {"content-type": content_type} if content_type else {}
    data = convert_to_utf8(headers, body, state)
    exc = state.get("bozo_exception")
    return data, clean_line(str(exc), 160) if exc else None


@functools.cache
def load_feedparser() -> Any:
    """Import feedparser (slow, so only when needed) and bound its author e-mail regex.

    feedparser 6.0.x runs a regex over every author string that is quadratic in the length
    of a run of e-mail characters (a 32 KB <author> takes ~10 s; upstream issue #562). We
    cap the string it sees; 2 KB is also what we keep of an author, so nothing visible is
    lost. This is the one place we patch a library, and only once per process.
    """
    import feedparser
    from feedparser.mixin import _FeedParserMixin

    original = getattr(_FeedParserMixin, "_sync_author_detail", None)
    if original is not None and not getattr(original, "_tui_capped", False):

        def capped(self: Any, key: str = "author") -> None:
            context = self._get_context()
            value = context.get(key)
            if isinstance(value, str) and len(value) > 128:
                value = value[:AUTHOR_CAP]
                if run := _LONG_EMAIL_RUN.search(value):
                    value = value[: run.end()]
                context[key] = value
            original(self, key)

        capped._tui_capped = True  # type: ignore[attr-defined]
        _FeedParserMixin._sync_author_detail = capped
    return feedparser
