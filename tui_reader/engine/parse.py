"""bytes -> ParsedFeed: JSON Feed through our own reader, everything else through feedparser.

The body is untrusted. Before feedparser sees it we decode it to UTF-8 (with feedparser's own
encoding rules, so we look at exactly the text it will parse), drop every DTD (no entity
expansion, nothing external ever fetched) and defuse numeric character references that make
feedparser raise. Every string that leaves this module has passed through `sanitize`.
"""

from __future__ import annotations

import calendar
import functools
import io
import re
import xml.sax
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin

from tui_reader.engine.errors import ParseError
from tui_reader.engine.models import Enclosure, ParsedArticle, ParsedFeed
from tui_reader.engine.sanitize import clean_line, clean_text, clean_url, html_to_plain

__all__ = [
    "MAX_BYTES",
    "ParseError",
    "absolute_url",
    "fix_char_refs",
    "parse_feed",
    "strip_dtd",
    "unique",
]

MAX_BYTES = 20_000_000
MAX_ENTRIES = 10_000
MAX_PER_ENTRY = 50  # authors, categories, enclosures
LINE_LIMIT = 2048
BODY_LIMIT = 4_000_000
AUTHOR_CAP = 2048  # what feedparser's author e-mail regex may see (see load_feedparser)

_JSON_TYPES = ("application/feed+json", "application/json")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
# UTF-16/32 (BOM or "<" with a zero byte) and EBCDIC "<?xm": whitespace is not one byte
_NOT_ASCII_STARTS = (
    b"\xfe\xff",
    b"\xff\xfe",
    b"\x00\x00\xfe\xff",
    b"\x00<",
    b"<\x00",
    b"Lo\xa7\x94",
)
_LEADING_SPACE = re.compile(rb"[ \t\r\n]*(?:\xef\xbb\xbf)?[ \t\r\n]*")

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
_LOOKS_HTML = re.compile(rb"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
_HAS_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_SAX_POSITION = re.compile(r"^<unknown>:(\d+):\d+: ")
_LONG_EMAIL_RUN = re.compile(r"[A-Za-z0-9_.+\-]{128}")


def parse_feed(
    body: bytes,
    url: str = "",
    content_type: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
) -> ParsedFeed:
    """Parse a fetched document into a feed; ParseError (with a short reason) if it is none."""
    if len(body) > max_bytes:
        raise ParseError(
            f"document too large ({len(body) // 1_000_000} MB; the limit is "
            f"{max_bytes // 1_000_000} MB)"
        )
    start = _LEADING_SPACE.match(body).end()  # type: ignore[union-attr]  (always matches)
    head = body[start : start + 1]
    if not head:
        raise ParseError("not a feed: empty document")
    ctype = (content_type or "").split(";")[0].strip().lower()
    if head == b"{" or (ctype in _JSON_TYPES and head != b"<"):
        from tui_reader.engine.jsonfeed import parse_json_feed

        return parse_json_feed(body, base_url=url)
    return _parse_xml(body, url, content_type)


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


def _parse_xml(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
    feedparser = load_feedparser()
    data, encoding_warning = _to_utf8(body, content_type)
    looks_html = bool(_LOOKS_HTML.search(data, 0, 4096))
    data = fix_char_refs(strip_dtd(data))
    # No content-location: feedparser would then also "resolve" guids, which must not
    # change when a feed moves; relative links are joined in absolute_url instead.
    headers = {"content-type": "application/xml; charset=utf-8"}
    try:
        result = feedparser.parse(
            io.BytesIO(data),
            sanitize_html=False,
            resolve_relative_uris=False,
            response_headers=headers,
        )
    except MemoryError:
        raise ParseError("document needs too much memory to parse; skipped") from None
    except RecursionError:
        raise ParseError("document nested too deeply to parse; skipped") from None
    except Exception as exc:  # feedparser has many ways to fail on hostile input
        raise ParseError(f"not a feed: parser failed ({type(exc).__name__})") from None
    entries = result.get("entries") or []
    problem = _bozo_reason(result)
    if not entries and not result.get("version"):
        # Nothing recognisable; a known feed type with no entries (even a damaged one) is
        # still a feed, and comes back with its title and the warning.
        if looks_html:
            raise ParseError("not a feed: got an HTML page")
        if problem:
            raise ParseError(f"not a feed: could not parse XML ({problem})")
        raise ParseError("not a feed: no RSS, Atom or JSON Feed found")
    feed = result.get("feed") or {}
    base = url if url.lower().startswith(("http://", "https://")) else ""
    articles = [_article(entry, base) for entry in entries[:MAX_ENTRIES]]
    return ParsedFeed(
        title=_title(feed),
        site_url=absolute_url(feed.get("link"), base),
        kind=_kind(result.get("version") or ""),
        articles=articles,
        warning=problem or encoding_warning,
    )


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
        _FeedParserMixin._sync_author_detail = capped  # type: ignore[method-assign]
    return feedparser


def _to_utf8(body: bytes, content_type: str | None) -> tuple[bytes, str | None]:
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


def _bozo_reason(result: dict[str, Any]) -> str | None:
    """feedparser's complaint about the XML in a short line, or None if it was well-formed."""
    if not result.get("bozo"):
        return None
    exc = result.get("bozo_exception")
    if exc is None:
        return "not well-formed"
    from feedparser.exceptions import ThingsNobodyCaresAboutButMe

    if isinstance(exc, ThingsNobodyCaresAboutButMe):
        return None  # encoding guesses: reported by _to_utf8, not a parse problem
    text = str(exc)
    if isinstance(exc, xml.sax.SAXParseException):
        m = _SAX_POSITION.match(text)
        if m:
            text = f"{text[m.end() :]} at line {m.group(1)}"
    return clean_line(text, 160) or type(exc).__name__


def _kind(version: str) -> str:
    for prefix in ("atom", "rss", "cdf"):
        if version.startswith(prefix):
            return prefix
    return version


def _title(node: dict[str, Any]) -> str:
    """A title as plain text; feedparser hands over markup when the feed says it is HTML."""
    title = node.get("title") or ""
    if not isinstance(title, str):
        return ""
    detail = node.get("title_detail") or {}
    if detail.get("type") in _HTML_TYPES and ("<" in title or "&" in title):
        title = html_to_plain(title)
    return clean_line(title, LINE_LIMIT)


def absolute_url(url: Any, base: str) -> str | None:
    """A cleaned URL, joined to `base` (the feed's own http(s) URL) when it is relative."""
    url = clean_url(url) if isinstance(url, str) else None
    if url and base and not _HAS_SCHEME.match(url):
        try:
            url = clean_url(urljoin(base, url))
        except ValueError:  # e.g. a broken IPv6 host in base or url
            return None
    return url


def _article(entry: dict[str, Any], base: str) -> ParsedArticle:
    content, content_type = _content(entry)
    summary = entry.get("summary")
    summary = clean_text(summary, BODY_LIMIT) if isinstance(summary, str) else ""
    if not content and summary:
        detail = entry.get("summary_detail") or {}
        content_type = "text" if detail.get("type") == "text/plain" else "html"
    return ParsedArticle(
        guid=clean_line(entry.get("id"), LINE_LIMIT) or None,
        link=_link(entry, base),
        title=_title(entry),
        authors=_authors(entry),
        published=_epoch(entry.get("published_parsed")),
        # dict.get: FeedParserDict answers "updated" with "published" when there is none
        updated=_epoch(dict.get(entry, "updated_parsed")),
        summary=summary,
        content=content,
        content_type=content_type,
        categories=unique(clean_line(_tag(t), LINE_LIMIT) for t in entry.get("tags") or []),
        enclosures=_enclosures(entry, base),
    )


def _content(entry: dict[str, Any]) -> tuple[str, str]:
    """The longest HTML content, else the longest plain-text one."""
    html: list[str] = []
    text: list[str] = []
    for item in entry.get("content") or []:
        value = item.get("value") if isinstance(item, dict) else None
        if not isinstance(value, str) or not value:
            continue
        kind = item.get("type") or "text/html"
        if kind in _HTML_TYPES:
            html.append(value)
        elif kind == "text/plain":
            text.append(value)
    if html:
        return clean_text(max(html, key=len), BODY_LIMIT), "html"
    if text:
        return clean_text(max(text, key=len), BODY_LIMIT), "text"
    return "", "html"


def _link(entry: dict[str, Any], base: str) -> str | None:
    """The entry's web page: a rel=alternate HTML link if there is one."""
    alternates = [
        link
        for link in entry.get("links") or []
        if isinstance(link, dict) and link.get("rel", "alternate") == "alternate"
    ]
    for link in alternates:
        html_type = link.get("type") in (None, "", "text/html", "application/xhtml+xml")
        if html_type and (url := absolute_url(link.get("href"), base)):
            return url
    for candidate in [entry.get("link")] + [link.get("href") for link in alternates]:
        if url := absolute_url(candidate, base):
            return url
    return None


def _authors(entry: dict[str, Any]) -> list[str]:
    names: list[str | None] = []
    for detail in entry.get("authors") or []:
        if isinstance(detail, dict):
            names.append(detail.get("name") or detail.get("email"))
    if not any(names):
        names.append(entry.get("author"))
    return unique(clean_line(n, LINE_LIMIT) for n in names if isinstance(n, str))


def _tag(tag: Any) -> str | None:
    if not isinstance(tag, dict):
        return None
    return tag.get("term") or tag.get("label")


def _enclosures(entry: dict[str, Any], base: str) -> list[Enclosure]:
    found: list[Enclosure] = []
    seen: set[str] = set()
    candidates = [(e, "href") for e in entry.get("enclosures") or []]
    candidates += [(m, "url") for m in entry.get("media_content") or []]
    for item, key in candidates:
        if not isinstance(item, dict):
            continue
        url = absolute_url(item.get(key), base)
        if not url or url in seen:
            continue
        seen.add(url)
        kind = clean_line(item.get("type"), 255) or None
        found.append(Enclosure(url=url, type=kind, length=_length(item)))
        if len(found) >= MAX_PER_ENTRY:
            break
    return found


def _length(item: dict[str, Any]) -> int | None:
    raw = item.get("length") or item.get("filesize") or item.get("fileSize")
    if isinstance(raw, str):
        raw = raw.strip()
        if raw.isascii() and raw.isdigit() and len(raw) <= 18:
            return int(raw) or None
    return None


def _epoch(value: Any) -> int | None:
    try:
        return calendar.timegm(value) if value else None
    except (TypeError, ValueError, OverflowError):
        return None


def unique(values: Iterable[str | None], limit: int = MAX_PER_ENTRY) -> list[str]:
    """Non-empty values in first-seen order, at most `limit` of them."""
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
            if len(out) >= limit:
                break
    return out
